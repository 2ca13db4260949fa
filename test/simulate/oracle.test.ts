import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import { type OracleInput, oracle } from './oracle.js';

/**
 * The oracle's fast paths (one series through one bucket; chains of one or two buckets) do the general
 * loop's arithmetic in the same order on the same stream: every figure is bit-identical with
 * `plain` (the general loop for every arrival), whatever the shape, load or debit rule.
 */
const CASES: [string, OracleInput][] = [
  [
    'one bucket, carried state, a quiet period, overload',
    { buckets: [{ rate: 10, burst: 5 }], chains: [[0]], periodSeconds: 10, counts: [[80, 0, 150, 95]], replicates: 400, seed: 3 },
  ],
  [
    'one series through one bucket of three (the others idle)',
    {
      buckets: [
        { rate: 1, burst: 1 },
        { rate: 50, burst: 20 },
        { rate: 2, burst: 2 },
      ],
      chains: [[1]],
      periodSeconds: 2,
      counts: [[110, 90]],
      replicates: 300,
      seed: 4,
    },
  ],
  ...(['all-or-nothing', 'sequential'] as const).map((debit): [string, OracleInput] => [
    `two stages under an account, ${debit}`,
    {
      buckets: [
        { rate: 8, burst: 2 },
        { rate: 15, burst: 4 },
        { rate: 8, burst: 2 },
      ],
      chains: [
        [0, 1],
        [2, 1],
      ],
      periodSeconds: 10,
      counts: [
        [90, 40, 0],
        [85, 0, 30],
      ],
      debit,
      replicates: 300,
      seed: 5,
    },
  ]),
  [
    'a stage under an account beside traffic on the account alone',
    {
      buckets: [
        { rate: 14, burst: 5 },
        { rate: 9, burst: 3 },
      ],
      chains: [[1, 0], [0]],
      periodSeconds: 10,
      counts: [
        [80, 95, 20],
        [40, 60, 0],
      ],
      replicates: 300,
      seed: 8,
    },
  ],
  [
    'chains of one and three buckets (the general loop only)',
    {
      buckets: [
        { rate: 5, burst: 3 },
        { rate: 9, burst: 4 },
        { rate: 12, burst: 6 },
      ],
      chains: [[2], [0, 1, 2]],
      periodSeconds: 10,
      counts: [
        [60, 70],
        [55, 20],
      ],
      replicates: 300,
      seed: 6,
    },
  ],
];

describe('the oracle: fast paths and the general loop', () => {
  test.each(CASES)('%s: bit-identical', (_name, input) => {
    const fast = oracle(input);
    const plain = oracle({ ...input, plain: true });
    expect(fast).toStrictEqual(plain);
    // not a vacuous comparison: in some period the load throttles some replicates and not others
    expect(fast.hits.flat().some((h) => h > 0 && h < input.replicates)).toBe(true);
  });

  test('its stream is mulberry32 (test/helpers/random.ts): one replicate replayed arrival by arrival with the closure', () => {
    // 30 and 10 requests/s against 20 / 5 for two 10-second periods, state carried: the arrival gap,
    // then the series draw (one series: unused), then refill, check and debit
    const counts = [300, 100];
    const input: OracleInput = {
      buckets: [{ rate: 20, burst: 5 }],
      chains: [[0]],
      periodSeconds: 10,
      counts: [counts],
      replicates: 1,
      seed: 7,
    };
    const rand = mulberry32(7);
    const replayed: number[] = [];
    let tokens = 5;
    let last = 0;
    counts.forEach((count, p) => {
      let n = 0;
      let t = p * 10;
      for (;;) {
        t += -Math.log(1 - rand()) / (count / 10);
        if (t >= (p + 1) * 10) break;
        rand();
        tokens = Math.min(5, tokens + 20 * (t - last));
        last = t;
        if (tokens < 1 - 1e-9) n++;
        else tokens -= 1;
      }
      replayed.push(n);
    });
    expect(replayed[0]).toBeGreaterThan(0);
    for (const plain of [false, true]) expect(oracle({ ...input, plain }).mean429[0]).toEqual(replayed);
  });
});
