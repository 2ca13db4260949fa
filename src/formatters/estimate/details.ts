import { InputError } from '../../errors.js';

/** The sections `--details` can add to the terminal output (JSON and Markdown always have them all). */
export const DETAIL_SECTIONS = ['ladders', 'capabilities', 'breakevens', 'assumptions', 'sources'] as const;
export type DetailSection = (typeof DETAIL_SECTIONS)[number];

/** `--details` → the sections to print: none without the flag, all with a bare flag, else the named ones. */
export function parseDetails(value: unknown): Set<DetailSection> {
  if (value === undefined || value === false) return new Set();
  if (value === true) return new Set(DETAIL_SECTIONS);
  const names = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(DETAIL_SECTIONS as readonly string[]).includes(n) && n !== 'all');
  if (unknown.length) {
    throw new InputError(`--details: unknown section ${unknown.map((u) => `"${u}"`).join(', ')}`, {
      where: '--details',
      hint: `name some of ${DETAIL_SECTIONS.join(', ')} (comma-separated), or give --details alone for all of them`,
    });
  }
  return names.includes('all') || names.length === 0 ? new Set(DETAIL_SECTIONS) : new Set(names as DetailSection[]);
}
