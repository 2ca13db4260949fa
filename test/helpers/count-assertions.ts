import { appendFileSync } from 'node:fs';
import { afterEach, expect } from 'vitest';

/**
 * With APIGW_TEST_ASSERTIONS=FILE, every test appends one JSON line to FILE: its file, its name and
 * the number of expect() matchers it ran (vitest's assertionCalls). A tool to compare what a test
 * change checks before and after (sum the `n` per file); the suite does not load it otherwise.
 * (Tests of a describe.concurrent block share one counter: count those files statically.)
 */
const file = process.env.APIGW_TEST_ASSERTIONS;
if (file) {
  afterEach((ctx) => {
    const task = ctx.task;
    const names: string[] = [];
    for (let s: { name: string; suite?: unknown } | undefined = task; s; s = s.suite as typeof s) if (s.name) names.unshift(s.name);
    appendFileSync(file, `${JSON.stringify({ file: task.file.name, test: names.join(' > '), n: expect.getState().assertionCalls })}\n`);
  });
}
