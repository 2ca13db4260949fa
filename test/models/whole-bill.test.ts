import { describe, expect, it } from 'vitest';
import { Decimal, sum } from '../../src/money/decimal.js';
import { roundUsd } from '../../src/money/format.js';
import { estimate, totalOf } from '../../src/models/estimate.js';
import { fromHistogram, fromMix } from '../../src/models/payload/distribution.js';
import { expectedMeteredUnits } from '../../src/models/payload/metering.js';
import { apigwLines, httpUnitsPerRequest } from '../../src/models/pricing/apigateway.js';
import type { LineItem } from '../../src/models/types.js';
import type { ApiWorkload, Workload } from '../../src/models/workload.js';
import { loadPriceBook } from '../../src/prices/load.js';
import { baseWorkload, defaultAlternatives, emptyApi } from '../../src/scenario/defaults.js';

const book = await loadPriceBook('us-east-1');
const d = (x: string | number) => new Decimal(x);
const KB = 1024;
const MB = 1024 * 1024;
const cents = (x: Decimal) => roundUsd(x).toFixed(2);
const range = { lo: d('0.001'), hi: d(1000) };

function api(name: string, type: ApiWorkload['type'], partial: Partial<ApiWorkload> = {}): ApiWorkload {
  return { ...emptyApi(name, type), ...partial };
}
const lines = (w: Workload, mode: 'rest' | 'http' | 'as-configured' = 'as-configured') => apigwLines(w, mode, book).lines;
const costOf = (ls: LineItem[], prefix: string) => sum(ls.filter((l) => l.component.startsWith(prefix)).map((l) => l.cost));

describe('fixed costs stand without traffic', () => {
  // hand-computed from the us-east-1 snapshot: REST $3.50/M; 237 GB cache $3.80/h × 730 h = $2,774.00;
  // web ACL $5.00 + 3 rules × $1.00 = $8.00; no requests to inspect: $0.00
  const idle = () =>
    baseWorkload([
      api('orders', 'rest', { requestsPerMonth: d(1_000_000), responseBytes: d(0) }),
      api('reports', 'rest', { requestsPerMonth: d(0), cacheSizeGb: '237', wafRules: 3 }),
    ]);

  it('an idle REST API with a 237 GB cache and 3 WAF rules still pays them: $3.50 + $2,774.00 + $8.00 = $2,785.50', () => {
    const ls = lines(idle());
    expect(cents(costOf(ls, 'REST API requests'))).toBe('3.50');
    expect(cents(costOf(ls, 'REST API cache 237 GB (reports)'))).toBe('2774.00');
    expect(cents(costOf(ls, 'AWS WAF web ACL (reports)'))).toBe('5.00');
    expect(cents(costOf(ls, 'AWS WAF rules (reports: 3 rules)'))).toBe('3.00');
    expect(cents(costOf(ls, 'AWS WAF requests inspected'))).toBe('0.00');
    expect(cents(totalOf(ls))).toBe('2785.50');
  });

  it('the verdict follows the whole bill: with the idle API priced, ALB + SSO is cheaper than API Gateway', () => {
    const alt = defaultAlternatives();
    const est = estimate({ workload: idle(), alternatives: alt, options: ['apigw', 'alb-sso'], book, breakEvenRange: range });
    const apigw = est.options.find((o) => o.id === 'apigw')!;
    expect(apigw.priced && cents(apigw.total)).toBe('2785.50');
    expect(est.cheapest).toBe('alb-sso');
    // without the idle API's fixed costs API Gateway would have been cheapest (its $3.50 against the ALB's hours)
    const albSso = est.options.find((o) => o.id === 'alb-sso')!;
    expect(albSso.priced && albSso.total.gt('3.50')).toBe(true);
  });

  it('an idle API alone: a whole estimate of fixed costs', () => {
    const w = baseWorkload([api('reports', 'rest', { requestsPerMonth: d(0), cacheSizeGb: '237', wafRules: 3 })]);
    expect(cents(totalOf(lines(w)))).toBe('2782.00');
    expect(cents(totalOf(lines({ ...w, apis: [{ ...w.apis[0]!, type: undefined }] }, 'rest')))).toBe('2782.00');
  });
});

describe('AWS WAF as billed: web ACLs with their rules, associated to APIs', () => {
  const two = (acls?: Workload['webAcls'], rules: [number | undefined, number | undefined] = [5, 10]) => ({
    ...baseWorkload([
      api('a', 'rest', { requestsPerMonth: d(0), wafRules: rules[0] }),
      api('b', 'rest', { requestsPerMonth: d(0), wafRules: rules[1] }),
    ]),
    webAcls: acls,
  });
  const wafFixed = (w: Workload) => costOf(lines(w), 'AWS WAF web ACL').plus(costOf(lines(w), 'AWS WAF rules'));

  it('two REST APIs with 5 and 10 rules are two web ACLs: 2 × $5 + 15 × $1 = $25.00', () => {
    const w = two();
    expect(
      lines(w)
        .filter((l) => l.component.startsWith('AWS WAF web ACL'))
        .map((l) => l.component),
    ).toEqual(['AWS WAF web ACL (a)', 'AWS WAF web ACL (b)']);
    expect(cents(wafFixed(w))).toBe('25.00');
  });

  it('one web ACL shared by both (10 rules, a rule group, two managed groups): $5 + 13 × $1 = $18.00, requests of both inspected', () => {
    const w = two(
      [
        {
          name: 'edge',
          rules: 10,
          ruleGroups: 1,
          managedRuleGroups: [
            { name: 'AWSManagedRulesCommonRuleSet', vendor: 'AWS' },
            { name: 'AWSManagedRulesKnownBadInputsRuleSet', vendor: 'AWS' },
          ],
          protects: ['a', 'b'],
        },
      ],
      [undefined, undefined],
    );
    w.apis[0]!.requestsPerMonth = d(3_000_000);
    w.apis[1]!.requestsPerMonth = d(7_000_000);
    const ls = lines(w);
    expect(cents(wafFixed(w))).toBe('18.00');
    // 10M requests × $0.60/M
    expect(cents(costOf(ls, 'AWS WAF requests inspected (edge)'))).toBe('6.00');
  });

  it('AWS Bot Control adds its own fees ($10 per ACL, requests beyond 10M at $1/M); Marketplace and Fraud Control groups are said not priced', () => {
    const w = two(
      [
        {
          name: 'bots',
          rules: 0,
          ruleGroups: 0,
          managedRuleGroups: [
            { name: 'AWSManagedRulesBotControlRuleSet', vendor: 'AWS', inspectionLevel: 'common' },
            { name: 'AWSManagedRulesATPRuleSet', vendor: 'AWS' },
            { name: 'SomeSellerRuleSet', vendor: 'F5' },
          ],
          protects: ['a'],
        },
      ],
      [undefined, undefined],
    );
    w.apis[0]!.requestsPerMonth = d(25_000_000);
    const r = apigwLines(w, 'as-configured', book);
    // $5 + 3 rules + $10 Bot Control + (25M − 10M free) × $1/M + 25M × $0.60/M
    expect(cents(costOf(r.lines, 'AWS WAF Bot Control (bots)'))).toBe('10.00');
    expect(cents(costOf(r.lines, 'AWS WAF Bot Control requests analysed'))).toBe('15.00');
    expect(cents(costOf(r.lines, 'AWS WAF'))).toBe(cents(d(5 + 3 + 10 + 15 + 15)));
    expect(r.findings.filter((f) => f.code === 'WAF_MANAGED_GROUP_NOT_PRICED')).toHaveLength(2);
  });
});

describe('shared endpoints and VPC links', () => {
  it('two private REST APIs in one VPC share one execute-api endpoint: 2 AZ × 730 h × $0.01 = $14.60 (not $29.20)', () => {
    const mk = (vpc: string | undefined) =>
      baseWorkload([
        api('billing', 'rest', { requestsPerMonth: d(1_000_000), privateEndpointAzs: 2, privateVpc: vpc }),
        api('ledger', 'rest', { requestsPerMonth: d(1_000_000), privateEndpointAzs: 2, privateVpc: vpc }),
      ]);
    expect(cents(costOf(lines(mk('core')), 'Interface VPC endpoint execute-api'))).toBe('14.60');
    expect(lines(mk('core')).find((l) => l.component.startsWith('Interface VPC endpoint execute-api'))!.component).toBe(
      'Interface VPC endpoint execute-api, 2 AZ (VPC core: billing, ledger)',
    );
    // without a VPC each API is in its own VPC, as before
    expect(cents(costOf(lines(mk(undefined)), 'Interface VPC endpoint execute-api'))).toBe('29.20');
  });

  it('NLB behind a REST VPC link: 730 h × $0.0225 + 1,024 NLCU-h × $0.006 = $16.425 + $6.144 = $22.57', () => {
    // 100M requests of 2 KB + 8 KB: 1,024 GB (10^9 bytes) processed, the binding NLCU dimension in every hour class
    const w: Workload = {
      ...baseWorkload([api('orders', 'rest', { requestsPerMonth: d(100_000_000), requestBytes: d(2 * KB), responseBytes: d(8 * KB) })]),
      vpcLinks: [{ name: 'backend', apis: ['orders'] }],
    };
    const ls = lines(w);
    const hours = ls.find((l) => l.component.startsWith('Network Load Balancer of VPC link backend'))!;
    const lcu = ls.find((l) => l.component.startsWith('Network Load Balancer capacity units'))!;
    expect([hours.quantity.toFixed(), hours.unitPrice.toFixed(), hours.cost.toFixed()]).toEqual(['730', '0.0225', '16.425']);
    expect(lcu.quantity.toDecimalPlaces(9).toFixed()).toBe('1024');
    expect(cents(lcu.cost)).toBe('6.14');
    expect(cents(hours.cost.plus(lcu.cost))).toBe('22.57');
    // an HTTP API's VPC link has no charge of its own
    const http: Workload = { ...w, apis: [{ ...w.apis[0]!, type: 'http' }] };
    expect(lines(http).some((l) => l.component.startsWith('Network Load Balancer'))).toBe(false);
  });
});

describe('CloudWatch: logs and detailed metrics', () => {
  it('logs: 10M requests, 1 KB access + ERROR execution logs of 4 KB for 1 % → 9.918 GB × $0.50 = $4.96; 30 days kept → 9.782 GB-month × $0.03 = $0.29', () => {
    const w = baseWorkload([
      api('orders', 'rest', {
        requestsPerMonth: d(10_000_000),
        logs: {
          access: { bytesPerRequest: d(KB) },
          execution: { level: 'error', bytesPerRequest: d(4 * KB), errorShare: d('0.01') },
          retentionDays: 30,
        },
      }),
    ]);
    const ls = lines(w);
    const ingest = ls.find((l) => l.component.startsWith('CloudWatch Logs ingestion'))!;
    const store = ls.find((l) => l.component.startsWith('CloudWatch Logs storage'))!;
    // (10M × 1,024 + 10M × 0.01 × 4,096) bytes ÷ 2^30 = 9.918212890625 GB
    expect(ingest.quantity.toFixed()).toBe('9.918212890625');
    expect(cents(ingest.cost)).toBe('4.96');
    // 30 of 30.41666… days a month held: 9.918212890625 × 720 ÷ 730
    expect(store.quantity.toDecimalPlaces(6).toFixed()).toBe('9.782347');
    expect(cents(store.cost)).toBe('0.29');
    // HTTP APIs write no execution logs: only the access logs remain, and a finding says so
    const r = apigwLines({ ...w, apis: [{ ...w.apis[0]!, type: 'http' }] }, 'as-configured', book);
    expect(r.lines.find((l) => l.component.startsWith('CloudWatch Logs ingestion'))!.quantity.toFixed()).toBe('9.5367431640625');
    expect(r.findings.map((f) => f.code)).toContain('EXECUTION_LOGS_NOT_SUPPORTED');
  });

  it('detailed metrics: 20 REST methods × 5 metrics × $0.30 = $30.00; 2,500 methods cross the 10,000-metric tier: $3,000 + 2,500 × $0.10 = $3,250.00', () => {
    const w = (methods: number) => baseWorkload([api('orders', 'rest', { requestsPerMonth: d(1_000_000), detailedMetrics: { methods } })]);
    expect(cents(costOf(lines(w(20)), 'CloudWatch detailed metrics'))).toBe('30.00');
    expect(cents(costOf(lines(w(2500)), 'CloudWatch detailed metrics'))).toBe('3250.00');
  });
});

describe('WebSocket data transfer out', () => {
  it('40M messages of 4 KB, half sent to clients: 76.29 GB × $0.09 = $6.87', () => {
    const w = baseWorkload([
      api('chat', 'websocket', { messagesPerMonth: d(40_000_000), messageBytes: d(4 * KB), wsOutboundShare: d('0.5') }),
    ]);
    const dto = lines(w).find((l) => l.component.startsWith('Data transfer out'))!;
    expect(dto.quantity.toFixed()).toBe('76.2939453125');
    expect(cents(dto.cost)).toBe('6.87');
  });
});

describe('per-request metering from a payload distribution', () => {
  it('90 % of 10 KB and 10 % of 1.5 MB: 0.9 × 1 + 0.1 × 3 = 1.2 units per request, not ⌈mean / 512 KB⌉ = 1', () => {
    const mix = fromMix([
      { size: 10 * KB, share: 0.9 },
      { size: 1.5 * MB, share: 0.1 },
    ]);
    expect(expectedMeteredUnits(mix, 512 * KB, 10 * MB)).toEqual({ value: d('1.2'), atMost: false });
    const mean = d(0.9 * 10 * KB + 0.1 * 1.5 * MB);
    const a = api('files', 'http', { requestsPerMonth: d(10_000_000), requestBytes: mean, responseBytes: d(0) });
    expect(httpUnitsPerRequest(a)).toEqual({ value: d(1), from: 'mean', atMost: false });
    const r = apigwLines(baseWorkload([{ ...a, requestSizes: mix }]), 'as-configured', book);
    const http = r.lines.find((l) => l.component.startsWith('HTTP API requests'))!;
    expect(http.component).toBe('HTTP API requests (metered per request from the payload distribution)');
    expect([http.quantity.toFixed(), cents(http.cost)]).toEqual(['12000000', '12.00']);
    expect(r.findings.find((f) => f.code === 'METERED_FROM_DISTRIBUTION')!.message).toContain('1.2 units each');
    // the mean-based figure only without a distribution, and the output says so
    const plain = apigwLines(baseWorkload([a]), 'as-configured', book);
    expect(plain.lines[0]!.quantity.toFixed()).toBe('10000000');
    expect(plain.assumptions.join(' ')).toContain('no payload distribution given');
  });

  it('agrees with a request-by-request count over a histogram (an independent check)', () => {
    const h = fromHistogram([
      { upTo: 100 * KB, share: 0.7 },
      { upTo: 2 * MB, share: 0.3 },
    ]);
    // 70 % spread over (0, 100 KB]: 1 unit; 30 % spread evenly over (100 KB, 2 MB]: ⌈s / 512 KB⌉
    const n = 2_000_000;
    let units = 0;
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      const size = u < 0.7 ? (u / 0.7) * 100 * KB : 100 * KB + ((u - 0.7) / 0.3) * (2 * MB - 100 * KB);
      units += Math.max(1, Math.ceil(size / (512 * KB)));
    }
    expect(expectedMeteredUnits(h, 512 * KB, 10 * MB).value.toNumber()).toBeCloseTo(units / n, 5);
  });

  it('WebSocket messages metered per message in 32 KB units from a distribution', () => {
    const mix = fromMix([
      { size: 2 * KB, share: 0.5 },
      { size: 100 * KB, share: 0.5 },
    ]);
    const w = baseWorkload([api('chat', 'websocket', { messagesPerMonth: d(1_000_000), messageSizes: mix, wsOutboundShare: d(0) })]);
    // 0.5 × 1 + 0.5 × ⌈100/32⌉ = 0.5 + 2 = 2.5 units per message
    const ws = lines(w).find((l) => l.component.startsWith('WebSocket messages'))!;
    expect(ws.quantity.toFixed()).toBe('2500000');
  });
});

describe('cost per API: tiers are account-wide, split in proportion', () => {
  it('REST tiers reached by 300M + 100M are split 3:1, and the shares add up to the bill', () => {
    const w = baseWorkload([
      api('big', 'rest', { requestsPerMonth: d(300_000_000), responseBytes: d(0) }),
      api('small', 'rest', { requestsPerMonth: d(100_000_000), responseBytes: d(0) }),
    ]);
    const est = estimate({ workload: w, alternatives: defaultAlternatives(), options: ['apigw'], book, breakEvenRange: range });
    const o = est.options[0]!;
    if (!o.priced) throw new Error('not priced');
    // 333M × $3.50/M + 67M × $2.80/M = $1,165.50 + $187.60 = $1,353.10; 3/4 and 1/4 of it
    expect(cents(o.total)).toBe('1353.10');
    expect(o.byApi!.apis.map((a) => [a.api, a.cost.toFixed()])).toEqual([
      ['big', '1014.825'],
      ['small', '338.275'],
    ]);
    expect(
      sum(o.byApi!.apis.map((a) => a.cost))
        .plus(o.byApi!.unattributed)
        .eq(o.total),
    ).toBe(true);
  });

  it('per stage: the same API listed for two stages is costed per stage; a shared web ACL is split evenly', () => {
    const w: Workload = {
      ...baseWorkload([
        api('orders', 'rest', { stage: 'prod', requestsPerMonth: d(9_000_000), responseBytes: d(0) }),
        api('orders', 'rest', { stage: 'dev', requestsPerMonth: d(1_000_000), responseBytes: d(0) }),
      ]),
      webAcls: [{ name: 'edge', rules: 5, ruleGroups: 0, managedRuleGroups: [], protects: ['orders'] }],
    };
    const est = estimate({ workload: w, alternatives: defaultAlternatives(), options: ['apigw'], book, breakEvenRange: range });
    const o = est.options[0]!;
    if (!o.priced) throw new Error('not priced');
    // prod: 9M × $3.50/M + ($5 + $5) / 2 + 9M × $0.60/M = 31.50 + 5.00 + 5.40; dev: 3.50 + 5.00 + 0.60
    expect(o.byApi!.apis.map((a) => [a.api, cents(a.cost)])).toEqual([
      ['orders/prod', '41.90'],
      ['orders/dev', '9.10'],
    ]);
  });
});
