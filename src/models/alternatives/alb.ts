import { type Decimal, ZERO, dec, min, sum } from '../../money/decimal.js';
import { formatBytes, formatQuantity } from '../../money/format.js';
import type { PriceBook } from '../../prices/price-book.js';
import { flatLine } from '../pricing/tiers.js';
import { type HourClass, hourClasses, meanRps, processedBytesPerMonth, totalRequestsPerMonth } from '../traffic.js';
import { provenance, type Finding, type LineItem } from '../types.js';
import type { AlbConfig, Workload } from '../workload.js';

/**
 * Application Load Balancer option. Pure functions of the workload and the price book. WAF in
 * front of the ALB is priced by `pricing/waf.ts`, which the option assembly adds.
 * Sources: https://aws.amazon.com/elasticloadbalancing/pricing/ and
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html.
 */

/** What a cost model contributes to an option. */
export interface CostParts {
  lines: LineItem[];
  assumptions: string[];
  findings: Finding[];
}

/** One LCU buys, per hour, any one of these (you pay for the dimension that needs most). */
const NEW_CONNECTIONS_PER_LCU = dec(25); // per second
const ACTIVE_CONNECTIONS_PER_LCU = dec(3000); // per minute
const GB_PER_LCU = { instance: dec(1), ip: dec(1), lambda: dec('0.4') } as const; // per hour
const RULE_EVALUATIONS_PER_LCU = dec(1000); // per second
const FREE_RULES = 10;

/**
 * AWS's ALB pricing example turns 300 KB/s into 1.08 GB/h (300 × 3,600 = 1,080,000 KB), i.e.
 * decimal units: 1 GB = 10^9 bytes. (2^30 would give 1.006 GB/h.) Not traffic.ts's BYTES_PER_GB.
 */
export const ALB_BYTES_PER_GB = dec(1_000_000_000); // 10⁹

/**
 * ALB → Lambda: "the maximum size of the request body … is 1 MB", same for the response JSON
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html).
 * The docs do not define MB; read as 1 MiB.
 */
export const ALB_LAMBDA_PAYLOAD_LIMIT_BYTES = dec(1_048_576);

export type LcuDimension = 'new connections' | 'active connections' | 'processed bytes' | 'rule evaluations';

/** The traffic of one hour, as the four LCU dimensions see it. */
export interface LcuHourInput {
  /** HTTP requests per second (rule evaluations). */
  requestsPerSecond: Decimal;
  newConnectionsPerSecond: Decimal;
  /** How long each new connection stays open (active = new/s × seconds). */
  connectionSeconds: Decimal;
  /** Long-lived WebSocket connections open on average, on top of the request connections. */
  webSocketConnections: Decimal;
  processedBytesPerHour: Decimal;
  rules: number;
  targetType: AlbConfig['targetType'];
}

/** LCUs each dimension needs in the hour; `max` is what is billed, `binding` which dimension set it. */
export interface LcuHour {
  newConnections: Decimal;
  activeConnections: Decimal;
  processedBytes: Decimal;
  ruleEvaluations: Decimal;
  max: Decimal;
  binding: LcuDimension;
}

export function albLcuPerHour(input: LcuHourInput): LcuHour {
  const activePerMinute = input.newConnectionsPerSecond.times(input.connectionSeconds).plus(input.webSocketConnections);
  const ruleEvalsPerSecond = input.requestsPerSecond.times(Math.max(0, input.rules - FREE_RULES));
  const dims: [LcuDimension, Decimal][] = [
    ['new connections', input.newConnectionsPerSecond.div(NEW_CONNECTIONS_PER_LCU)],
    ['active connections', activePerMinute.div(ACTIVE_CONNECTIONS_PER_LCU)],
    ['processed bytes', input.processedBytesPerHour.div(ALB_BYTES_PER_GB).div(GB_PER_LCU[input.targetType])],
    ['rule evaluations', ruleEvalsPerSecond.div(RULE_EVALUATIONS_PER_LCU)],
  ];
  // The first dimension reaching the maximum binds (ties go to the earlier one).
  const [binding, top] = dims.reduce((best, d) => (d[1].gt(best[1]) ? d : best));
  return {
    newConnections: dims[0]![1],
    activeConnections: dims[1]![1],
    processedBytes: dims[2]![1],
    ruleEvaluations: dims[3]![1],
    max: top,
    binding,
  };
}

interface ClassLcu {
  hourClass: HourClass;
  lcu: LcuHour;
}

/**
 * LCUs per hour class. Every traffic quantity (requests, bytes, WebSocket messages and
 * connection-minutes) follows the same hourly shape, so each class runs at rateFactor × the
 * monthly mean of each.
 */
function lcuByHourClass(workload: Workload, alb: AlbConfig): ClassLcu[] {
  const { shape, apis } = workload;
  if (!shape.requestsPerConnection.gt(0)) throw new RangeError('requestsPerConnection must be > 0');
  const meanRequestRate = meanRps(totalRequestsPerMonth(workload), shape);
  const meanBytesPerHour = processedBytesPerMonth(workload).div(shape.hoursPerMonth);
  // Connection-minutes per minute of the month = WebSocket connections open on average.
  const meanWebSockets = sum(apis.map((a) => a.connectionMinutesPerMonth)).div(shape.hoursPerMonth.times(60));
  return hourClasses(shape).map((hourClass) => {
    const rps = meanRequestRate.times(hourClass.rateFactor);
    return {
      hourClass,
      lcu: albLcuPerHour({
        requestsPerSecond: rps,
        newConnectionsPerSecond: rps.div(shape.requestsPerConnection),
        connectionSeconds: shape.connectionSeconds,
        webSocketConnections: meanWebSockets.times(hourClass.rateFactor),
        processedBytesPerHour: meanBytesPerHour.times(hourClass.rateFactor),
        rules: alb.rules,
        targetType: alb.targetType,
      }),
    };
  });
}

function totalLcuHours(classes: ClassLcu[]): Decimal {
  return sum(classes.map((c) => c.lcu.max.times(c.hourClass.hours)));
}

function lcuNote({ hourClass, lcu }: ClassLcu): string {
  const q = (d: Decimal): string => formatQuantity(d);
  return (
    `${q(hourClass.hours)} h at ${q(hourClass.rateFactor)}× the mean rate: ${q(lcu.max)} LCU/h, ${lcu.binding} binds ` +
    `(new connections ${q(lcu.newConnections)}, active connections ${q(lcu.activeConnections)}, ` +
    `processed bytes ${q(lcu.processedBytes)}, rule evaluations ${q(lcu.ruleEvaluations)})`
  );
}

/**
 * The line with its note made when first read. The LCU note formats seven numbers, and the break-even
 * search costs the option dozens of times for totals only (twice per evaluation: ALB + SSO, and the
 * load balancer in front of a self-hosted gateway): a few hundred number formats at start-up that no
 * output showed. The note is the same string, an ordinary enumerable property once read.
 */
function withLazyNote(line: LineItem, note: () => string): LineItem {
  Object.defineProperty(line, 'note', {
    enumerable: true,
    configurable: true,
    get() {
      const text = note();
      Object.defineProperty(line, 'note', { value: text, enumerable: true, configurable: true, writable: true });
      return text;
    },
    set(value: string | undefined) {
      Object.defineProperty(line, 'note', { value, enumerable: true, configurable: true, writable: true });
    },
  });
  return line;
}

/**
 * A legacy free-tier credit: a negative line for min(allowance, used) at the price the
 * allowance applies to. Traced to that price; the note names the allowance.
 */
function freeTierLine(book: PriceBook, allowanceId: string, used: Decimal, component: string): LineItem {
  const allowance = book.allowance(allowanceId);
  const price = book.get(allowance.appliesTo);
  if (price.tiers.length !== 1) throw new RangeError(`${price.id} is tiered; free-tier credit expects a flat price`);
  const unitPrice = price.tiers[0]!.usdPerUnit;
  const quantity = min(allowance.quantity, used).neg();
  return {
    component,
    tier: undefined,
    quantity,
    unit: price.unit,
    unitPrice,
    cost: quantity.times(unitPrice),
    source: provenance(price),
    note: `legacy free tier ${allowance.id}: ${formatQuantity(allowance.quantity)} ${allowance.unit}/month (${allowance.source.url}, ${allowance.source.status}), capped at use`,
  };
}

function lambdaFindings(workload: Workload, alb: AlbConfig): Finding[] {
  if (alb.targetType !== 'lambda') return [];
  const findings: Finding[] = [];
  const limit = ALB_LAMBDA_PAYLOAD_LIMIT_BYTES;
  for (const api of workload.apis) {
    const over = [
      api.maxRequestBytes.gt(limit) ? `request body up to ${formatBytes(api.maxRequestBytes)}` : undefined,
      api.maxResponseBytes.gt(limit) ? `response up to ${formatBytes(api.maxResponseBytes)}` : undefined,
    ].filter((s): s is string => s !== undefined);
    if (over.length > 0) {
      findings.push({
        code: 'PAYLOAD_OVER_ALB_LAMBDA_LIMIT',
        level: 'warn',
        message: `API "${api.name}": ${over.join(' and ')} exceeds the 1 MB an ALB passes to or accepts from a Lambda target`,
      });
    }
  }
  const webSocketApis = workload.apis.filter((a) => a.messagesPerMonth.gt(0)).map((a) => `"${a.name}"`);
  if (webSocketApis.length > 0) {
    findings.push({
      code: 'ALB_LAMBDA_NO_WEBSOCKET',
      level: 'error',
      message: `API ${webSocketApis.join(', ')} sends WebSocket messages, but an ALB does not support WebSockets with Lambda targets (upgrade requests get HTTP 400)`,
    });
  }
  return findings;
}

/**
 * ALB option lines: load-balancer hours, LCU-hours per hour class, public IPv4 addresses and,
 * when `opts.freeTier` (the legacy 12-month free tier is opted in), negative credits for the
 * free ALB hours and LCU-hours, capped at what is used.
 */
export function albLines(workload: Workload, alb: AlbConfig, book: PriceBook, opts: { freeTier: boolean }): CostParts {
  const hours = workload.shape.hoursPerMonth;
  const lcuPrice = book.get('alb.lcu-hours');
  const classes = lcuByHourClass(workload, alb);
  const lines: LineItem[] = [flatLine(book.get('alb.hours'), hours, 'ALB hours', '1 load balancer running all month')];
  for (const c of classes) {
    const component = classes.length === 1 ? 'ALB LCU-hours' : `ALB LCU-hours (${c.hourClass.label} hours)`;
    lines.push(withLazyNote(flatLine(lcuPrice, c.lcu.max.times(c.hourClass.hours), component), () => lcuNote(c)));
  }
  if (alb.publicIpv4Addresses > 0) {
    const n = alb.publicIpv4Addresses;
    lines.push(flatLine(book.get('vpc.public-ipv4'), hours.times(n), 'Public IPv4 addresses', `${n} × ${formatQuantity(hours)} h`));
  }
  const assumptions = [
    `ALB processed bytes counted in decimal GB (10^9 bytes), as AWS's ALB pricing example does (300 KB/s = 1.08 GB/h); ` +
      `1 LCU = 25 new connections/s, 3,000 active connections/min, ${alb.targetType === 'lambda' ? '0.4 GB/h (Lambda targets)' : '1 GB/h'}, 1,000 rule evaluations/s.`,
    'One ALB serves every API and runs every hour of the month.',
    `New connections = requests ÷ ${formatQuantity(workload.shape.requestsPerConnection)} requests per connection; ` +
      `active connections = new connections/s × ${formatQuantity(workload.shape.connectionSeconds)} s, plus WebSocket connections open on average (connection-minutes ÷ minutes).`,
    'Processed bytes = request + response sizes as given, plus WebSocket message bytes; headers and TLS overhead are not added.',
    `Every request evaluates all ${alb.rules} listener rule${alb.rules === 1 ? '' : 's'} (AWS's own simplification); the first 10 are free.`,
    'LCUs are computed per hour class (peak / off-peak) of the traffic shape; all traffic follows the same shape, so the binding dimension is the same in every class.',
  ];
  if (alb.publicIpv4Addresses > 0) {
    assumptions.push(`${alb.publicIpv4Addresses} public IPv4 addresses billed every hour (an internet-facing ALB has one per AZ).`);
  }
  if (opts.freeTier) {
    lines.push(freeTierLine(book, 'free.alb.hours', hours, 'ALB hours: legacy free tier'));
    const used = totalLcuHours(classes);
    if (used.gt(0)) lines.push(freeTierLine(book, 'free.alb.lcu-hours', used, 'ALB LCU-hours: legacy free tier'));
    assumptions.push('Legacy free tier: its ALB hours and LCU-hours are pooled over the month and used by no other load balancer.');
  }
  return { lines, assumptions, findings: lambdaFindings(workload, alb) };
}

/**
 * Traffic scale factors s (s = 1: the workload as given; every traffic quantity ∝ s, see
 * `scaleWorkload`) where the ALB option's cost changes slope. Sorted, all > 0.
 *
 * Why there is at most one:
 * - ALB hours, IPv4 addresses and the free ALB-hour credit do not depend on s.
 * - In every hour class, each of the four LCU dimensions is proportional to s (they are rates of
 *   requests, bytes or connection-minutes, with no constant term), so their maximum is s × the
 *   maximum at s = 1: the binding dimension never switches and LCU-hours L(s) = s·L(1) (up to Decimal's
 *   40-digit rounding of quotients).
 * - All these prices are flat (`flatLine` refuses a tiered one), so no price tier adds a kink.
 * - The only kink: the free LCU-hour credit −min(A, s·L(1)) stops growing at s = A / L(1).
 */
export function albBreakpoints(workload: Workload, alb: AlbConfig, book: PriceBook, opts: { freeTier: boolean }): Decimal[] {
  if (!opts.freeTier) return [];
  const lcuHours = totalLcuHours(lcuByHourClass(workload, alb));
  if (lcuHours.lte(ZERO)) return [];
  return [book.allowance('free.alb.lcu-hours').quantity.div(lcuHours)];
}
