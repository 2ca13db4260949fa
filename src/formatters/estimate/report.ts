import type { Decimal } from '../../money/decimal.js';
import { formatUsd, formatVolume, roundUsd, toJsonMoney } from '../../money/format.js';
import { NEED_LABELS, type Need, type NeedId, type OptionCapabilities, type UnmetNeed } from '../../models/capabilities.js';
import type { Estimate } from '../../models/estimate.js';
import type { Finding, PriceProvenance } from '../../models/types.js';
import type { PriceBook } from '../../prices/price-book.js';
import type { InputRecord } from '../../scenario/build.js';
import { TOOL } from '../../version.js';

/**
 * The estimate as plain, JSON-ready data: what `--format json` prints and what the table and
 * Markdown formatters read, so every format shows the same numbers. Money is a decimal string:
 * `costUsd` / `monthlyUsdExact` at full precision, `monthlyUsd` rounded half-up to the cent.
 */
export interface EstimateReport {
  schemaVersion: 1;
  tool: typeof TOOL;
  command: 'estimate';
  pricing: { region: string; compiled: string; origin: string; coverage: string; oldestPublication: string; file: string | undefined };
  inputs: InputRecord[];
  volume: { measure: 'requests' | 'messages'; perMonth: string };
  options: ReportOption[];
  /** Cheapest among the options that meet every need (null when none can be priced or none meets them). */
  cheapest: string | null;
  /** Capabilities required (--needs, scenario needs) or implied by an input (WAF rules, cache, private endpoint). */
  needs: Need[];
  /** Options that cannot meet a need, with why: priced, but never named cheapest. */
  excluded: { id: string; label: string; unmet: UnmetNeed[] }[];
  breakEven: {
    measure: 'requests' | 'messages';
    searchedFrom: string;
    searchedTo: string;
    crossings: { volume: string; between: [string, string]; cheaperBelow: string; cheaperAbove: string; kind: 'crossing' | 'step' }[];
    cheapestByVolume: { fromVolume: string; toVolume: string; cheapest: string }[];
  };
  assumptions: string[];
  findings: Finding[];
  verdict: string;
}

export interface ReportLine {
  component: string;
  tier: string | null;
  quantity: string;
  unit: string;
  unitPriceUsd: string;
  costUsd: string;
  source: PriceProvenance;
  note: string | null;
}

export type ReportOption =
  | ({
      id: string;
      label: string;
      priced: true;
      cheapest: boolean;
      monthlyUsd: string;
      monthlyUsdExact: string;
      lines: ReportLine[];
      findings: Finding[];
      /** Each API's (and stage's) share of the bill, with several APIs in an API Gateway option. */
      costByApi?: CostByApiReport;
    } & CapabilityFields)
  | ({ id: string; label: string; priced: false; reason: string } & CapabilityFields);

/** What an option provides besides cost (documented, with sources), and whether it meets the stated needs. */
export interface CapabilityFields {
  capabilities: OptionCapabilities;
  /** Features a REST API has and this option does not. */
  lacksComparedWithRest: NeedId[];
  meetsNeeds: boolean;
  unmetNeeds: UnmetNeed[];
}

export interface CostByApiReport {
  method: string;
  apis: { api: string; monthlyUsd: string; monthlyUsdExact: string }[];
  /** Lines not attributable to one API (the identity provider): their total. */
  unattributedUsd: string;
}

/** How cost per API is split, printed with it. */
export const COST_BY_API_METHOD =
  "Each line is split among the APIs it serves: tiers are account-wide, so a tiered line (requests, data transfer, metrics) is split in proportion to each API's quantity at the blended rate of the tiers reached; a resource shared by several APIs (a web ACL, a VPC endpoint, a VPC link's load balancer) is split evenly for its fixed charge and by traffic for its usage; the identity provider is not attributed to an API.";

const qty = (d: Decimal) => d.toFixed();

export function buildEstimateReport(est: Estimate, inputs: InputRecord[], book: PriceBook, pricesFile: string | undefined): EstimateReport {
  const caps = (id: string): CapabilityFields => {
    const c = est.capabilities[id]!;
    const unmet = est.excluded.find((x) => x.id === id)?.unmet ?? [];
    return {
      capabilities: c,
      lacksComparedWithRest: est.lacksComparedWithRest[id] ?? [],
      meetsNeeds: unmet.length === 0,
      unmetNeeds: unmet,
    };
  };
  const options: ReportOption[] = est.options.map((o) =>
    o.priced
      ? {
          id: o.id,
          label: o.label,
          priced: true,
          cheapest: o.id === est.cheapest,
          monthlyUsd: roundUsd(o.total).toFixed(2),
          monthlyUsdExact: toJsonMoney(o.total),
          lines: o.lines.map((l) => ({
            component: l.component,
            tier: l.tier ?? null,
            quantity: qty(l.quantity),
            unit: l.unit,
            unitPriceUsd: toJsonMoney(l.unitPrice),
            costUsd: toJsonMoney(l.cost),
            source: l.source,
            note: l.note ?? null,
          })),
          findings: o.findings,
          ...(o.byApi
            ? {
                costByApi: {
                  method: COST_BY_API_METHOD,
                  apis: o.byApi.apis.map((a) => ({
                    api: a.api,
                    monthlyUsd: roundUsd(a.cost).toFixed(2),
                    monthlyUsdExact: toJsonMoney(a.cost),
                  })),
                  unattributedUsd: toJsonMoney(o.byApi.unattributed),
                },
              }
            : {}),
          ...caps(o.id),
        }
      : { id: o.id, label: o.label, priced: false, reason: o.reason, ...caps(o.id) },
  );
  return {
    schemaVersion: 1,
    tool: TOOL,
    command: 'estimate',
    pricing: {
      region: book.region,
      compiled: book.compiled,
      origin: book.origin,
      coverage: book.coverage,
      oldestPublication: book.oldestPublication(),
      file: pricesFile,
    },
    inputs,
    volume: { measure: est.volumeMeasure, perMonth: qty(est.baseVolume) },
    options,
    cheapest: est.cheapest ?? null,
    needs: est.needs,
    excluded: est.excluded.map((x) => ({ id: x.id, label: labelOf(est, x.id), unmet: x.unmet })),
    breakEven: {
      measure: est.volumeMeasure,
      searchedFrom: qty(est.breakEvenRange.fromVolume.round()),
      searchedTo: qty(est.breakEvenRange.toVolume.round()),
      crossings: est.breakEvens.map((b) => ({
        volume: qty(b.volume.toDecimalPlaces(0, 2)),
        between: b.between,
        cheaperBelow: b.cheaperBelow,
        cheaperAbove: b.cheaperAbove,
        kind: b.kind,
      })),
      cheapestByVolume: est.cheapestByVolume.map((r) => ({
        fromVolume: qty(r.fromVolume.toDecimalPlaces(0, 2)),
        toVolume: qty(r.toVolume.toDecimalPlaces(0, 2)),
        cheapest: r.cheapest,
      })),
    },
    assumptions: [...est.assumptions, ...inputs.filter((i) => i.origin === 'default').map((i) => `default ${i.name} = ${i.value}`)],
    findings: est.findings,
    verdict: verdict(est),
  };
}

function labelOf(est: Estimate, id: string): string {
  return est.options.find((o) => o.id === id)?.label ?? id;
}

/** The one-line verdict every run ends with. */
export function verdict(est: Estimate): string {
  const priced = est.options.filter((o) => o.priced);
  const unpriced = est.options.length - priced.length;
  const measure = est.volumeMeasure;
  const needs = est.needs.map((n) => NEED_LABELS[n.id]).join(', ');
  if (!est.cheapest) {
    if (priced.length && est.excluded.length) return `verdict: no priced option provides every need (${needs}) — see why under "Summary"`;
    return `verdict: no option could be priced with this snapshot (${unpriced} not priced) — see the reasons above`;
  }
  const best = priced.find((o) => o.id === est.cheapest)!;
  let text = `verdict: ${best.label} is cheapest at ${formatUsd(best.total)}/month for ${formatVolume(est.baseVolume)} ${measure}/month`;
  if (est.excluded.length) {
    const cheaper = priced.filter((o) => o.total.lt(best.total) && est.excluded.some((x) => x.id === o.id));
    text += ` among the options with ${needs}`;
    if (cheaper.length)
      text += ` (${cheaper.map((o) => o.label).join(', ')} ${cheaper.length === 1 ? 'costs less but lacks' : 'cost less but lack'} it)`;
  }
  // the next change of the cheapest option above the given volume
  const next = est.cheapestByVolume.find((r) => r.fromVolume.gt(est.baseVolume) && r.cheapest !== est.cheapest);
  if (next) text += `; ${labelOf(est, next.cheapest)} overtakes it above ${formatVolume(next.fromVolume)}/month`;
  else if (priced.length > 1) text += `; it stays cheapest up to ${formatVolume(est.breakEvenRange.toVolume)}/month, where the search ends`;
  const errors = est.findings.filter((f) => f.level === 'error').length;
  if (errors) text += `; ${errors} error finding(s)`;
  if (unpriced) text += `; ${unpriced} option(s) not priced`;
  return text;
}
