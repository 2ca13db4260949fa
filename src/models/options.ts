/**
 * The registry of priced options `estimate` compares: one entry per option, from which the
 * option-id type, the `--options` list and help, the fit rules, the config schema's budget keys
 * and the report's chart styles derive. Plain data and pure functions, no imports: `--help`
 * loads it cheaply. The costing of each option (its lines and break-even breakpoints) is the
 * `Record<OptionId, …>` table in models/estimate.ts, so the compiler asks for it when an id is
 * added here.
 */

/** What the traffic given supports, for the fit rules. */
export interface FitContext {
  /** A scenario file was given (each API declares its type). */
  scenario: boolean;
  hasRequests: boolean;
  hasMessages: boolean;
}

export interface OptionEntry {
  label: string;
  /** An API Gateway API type (`--api-type` chooses among these), or an alternative that is always compared. */
  kind: 'api-type' | 'alternative';
  /** Line colour (Okabe–Ito palette, readable with colour-vision deficiencies) and dash pattern (apart when printed in grey). */
  chart: { colour: string; dash: number[] };
  /** Compared by default for this traffic (flags without --options / --api-type). */
  byDefault: (c: FitContext) => boolean;
  /** Why `--options ID` cannot price this traffic; undefined when it fits. */
  unfit: (c: FitContext) => string | undefined;
}

const apigwType =
  (id: 'rest' | 'http'): OptionEntry['unfit'] =>
  (c) =>
    c.scenario
      ? `--options ${id}: a scenario is costed as configured (apigw), with alb-sso and self-hosted`
      : c.hasRequests
        ? undefined
        : `--options ${id} needs request traffic: give --requests`;

export const OPTIONS = {
  rest: {
    label: 'API Gateway REST API',
    kind: 'api-type',
    chart: { colour: '#0072B2', dash: [1, 0] },
    byDefault: (c) => !c.scenario && c.hasRequests,
    unfit: apigwType('rest'),
  },
  http: {
    label: 'API Gateway HTTP API',
    kind: 'api-type',
    chart: { colour: '#009E73', dash: [6, 3] },
    byDefault: (c) => !c.scenario && c.hasRequests,
    unfit: apigwType('http'),
  },
  websocket: {
    label: 'API Gateway WebSocket API',
    kind: 'api-type',
    chart: { colour: '#CC79A7', dash: [2, 2] },
    byDefault: (c) => !c.scenario && !c.hasRequests,
    unfit: (c) =>
      c.scenario
        ? '--options websocket: a scenario is costed as configured (apigw), with alb-sso and self-hosted'
        : c.hasRequests || !c.hasMessages
          ? '--options websocket prices message traffic only: give --messages or --connection-minutes and no --requests (with --requests, the rest and http options carry the WebSocket API too)'
          : undefined,
  },
  apigw: {
    label: 'API Gateway (as configured)',
    kind: 'api-type',
    chart: { colour: '#56B4E9', dash: [8, 2, 2, 2] },
    byDefault: (c) => c.scenario,
    unfit: (c) => (c.scenario ? undefined : '--options apigw ("as configured") needs --scenario, where each API declares its type'),
  },
  'alb-sso': {
    label: 'ALB + SSO',
    kind: 'alternative',
    chart: { colour: '#E69F00', dash: [4, 4] },
    byDefault: (_: FitContext) => true,
    unfit: (_: FitContext) => undefined,
  },
  'self-hosted': {
    label: 'Self-hosted gateway',
    kind: 'alternative',
    chart: { colour: '#D55E00', dash: [10, 3] },
    byDefault: (_: FitContext) => true,
    unfit: (_: FitContext) => undefined,
  },
} satisfies Record<string, OptionEntry>;

/**
 * The options `estimate` compares. "rest" / "http": request traffic as that API type;
 * "websocket": message traffic only; "apigw": each API at its declared type (scenario files).
 */
export type OptionId = keyof typeof OPTIONS;

/** Every option id, in the order options are listed and printed. */
export const OPTION_IDS = Object.keys(OPTIONS) as OptionId[];

export const OPTION_LABELS: Record<OptionId, string> = Object.fromEntries(OPTION_IDS.map((id) => [id, OPTIONS[id].label])) as Record<
  OptionId,
  string
>;

export function isOptionId(text: string): text is OptionId {
  return Object.hasOwn(OPTIONS, text);
}
