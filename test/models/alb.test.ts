import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type Decimal, dec, sum } from '../../src/money/decimal.js';
import { loadPriceBook } from '../../src/prices/load.js';
import { albBreakpoints, albLcuPerHour, albLines, type LcuHourInput } from '../../src/models/alternatives/alb.js';
import { scaleWorkload } from '../../src/models/traffic.js';
import type { AlbConfig, ApiWorkload, TrafficShape, Workload } from '../../src/models/workload.js';

const book = await loadPriceBook('us-east-1');

function api(over: Partial<ApiWorkload> = {}): ApiWorkload {
  return {
    name: 'orders',
    type: undefined,
    requestsPerMonth: dec(0),
    requestBytes: dec(0),
    responseBytes: dec(0),
    maxRequestBytes: dec(0),
    maxResponseBytes: dec(0),
    messagesPerMonth: dec(0),
    messageBytes: dec(0),
    connectionMinutesPerMonth: dec(0),
    cacheSizeGb: undefined,
    privateEndpointAzs: undefined,
    wafRules: undefined,
    ...over,
  };
}

function workload(apis: ApiWorkload[], shape: Partial<TrafficShape> = {}): Workload {
  return {
    region: 'us-east-1',
    shape: {
      hoursPerMonth: dec(730),
      peakToAverage: dec(1),
      peakHoursPerDay: dec(0),
      requestsPerConnection: dec(5),
      connectionSeconds: dec(120),
      ...shape,
    },
    apis,
    freeTier: 'none',
    dataTransfer: { pricing: 'tiered', freeAllowance: false },
  };
}

const total = (lines: { cost: Decimal }[]): Decimal => sum(lines.map((l) => l.cost));
const NO_FREE = { freeTier: false };
const FREE = { freeTier: true };

/**
 * AWS's ALB pricing example, flat over a 730-hour month: 5 requests/s (13,140,000 a month),
 * 1 new connection/s (5 requests per connection) lasting 2 minutes, 60 rules, and
 * 300 KB/s processed (60,000 bytes per request: 10,000 in + 50,000 out).
 */
const awsExample = workload([api({ requestsPerMonth: dec(13_140_000), requestBytes: dec(10_000), responseBytes: dec(50_000) })]);
const exampleAlb: AlbConfig = { rules: 60, targetType: 'instance', publicIpv4Addresses: 0 };

const hourInput = (over: Partial<LcuHourInput>): LcuHourInput => ({
  requestsPerSecond: dec(0),
  newConnectionsPerSecond: dec(0),
  connectionSeconds: dec(0),
  webSocketConnections: dec(0),
  processedBytesPerHour: dec(0),
  rules: 0,
  targetType: 'instance',
  ...over,
});

describe('AWS ALB pricing example (https://aws.amazon.com/elasticloadbalancing/pricing/, "using pricing in the US-East-1 Region")', () => {
  it('verified (quoted in newrelic/nr1-cloud-optimize): 1 new conn/s × 2 min → 0.04 + 0.04 LCU; 5 req/s × (60 − 10) rules → 0.25 LCU', () => {
    const lcu = albLcuPerHour(
      hourInput({ requestsPerSecond: dec(5), newConnectionsPerSecond: dec(1), connectionSeconds: dec(120), rules: 60 }),
    );
    expect(lcu.newConnections.toFixed()).toBe('0.04');
    expect(lcu.activeConnections.toFixed()).toBe('0.04');
    expect(lcu.ruleEvaluations.toFixed()).toBe('0.25');
  });

  it('corroborated, not read on the pricing page (AWS for SAP blog 2025-01-07 and study notes): 300 KB/s → 1.08 GB/h → 1.08 LCU binds; $0.0225 + 1.08 × $0.008 = $0.03114/h', () => {
    const lcu = albLcuPerHour(
      hourInput({
        requestsPerSecond: dec(5),
        newConnectionsPerSecond: dec(1),
        connectionSeconds: dec(120),
        processedBytesPerHour: dec(300_000).times(3600),
        rules: 60,
      }),
    );
    expect(lcu.processedBytes.toFixed()).toBe('1.08');
    expect(lcu.max.toFixed()).toBe('1.08');
    expect(lcu.binding).toBe('processed bytes');
    const perHour = book.get('alb.hours').tiers[0]!.usdPerUnit.plus(lcu.max.times(book.get('alb.lcu-hours').tiers[0]!.usdPerUnit));
    expect(perHour.toFixed()).toBe('0.03114');
  });

  it('same example as a 730-hour month through albLines: $16.425 hours + 788.4 LCU-hours ($6.3072) = $22.73', () => {
    const { lines } = albLines(awsExample, exampleAlb, book, NO_FREE);
    expect(lines.map((l) => [l.component, l.quantity.toFixed(), l.cost.toFixed()])).toEqual([
      ['ALB hours', '730', '16.425'],
      ['ALB LCU-hours', '788.4', '6.3072'],
    ]);
    expect(lines[1]!.note).toContain('processed bytes binds');
    expect(total(lines).toFixed(2)).toBe('22.73');
  });
});

describe('albLcuPerHour: one dimension at a time', () => {
  it('new connections: 50/s ÷ 25 = 2 LCU', () => {
    const lcu = albLcuPerHour(hourInput({ newConnectionsPerSecond: dec(50) }));
    expect([lcu.newConnections.toFixed(), lcu.max.toFixed(), lcu.binding]).toEqual(['2', '2', 'new connections']);
  });

  it('active connections: 1/s × 600 s + 2,400 open WebSockets = 3,000 → 1 LCU', () => {
    const lcu = albLcuPerHour(hourInput({ newConnectionsPerSecond: dec(1), connectionSeconds: dec(600), webSocketConnections: dec(2400) }));
    expect([lcu.activeConnections.toFixed(), lcu.binding]).toEqual(['1', 'active connections']);
  });

  it('processed bytes: 10^9 bytes/h is 1 LCU for instance and IP targets, 2.5 LCU for Lambda (0.4 GB per LCU)', () => {
    const bytes = { processedBytesPerHour: dec(10).pow(9) };
    expect(albLcuPerHour(hourInput({ ...bytes, targetType: 'instance' })).processedBytes.toFixed()).toBe('1');
    expect(albLcuPerHour(hourInput({ ...bytes, targetType: 'ip' })).processedBytes.toFixed()).toBe('1');
    expect(albLcuPerHour(hourInput({ ...bytes, targetType: 'lambda' })).processedBytes.toFixed()).toBe('2.5');
  });

  it('rule evaluations: the first 10 rules are free; 1,000 req/s × (11 − 10) = 1 LCU', () => {
    for (const rules of [0, 5, 10]) {
      expect(albLcuPerHour(hourInput({ requestsPerSecond: dec(1000), rules })).ruleEvaluations.toFixed()).toBe('0');
    }
    const lcu = albLcuPerHour(hourInput({ requestsPerSecond: dec(1000), rules: 11 }));
    expect([lcu.ruleEvaluations.toFixed(), lcu.binding]).toEqual(['1', 'rule evaluations']);
  });
});

describe('albLines', () => {
  it('peak and off-peak hour classes (1.5× for 12 h a day) sum to the flat month', () => {
    const shaped = { ...awsExample, shape: { ...awsExample.shape, peakToAverage: dec('1.5'), peakHoursPerDay: dec(12) } };
    const lcu = albLines(shaped, exampleAlb, book, NO_FREE).lines.filter((l) => l.component.startsWith('ALB LCU-hours'));
    // Peak: 365 h × 1.62 LCU; off-peak: 365 h at 0.5× the mean → 0.54 LCU.
    expect(lcu.map((l) => [l.component, l.quantity.toFixed(), l.cost.toFixed()])).toEqual([
      ['ALB LCU-hours (peak hours)', '591.3', '4.7304'],
      ['ALB LCU-hours (off-peak hours)', '197.1', '1.5768'],
    ]);
    expect(total(lcu).toFixed()).toBe('6.3072');
  });

  it('off-peak hours with no traffic left (peak × hours = 24) cost no LCUs', () => {
    const shaped = { ...awsExample, shape: { ...awsExample.shape, peakToAverage: dec(2), peakHoursPerDay: dec(12) } };
    const lcu = albLines(shaped, exampleAlb, book, NO_FREE).lines.filter((l) => l.component.startsWith('ALB LCU-hours'));
    expect(lcu.map((l) => [l.quantity.toFixed(), l.cost.toFixed()])).toEqual([
      ['788.4', '6.3072'],
      ['0', '0'],
    ]);
  });

  it('WebSocket messages count as processed bytes and connection-minutes as active connections', () => {
    // 2.628 × 10^12 bytes over 730 h = 3.6 GB/h; 131,400,000 connection-minutes / 43,800 min = 3,000 open.
    const ws = workload([
      api({ messagesPerMonth: dec(2_628_000_000), messageBytes: dec(1000), connectionMinutesPerMonth: dec(131_400_000) }),
    ]);
    const line = albLines(ws, exampleAlb, book, NO_FREE).lines[1]!;
    expect(line.note).toContain('processed bytes 3.6,');
    expect(line.note).toContain('active connections 1,');
    expect(line.quantity.toFixed()).toBe('2628');
    // WebSocket traffic follows the shape too: 2× for 12 h a day leaves the other 12 h idle.
    const shaped = { ...ws, shape: { ...ws.shape, peakToAverage: dec(2), peakHoursPerDay: dec(12) } };
    const lcu = albLines(shaped, exampleAlb, book, NO_FREE).lines.filter((l) => l.component.startsWith('ALB LCU-hours'));
    expect(lcu.map((l) => l.quantity.toFixed())).toEqual(['2628', '0']);
  });

  it('public IPv4: 2 addresses × 730 h × $0.005 = $7.30', () => {
    const { lines } = albLines(awsExample, { ...exampleAlb, publicIpv4Addresses: 2 }, book, NO_FREE);
    const ip = lines.find((l) => l.component === 'Public IPv4 addresses')!;
    expect([ip.quantity.toFixed(), ip.cost.toFixed(2), ip.source.priceId]).toEqual(['1460', '7.30', 'vpc.public-ipv4']);
  });

  it('legacy free tier: credits equal use below the allowance (730 of 750 hours, 788.4 of 10,950 LCU-hours)', () => {
    const { lines } = albLines(awsExample, exampleAlb, book, FREE);
    const credits = lines.filter((l) => l.cost.isNegative());
    expect(credits.map((l) => [l.component, l.quantity.toFixed(), l.cost.toFixed()])).toEqual([
      ['ALB hours: legacy free tier', '-730', '-16.425'],
      ['ALB LCU-hours: legacy free tier', '-788.4', '-6.3072'],
    ]);
    expect(total(lines).toFixed()).toBe('0');
  });

  it('legacy free tier: credits are capped at the allowance (10,950 LCU-hours) when use exceeds it', () => {
    const big = scaleWorkload(awsExample, dec(100)); // 78,840 LCU-hours
    const { lines } = albLines(big, exampleAlb, book, FREE);
    const credit = lines.find((l) => l.component === 'ALB LCU-hours: legacy free tier')!;
    expect([credit.quantity.toFixed(), credit.cost.toFixed()]).toEqual(['-10950', '-87.6']);
    expect(total(lines).toFixed(4)).toBe('543.1200'); // 78,840 × 0.008 − 87.6
  });

  it('no free tier line for LCU-hours when nothing is used; the hours credit still applies', () => {
    const { lines } = albLines(workload([api()]), exampleAlb, book, FREE);
    expect(lines.map((l) => l.component)).toEqual(['ALB hours', 'ALB LCU-hours', 'ALB hours: legacy free tier']);
  });

  it('adds no WAF lines: WAF in front of the ALB is priced once, by pricing/waf.ts in the option assembly', () => {
    const { lines } = albLines(workload([api({ requestsPerMonth: dec(1000), wafRules: 5 })]), exampleAlb, book, NO_FREE);
    expect(lines.map((l) => l.source.priceId)).toEqual(['alb.hours', 'alb.lcu-hours']);
  });
});

describe('ALB findings', () => {
  const lambda: AlbConfig = { ...exampleAlb, targetType: 'lambda' };
  const codes = (w: Workload, alb: AlbConfig): string[] => albLines(w, alb, book, NO_FREE).findings.map((f) => f.code);

  it('PAYLOAD_OVER_ALB_LAMBDA_LIMIT above 1,048,576 bytes, naming the API; not at the limit or for instance targets', () => {
    const over = workload([
      api({ name: 'uploads', maxRequestBytes: dec(1_048_577) }),
      api({ name: 'fine', maxResponseBytes: dec(1_048_576) }),
    ]);
    const { findings } = albLines(over, lambda, book, NO_FREE);
    expect(findings.map((f) => [f.code, f.level])).toEqual([['PAYLOAD_OVER_ALB_LAMBDA_LIMIT', 'warn']]);
    expect(findings[0]!.message).toContain('"uploads"');
    expect(codes(workload([api({ maxResponseBytes: dec(2_000_000) })]), lambda)).toEqual(['PAYLOAD_OVER_ALB_LAMBDA_LIMIT']);
    expect(codes(over, exampleAlb)).toEqual([]);
  });

  it('ALB_LAMBDA_NO_WEBSOCKET (error) with Lambda targets and WebSocket messages only', () => {
    const ws = workload([api({ name: 'chat', messagesPerMonth: dec(1) })]);
    const { findings } = albLines(ws, lambda, book, NO_FREE);
    expect(findings.map((f) => [f.code, f.level])).toEqual([['ALB_LAMBDA_NO_WEBSOCKET', 'error']]);
    expect(findings[0]!.message).toContain('"chat"');
    expect(codes(ws, exampleAlb)).toEqual([]);
  });
});

/** Cost of the ALB option at scale s. */
const albCost = (w: Workload, alb: AlbConfig, freeTier: boolean, s: Decimal): Decimal =>
  total(albLines(scaleWorkload(w, s), alb, book, { freeTier }).lines);

/** Equal up to Decimal's 40-significant-digit working precision (divisions round there). */
const EPS = dec('1e-20');
const same = (a: Decimal, b: Decimal): boolean => a.minus(b).abs().lte(EPS);

describe('albBreakpoints', () => {
  it('no breakpoint without the free tier; with it, where free LCU-hours run out: 10,950 ÷ 788.4', () => {
    expect(albBreakpoints(awsExample, exampleAlb, book, NO_FREE)).toEqual([]);
    const bps = albBreakpoints(awsExample, exampleAlb, book, FREE);
    expect(bps.map((b) => b.toFixed(10))).toEqual(['13.8888888889']);
    expect(albBreakpoints(workload([api()]), exampleAlb, book, FREE)).toEqual([]);
  });

  it('the breakpoint is a real kink: across it the cost is not linear', () => {
    const b = albBreakpoints(awsExample, exampleAlb, book, FREE)[0]!;
    const [lo, hi] = [b.div(2), b.times(2)];
    const mid = albCost(awsExample, exampleAlb, true, lo.plus(hi).div(2));
    const mean = albCost(awsExample, exampleAlb, true, lo)
      .plus(albCost(awsExample, exampleAlb, true, hi))
      .div(2);
    // Net cost is $0.008 × max(0, L(s) − 10,950): 0 at b/2, $87.60 at 2b, $21.90 at 1.25b (mean $43.80).
    expect(mean.minus(mid).toFixed(4)).toBe('21.9000');
  });
});

describe('ALB cost properties (fast-check)', () => {
  const scenario = fc
    .record({
      requests: fc.bigInt({ min: 0n, max: 100_000_000_000n }),
      requestBytes: fc.integer({ min: 0, max: 2_000_000 }),
      responseBytes: fc.integer({ min: 0, max: 2_000_000 }),
      messages: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
      messageBytes: fc.integer({ min: 0, max: 100_000 }),
      connectionMinutes: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
      peakTenths: fc.integer({ min: 10, max: 60 }),
      peakHoursSeed: fc.integer({ min: 0, max: 24 }),
      requestsPerConnection: fc.integer({ min: 1, max: 500 }),
      connectionSeconds: fc.integer({ min: 1, max: 4000 }),
      rules: fc.integer({ min: 0, max: 100 }),
      targetType: fc.constantFrom<AlbConfig['targetType']>('instance', 'ip', 'lambda'),
      ipv4: fc.integer({ min: 0, max: 3 }),
      freeTier: fc.boolean(),
    })
    .map((r) => {
      const peak = dec(r.peakTenths).div(10);
      const peakHours = Math.min(r.peakHoursSeed, Math.floor(240 / r.peakTenths)); // P × F ≤ 24
      const w = workload(
        [
          api({
            requestsPerMonth: dec(r.requests.toString()),
            requestBytes: dec(r.requestBytes),
            responseBytes: dec(r.responseBytes),
            messagesPerMonth: dec(r.messages.toString()),
            messageBytes: dec(r.messageBytes),
            connectionMinutesPerMonth: dec(r.connectionMinutes.toString()),
          }),
        ],
        {
          peakToAverage: peak,
          peakHoursPerDay: dec(peakHours),
          requestsPerConnection: dec(r.requestsPerConnection),
          connectionSeconds: dec(r.connectionSeconds),
        },
      );
      const alb: AlbConfig = { rules: r.rules, targetType: r.targetType, publicIpv4Addresses: r.ipv4 };
      return { w, alb, freeTier: r.freeTier };
    });
  const scale = fc.integer({ min: 0, max: 1_000_000 }).map((n) => dec(n).div(1000)); // 0 … 1,000

  it('cost never decreases as traffic scales up, and free-tier credits never exceed use', () => {
    fc.assert(
      fc.property(scenario, scale, scale, ({ w, alb, freeTier }, s1, s2) => {
        const [lo, hi] = s1.lte(s2) ? [s1, s2] : [s2, s1];
        expect(
          albCost(w, alb, freeTier, hi)
            .minus(albCost(w, alb, freeTier, lo))
            .gte(EPS.neg()),
        ).toBe(true);
        const { lines } = albLines(scaleWorkload(w, hi), alb, book, { freeTier });
        const quantity = (prefix: string): Decimal => sum(lines.filter((l) => l.component.startsWith(prefix)).map((l) => l.quantity));
        for (const billed of ['ALB hours', 'ALB LCU-hours']) {
          const credit = lines.find((l) => l.component === `${billed}: legacy free tier`);
          // A credit is ≤ 0, and billed + credit (lines sharing the prefix) stays ≥ 0: never more than use.
          if (credit) expect(credit.quantity.lte(0) && quantity(billed).gte(0)).toBe(true);
        }
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });

  it('between consecutive breakpoints the cost is linear: cost at the midpoint = mean of the ends', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }), ({ w, alb, freeTier }, t1, t2) => {
        const bps = albBreakpoints(w, alb, book, { freeTier });
        const edges = [dec(0), ...bps, bps.length > 0 ? bps[bps.length - 1]!.times(3) : dec(50)];
        for (let i = 0; i + 1 < edges.length; i++) {
          const [a, b] = [edges[i]!, edges[i + 1]!];
          // The whole interval, and a random sub-interval of it.
          const x = a.plus(b.minus(a).times(Math.min(t1, t2)).div(1000));
          const y = a.plus(b.minus(a).times(Math.max(t1, t2)).div(1000));
          for (const [p, q] of [
            [a, b],
            [x, y],
          ] as const) {
            const mid = albCost(w, alb, freeTier, p.plus(q).div(2));
            const mean = albCost(w, alb, freeTier, p)
              .plus(albCost(w, alb, freeTier, q))
              .div(2);
            expect(same(mid, mean)).toBe(true);
          }
        }
      }),
      { numRuns: 200, seed: 20261131 },
    );
  });
});
