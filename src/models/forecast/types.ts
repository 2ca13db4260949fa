/**
 * Plain data of the forecast model (src/models/forecast/forecast.ts). Days are whole UTC days
 * counted from 1970-01-01 ("epoch days"); the model has no clock: "today" is given.
 */

/** What a threshold is compared with. */
export type Measure =
  /** Requests in a 730-hour month, from the trailing 28 days (4 whole weeks: no weekday bias). */
  | 'monthly-requests'
  /** Requests in one UTC day. */
  | 'daily-requests'
  /** Requests in the trailing 7 days. */
  | 'weekly-requests'
  /** The day's peak per-second rate. */
  | 'daily-peak-rps';

export type ThresholdKind = 'price-tier' | 'break-even' | 'account-throttle' | 'stage-throttle' | 'usage-plan-quota' | 'budget';

export interface Threshold {
  /** Stable id, e.g. "price-tier:rest:333000000", "account-throttle", "budget:rest". */
  id: string;
  kind: ThresholdKind;
  label: string;
  measure: Measure;
  value: number;
  /** Raising it takes a request to AWS (quota increase or support case): the lead time applies. */
  needsIncrease: boolean;
  /** Where the value comes from (price snapshot, limits file, config, estimate break-even). */
  source: string;
}

/** Daily history: one value per UTC day from `firstDay`, NaN where a day is missing. */
export interface DailyHistory {
  firstDay: number;
  totals: Float64Array;
  /** The day's peak per-second rate; undefined when the history has none. */
  peaks: Float64Array | undefined;
}

export interface ForecastInput {
  history: DailyHistory;
  /** Epoch day of "today": crossings are looked for from the day after, over `horizonDays`. */
  today: number;
  horizonDays: number;
  thresholds: Threshold[];
  seed: number;
  /** Simulated future paths. */
  paths: number;
  /** Central probability of the intervals, e.g. 0.8 for the 10th–90th percentiles. */
  interval: number;
  /** Days AWS may take to raise a quota: "request by" = early end of the interval − lead time. */
  leadTimeDays: number;
  /** Score the fit on the newest part of the history (default true). */
  backtest?: boolean;
  /** Also give each crossing's date at this percentile (1–99), for the check gate. */
  gatePercentile?: number;
}

export interface Band {
  lo: number;
  mid: number;
  hi: number;
}

export interface CrossingResult {
  threshold: Threshold;
  /** already: the history is at or above it; crossed: the median path crosses within the horizon. */
  status: 'already' | 'crossed' | 'not-within-horizon' | 'unknown';
  /** The measure's level now (from the history). */
  current: number | undefined;
  /** Epoch days of the interval's low end, the median and the high end; undefined = beyond the horizon. */
  lo: number | undefined;
  mid: number | undefined;
  hi: number | undefined;
  /** Share of paths that cross within the horizon. */
  pWithinHorizon: number;
  /** For thresholds that need an increase: the last day to ask for it (may be before today: ask now). */
  requestBy: number | undefined;
  /**
   * The Monte Carlo error of lo, mid and hi, in days (one standard deviation, estimated from the paths'
   * own order statistics; forecast.ts, monteCarloDays); undefined where not estimable (beyond the horizon).
   * Only for simulated crossings (crossed, not within the horizon).
   */
  monteCarloDays?: { lo: number | undefined; mid: number | undefined; hi: number | undefined };
  /** Why the status is unknown. */
  reason?: string;
  /** The crossing day at ForecastInput.gatePercentile (undefined: beyond the horizon, or not asked). */
  atGatePercentile?: number | undefined;
  /** Its Monte Carlo error in days, as monteCarloDays gives it for lo, mid and hi. */
  atGatePercentileMonteCarloDays?: number | undefined;
}

export interface Backtest {
  fitDays: number;
  holdoutDays: number;
  /** Median forecast of daily totals vs the held-out days. */
  mape: number;
  smape: number;
  /** Share of held-out days inside the interval, against the nominal `interval`. */
  coverage: number;
  nominal: number;
}

export interface MonthForecast {
  /** YYYY-MM. */
  month: string;
  /** Requests in the calendar month (history days as observed, the rest simulated). */
  requests: Band;
  /** Highest daily peak per-second rate in the month. */
  peakRps: Band | undefined;
  /** Days of the month that are history, not forecast. */
  observedDays: number;
}

export interface BandPoint {
  day: number;
  monthly: Band;
  peakRps: Band | undefined;
}

export interface ForecastResult {
  history: { firstDay: number; lastDay: number; days: number; missingDays: number; hasPeaks: boolean };
  today: number;
  horizonDays: number;
  interval: number;
  paths: number;
  seed: number;
  leadTimeDays: number;
  fit: {
    /** exp(b · 730/24) − 1, with its interval from the slope's standard error. */
    growthPerMonth: number;
    growthPerMonthInterval: [number, number];
    weekly: { included: boolean; factors: number[]; pValue: number | undefined };
    /** Robust residual scale on the log scale (≈ relative day-to-day noise). */
    residualScale: number;
    /** Lag-1 autocorrelation of the residuals used for the paths. */
    ar1: number;
    /** Monthly requests now (trailing 28 days, 730-hour month). */
    currentMonthly: number;
    /** Daily peak per-second ÷ daily mean per-second rate, as measured. */
    peakToAverage: { median: number; lo: number; hi: number; days: number } | undefined;
  };
  backtest: Backtest | undefined;
  warnings: string[];
  crossings: CrossingResult[];
  months: MonthForecast[];
  /** Weekly samples of the monthly-requests and peak-rate bands, for charts. */
  band: BandPoint[];
  /** Trailing-28-day monthly requests of the history (for charts), one per day from day 27. */
  historyMonthly: { day: number; value: number }[];
  verdict: string;
}
