import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.js';
import { estimate, type OptionId } from '../../src/models/estimate.js';
import { costCurves, curveScales } from '../../src/models/report/curves.js';
import { loadPriceBook } from '../../src/prices/load.js';
import { buildInput } from '../../src/scenario/build.js';
import { BREAK_EVEN_RANGE } from '../../src/app/estimate.js';

describe('curveScales', () => {
  it('gives n log-spaced points per decade, both ends, the given volume and each break-even, sorted and unique', () => {
    const s = curveScales(new Decimal('0.001'), new Decimal(1000), 2, [new Decimal('0.5'), new Decimal(1)]);
    expect(s.map((x) => `${x.scale.toFixed()}:${x.kind}`)).toEqual([
      '0.001:sample',
      '0.00316227766017:sample',
      '0.01:sample',
      '0.0316227766017:sample',
      '0.1:sample',
      '0.316227766017:sample',
      '0.5:break-even',
      '1:given',
      '3.16227766017:sample',
      '10:sample',
      '31.6227766017:sample',
      '100:sample',
      '316.227766017:sample',
      '1000:sample',
    ]);
  });

  it('keeps the ends when they are not on the decade grid and drops extras outside the range', () => {
    const s = curveScales(new Decimal('0.002'), new Decimal('0.05'), 1, [new Decimal(7)]);
    expect(s.map((x) => x.scale.toFixed())).toEqual(['0.002', '0.01', '0.05']);
  });

  it('rejects a non-integer sampling density', () => {
    expect(() => curveScales(new Decimal(1), new Decimal(10), 0.5, [])).toThrow(RangeError);
  });
});

describe('costCurves', () => {
  it('is the estimate itself at the given volume and equal between the two options at every break-even', async () => {
    const built = buildInput({ requests: '50M', mau: '25K', wafRules: '5' }, undefined, undefined);
    const book = await loadPriceBook('us-east-1');
    const est = estimate({
      workload: built.workload,
      alternatives: built.alternatives,
      options: built.options,
      book,
      breakEvenRange: BREAK_EVEN_RANGE,
    });
    const ids = est.options.filter((o) => o.priced).map((o) => o.id as OptionId);
    const points = costCurves({
      workload: built.workload,
      alternatives: built.alternatives,
      options: ids,
      book,
      baseVolume: est.baseVolume,
      lo: new Decimal('0.001'),
      hi: new Decimal(1000),
      breakEvenScales: est.breakEvens.map((b) => b.s),
      samplesPerDecade: 12,
    });
    // 6 decades × 12 + 1 samples, the given volume (on the grid: s = 1) and 4 break-evens, for 4 options
    expect(est.breakEvens.length).toBe(4);
    expect(points.length).toBe(4 * (73 + 4));
    for (const o of est.options) {
      if (!o.priced) continue;
      const given = points.filter((p) => p.option === o.id && p.kind === 'given');
      expect(given.map((p) => p.usd.toFixed())).toEqual([o.total.toFixed()]);
      expect(given[0]!.volume.toFixed()).toBe('50000000');
    }
    for (const b of est.breakEvens) {
      const [a, c] = b.between.map((id) => points.find((p) => p.option === id && p.scale.eq(b.s))!);
      expect(a!.usd.minus(c!.usd).abs().lt('1e-20')).toBe(true);
    }
  });
});
