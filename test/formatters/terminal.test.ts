import { describe, expect, it } from 'vitest';
import { colorLevel, displayWidth, fitTable, outputWidth, wrap } from '../../src/formatters/terminal.js';

describe('colorLevel: --no-color, NO_COLOR, FORCE_COLOR, TTY', () => {
  it('follows the documented order', () => {
    expect(colorLevel({ env: {}, isTty: true })).toBe(1);
    expect(colorLevel({ env: {}, isTty: true, detected: 3 })).toBe(3);
    expect(colorLevel({ env: {}, isTty: false })).toBe(0);
    expect(colorLevel({ env: { TERM: 'dumb' }, isTty: true })).toBe(0);
    // NO_COLOR counts only when non-empty (no-color.org)
    expect(colorLevel({ env: { NO_COLOR: '' }, isTty: true })).toBe(1);
    expect(colorLevel({ env: { NO_COLOR: '1' }, isTty: true })).toBe(0);
    expect(colorLevel({ env: { FORCE_COLOR: '1' }, isTty: false })).toBe(1);
    expect(colorLevel({ env: { FORCE_COLOR: '3' }, isTty: false })).toBe(3);
    expect(colorLevel({ env: { FORCE_COLOR: '0' }, isTty: true })).toBe(0);
    expect(colorLevel({ env: { FORCE_COLOR: 'yes' }, isTty: false })).toBe(1);
    expect(colorLevel({ env: { FORCE_COLOR: '1', NO_COLOR: 'x' }, isTty: true })).toBe(0);
    expect(colorLevel({ color: false, env: { FORCE_COLOR: '1' }, isTty: true })).toBe(0);
  });
});

describe('outputWidth', () => {
  it('COLUMNS, then the terminal width, then 80; never below 40', () => {
    expect(outputWidth({ env: { COLUMNS: '120' }, stdoutIsTty: true, stdoutColumns: 200 })).toBe(120);
    expect(outputWidth({ env: {}, stdoutIsTty: true, stdoutColumns: 200 })).toBe(200);
    expect(outputWidth({ env: {}, stdoutIsTty: false, stdoutColumns: 200 })).toBe(80);
    expect(outputWidth({ env: { COLUMNS: 'wide' } })).toBe(80);
    expect(outputWidth({ env: { COLUMNS: '20' } })).toBe(40);
  });
});

describe('fitTable', () => {
  const rows = [
    ['alpha', 'a fairly long description that can wrap onto several lines', 'x'.repeat(12), '1'],
    ['beta', 'short', 'y'.repeat(12), '22'],
  ];
  const cols = [
    { head: 'Name' },
    { head: 'Description', wrap: true, min: 12 },
    { head: 'Redundant', dropFirst: true },
    { head: 'N', align: 'right' as const },
  ];
  it('keeps every column when it fits, compact: one line per row', () => {
    const t = fitTable(cols, rows, 200);
    expect(t).toContain('Redundant');
    expect(t.split('\n')).toHaveLength(5);
  });
  it('drops the redundant column, then wraps, to fit the width exactly or below', () => {
    for (const width of [80, 60, 40]) {
      const t = fitTable(cols, rows, width);
      expect(Math.max(...t.split('\n').map(displayWidth))).toBeLessThanOrEqual(width);
      expect(t).not.toContain('Redundant');
      // nothing is lost from the wrapped column
      for (const word of 'a fairly long description that can wrap onto several lines'.split(' ')) expect(t).toContain(word);
    }
  });
  it('drops ranked columns only when wrapping alone cannot fit', () => {
    const ranked = [
      { head: 'Keep', wrap: true, min: 10 },
      { head: 'Optional column', drop: 1 },
      { head: 'Also', wrap: true, min: 10 },
    ];
    const data = [['one two three four five six', 'optional value here', 'seven eight nine ten']];
    expect(fitTable(ranked, data, 70)).toContain('Optional column');
    expect(fitTable(ranked, data, 40)).not.toContain('Optional column');
  });
  it('draws boxes for a terminal and ASCII borders otherwise: one byte per column, the same layout', () => {
    for (const width of [200, 60]) {
      const box = fitTable(cols, rows, width);
      const ascii = fitTable(cols, rows, { width, ascii: true });
      expect(box).toMatch(/[┌│└─]/);
      // only ASCII in the borders (the cells here are ASCII too), so bytes = columns
      expect(ascii).toMatch(/^[\x20-\x7e\n]*$/);
      for (const line of ascii.split('\n')) expect(Buffer.byteLength(line)).toBe(displayWidth(line));
      // the same lines, cell for cell: only the border characters differ
      const plain = (t: string) => t.replace(/[┌┐└┘├┤┬┴┼─│+|-]/g, '#');
      expect(plain(ascii)).toBe(plain(box));
    }
  });
});

describe('wrap', () => {
  it('wraps at spaces with a hanging indent and cuts only words longer than a line', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', '  three', '  four']);
    const url = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html';
    const lines = wrap(`see ${url} now`, 40);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(40);
    expect(lines.join('').replace(/ /g, '')).toBe(`see${url}now`);
  });
});
