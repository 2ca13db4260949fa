import { Decimal } from '../../money/decimal.js';
import { PriceNotInSnapshotError, type PriceBook } from '../../prices/price-book.js';
import { costOption, totalOf, type OptionId } from '../estimate.js';
import { scaleWorkload } from '../traffic.js';
import type { Alternatives, Workload } from '../workload.js';

/** One point of an option's cost curve: monthly cost at a monthly volume (traffic scale factor s). */
export interface CurvePoint {
  option: OptionId;
  /** Traffic scale factor (1 = the workload as given). */
  scale: Decimal;
  /** Monthly volume (requests, or messages for WebSocket-only input) = scale × base volume. */
  volume: Decimal;
  /** Exact monthly cost in USD. */
  usd: Decimal;
  /** Why this point is on the curve: a log-spaced sample, the given volume, or a break-even volume. */
  kind: 'sample' | 'given' | 'break-even';
}

export interface CurveInput {
  workload: Workload;
  alternatives: Alternatives;
  /** Priced options to draw (unpriced ones have no curve). */
  options: OptionId[];
  book: PriceBook;
  baseVolume: Decimal;
  /** The searched range as scale factors (what the break-even search covered). */
  lo: Decimal;
  hi: Decimal;
  /** Scale factors of the break-even volumes: each gets an exact point on every curve. */
  breakEvenScales: Decimal[];
  /** Log-spaced samples per decade of volume. */
  samplesPerDecade: number;
}

/**
 * The scale factors to cost: `samplesPerDecade` log-spaced points per decade from lo to hi
 * (both ends included), plus s = 1 and every break-even. Log spacing is computed in decimal
 * as 10^(k / n) so it is exact and identical on every platform.
 */
export function curveScales(
  lo: Decimal,
  hi: Decimal,
  samplesPerDecade: number,
  extra: Decimal[],
): { scale: Decimal; kind: CurvePoint['kind'] }[] {
  if (!(samplesPerDecade >= 1 && Number.isInteger(samplesPerDecade))) throw new RangeError('samplesPerDecade must be a positive integer');
  const out = new Map<string, { scale: Decimal; kind: CurvePoint['kind'] }>();
  const put = (scale: Decimal, kind: CurvePoint['kind']) => {
    if (scale.lt(lo) || scale.gt(hi)) return;
    const key = scale.toFixed();
    const cur = out.get(key);
    // a break-even or the given volume outranks a plain sample at the same scale
    if (!cur || cur.kind === 'sample') out.set(key, { scale, kind });
  };
  const ten = new Decimal(10);
  const kLo = lo.log(10).times(samplesPerDecade).ceil().toNumber();
  const kHi = hi.log(10).times(samplesPerDecade).floor().toNumber();
  put(lo, 'sample');
  for (let k = kLo; k <= kHi; k++) put(ten.pow(new Decimal(k).div(samplesPerDecade)).toSignificantDigits(12), 'sample');
  put(hi, 'sample');
  put(new Decimal(1), 'given');
  for (const s of extra) put(s, 'break-even');
  return [...out.values()].sort((a, b) => a.scale.comparedTo(b.scale));
}

/**
 * Cost every option across the volume range with the estimate's own model (`costOption` on the
 * scaled workload): the same numbers `estimate` prints at s = 1 and at each break-even. A point
 * an option cannot be priced at (a partial snapshot's tiers end) ends that option's curve.
 */
export function costCurves(input: CurveInput): CurvePoint[] {
  const scales = curveScales(input.lo, input.hi, input.samplesPerDecade, input.breakEvenScales);
  const points: CurvePoint[] = [];
  for (const option of input.options) {
    for (const { scale, kind } of scales) {
      let usd: Decimal;
      try {
        usd = totalOf(costOption(option, scaleWorkload(input.workload, scale), input.alternatives, input.book).lines);
      } catch (e) {
        if (e instanceof PriceNotInSnapshotError) break;
        throw e;
      }
      points.push({ option, scale, volume: scale.times(input.baseVolume), usd, kind });
    }
  }
  return points;
}
