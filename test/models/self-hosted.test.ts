import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Decimal, type DecimalInput, dec, sum } from '../../src/money/decimal.js';
import {
  DEFAULT_SELF_HOSTED,
  ec2PriceId,
  nodesNeeded,
  selfHostedBreakpoints,
  selfHostedLines,
} from '../../src/models/alternatives/self-hosted.js';
import { peakRps, scaleWorkload, totalRequestsPerMonth } from '../../src/models/traffic.js';
import type { SelfHostedConfig, Workload } from '../../src/models/workload.js';
import { BUNDLED_PRICING_DIR, loadPriceBook } from '../../src/prices/load.js';
import { PriceBook, PriceNotInSnapshotError } from '../../src/prices/price-book.js';
import type { SnapshotJson } from '../../src/prices/schema.js';

const book = await loadPriceBook('us-east-1');

/**
 * With 730 h and peak-to-average 2, peak req/s = requests / 1,314,000 exactly
 * (requests / (730 × 3600) × 2), so peak rates below are exact.
 */
const REQUESTS_PER_PEAK_RPS = 1_314_000;

function workload(requestsPerMonth: DecimalInput, messagesPerMonth: DecimalInput = 0): Workload {
  return {
    region: 'us-east-1',
    shape: {
      hoursPerMonth: dec(730),
      peakToAverage: dec(2),
      peakHoursPerDay: dec(4),
      requestsPerConnection: dec(100),
      connectionSeconds: dec(60),
    },
    apis: [
      {
        name: 'api',
        type: undefined,
        requestsPerMonth: dec(requestsPerMonth),
        requestBytes: dec(1024),
        responseBytes: dec(4096),
        maxRequestBytes: dec(10240),
        maxResponseBytes: dec(65536),
        messagesPerMonth: dec(messagesPerMonth),
        messageBytes: dec(512),
        connectionMinutesPerMonth: dec(0),
        cacheSizeGb: undefined,
        privateEndpointAzs: undefined,
        wafRules: undefined,
      },
    ],
    freeTier: 'none',
    dataTransfer: { pricing: 'tiered', freeAllowance: false },
  };
}

/** A workload whose peak rate is exactly `rps` req/s. */
const atPeak = (rps: DecimalInput): Workload => workload(dec(rps).times(REQUESTS_PER_PEAK_RPS));

function cfg(over: Partial<SelfHostedConfig> = {}): SelfHostedConfig {
  return { ...DEFAULT_SELF_HOSTED, ...over };
}

const total = (w: Workload, c: SelfHostedConfig): Decimal => sum(selfHostedLines(w, c, book).lines.map((l) => l.cost));

describe('DEFAULT_SELF_HOSTED', () => {
  it('derives 2,800 req/s per 2-vCPU node from the Kong benchmark and says how', () => {
    // 91,859 req/s (rate limiting + key auth, 100 routes) over 32 workers, one worker's worth, rounded down to 100s.
    const perWorker = dec(91859).div(32);
    expect(perWorker.toFixed()).toBe('2870.59375');
    expect(perWorker.div(100).floor().times(100).toFixed()).toBe(DEFAULT_SELF_HOSTED.rpsPerNode.toFixed());
    expect(DEFAULT_SELF_HOSTED.rpsPerNode.toFixed()).toBe('2800');
    for (const fact of [
      'https://developer.konghq.com/gateway/performance/benchmarks/',
      '91,859',
      '32 nginx workers',
      'c5.metal',
      '2,800',
    ]) {
      expect(DEFAULT_SELF_HOSTED.rpsPerNodeSource).toContain(fact);
    }
  });

  it('plans 1,680 req/s per node and is frozen', () => {
    expect(DEFAULT_SELF_HOSTED.rpsPerNode.times(DEFAULT_SELF_HOSTED.targetUtilisation).toFixed()).toBe('1680');
    expect(Object.isFrozen(DEFAULT_SELF_HOSTED)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SELF_HOSTED.fargate)).toBe(true);
  });
});

describe('nodesNeeded', () => {
  const oneAz = cfg({ availabilityZones: 1, minNodes: 1 });

  it('fits a rate exactly at capacity and adds a node one request/s over', () => {
    expect(nodesNeeded(dec(1680), oneAz)).toBe(1);
    expect(nodesNeeded(dec(1681), oneAz)).toBe(2);
    expect(nodesNeeded(dec(3360), oneAz)).toBe(2);
    expect(nodesNeeded(dec(3361), oneAz)).toBe(3);
  });

  it('never goes below min nodes', () => {
    const c = cfg({ availabilityZones: 1, minNodes: 5 });
    expect(nodesNeeded(dec(0), c)).toBe(5);
    expect(nodesNeeded(dec(8400), c)).toBe(5);
    expect(nodesNeeded(dec(8401), c)).toBe(6);
  });

  it('puts at least one node in every AZ and keeps the count a multiple of the AZs', () => {
    expect(nodesNeeded(dec(0), cfg({ availabilityZones: 3, minNodes: 0 }))).toBe(3);
    expect(nodesNeeded(dec(0), cfg({ availabilityZones: 3, minNodes: 2 }))).toBe(3);
    expect(nodesNeeded(dec(0), cfg({ availabilityZones: 3, minNodes: 4 }))).toBe(6);
    const threeAz = cfg({ availabilityZones: 3, minNodes: 3 });
    expect(nodesNeeded(dec(5040), threeAz)).toBe(3);
    expect(nodesNeeded(dec(5041), threeAz)).toBe(6);
  });

  it('steps the default (2 nodes, 2 AZs) by two nodes', () => {
    expect(nodesNeeded(dec(0), DEFAULT_SELF_HOSTED)).toBe(2);
    expect(nodesNeeded(dec(3360), DEFAULT_SELF_HOSTED)).toBe(2);
    expect(nodesNeeded(dec(3361), DEFAULT_SELF_HOSTED)).toBe(4);
    expect(nodesNeeded(dec(6720), DEFAULT_SELF_HOSTED)).toBe(4);
    expect(nodesNeeded(dec(6721), DEFAULT_SELF_HOSTED)).toBe(6);
  });

  it('rejects configurations input parsing should have caught', () => {
    expect(() => nodesNeeded(dec(1), cfg({ rpsPerNode: dec(0) }))).toThrow(RangeError);
    expect(() => nodesNeeded(dec(1), cfg({ targetUtilisation: dec(0) }))).toThrow(RangeError);
    expect(() => nodesNeeded(dec(1), cfg({ targetUtilisation: dec('1.01') }))).toThrow(RangeError);
    expect(() => nodesNeeded(dec(1), cfg({ availabilityZones: 0 }))).toThrow(RangeError);
    expect(() => nodesNeeded(dec(1), cfg({ minNodes: 1.5 }))).toThrow(RangeError);
    expect(() => nodesNeeded(dec(-1), DEFAULT_SELF_HOSTED)).toThrow(RangeError);
  });
});

describe('selfHostedLines', () => {
  it('prices EC2 nodes for the whole month, sized for the peak', () => {
    const { lines, assumptions, findings } = selfHostedLines(atPeak(1000), DEFAULT_SELF_HOSTED, book);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line!.component).toBe('Self-hosted gateway nodes (EC2 c6g.large)');
    expect(line!.quantity.toFixed()).toBe('1460');
    expect(line!.unit).toBe('instance-hour');
    expect(line!.unitPrice.toFixed()).toBe('0.068');
    expect(line!.cost.toFixed()).toBe('99.28');
    expect(line!.note).toBe('2 × 730 h, sized for a peak of 1,000 req/s');
    expect(line!.source.priceId).toBe('ec2.c6g-large.hours');
    expect(line!.source.url).toBe('https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2.json');
    expect(line!.source.status).toBe('aws-pricing-feed');

    expect(assumptions).toEqual([
      `Self-hosted gateway capacity: 2,800 req/s per node at 100 % — ${DEFAULT_SELF_HOSTED.rpsPerNodeSource}`,
      'Self-hosted nodes planned to run at most 60 % of capacity at peak: 1,680 req/s per node',
      'Self-hosted peak rate used: 1,000 req/s (1,314,000,000 requests/month over 730 h × peak-to-average 2)',
      'Self-hosted nodes: 2 — the peak needs ceil(1,000 / 1,680) = 1, at least max(min nodes 2, 2 AZs), ' +
        'rounded up to a multiple of 2 so every AZ runs the same number; all run every hour of the month (no autoscaling modelled)',
      'Self-hosted gateway: the load balancer in front of it is priced with the ALB model, not in these lines; ' +
        'EBS volumes, monitoring and licences are not priced',
    ]);
    expect(findings.map((f) => f.code)).toEqual(['SELF_HOSTED_OPS_NOT_PRICED']);
  });

  it('adds a step of nodes one request/s over capacity', () => {
    expect(total(atPeak(3360), DEFAULT_SELF_HOSTED).toFixed()).toBe('99.28');
    const over = selfHostedLines(atPeak(3361), DEFAULT_SELF_HOSTED, book);
    expect(sum(over.lines.map((l) => l.cost)).toFixed()).toBe('198.56');
    expect(over.assumptions).toContain(
      'Self-hosted nodes: 4 — the peak needs ceil(3,361 / 1,680) = 3, at least max(min nodes 2, 2 AZs), ' +
        'rounded up to a multiple of 2 so every AZ runs the same number; all run every hour of the month (no autoscaling modelled)',
    );
  });

  it('prices Fargate tasks as vCPU-hours and GB-hours (ARM)', () => {
    const { lines } = selfHostedLines(atPeak(1000), cfg({ compute: 'fargate' }), book);
    expect(lines.map((l) => [l.source.priceId, l.quantity.toFixed(), l.unitPrice.toFixed(), l.cost.toFixed()])).toEqual([
      ['fargate.arm.vcpu-hours', '2920', '0.03238', '94.5496'],
      ['fargate.arm.gb-hours', '5840', '0.00356', '20.7904'],
    ]);
    expect(lines[0]!.component).toBe('Self-hosted gateway vCPU (Fargate arm task, 2 vCPU / 4 GB)');
    expect(lines[1]!.component).toBe('Self-hosted gateway memory (Fargate arm task, 2 vCPU / 4 GB)');
    expect(sum(lines.map((l) => l.cost)).toFixed()).toBe('115.34');
  });

  it('prices x86 Fargate tasks of another size', () => {
    const c = cfg({
      compute: 'fargate',
      fargate: { vcpu: dec(1), memoryGb: dec(2), arch: 'x86' },
      rpsPerNode: dec(1400),
      rpsPerNodeSource: 'measured',
    });
    // 1,400 × 0.6 = 840 req/s per task, 2 AZs: 3,000 req/s → 2 × ceil(3000 / 1680) = 4 tasks.
    const { lines, findings } = selfHostedLines(atPeak(3000), c, book);
    expect(lines.map((l) => [l.source.priceId, l.quantity.toFixed(), l.cost.toFixed()])).toEqual([
      ['fargate.x86.vcpu-hours', '2920', '118.2016'],
      ['fargate.x86.gb-hours', '5840', '25.9588'],
    ]);
    expect(findings.map((f) => f.code)).toEqual(['SELF_HOSTED_OPS_NOT_PRICED']);
  });

  it('adds operations labour as a user-input line', () => {
    const c = cfg({ opsHoursPerMonth: dec(10), opsUsdPerHour: dec('85.5') });
    const { lines, assumptions, findings } = selfHostedLines(atPeak(1000), c, book);
    expect(lines).toHaveLength(2);
    const ops = lines[1]!;
    expect(ops.component).toBe('Self-hosted gateway operations labour');
    expect([ops.quantity.toFixed(), ops.unit, ops.unitPrice.toFixed(), ops.cost.toFixed()]).toEqual(['10', 'hour', '85.5', '855']);
    expect(ops.source).toMatchObject({ priceId: 'user.ops.hourly-rate', url: 'user input', status: 'user-input', region: 'us-east-1' });
    expect(assumptions).toContain('Self-hosted operations labour: 10 h/month × $85.5/h (user input)');
    expect(findings).toEqual([]);
    expect(sum(lines.map((l) => l.cost)).toFixed()).toBe('954.28');
  });

  it('raises the price book error for an instance type the snapshot lacks', () => {
    expect(ec2PriceId('C5.Large')).toBe('ec2.c5-large.hours');
    const c = cfg({ instanceType: 'c5.large' });
    expect(() => selfHostedLines(atPeak(1), c, book)).toThrow(PriceNotInSnapshotError);
    expect(() => selfHostedLines(atPeak(1), c, book)).toThrow(/no price for ec2\.c5-large\.hours/);
  });

  it('raises the price book error when the region has no Fargate prices', async () => {
    const json = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8')) as SnapshotJson;
    const noFargate = new PriceBook({ ...json, prices: json.prices.filter((p) => !p.id.startsWith('fargate.')) });
    expect(() => selfHostedLines(atPeak(1), cfg({ compute: 'fargate' }), noFargate)).toThrow(PriceNotInSnapshotError);
  });

  it('warns about burstable instances, default capacity on other task sizes and unsized WebSocket traffic', () => {
    const codes = (w: Workload, c: SelfHostedConfig) => selfHostedLines(w, c, book).findings.map((f) => f.code);
    expect(codes(atPeak(1), cfg({ instanceType: 't4g.medium' }))).toContain('SELF_HOSTED_BURSTABLE_INSTANCE');
    const bigTask = { vcpu: dec(4), memoryGb: dec(8), arch: 'arm' as const };
    expect(codes(atPeak(1), cfg({ compute: 'fargate', fargate: bigTask }))).toContain('SELF_HOSTED_CAPACITY_FOR_2_VCPU');
    expect(codes(atPeak(1), cfg({ compute: 'fargate', fargate: bigTask, rpsPerNodeSource: 'measured' }))).not.toContain(
      'SELF_HOSTED_CAPACITY_FOR_2_VCPU',
    );
    expect(codes(workload(1000, 5000), DEFAULT_SELF_HOSTED)).toContain('SELF_HOSTED_WEBSOCKET_NOT_SIZED');
  });
});

describe('selfHostedBreakpoints', () => {
  // Default: 3,360 req/s per step of 2 nodes; at s = 1 the peak is 1,000 req/s → steps every s = 3.36.
  const w = atPeak(1000);
  const STEP_COST = '99.28'; // 2 nodes × 730 h × $0.068

  it('lists the scale factors where the node count steps', () => {
    const bps = selfHostedBreakpoints(w, DEFAULT_SELF_HOSTED, dec('0.1'), dec(10));
    expect(bps.map((b) => b.toFixed())).toEqual(['3.36', '6.72']);
  });

  it('includes both ends of the range', () => {
    expect(selfHostedBreakpoints(w, DEFAULT_SELF_HOSTED, dec('3.36'), dec('6.72')).map((b) => b.toFixed())).toEqual(['3.36', '6.72']);
    expect(selfHostedBreakpoints(w, DEFAULT_SELF_HOSTED, dec('3.37'), dec('6.71'))).toEqual([]);
  });

  it('skips steps hidden under the minimum node count', () => {
    const c = cfg({ minNodes: 6 });
    const bps = selfHostedBreakpoints(w, c, dec(0), dec(20));
    expect(bps.map((b) => b.toFixed())).toEqual(['10.08', '13.44', '16.8']);
  });

  it('has none for zero traffic or an empty range', () => {
    expect(selfHostedBreakpoints(workload(0), DEFAULT_SELF_HOSTED, dec(0), dec(1000))).toEqual([]);
    expect(selfHostedBreakpoints(w, DEFAULT_SELF_HOSTED, dec(10), dec(1))).toEqual([]);
  });

  it('refuses a range with an absurd number of steps', () => {
    expect(() => selfHostedBreakpoints(w, DEFAULT_SELF_HOSTED, dec(0), dec('1e9'))).toThrow(RangeError);
  });

  it('agrees with the cost: flat up to a breakpoint, one node step just above it', () => {
    const costAt = (s: DecimalInput) => total(scaleWorkload(w, dec(s)), DEFAULT_SELF_HOSTED);
    for (const b of selfHostedBreakpoints(w, DEFAULT_SELF_HOSTED, dec('0.1'), dec(10))) {
      const below = costAt(b.minus('0.000001'));
      expect(costAt(b).toFixed()).toBe(below.toFixed());
      expect(costAt(b.plus('0.000001')).minus(below).toFixed()).toBe(STEP_COST);
    }
    expect(costAt('3.36').toFixed()).toBe('99.28');
    expect(costAt('3.360001').toFixed()).toBe('198.56');
  });

  const configArb = fc.record({
    compute: fc.constantFrom<'ec2' | 'fargate'>('ec2', 'fargate'),
    instanceType: fc.constantFrom('c6g.large', 'c7i.large', 't3.medium'),
    arch: fc.constantFrom<'x86' | 'arm'>('x86', 'arm'),
    rpsPerNode: fc.integer({ min: 50, max: 20_000 }),
    utilPercent: fc.integer({ min: 5, max: 100 }),
    minNodes: fc.integer({ min: 0, max: 7 }),
    availabilityZones: fc.integer({ min: 1, max: 4 }),
    opsHours: fc.integer({ min: 0, max: 40 }),
  });
  type ConfigRecord = typeof configArb extends fc.Arbitrary<infer T> ? T : never;
  const toConfig = (r: ConfigRecord): SelfHostedConfig =>
    cfg({
      compute: r.compute,
      instanceType: r.instanceType,
      fargate: { vcpu: dec(2), memoryGb: dec(4), arch: r.arch },
      rpsPerNode: dec(r.rpsPerNode),
      rpsPerNodeSource: 'property test',
      targetUtilisation: dec(r.utilPercent).div(100),
      minNodes: r.minNodes,
      availabilityZones: r.availabilityZones,
      opsHoursPerMonth: dec(r.opsHours),
      opsUsdPerHour: dec(90),
    });

  it('property: each breakpoint is the last point of a level, and they count every step', () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 0, max: 5_000_000_000 }), fc.integer({ min: 1, max: 5000 }), (r, requests, hi) => {
        const c = toConfig(r);
        const base = workload(requests);
        const sHi = dec(hi).div(100);
        const nodesAt = (s: Decimal) => nodesNeeded(peakRps(totalRequestsPerMonth(scaleWorkload(base, s)), base.shape), c);
        const bps = selfHostedBreakpoints(base, c, dec(0), sHi);
        for (let i = 1; i < bps.length; i++) expect(bps[i]!.gt(bps[i - 1]!)).toBe(true);
        for (const b of bps) {
          const level = nodesAt(b.times('0.999999'));
          expect(nodesAt(b.times('1.000001'))).toBe(level + r.availabilityZones);
        }
        // Steps between 0 and sHi (a breakpoint exactly at sHi steps after it: not counted).
        const stepsAtHi = bps.filter((b) => b.lt(sHi)).length;
        expect(nodesAt(sHi) - nodesAt(dec(0))).toBe(stepsAtHi * r.availabilityZones);
      }),
      { seed: 20261132 },
    );
  }, 60_000); // property runs: a time limit, not a speed target (the machine may be shared)

  it('property: the cost never decreases as traffic grows', () => {
    fc.assert(
      fc.property(
        configArb,
        fc.integer({ min: 0, max: 5_000_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (r, requests, a, b) => {
          const c = toConfig(r);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const base = workload(requests);
          const at = (s: number) => total(scaleWorkload(base, dec(s).div(1000)), c);
          expect(at(hi).gte(at(lo))).toBe(true);
        },
      ),
      { seed: 20261133 },
    );
  });
});
