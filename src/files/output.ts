import { closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EnvironmentError } from '../errors.js';

/**
 * Write a file the tool produces (--output, --write-baseline, --limits-out, a refreshed price
 * snapshot) so that a failure leaves the old file or none, never a part:
 *  - a new path, or an existing regular file: written to a temporary file in the same
 *    directory, flushed, then renamed over the target (atomic on one file system);
 *  - an existing target that is not a regular file (/dev/stdout, /dev/full, a FIFO): written in
 *    place, never renamed over (renaming over a device as root would replace the device node);
 *  - a directory that does not exist: exit 3 naming it, the same in every command (the tool
 *    does not create directories).
 * Any write failure (ENOSPC, EACCES…) is an EnvironmentError (exit 3) naming the file and the flag.
 */
export function writeOutputFile(file: string, text: string, flag: string): void {
  const fail = (e: unknown, target = file): EnvironmentError =>
    new EnvironmentError(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: flag,
      hint: (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'free some disk space and run again' : 'check the path and its permissions',
    });
  let target = file;
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(file);
    target = realpathSync(file); // a symbolic link: replace what it points to, keep the link
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(e);
  }
  if (existing && !existing.isFile()) {
    if (existing.isDirectory())
      throw new EnvironmentError(`cannot write ${file}: it is a directory`, { where: flag, hint: 'name a file inside it' });
    writeInPlace(target, text, fail);
    return;
  }
  const dir = dirname(target);
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EnvironmentError(
      `cannot write ${file}: the directory ${dir} ${code === 'ENOENT' ? 'does not exist' : `is not usable (${code})`}`,
      {
        where: flag,
        hint: `create the directory first (mkdir -p ${dir}); apigw-plan does not create directories`,
      },
    );
  }
  const temp = join(dir, `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    const fd = openSync(temp, 'wx', existing ? Number(existing.mode) & 0o777 : 0o666);
    try {
      writeAll(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw fail(e);
  }
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}

function writeInPlace(target: string, text: string, fail: (e: unknown) => EnvironmentError): void {
  let fd: number;
  try {
    fd = openSync(target, 'w');
  } catch (e) {
    throw fail(e);
  }
  try {
    writeAll(fd, text);
  } catch (e) {
    throw fail(e);
  } finally {
    closeSync(fd);
  }
}
