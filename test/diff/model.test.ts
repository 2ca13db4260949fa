import { describe, expect, it } from 'vitest';
import { diffSides } from '../../src/models/diff/diff.js';
import { sideFromInventory } from '../../src/models/diff/sides.js';
import { judgeCostIncrease, judgeQuotaCrossing, judgeRiskIncrease } from '../../src/models/gates/diff-gates.js';
import type { DiffSide } from '../../src/models/diff/types.js';

const side = (over: Partial<DiffSide>): DiffSide => ({
  label: 'x',
  kind: 'check',
  costs: null,
  quotas: null,
  throttles: null,
  risk: null,
  ...over,
});

const base = side({
  label: 'base',
  costs: [
    {
      id: 'apigw',
      label: 'API Gateway (as configured)',
      monthlyUsd: '5150.10',
      lines: [
        { key: 'REST API requests · first 333M', component: 'REST API requests', tier: 'first 333M', costUsd: '1165.50' },
        { key: 'Cache', component: 'Cache', tier: '', costUsd: '14.60' },
      ],
    },
    { id: 'alb-sso', label: 'ALB + SSO', monthlyUsd: '900', lines: null },
  ],
  quotas: [
    { id: 'L-01C8A9E0:orders', name: 'Resources per REST API (orders)', used: 260, limit: 300, unit: 'resources' },
    { id: 'L-8A5B8E43', name: 'Throttle rate', used: 4000, limit: 10000, unit: 'req/s' },
  ],
  throttles: [{ id: 'usage-plan:basic', label: 'usage plan basic', rate: 100, burst: 200 }],
  risk: { window: '1-min window', pAnyBusiestWindow: 0.001, expectedThrottled: 2 },
});

const head = side({
  label: 'head',
  costs: [
    {
      id: 'apigw',
      label: 'API Gateway (as configured)',
      monthlyUsd: '5562.10',
      lines: [
        { key: 'REST API requests · first 333M', component: 'REST API requests', tier: 'first 333M', costUsd: '1165.50' },
        { key: 'Cache', component: 'Cache', tier: '', costUsd: '14.60' },
        { key: 'AWS WAF web ACL', component: 'AWS WAF web ACL', tier: '', costUsd: '412.00' },
      ],
    },
    { id: 'alb-sso', label: 'ALB + SSO', monthlyUsd: '900', lines: null },
  ],
  quotas: [
    { id: 'L-01C8A9E0:orders', name: 'Resources per REST API (orders)', used: 300 - 10 + 0, limit: 300, unit: 'resources' },
    { id: 'L-8A5B8E43', name: 'Throttle rate', used: 4000, limit: 10000, unit: 'req/s' },
  ],
  throttles: [{ id: 'usage-plan:basic', label: 'usage plan basic', rate: 50, burst: 100 }],
  risk: { window: '1-min window', pAnyBusiestWindow: 0.042, expectedThrottled: 310 },
});

describe('diff model', () => {
  it('states cost, quota and risk changes in one headline, exact to the cent', () => {
    const d = diffSides(base, head);
    // 5562.10 − 5150.10 = 412.00; 412 / 5150.10 = 8.0 %
    expect(d.headline).toBe(
      'API Gateway (as configured): +$412.00/month (+8 %), 1 quota under 10 % headroom, 1 throttle changed, 429 risk 0.1 % → 4.2 %',
    );
    expect(d.costs).toHaveLength(1);
    expect(d.costs![0]).toMatchObject({ id: 'apigw', beforeUsd: '5150.1', afterUsd: '5562.1', deltaUsd: '412' });
    expect(d.costs![0]!.lines).toEqual([
      {
        key: 'AWS WAF web ACL',
        component: 'AWS WAF web ACL',
        tier: '',
        beforeUsd: null,
        afterUsd: '412',
        deltaUsd: '412',
        change: 'added',
      },
    ]);
    expect(d.unchangedHidden).toEqual({ costs: 1, costLines: 2, quotas: 1, throttles: 0 });
    // 260/300 → 13.3 % headroom; 290/300 → 3.3 %: crossed 10 %
    expect(d.quotas![0]).toMatchObject({ id: 'L-01C8A9E0:orders', crossed: true, under: true, change: 'changed' });
    expect(d.quotas![0]!.before!.headroomPercent).toBeCloseTo(13.333, 3);
    expect(d.quotas![0]!.after!.headroomPercent).toBeCloseTo(3.333, 3);
    expect(d.throttles![0]).toMatchObject({ before: { rate: 100, burst: 200 }, after: { rate: 50, burst: 100 }, change: 'changed' });
  });

  it('a report diffed with itself is empty, and --show-unchanged lists every row', () => {
    const d = diffSides(head, head);
    expect(d.empty).toBe(true);
    expect(d.headline).toBe('no change in cost, quotas, throttles or 429 risk');
    expect(d.costs).toEqual([]);
    expect(d.risk).toBeNull();
    const all = diffSides(head, head, { showUnchanged: true });
    expect(all.costs!.map((c) => c.change)).toEqual(['unchanged', 'unchanged']);
    expect(all.costs![0]!.lines).toHaveLength(3);
    expect(all.quotas).toHaveLength(2);
  });

  it('unknown stays unknown: a quota without usage has no headroom and never counts as under', () => {
    const h = side({ quotas: [{ id: 'Q', name: 'q', used: null, limit: 10, unit: '' }] });
    const d = diffSides(side({ quotas: [] }), h);
    expect(d.quotas![0]).toMatchObject({ change: 'added', under: false, crossed: false, after: { headroomPercent: null } });
    expect(judgeQuotaCrossing(d, { minPercent: 10 }).findings).toEqual([]);
    expect(diffSides(side({}), side({ costs: head.costs })).notes[0]).toMatch(/costs are stated by the head only/);
  });

  it('the diff gates: cost over a percentage and an amount, a quota crossing, risk above a target', () => {
    const d = diffSides(base, head, { showUnchanged: true });
    expect(judgeCostIncrease(d, { maxPercent: 5, maxUsd: '100.00' }).findings.map((f) => f.id)).toEqual(['COST_INCREASE:apigw']);
    // +8 % but only +$412: under a $500 allowance, so it passes (both must be exceeded)
    expect(judgeCostIncrease(d, { maxPercent: 5, maxUsd: '500.00' }).findings).toEqual([]);
    expect(judgeCostIncrease(d, { maxPercent: 10 }).findings).toEqual([]);
    expect(judgeCostIncrease(d, { maxPercent: 1, options: ['nope'] }).skipped).toBe(true);
    expect(judgeQuotaCrossing(d, { minPercent: 10 }).findings.map((f) => f.id)).toEqual(['QUOTA_HEADROOM_CROSSED:L-01C8A9E0:orders']);
    expect(judgeQuotaCrossing(d, { minPercent: 2 }).findings).toEqual([]);
    expect(judgeRiskIncrease(d, { maxProbability: 0.01 }).findings.map((f) => f.id)).toEqual(['RISK_INCREASE:busiest-window']);
    expect(judgeRiskIncrease(d, { maxProbability: 0.05 }).findings).toEqual([]);
    expect(judgeRiskIncrease(undefined, { maxProbability: 0.05 }).skipped).toBe(true);
    expect(judgeRiskIncrease(diffSides(side({}), side({})), { maxProbability: 0.05 }).skipped).toBe(true);
  });

  it('inventory reports: per-API quota counts and throttles, with the template line to annotate', () => {
    const inv = (resources: number, rate: number) =>
      sideFromInventory('x', {
        kind: 'apigw-plan-inventory',
        apis: [{ id: 'cfn/orders/OrdersApi', name: 'orders-prod' }],
        throttles: [
          {
            id: 'cfn/orders/OrdersApi@prod#*',
            kind: 'stage',
            api: 'cfn/orders/OrdersApi',
            stage: 'prod',
            route: null,
            rate,
            burst: 50,
            src: { file: 'cfn/orders.yaml', line: 153 },
          },
        ],
        quotas: [
          {
            id: 'L-01C8A9E0@cfn/orders/OrdersApi',
            name: 'Resources per REST API',
            subjectName: 'orders-prod',
            used: resources,
            limit: 300,
            unit: 'resources',
            src: { file: 'cfn/orders.yaml', line: 38 },
          },
        ],
      });
    // 40 resources added: 255 → 295 of 300 (15 % → 1.7 % headroom); the stage throttle lowered 100 → 60
    const d = diffSides(inv(255, 100), inv(295, 60));
    expect(d.headline).toBe('1 quota under 10 % headroom, 1 throttle changed');
    expect(d.quotas![0]).toMatchObject({
      name: 'Resources per REST API (orders-prod)',
      crossed: true,
      where: { file: 'cfn/orders.yaml', line: 38 },
    });
    expect(d.throttles![0]).toMatchObject({ label: 'orders-prod prod (stage default)', before: { rate: 100 }, after: { rate: 60 } });
    const gate = judgeQuotaCrossing(d, { minPercent: 10 });
    expect(gate.findings[0]).toMatchObject({
      id: 'QUOTA_HEADROOM_CROSSED:L-01C8A9E0@cfn/orders/OrdersApi',
      where: { file: 'cfn/orders.yaml', line: 38 },
    });
  });
});
