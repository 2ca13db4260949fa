import { Decimal, sum } from '../money/decimal.js';
import { PriceNotInSnapshotError, type PriceBook } from '../prices/price-book.js';
import { albBreakpoints, albLines } from './alternatives/alb.js';
import {
  cheapestRanges,
  crossings,
  linearise,
  truncate,
  type Crossing,
  type CostCurve,
  type EnvelopeRange,
  type Segment,
} from './alternatives/crossover.js';
import { selfHostedBreakpoints, selfHostedLines, selfHostedNodeCost, selfHostedStepScale } from './alternatives/self-hosted.js';
import { ssoLines } from './alternatives/sso.js';
import {
  CAPABILITIES,
  type CapabilityKind,
  combine,
  lacksComparedWithRest,
  type Need,
  type NeedId,
  type OptionCapabilities,
  type UnmetNeed,
  unmetNeeds,
} from './capabilities.js';
import { apigwBreakpoints, apigwLines, scaleBreakpoints, type ApigwMode } from './pricing/apigateway.js';
import { bytesToGb, dataTransferBoundariesGb, dataTransferLines } from './pricing/data-transfer.js';
import { apiKey, costByApi } from './pricing/shares.js';
import { WAF_ASSUMPTION, billableRules, protectsApi, wafLines, webAclsOf } from './pricing/waf.js';
import { scaleWorkload, totalMessagesPerMonth, totalRequestsPerMonth } from './traffic.js';
import type { Finding, LineItem, OptionEstimate } from './types.js';
import type { AlbConfig, Alternatives, Workload } from './workload.js';

import { OPTION_LABELS, type OptionId } from './options.js';

export { OPTION_LABELS, type OptionId } from './options.js';

export interface EstimateInput {
  workload: Workload;
  alternatives: Alternatives;
  options: OptionId[];
  book: PriceBook;
  /** Break-even search range as traffic scale factors (s = 1: the workload as given). */
  breakEvenRange: { lo: Decimal; hi: Decimal };
  /** Capabilities the design requires: an option that lacks one is priced but never named cheapest. */
  needs?: Need[];
}

export interface BreakEven extends Crossing {
  /** Monthly volume (requests, or messages for WebSocket-only input) at the crossing. */
  volume: Decimal;
  between: [OptionId, OptionId];
}

export interface Estimate {
  options: OptionEstimate[];
  cheapest: OptionId | undefined;
  volumeMeasure: 'requests' | 'messages';
  baseVolume: Decimal;
  breakEvens: BreakEven[];
  cheapestByVolume: (Omit<EnvelopeRange, 'cheapest'> & { cheapest: OptionId; fromVolume: Decimal; toVolume: Decimal })[];
  breakEvenRange: { fromVolume: Decimal; toVolume: Decimal };
  assumptions: string[];
  findings: Finding[];
  needs: Need[];
  /** What each option provides besides its price (documented capabilities, with sources). */
  capabilities: Record<string, OptionCapabilities>;
  /** Options that cannot meet a stated need, with the reasons: excluded from "cheapest". */
  excluded: { id: OptionId; unmet: UnmetNeed[] }[];
  /** Per option, the features a REST API has and it does not. */
  lacksComparedWithRest: Record<string, NeedId[]>;
}

/** The documented capabilities of an option; "apigw" combines the API types the workload declares. */
export function optionCapabilities(id: OptionId, w: Workload): OptionCapabilities {
  if (id === 'apigw') {
    const kinds = [...new Set(w.apis.map((a) => a.type).filter((t): t is NonNullable<typeof t> => t !== undefined))];
    return combine(kinds.length ? (kinds as CapabilityKind[]) : ['rest']);
  }
  return CAPABILITIES[id];
}

interface Costed {
  lines: LineItem[];
  assumptions: string[];
  findings: Finding[];
}

/** The load balancer in front of a self-hosted fleet: an ALB with only its default rule. */
function frontAlb(alb: AlbConfig): AlbConfig {
  return { rules: 1, targetType: 'instance', publicIpv4Addresses: alb.publicIpv4Addresses };
}

/** Response bytes served to the internet by options other than API Gateway (private APIs stay internal). */
function internetOutGb(w: Workload): Decimal {
  return bytesToGb(sum(w.apis.filter((a) => a.privateEndpointAzs === undefined).map((a) => a.requestsPerMonth.times(a.responseBytes))));
}

/** WAF in front of the ALB (ALB + SSO, and the ALB in front of a self-hosted fleet) when any API asks for it. */
function wafForAlternatives(w: Workload, book: PriceBook): Costed {
  const acls = webAclsOf(w);
  const protectedApis = w.apis.filter((a) => acls.some((acl) => protectsApi(acl, a)));
  if (protectedApis.length === 0) return { lines: [], assumptions: [], findings: [] };
  const findings: Finding[] = [];
  if (protectedApis.length < w.apis.filter((a) => !a.requestsPerMonth.isZero()).length) {
    // one ALB fronts every API, so its web ACL inspects all of their requests
    findings.push({
      code: 'WAF_SCOPE_WIDER_ON_ALB',
      level: 'info',
      message: `WAF was asked for ${protectedApis.map((a) => a.name).join(', ')} only; a web ACL on the shared ALB inspects the requests of every API, and is priced that way`,
    });
  }
  // one resource takes one web ACL: the shared ALB gets the one with the most billable rules
  const rules = Math.max(...acls.map(billableRules));
  return { lines: wafLines(rules, totalRequestsPerMonth(w), book), assumptions: [WAF_ASSUMPTION], findings };
}

/**
 * The identity provider is needed whichever way the API is fronted (ALB authenticate action,
 * API Gateway authorizer or gateway plugin), so every option carries the same IdP lines and
 * totals compare like with like. With nothing to bill (0 MAU, no M2M) it adds no lines.
 */
function identityLines(alt: Alternatives, book: PriceBook): Costed {
  const sso = alt.sso;
  if (sso.provider === 'none') return { lines: [], assumptions: ['No identity provider priced (--sso none).'], findings: [] };
  if (sso.mau.isZero() && sso.m2mAppClients === 0 && sso.m2mTokenRequestsPerMonth.isZero()) {
    return {
      lines: [],
      assumptions: ['No monthly active users or M2M clients given: the identity provider adds nothing (pass --mau to price SSO).'],
      findings: [],
    };
  }
  const c = ssoLines(sso, book);
  return {
    ...c,
    assumptions: [
      ...c.assumptions,
      'The identity provider is priced in every option: API Gateway authorizers, the ALB and a self-hosted gateway all need one.',
    ],
  };
}

/** Prefix a part's assumptions, so two ALBs' assumptions can be told apart. */
function labelled(label: string, part: Costed): Costed {
  return { ...part, assumptions: part.assumptions.map((a) => `${label}: ${a}`) };
}

function merge(...parts: Costed[]): Costed {
  return {
    lines: parts.flatMap((p) => p.lines),
    assumptions: parts.flatMap((p) => p.assumptions),
    findings: parts.flatMap((p) => p.findings),
  };
}

function apigwMode(id: OptionId): ApigwMode {
  return id === 'rest' || id === 'http' ? id : 'as-configured';
}

/** How one option is costed: its line items, and the scales where its cost's slope can change (break-even search). */
interface OptionCosting {
  lines: (w: Workload, alt: Alternatives, book: PriceBook) => Costed;
  breakpoints: (w: Workload, alt: Alternatives, book: PriceBook, lo: Decimal, hi: Decimal) => Decimal[];
  /** Scales where the cost jumps by a fixed amount and its slope stays (CostCurve.steps). */
  steps?: (w: Workload, alt: Alternatives, lo: Decimal, hi: Decimal) => Decimal[];
  /** The part of the cost that jumps at the steps, alone (CostCurve.stepCost); the rest is continuous. */
  stepCost?: (w: Workload, alt: Alternatives, book: PriceBook) => Decimal;
}

const freeTierOf = (w: Workload) => ({ freeTier: w.freeTier === 'legacy12m' });
const dtoBreakpoints = (w: Workload, book: PriceBook) => scaleBreakpoints([[internetOutGb(w), dataTransferBoundariesGb(w, book)]]);

const apigwCosting = (id: OptionId): OptionCosting => ({
  lines: (w, alt, book) => merge(apigwLines(w, apigwMode(id), book), identityLines(alt, book)),
  breakpoints: (w, _alt, book) => apigwBreakpoints(w, apigwMode(id), book),
});

/** The costing half of the option registry (models/options.ts): one entry per option id, enforced by the compiler. */
const OPTION_COSTING: Record<OptionId, OptionCosting> = {
  rest: apigwCosting('rest'),
  http: apigwCosting('http'),
  websocket: apigwCosting('websocket'),
  apigw: apigwCosting('apigw'),
  'alb-sso': {
    lines: (w, alt, book) =>
      merge(albLines(w, alt.alb, book, freeTierOf(w)), identityLines(alt, book), wafForAlternatives(w, book), {
        lines: dataTransferLines(internetOutGb(w), w, book),
        assumptions: [],
        findings: [],
      }),
    breakpoints: (w, alt, book) => [...albBreakpoints(w, alt.alb, book, freeTierOf(w)), ...dtoBreakpoints(w, book)],
  },
  'self-hosted': {
    lines: (w, alt, book) =>
      merge(
        selfHostedLines(w, alt.selfHosted, book),
        labelled('Load balancer in front of the self-hosted gateway', albLines(w, frontAlb(alt.alb), book, freeTierOf(w))),
        wafForAlternatives(w, book),
        identityLines(alt, book),
        { lines: dataTransferLines(internetOutGb(w), w, book), assumptions: [], findings: [] },
      ),
    breakpoints: (w, alt, book) => [...albBreakpoints(w, frontAlb(alt.alb), book, freeTierOf(w)), ...dtoBreakpoints(w, book)],
    // a node step adds the same fixed monthly cost (nodes × hours × price); nothing else in the
    // option depends on the node count, so the slope (load balancer, WAF, IdP, transfer) stays
    steps: (w, alt, lo, hi) => selfHostedBreakpoints(w, alt.selfHosted, lo, hi),
    stepCost: (w, alt, book) => selfHostedNodeCost(w, alt.selfHosted, book),
  },
};

/** The line items of one option for a workload. Pure; throws PriceNotInSnapshotError if a price is missing. */
export function costOption(id: OptionId, w: Workload, alt: Alternatives, book: PriceBook): Costed {
  return OPTION_COSTING[id].lines(w, alt, book);
}

const APIGW_OPTIONS: OptionId[] = ['rest', 'http', 'websocket', 'apigw'];

/** The most self-hosted node steps a break-even search walks through. */
const MAX_NODE_STEPS = 2000;

/**
 * The workload with APIs of identical shape merged into one, their traffic summed (exact: sums
 * only). Same shape = same type and payload sizes, and no per-API fixed cost (cache, private
 * endpoint, WAF), so every model costs the merged API as the sum of its parts.
 */
export function mergeSameShape(w: Workload): Workload {
  const byShape = new Map<string, Workload['apis'][number]>();
  const apis: Workload['apis'] = [];
  for (const a of w.apis) {
    if (a.cacheSizeGb !== undefined || a.privateEndpointAzs !== undefined || a.wafRules !== undefined) {
      apis.push(a);
      continue;
    }
    const key = [a.type, a.requestBytes, a.responseBytes, a.maxRequestBytes, a.maxResponseBytes, a.messageBytes].map(String).join('|');
    const m = byShape.get(key);
    if (!m) {
      const copy = { ...a };
      byShape.set(key, copy);
      apis.push(copy);
    } else {
      m.requestsPerMonth = m.requestsPerMonth.plus(a.requestsPerMonth);
      m.messagesPerMonth = m.messagesPerMonth.plus(a.messagesPerMonth);
      m.connectionMinutesPerMonth = m.connectionMinutesPerMonth.plus(a.connectionMinutesPerMonth);
    }
  }
  return { ...w, apis };
}

export function totalOf(lines: LineItem[]): Decimal {
  return sum(lines.map((l) => l.cost));
}

/**
 * An option's monthly cost as a function of the traffic scale s, for the break-even search. `merged` is
 * `mergeSameShape(w)`: the same cost, fewer APIs to cost at each point.
 *
 * Every breakpoint is a price tier boundary or the end of a free allowance, where the slope changes and the
 * cost does not jump (a tier ladder is continuous: test/models/break-even.test.ts); the only jumps are the
 * self-hosted node steps, which `stepCost` prices alone.
 */
export function costCurve(id: OptionId, w: Workload, alt: Alternatives, book: PriceBook, merged: Workload = mergeSameShape(w)): CostCurve {
  const costing = OPTION_COSTING[id];
  const stepCost = costing.stepCost;
  return {
    id,
    cost: (s) => totalOf(costOption(id, scaleWorkload(merged, s), alt, book).lines),
    breakpoints: (l, h) => costing.breakpoints(w, alt, book, l, h),
    steps: (l, h) => costing.steps?.(w, alt, l, h) ?? [],
    stepCost: stepCost && ((s) => stepCost(scaleWorkload(merged, s), alt, book)),
  };
}

export function estimate(input: EstimateInput): Estimate {
  const { workload: w, alternatives: alt, book } = input;
  const options: OptionEstimate[] = input.options.map((id) => {
    try {
      const c = costOption(id, w, alt, book);
      const option: OptionEstimate = {
        id,
        label: OPTION_LABELS[id],
        priced: true,
        total: totalOf(c.lines),
        lines: c.lines,
        assumptions: c.assumptions,
        findings: c.findings,
      };
      // each API's (and stage's) share of an API Gateway bill, when there is more than one API
      if (APIGW_OPTIONS.includes(id) && w.apis.length > 1) option.byApi = costByApi(c.lines, w.apis.map(apiKey));
      return option;
    } catch (e) {
      if (!(e instanceof PriceNotInSnapshotError)) throw e;
      return { id, label: OPTION_LABELS[id], priced: false, reason: e.message, assumptions: [], findings: [] };
    }
  });

  const needs = input.needs ?? [];
  const capabilities: Record<string, OptionCapabilities> = {};
  const excluded: Estimate['excluded'] = [];
  for (const id of input.options) {
    capabilities[id] = optionCapabilities(id, w);
    const unmet = unmetNeeds(capabilities[id], OPTION_LABELS[id], needs);
    if (unmet.length) excluded.push({ id, unmet });
  }
  const eligible = (id: string) => !excluded.some((x) => x.id === id);
  const priced = options.filter((o) => o.priced);
  let cheapest: OptionId | undefined;
  let best: Decimal | undefined;
  for (const o of priced.filter((p) => eligible(p.id))) {
    if (best === undefined || o.total.lt(best)) {
      best = o.total;
      cheapest = o.id as OptionId;
    }
  }

  const requests = totalRequestsPerMonth(w);
  const volumeMeasure = requests.isZero() ? 'messages' : 'requests';
  const baseVolume = requests.isZero() ? totalMessagesPerMonth(w) : requests;
  let { lo, hi } = input.breakEvenRange;
  const notes: string[] = [];
  // Every self-hosted node step is a breakpoint: walk at most MAX_NODE_STEPS of them, in a window
  // that keeps the given volume (s = 1) inside it.
  const step = input.options.includes('self-hosted') ? selfHostedStepScale(w, alt.selfHosted) : undefined;
  if (step && hi.minus(lo).gt(step.times(MAX_NODE_STEPS))) {
    const half = step.times(MAX_NODE_STEPS / 2);
    lo = Decimal.max(lo, new Decimal(1).minus(half));
    hi = Decimal.min(hi, new Decimal(1).plus(half));
    notes.push(
      `Break-even search limited to ${MAX_NODE_STEPS} self-hosted node steps: ${lo.times(baseVolume).round().toFixed()} to ${hi.times(baseVolume).round().toFixed()} ${volumeMeasure}/month.`,
    );
  }
  let breakEvens: BreakEven[] = [];
  let cheapestByVolume: Estimate['cheapestByVolume'] = [];
  let searchedHi = hi;
  if (!baseVolume.isZero() && priced.length > 1) {
    const isCoverageEnd = (e: unknown) => e instanceof PriceNotInSnapshotError;
    // APIs of one shape cost as one API with their summed traffic: the search evaluates each curve at every
    // breakpoint (up to 2,000 node steps), so it runs on the merged workload, linear in the number of shapes
    const merged = mergeSameShape(w);
    let curves: { id: OptionId; segments: Segment[] }[] = priced.map((o) => {
      const id = o.id as OptionId;
      return { id, segments: linearise(costCurve(id, w, alt, book, merged), lo, hi, isCoverageEnd) };
    });
    // compare over the range every option can be priced in (partial snapshots end early)
    for (const c of curves) {
      const end = c.segments.length ? c.segments[c.segments.length - 1]!.hi : lo;
      if (end.lt(searchedHi)) searchedHi = end;
    }
    if (searchedHi.lt(hi)) {
      notes.push(
        `Break-even search stops at ${searchedHi.times(baseVolume).round().toFixed()} ${volumeMeasure}/month: the price snapshot's tiers end there.`,
      );
    }
    curves = curves.map((c) => ({ id: c.id, segments: truncate(c.segments, searchedHi) })).filter((c) => c.segments.length > 0);
    if (curves.length > 1) {
      const byPair = new Map<string, Crossing[]>();
      for (let i = 0; i < curves.length; i++) {
        for (let j = i + 1; j < curves.length; j++) {
          const a = curves[i]!;
          const b = curves[j]!;
          const found = crossings(a.id, a.segments, b.id, b.segments);
          byPair.set(`${a.id} ${b.id}`, found);
          breakEvens.push(...found.map((c) => ({ ...c, volume: c.s.times(baseVolume), between: [a.id, b.id] as [OptionId, OptionId] })));
        }
      }
      breakEvens = breakEvens.sort((x, y) => x.s.comparedTo(y.s));
      // "cheapest by volume" compares only the options that meet the stated needs (their pairs' crossings are in byPair:
      // candidates keep the order of curves)
      const candidates = curves.filter((c) => eligible(c.id));
      const known = (a: { id: string }, b: { id: string }) => byPair.get(`${a.id} ${b.id}`)!;
      cheapestByVolume = (candidates.length ? cheapestRanges(candidates, known) : []).map((r) => ({
        ...r,
        cheapest: r.cheapest as OptionId,
        fromVolume: r.from.times(baseVolume),
        toVolume: r.to.times(baseVolume),
      }));
    }
  }

  const assumptions = [...new Set([...options.flatMap((o) => o.assumptions), ...notes])];
  const findings = dedupeFindings(options.flatMap((o) => o.findings));
  return {
    options,
    cheapest,
    volumeMeasure,
    baseVolume,
    breakEvens,
    cheapestByVolume,
    breakEvenRange: { fromVolume: lo.times(baseVolume), toVolume: searchedHi.times(baseVolume) },
    assumptions,
    findings,
    needs,
    capabilities,
    excluded,
    lacksComparedWithRest: Object.fromEntries(Object.entries(capabilities).map(([id, c]) => [id, lacksComparedWithRest(c)])),
  };
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
