import { Decimal, dec, sum } from '../money/decimal.js';
import type { ApiWorkload, TrafficShape, Workload } from './workload.js';

const SECONDS_PER_HOUR = new Decimal(3600);

/** One class of hours in the month that run at the same request rate. */
export interface HourClass {
  label: 'peak' | 'off-peak';
  hours: Decimal;
  /** Request rate in those hours relative to the monthly mean (peak: F; off-peak: the rest). */
  rateFactor: Decimal;
}

/**
 * Split the month into peak and off-peak hours. Peak hours run at `peakToAverage` × the
 * mean rate; off-peak hours run at the rate that keeps the monthly total unchanged:
 * (24 − P·F) / (24 − P) × mean. Requires P·F ≤ 24 (checked when inputs are parsed).
 */
export function hourClasses(shape: TrafficShape): HourClass[] {
  const { hoursPerMonth: H, peakToAverage: F, peakHoursPerDay: P } = shape;
  if (P.isZero() || F.eq(1)) return [{ label: 'off-peak', hours: H, rateFactor: new Decimal(1) }];
  const peakHours = H.times(P).div(24);
  const classes: HourClass[] = [{ label: 'peak', hours: peakHours, rateFactor: F }];
  if (P.lt(24)) {
    classes.push({
      label: 'off-peak',
      hours: H.minus(peakHours),
      rateFactor: new Decimal(24).minus(P.times(F)).div(new Decimal(24).minus(P)),
    });
  }
  return classes;
}

export function totalRequestsPerMonth(workload: Workload): Decimal {
  return sum(workload.apis.map((a) => a.requestsPerMonth));
}

export function totalMessagesPerMonth(workload: Workload): Decimal {
  return sum(workload.apis.map((a) => a.messagesPerMonth));
}

/** Mean requests per second over the month. */
export function meanRps(requestsPerMonth: Decimal, shape: TrafficShape): Decimal {
  return requestsPerMonth.div(shape.hoursPerMonth.times(SECONDS_PER_HOUR));
}

/** Peak-hour requests per second. */
export function peakRps(requestsPerMonth: Decimal, shape: TrafficShape): Decimal {
  return meanRps(requestsPerMonth, shape).times(shape.peakToAverage);
}

/** Bytes moved per request, request plus response, averaged over every API's traffic. */
export function processedBytesPerMonth(workload: Workload): Decimal {
  return sum(
    workload.apis.map((a) => a.requestsPerMonth.times(a.requestBytes.plus(a.responseBytes)).plus(a.messagesPerMonth.times(a.messageBytes))),
  );
}

/** Scale every traffic quantity by s (fixed quantities stay): the break-even search's knob. */
export function scaleWorkload(workload: Workload, s: Decimal): Workload {
  return {
    ...workload,
    apis: workload.apis.map((a) => ({
      ...a,
      requestsPerMonth: a.requestsPerMonth.times(s),
      messagesPerMonth: a.messagesPerMonth.times(s),
      connectionMinutesPerMonth: a.connectionMinutesPerMonth.times(s),
    })),
  };
}

/** 1024³ (written out: a power costs a cold start more than the literal). */
export const BYTES_PER_GB = dec(1_073_741_824);
export { SECONDS_PER_HOUR };

/** One API/stage's measured share of the traffic (plain numbers, e.g. CloudWatch totals over a window). */
export interface MeasuredPart {
  api: string;
  stage: string;
  kind: 'requests' | 'messages';
  total: number;
}

/**
 * Split a flag-mode API into one API per measured API/stage, each with its share of the monthly
 * requests (or messages) in proportion to its measured total, sizes unchanged: the option totals
 * stay the same (tiers aggregate) and the estimate can say what each API/stage costs.
 */
export function splitByMeasuredTraffic(api: ApiWorkload, parts: readonly MeasuredPart[]): ApiWorkload[] {
  const total = (k: MeasuredPart['kind']) => sum(parts.filter((p) => p.kind === k).map((p) => new Decimal(p.total)));
  const req = total('requests');
  const msg = total('messages');
  return parts.map((p) => ({
    ...api,
    name: p.api,
    stage: p.stage,
    requestsPerMonth: p.kind === 'requests' && !req.isZero() ? api.requestsPerMonth.times(p.total).div(req) : new Decimal(0),
    messagesPerMonth: p.kind === 'messages' && !msg.isZero() ? api.messagesPerMonth.times(p.total).div(msg) : new Decimal(0),
    connectionMinutesPerMonth:
      p.kind === 'messages' && !msg.isZero() ? api.connectionMinutesPerMonth.times(p.total).div(msg) : new Decimal(0),
  }));
}
