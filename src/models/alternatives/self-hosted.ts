import { Decimal, dec, sum } from '../../money/decimal.js';
import { SELF_HOSTED_DEFAULTS as D } from '../defaults.js';
import { formatQuantity, formatUnitPrice } from '../../money/format.js';
import type { PriceBook } from '../../prices/price-book.js';
import { flatLine } from '../pricing/tiers.js';
import { peakRps, totalMessagesPerMonth, totalRequestsPerMonth } from '../traffic.js';
import { userInputProvenance, type Finding, type LineItem } from '../types.js';
import type { SelfHostedConfig, Workload } from '../workload.js';

/**
 * A self-hosted API gateway (Kong, NGINX, Envoy…) on EC2 instances or Fargate tasks,
 * sized for the peak-hour request rate and running all month. The load balancer in
 * front of it is priced by the caller with the ALB model.
 */

/** Where the default per-node capacity comes from; printed as an assumption. */
const DEFAULT_RPS_PER_NODE_SOURCE =
  "derived from Kong's published benchmark (https://developer.konghq.com/gateway/performance/benchmarks/, " +
  'vendor figures, not AWS guidance): 91,859 req/s over HTTPS with rate limiting + key auth across ' +
  '100 routes / 100 consumers on a c5.metal running 32 nginx workers = 2,870.6 req/s per worker ' +
  '(127,257 req/s = 3,976.8 per worker without plugins). A 2-vCPU node runs 2 workers, but unlike the ' +
  '96-vCPU c5.metal, whose 64 spare vCPUs absorb kernel networking and TLS, it shares both vCPUs with ' +
  "that work: counted as one worker's throughput, rounded down to 2,800 req/s. " +
  'Measure your own gateway and payloads, and override this';

/**
 * Defaults for the self-hosted option: a Graviton c6g.large (the cheapest non-burstable
 * 2-vCPU instance in the snapshot) per node, two nodes in two AZs, planned to 60 % of
 * capacity at peak (headroom for bursts inside the peak hour and for a node being
 * replaced). Operations labour is user-specific, so it defaults to none.
 */
export const DEFAULT_SELF_HOSTED: Readonly<SelfHostedConfig> = Object.freeze({
  compute: D.compute,
  instanceType: D.instanceType,
  fargate: Object.freeze({ vcpu: dec(D.fargateVcpu), memoryGb: dec(D.fargateMemoryGb), arch: D.fargateArch }),
  rpsPerNode: dec(2800),
  rpsPerNodeSource: DEFAULT_RPS_PER_NODE_SOURCE,
  targetUtilisation: dec(D.targetUtilisation),
  minNodes: D.minNodes,
  availabilityZones: D.availabilityZones,
  opsHoursPerMonth: dec(D.opsHoursPerMonth),
  opsUsdPerHour: dec(D.opsUsdPerHour),
});

export interface SelfHostedEstimate {
  lines: LineItem[];
  assumptions: string[];
  findings: Finding[];
}

/** The price id of an EC2 instance type: "c6g.large" → "ec2.c6g-large.hours". */
export function ec2PriceId(instanceType: string): string {
  return `ec2.${instanceType.toLowerCase().replaceAll('.', '-')}.hours`;
}

/**
 * Nodes for a peak rate. Choices:
 * - the floor is max(minNodes, availabilityZones): at least one node in every AZ;
 * - each node is planned to serve rpsPerNode × targetUtilisation at peak; a rate exactly at
 *   that capacity fits (no extra node);
 * - the count is rounded up to a multiple of availabilityZones, so every AZ runs the same
 *   number of nodes (as an Auto Scaling group balances them) and losing any one AZ removes
 *   the same share of capacity. Nodes therefore come in steps of `availabilityZones`.
 *
 * Since ceil(ceil(x) / k) = ceil(x / k) for a whole k, the count is
 *   max(AZ × ceil(floor / AZ), AZ × ceil(peak / (planned capacity × AZ))).
 */
export function nodesNeeded(peak: Decimal, cfg: SelfHostedConfig): number {
  assertValidConfig(cfg);
  if (peak.isNegative()) throw new RangeError('negative peak rate');
  const az = cfg.availabilityZones;
  return Math.max(minimumNodes(cfg), peak.div(stepCapacity(cfg)).ceil().toNumber() * az);
}

/**
 * Monthly lines of the self-hosted gateway: its nodes, sized for the peak-hour rate and
 * billed every hour of the month (no autoscaling is modelled), plus operations labour
 * when the user gives hours. Throws PriceNotInSnapshotError when the region's snapshot
 * lacks the instance type or Fargate prices.
 */
export function selfHostedLines(workload: Workload, cfg: SelfHostedConfig, book: PriceBook): SelfHostedEstimate {
  const { shape } = workload;
  const requests = totalRequestsPerMonth(workload);
  const peak = peakRps(requests, shape);
  const nodes = nodesNeeded(peak, cfg);
  const sizing = `${nodes} × ${formatQuantity(shape.hoursPerMonth)} h, sized for a peak of ${formatQuantity(peak)} req/s`;

  const lines = nodeLines(nodes, shape.hoursPerMonth, cfg, book, sizing);
  if (cfg.opsHoursPerMonth.gt(0)) lines.push(opsLine(workload.region, cfg));

  const planned = cfg.rpsPerNode.times(cfg.targetUtilisation);
  const assumptions = [
    `Self-hosted gateway capacity: ${formatQuantity(cfg.rpsPerNode)} req/s per node at 100 % — ${cfg.rpsPerNodeSource}`,
    `Self-hosted nodes planned to run at most ${formatQuantity(cfg.targetUtilisation.times(100))} % of capacity at peak: ` +
      `${formatQuantity(planned)} req/s per node`,
    `Self-hosted peak rate used: ${formatQuantity(peak)} req/s (${formatQuantity(requests)} requests/month over ` +
      `${formatQuantity(shape.hoursPerMonth)} h × peak-to-average ${formatQuantity(shape.peakToAverage)})`,
    `Self-hosted nodes: ${nodes} — the peak needs ceil(${formatQuantity(peak)} / ${formatQuantity(planned)}) = ` +
      `${peak.div(planned).ceil().toFixed()}, at least max(min nodes ${cfg.minNodes}, ${cfg.availabilityZones} AZs), ` +
      `rounded up to a multiple of ${cfg.availabilityZones} so every AZ runs the same number; all run every hour of the month (no autoscaling modelled)`,
    'Self-hosted gateway: the load balancer in front of it is priced with the ALB model, not in these lines; ' +
      'EBS volumes, monitoring and licences are not priced',
  ];
  if (cfg.opsHoursPerMonth.gt(0)) {
    assumptions.push(
      `Self-hosted operations labour: ${formatQuantity(cfg.opsHoursPerMonth)} h/month × ${formatUnitPrice(cfg.opsUsdPerHour)}/h (user input)`,
    );
  }
  return { lines, assumptions, findings: findings(workload, cfg) };
}

/** The lines of `nodes` nodes running `hours` hours (EC2 instance hours, or Fargate vCPU and memory hours). */
function nodeLines(nodes: number, hours: Decimal, cfg: SelfHostedConfig, book: PriceBook, sizing: string | undefined): LineItem[] {
  const nodeHours = hours.times(nodes);
  if (cfg.compute === 'ec2') {
    const price = book.get(ec2PriceId(cfg.instanceType));
    return [flatLine(price, nodeHours, `Self-hosted gateway nodes (EC2 ${cfg.instanceType})`, sizing)];
  }
  const { vcpu, memoryGb, arch } = cfg.fargate;
  const task = `Fargate ${arch} task, ${formatQuantity(vcpu)} vCPU / ${formatQuantity(memoryGb)} GB`;
  return [
    flatLine(book.get(`fargate.${arch}.vcpu-hours`), nodeHours.times(vcpu), `Self-hosted gateway vCPU (${task})`, sizing),
    flatLine(book.get(`fargate.${arch}.gb-hours`), nodeHours.times(memoryGb), `Self-hosted gateway memory (${task})`, sizing),
  ];
}

/**
 * What the nodes alone cost in a month: the part of the self-hosted option that steps with the node
 * count (the sum of the node lines `selfHostedLines` gives). Everything else in the option is
 * continuous in the traffic, so the break-even search needs only this between two node steps.
 */
export function selfHostedNodeCost(workload: Workload, cfg: SelfHostedConfig, book: PriceBook): Decimal {
  const nodes = nodesNeeded(peakRps(totalRequestsPerMonth(workload), workload.shape), cfg);
  return sum(nodeLines(nodes, workload.shape.hoursPerMonth, cfg, book, undefined).map((l) => l.cost));
}

/**
 * The traffic scale factors s in [sLo, sHi] (inclusive) at which the node count, and so the
 * cost, steps. Each returned s is the last point of a level: the count at s is the lower
 * one and it rises by `availabilityZones` nodes just above s. The cost is constant between
 * consecutive breakpoints; evaluate it between them rather than exactly on one, where
 * decimal rounding of the peak rate can fall on either side.
 *
 * With P the peak rate at s = 1 and C = rpsPerNode × targetUtilisation × availabilityZones,
 * the count steps where P·s / C crosses a whole j above the floor, i.e. at s = j·C / P.
 */
export function selfHostedBreakpoints(workload: Workload, cfg: SelfHostedConfig, sLo: Decimal, sHi: Decimal): Decimal[] {
  assertValidConfig(cfg);
  const peak = peakRps(totalRequestsPerMonth(workload), workload.shape);
  if (peak.isZero() || sHi.lt(sLo)) return [];
  const step = stepCapacity(cfg).div(peak);
  const firstJ = Decimal.max(minimumNodes(cfg) / cfg.availabilityZones, sLo.div(step).ceil());
  const lastJ = sHi.div(step).floor();
  const count = lastJ.minus(firstJ).plus(1);
  if (count.gt(MAX_BREAKPOINTS)) {
    throw new RangeError(`${count.toFixed()} self-hosted breakpoints in [${sLo.toFixed()}, ${sHi.toFixed()}]: narrow the range`);
  }
  const out: Decimal[] = [];
  for (let j = firstJ; j.lte(lastJ); j = j.plus(1)) out.push(j.times(step));
  return out;
}

/**
 * How much the traffic scale s grows per node step (undefined without request traffic), so a
 * caller can bound a break-even search to a number of steps it can afford.
 */
export function selfHostedStepScale(workload: Workload, cfg: SelfHostedConfig): Decimal | undefined {
  const peak = peakRps(totalRequestsPerMonth(workload), workload.shape);
  return peak.isZero() ? undefined : stepCapacity(cfg).div(peak);
}

/** A guard against a scale range so wide that listing every node step is pointless. */
const MAX_BREAKPOINTS = 100_000;

/** Capacity added by one step of nodes (one per AZ), at the planned utilisation. */
function stepCapacity(cfg: SelfHostedConfig): Decimal {
  return cfg.rpsPerNode.times(cfg.targetUtilisation).times(cfg.availabilityZones);
}

/** max(minNodes, availabilityZones) rounded up to a multiple of availabilityZones. */
function minimumNodes(cfg: SelfHostedConfig): number {
  const az = cfg.availabilityZones;
  return Math.ceil(Math.max(cfg.minNodes, az) / az) * az;
}

/** Input parsing should reject these first; here they are broken invariants. */
function assertValidConfig(cfg: SelfHostedConfig): void {
  if (!cfg.rpsPerNode.gt(0)) throw new RangeError('self-hosted rpsPerNode must be > 0');
  if (!cfg.targetUtilisation.gt(0) || cfg.targetUtilisation.gt(1)) {
    throw new RangeError('self-hosted targetUtilisation must be in (0, 1]');
  }
  if (!Number.isInteger(cfg.availabilityZones) || cfg.availabilityZones < 1) {
    throw new RangeError('self-hosted availabilityZones must be a whole number ≥ 1');
  }
  if (!Number.isInteger(cfg.minNodes) || cfg.minNodes < 0) throw new RangeError('self-hosted minNodes must be a whole number ≥ 0');
}

function opsLine(region: string, cfg: SelfHostedConfig): LineItem {
  const source = userInputProvenance('user.ops.hourly-rate', region, 'operations labour', 'ops-hours');
  return {
    component: 'Self-hosted gateway operations labour',
    tier: undefined,
    quantity: cfg.opsHoursPerMonth,
    unit: 'hour',
    unitPrice: cfg.opsUsdPerHour,
    cost: cfg.opsHoursPerMonth.times(cfg.opsUsdPerHour),
    source,
  };
}

function findings(workload: Workload, cfg: SelfHostedConfig): Finding[] {
  const out: Finding[] = [];
  if (cfg.compute === 'ec2' && /^t\d/i.test(cfg.instanceType)) {
    out.push({
      code: 'SELF_HOSTED_BURSTABLE_INSTANCE',
      level: 'warn',
      message:
        `${cfg.instanceType} is a burstable instance: under sustained load it runs on CPU credits, so a benchmark-based ` +
        'capacity does not hold all month; use a c- or m-family instance or lower the per-node capacity',
    });
  }
  if (cfg.compute === 'fargate' && !cfg.fargate.vcpu.eq(2) && cfg.rpsPerNodeSource === DEFAULT_RPS_PER_NODE_SOURCE) {
    out.push({
      code: 'SELF_HOSTED_CAPACITY_FOR_2_VCPU',
      level: 'warn',
      message:
        `the default capacity (${formatQuantity(cfg.rpsPerNode)} req/s) is for a 2-vCPU node, but the Fargate task has ` +
        `${formatQuantity(cfg.fargate.vcpu)} vCPU; set the per-node capacity for your task size`,
    });
  }
  if (totalMessagesPerMonth(workload).gt(0)) {
    out.push({
      code: 'SELF_HOSTED_WEBSOCKET_NOT_SIZED',
      level: 'info',
      message:
        'the self-hosted gateway is sized for request/response traffic only; WebSocket messages and connections are not in its node count',
    });
  }
  if (cfg.opsHoursPerMonth.isZero()) {
    out.push({
      code: 'SELF_HOSTED_OPS_NOT_PRICED',
      level: 'info',
      message:
        'the self-hosted cost has no operations labour (patching, upgrades, on-call); give ops hours and an hourly rate to include it',
    });
  }
  return out;
}
