import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';

/**
 * The simulations this test run has computed, serialized, by a hash of their serialized inputs (the
 * traffic grid, the limits and the settings with their seed): simulateThrottling is pure and seeded,
 * so the same inputs give the same result, and many tests print the same example simulation under
 * other formats, colours or gates. Kept in this process's memory and in the run's folder
 * (APIGW_TEST_MEMO_DIR, made and removed by test/helpers/run-dir.ts) for the other processes of the
 * run (the other worker; the CLI processes of test/fixtures/apigw-plan-memo.mjs). Each answer is a
 * fresh copy (no caller sees another's objects); a value that would not survive the copy (a class
 * instance, a function) is refused rather than changed. test/cli/output.test.ts checks a stored
 * answer prints byte for byte what a fresh run prints. Plain JavaScript: the spawned CLI loads it too.
 */
const memoStore = new Map();
const memoDir = process.env.APIGW_TEST_MEMO_DIR;

function stored(hash) {
  if (!memoDir) return undefined;
  try {
    return readFileSync(join(memoDir, hash));
  } catch {
    return undefined; // not computed yet by any process of the run
  }
}

/**
 * The inputs' bytes, the same for equal inputs: every number as its 8 IEEE 754 bytes, whether V8
 * holds it as an integer or a double (a rate read from YAML as 10000, or computed as 10000.0); typed
 * arrays as their type and bytes; strings, booleans, null and undefined tagged; arrays and plain
 * objects element by element and key by key, in order. (v8.serialize writes a number as an integer
 * or a double after how it happens to be held, and a copy read back does not settle it: an object
 * read after others of its shape that held doubles keeps a double field.) Anything else (a class
 * instance, a Map) is written by v8.serialize, tagged. Two checks of the orders example that differ
 * only in a quota override (which the simulation does not read) share one simulation this way.
 */
function canonical(value) {
  const parts = [];
  const tag = (t) => parts.push(Buffer.from(t));
  const walk = (v) => {
    if (typeof v === 'number') {
      const b = Buffer.alloc(9);
      b[0] = 0x6e; // n
      b.writeDoubleLE(v, 1);
      parts.push(b);
    } else if (typeof v === 'string') tag(`s${v.length}:${v}`);
    else if (typeof v === 'boolean') tag(v ? 't' : 'f');
    else if (v === undefined) tag('u');
    else if (v === null) tag('z');
    else if (ArrayBuffer.isView(v)) {
      tag(`v${v.constructor.name}:${v.byteLength}:`);
      parts.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    } else if (Array.isArray(v)) {
      tag(`a${v.length}:`);
      for (const x of v) walk(x);
    } else if (typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
      const keys = Object.keys(v);
      tag(`o${keys.length}:`);
      for (const k of keys) {
        tag(`k${k.length}:${k}`);
        walk(v[k]);
      }
    } else {
      const b = serialize(v);
      tag(`x${b.length}:`);
      parts.push(b);
    }
  };
  walk(value);
  return Buffer.concat(parts);
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The answer another process of the run is computing now, once it is stored; undefined when no
 * process is computing it (this one claims it) or the one that was gave up (an error) or takes longer
 * than a test may (it is then computed here too). The two workers often reach the same example
 * simulation at the same moment (the files that print it start together): one computes, the other
 * waits for its answer instead of computing the same one beside it.
 */
function awaitOther(hash) {
  if (!memoDir) return undefined;
  const lock = join(memoDir, `${hash}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      // another process holds the claim: wait for its answer
      const bytes = stored(hash);
      if (bytes) return bytes;
      if (Date.now() > deadline) return undefined;
      Atomics.wait(pause, 0, 0, 20);
      continue;
    }
    // claimed; an answer stored just before (its claim then released) is taken as it is
    const bytes = stored(hash);
    if (bytes) rmSync(lock, { force: true });
    return bytes;
  }
}

export function memo(name, inputs, compute) {
  const hash = createHash('sha256').update(name).update(canonical(inputs)).digest('hex');
  let bytes = memoStore.get(hash) ?? stored(hash) ?? awaitOther(hash);
  if (!bytes) {
    try {
      const value = compute();
      bytes = serialize(value);
      if (!isDeepStrictEqual(deserialize(bytes), value)) throw new Error(`memo: ${name}'s value does not survive a structured copy`);
      if (memoDir) {
        // whole or not at all: another process may read it at any moment
        writeFileSync(join(memoDir, `${hash}.${process.pid}`), bytes);
        renameSync(join(memoDir, `${hash}.${process.pid}`), join(memoDir, hash));
      }
    } finally {
      // the claim goes with the answer, or with the error (a waiting process then computes it itself)
      if (memoDir) rmSync(join(memoDir, `${hash}.lock`), { force: true });
    }
  }
  memoStore.set(hash, bytes);
  return deserialize(bytes);
}
