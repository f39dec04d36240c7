// Prestatiebekostiging (framework §7.1.1; domain.md §4): part of a leerroute contract's yearly
// budget is paid on performance.
//
//   at stake  = commitment for the calendar year × share / 100        (share default 10 %)
//   score     = per KPI, from the year's figures, by the KPI's rule     (0 … 1)
//   payout    = at stake × Σ(weight × score) / Σ(weight)
//   withheld  = the rest of the amount at stake
//
// Arithmetic: everything is an exact fraction of BigInts (numerator / denominator), from the
// decimal strings the database gives ("75.0000", "12.5") to the payout. Money is rounded ONCE,
// half up to the cent, at the end (§4: "round half up to the cent once, at the payout"); no
// intermediate value is rounded, so 10/12 counts as 5/6 and not as the displayed 0,8333.
// Floating point is never used: 0,1 × 3 would already be 0,30000000000000004.
//
// Amounts shown:
// - atStakeCents  = at stake rounded half up (for display; the payout is computed from the
//   exact value, not from this rounded one).
// - payoutCents   = exact payout rounded half up: the authoritative figure.
// - withheldCents = atStakeCents − payoutCents. Not the exact withheld amount rounded on its
//   own: two separate roundings can lose or gain a cent (at stake 333.333,5 ct → 333.334;
//   payout 111.111,17 → 111.111; exact withheld 222.222,33 → 222.222; 111.111 + 222.222 is
//   333.333, one short). Taking the difference makes payout + withheld = the at-stake amount
//   shown, always. It cannot go negative: payout ≤ at stake exactly, and rounding half up is
//   monotonic.
// - amountCents per KPI = at stake × weight × score / Σ(weight), rounded half up on its own:
//   informative only. The per-KPI amounts may differ from the payout by a cent or so in total;
//   the payout is authoritative.
//
// Scores per rule (§4), with the status bands of §3 (at risk = within 10 % of the target):
// - proportional: achieved / target, capped at 1; lower-is-better: target / achieved, capped at 1.
// - threshold:    1 when the target is met (≥ target; lower-is-better ≤ target), else 0.
// - banded:       1 when met; 0,5 when within 10 % (achieved ≥ 90 % of the target;
//                 lower-is-better achieved ≤ 110 % of the target); else 0.
//
// Target 0 (our choice; the framework has no such target, but contract KPIs may):
// - higher-is-better: every achievement meets a target of 0, so the score is 1 under every rule
//   (proportional would divide by zero; "met" is the only reading consistent with threshold).
// - lower-is-better: only an achievement of 0 meets it (score 1); anything above 0 scores 0
//   under every rule. Proportional gives target / achieved = 0 / x = 0; banded's band is
//   110 % of 0 = 0, so there is no "almost" — any absence at all against a zero-absence target
//   is a miss. The general formulas give this; only "achieved 0" needs a guard in proportional
//   (0 / 0), where 0 is the best possible value and scores 1.
//
// No data ("geen data"): a KPI without accepted figures for the year (null), or with
// denominator 0 (no one in the cohort, or nobody surveyed), scores 0 and is flagged (§4). A
// denominator 0 is not a division error: there is simply nothing to measure.
//
// Weights: whole numbers of 0 or more. A KPI of weight 0 is shown but does not count. When the
// weights add up to 0 (or there are no KPIs) the formula is undefined and the calculation is
// refused; silently paying nothing or everything would both be wrong.
//
// Live or shadow (schaduwberekening, §4): nationally the payment is not yet switched on, so each
// contract has an activation date. A year is computed live only when the activation date is on
// or before 1 January of that year. The score is computed from the whole year's figures (§4:
// "not a sum of quarterly scores"), so a year is either wholly live or wholly shadow; counting a
// year that began before activation would withhold money for months in which the supplier was
// not yet paid on performance. Activation on 1 July 2026: 2026 is a shadow calculation, 2027 live.
import type { paymentRules } from "../contracts/contract.sql";
import type { kpiDirections, kpiUnits } from "./kpi-catalogue.sql";

export type PaymentRule = (typeof paymentRules)[number];
export type KpiDirection = (typeof kpiDirections)[number];
export type KpiUnit = (typeof kpiUnits)[number];
export type PaymentMode = "shadow" | "live";
export type KpiStatus = "met" | "atRisk" | "missed" | "noData";

/** The year's figures of a KPI, as exact decimal strings. An average: the value over denominator "1". */
export interface AchievedFigures {
  numerator: string;
  denominator: string;
}

export interface PaymentKpi {
  id: string;
  name: string;
  /** Exact decimal, as stored: "75", "75.0000", "7". */
  target: string;
  unit: KpiUnit;
  direction: KpiDirection;
  /** A whole number of 0 or more. */
  weight: number;
  rule: PaymentRule;
  /** null: no accepted figures for the year. */
  achieved: AchievedFigures | null;
}

export interface PerformancePaymentInput {
  /** The contract's commitment for this calendar year, integer euro cents. */
  commitmentCents: number;
  /** Exact decimal percent, "10" or "12.5" (§7.1.1: 10 by default). */
  sharePercent: string;
  kpis: readonly PaymentKpi[];
  /** "YYYY-MM-DD"; null while the payment is not switched on. */
  activationDate: string | null;
  year: number;
}

export interface KpiPaymentLine {
  id: string;
  name: string;
  target: string;
  unit: KpiUnit;
  /** "72,5 %", "7,4" or "geen data". */
  achievedDisplay: string;
  /** The achieved value to 4 decimals ("72.5000"), null without data. */
  achievedValue: string | null;
  direction: KpiDirection;
  rule: PaymentRule;
  status: KpiStatus;
  /** 0 … 1, 4 decimals: "0.8333". */
  score: string;
  /** The score as a Dutch percentage: "83,33 %". */
  scorePercent: string;
  weight: number;
  /** This KPI's share of the payout, rounded on its own: informative, the payout is authoritative. */
  amountCents: number;
  noData: boolean;
}

export interface PerformancePaymentResult {
  year: number;
  mode: PaymentMode;
  atStakeCents: number;
  payoutCents: number;
  withheldCents: number;
  /** Σ(weight × score) / Σ(weight), 4 decimals: "0.8167". */
  weightedScore: string;
  /** The weighted score as a Dutch percentage: "81,67 %". */
  weightedScorePercent: string;
  breakdown: KpiPaymentLine[];
}

export const NO_DATA_LABEL = "geen data";
export const NO_WEIGHT_MESSAGE = "De prestatiebekostiging kan niet worden berekend: geen enkele KPI heeft een gewicht groter dan 0.";

// ---------------------------------------------------------------------------------------------
// Exact fractions. Every value in this module is 0 or more, so the numerator is never negative
// and the denominator always positive.

/** An exact non-negative fraction, in lowest terms. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function fraction(numerator: bigint, denominator: bigint): Fraction {
  const divisor = gcd(numerator, denominator);
  return divisor > 1n ? { numerator: numerator / divisor, denominator: denominator / divisor } : { numerator, denominator };
}

const ZERO = fraction(0n, 1n);
const ONE = fraction(1n, 1n);
const HALF = fraction(1n, 2n);
const NINE_TENTHS = fraction(9n, 10n);
const ELEVEN_TENTHS = fraction(11n, 10n);

const times = (a: Fraction, b: Fraction) => fraction(a.numerator * b.numerator, a.denominator * b.denominator);
const plus = (a: Fraction, b: Fraction) => fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
/** a / b; b must not be 0. */
const dividedBy = (a: Fraction, b: Fraction) => fraction(a.numerator * b.denominator, a.denominator * b.numerator);
const compare = (a: Fraction, b: Fraction) => {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left === right ? 0 : left < right ? -1 : 1;
};
const atMostOne = (value: Fraction) => (compare(value, ONE) > 0 ? ONE : value);
const whole = (value: number | bigint) => fraction(BigInt(value), 1n);

/** The nearest whole number, halves up. */
function roundHalfUp(value: Fraction): bigint {
  return (2n * value.numerator + value.denominator) / (2n * value.denominator);
}

/** An exact decimal string of 0 or more ("75", "12.5", "75.0000") as a fraction; anything else is refused. */
function parseDecimal(value: string, message: (value: string) => string): Fraction {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(message(value));
  const decimals = match[2] ?? "";
  return fraction(BigInt(match[1]! + decimals), 10n ** BigInt(decimals.length));
}

/** Rounded half up to `places` decimals, as digits with a point: "0.8333". */
function toDecimal(value: Fraction, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfUp(times(value, whole(scale)));
  const integerPart = (scaled / scale).toString();
  if (places === 0) return integerPart;
  return `${integerPart}.${(scaled % scale).toString().padStart(places, "0")}`;
}

/** Rounded half up to at most `places` decimals, Dutch notation without trailing zeros: "72,5", "1.234", "83,33". */
function toDutch(value: Fraction, places: number): string {
  const [integerPart = "0", decimals = ""] = toDecimal(value, places).split(".");
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const trimmed = decimals.replace(/0+$/, "");
  return trimmed ? `${grouped},${trimmed}` : grouped;
}

const asPercent = (value: Fraction) => `${toDutch(times(value, whole(100)), 2)} %`;

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * The achieved value of a KPI from its figures: a share as a percentage (numerator / denominator
 * × 100), a score as an average (numerator / denominator). null when there are no figures or the
 * denominator is 0: no data, not a division error.
 */
export function achievedValue(unit: KpiUnit, figures: AchievedFigures | null, kpiName?: string): Fraction | null {
  if (figures === null) return null;
  const numerator = parseDecimal(figures.numerator, (value) => `De teller van ${quoted(kpiName)} moet een getal van 0 of meer zijn; niet "${value}".`);
  const denominator = parseDecimal(figures.denominator, (value) => `De noemer van ${quoted(kpiName)} moet een getal van 0 of meer zijn; niet "${value}".`);
  if (denominator.numerator === 0n) return null;
  const average = dividedBy(numerator, denominator);
  return unit === "percent" ? times(average, whole(100)) : average;
}

/** How a message names the KPI: by name when the caller gave one. */
function quoted(kpiName: string | undefined): string {
  return kpiName === undefined ? "de KPI" : `KPI "${kpiName}"`;
}

function parseTarget(target: string, kpiName?: string): Fraction {
  return parseDecimal(target, (value) => `De norm van ${quoted(kpiName)} moet een getal van 0 of meer zijn, zoals 75 of 7.5; niet "${value}".`);
}

/** Met, at risk or missed, for a value that exists. Shared by the status (§3) and the banded rule (§4). */
function standing(achieved: Fraction, target: Fraction, direction: KpiDirection): Exclude<KpiStatus, "noData"> {
  if (direction === "higherIsBetter") {
    // §3: met at or above the target; at risk when achieved ≥ 90 % of the target.
    if (compare(achieved, target) >= 0) return "met";
    return compare(achieved, times(target, NINE_TENTHS)) >= 0 ? "atRisk" : "missed";
  }
  // §3, mirrored for lower-is-better: met at or below the target; at risk up to 110 % of it.
  if (compare(achieved, target) <= 0) return "met";
  return compare(achieved, times(target, ELEVEN_TENTHS)) <= 0 ? "atRisk" : "missed";
}

/**
 * The dashboard status of a KPI (domain.md §3): met; at risk (not met, but within 10 % of the
 * target: achieved ≥ 90 % of the target, or ≤ 110 % for lower-is-better); missed; no data.
 * `achieved` is the achieved value (see achievedValue) or an exact decimal string such as "72.5".
 */
export function statusOf(achieved: Fraction | string | null, target: string, direction: KpiDirection): KpiStatus {
  if (achieved === null) return "noData";
  const value = typeof achieved === "string" ? parseDecimal(achieved, (text) => `De gerealiseerde waarde moet een getal van 0 of meer zijn; niet "${text}".`) : achieved;
  return standing(value, parseTarget(target), direction);
}

/** The score of one KPI, 0 … 1, under its payment rule (§4; target 0 and achieved 0: see the top of this file). */
function scoreOf(rule: PaymentRule, achieved: Fraction, target: Fraction, direction: KpiDirection): Fraction {
  switch (rule) {
    case "proportional":
      if (direction === "higherIsBetter") {
        // A target of 0 is met by any achievement: score 1 instead of a division by zero.
        return target.numerator === 0n ? ONE : atMostOne(dividedBy(achieved, target));
      }
      // Lower is better: 0 (no absence, no waiting) is the best possible, score 1. Otherwise
      // target / achieved; with target 0 that is 0 for any achievement above 0.
      return achieved.numerator === 0n ? ONE : atMostOne(dividedBy(target, achieved));
    case "threshold":
      return standing(achieved, target, direction) === "met" ? ONE : ZERO;
    case "banded": {
      const result = standing(achieved, target, direction);
      return result === "met" ? ONE : result === "atRisk" ? HALF : ZERO;
    }
    default: {
      const unknown: never = rule;
      throw new RangeError(`Onbekende bekostigingsregel: ${String(unknown)}.`);
    }
  }
}

/**
 * Live or shadow calculation for a year: live only when the payment was activated on or before
 * 1 January of that year (see the top of this file).
 */
export function paymentModeFor(activationDate: string | null, year: number): PaymentMode {
  checkYear(year);
  if (activationDate === null) return "shadow";
  checkDate(activationDate);
  // ISO dates of four-digit years compare correctly as strings.
  return activationDate <= `${year}-01-01` ? "live" : "shadow";
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Het jaar moet een jaartal zijn, zoals 2026; niet ${year}.`);
}

function checkDate(date: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const asDate = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!asDate || asDate.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`De ingangsdatum van de prestatiebekostiging moet een datum zijn (JJJJ-MM-DD); niet "${date}".`);
  }
}

// ---------------------------------------------------------------------------------------------
// The calculation

/** The payment of one contract for one calendar year, with every step shown (§4). */
export function calculatePerformancePayment(input: PerformancePaymentInput): PerformancePaymentResult {
  const mode = paymentModeFor(input.activationDate, input.year);

  if (!Number.isSafeInteger(input.commitmentCents) || input.commitmentCents < 0) {
    throw new RangeError(`De verplichting voor het jaar moet een geheel aantal eurocenten van 0 of meer zijn; niet ${input.commitmentCents}.`);
  }
  const share = parseDecimal(
    input.sharePercent,
    (value) => `Het aandeel prestatiebekostiging moet een percentage van 0 tot en met 100 zijn, zoals 10 of 12.5; niet "${value}".`,
  );
  if (compare(share, whole(100)) > 0) {
    throw new RangeError(`Het aandeel prestatiebekostiging moet een percentage van 0 tot en met 100 zijn, zoals 10 of 12.5; niet "${input.sharePercent}".`);
  }

  const scored = input.kpis.map((kpi) => {
    if (!Number.isSafeInteger(kpi.weight) || kpi.weight < 0) {
      throw new RangeError(`Het gewicht van KPI "${kpi.name}" moet een geheel getal van 0 of meer zijn; niet ${kpi.weight}.`);
    }
    const target = parseTarget(kpi.target, kpi.name);
    const achieved = achievedValue(kpi.unit, kpi.achieved, kpi.name);
    // §4: a KPI without figures for the year scores 0 and is flagged "geen data".
    const score = achieved === null ? ZERO : scoreOf(kpi.rule, achieved, target, kpi.direction);
    const status: KpiStatus = achieved === null ? "noData" : standing(achieved, target, kpi.direction);
    return { kpi, achieved, score, status };
  });

  const totalWeight = scored.reduce((sum, { kpi }) => sum + BigInt(kpi.weight), 0n);
  if (totalWeight === 0n) throw new RangeError(NO_WEIGHT_MESSAGE);

  // At stake = commitment × share / 100, exact.
  const atStake = dividedBy(times(whole(input.commitmentCents), share), whole(100));
  // Σ(weight × score) / Σ(weight), exact.
  const weightedScore = dividedBy(
    scored.reduce((sum, { kpi, score }) => plus(sum, times(whole(kpi.weight), score)), ZERO),
    whole(totalWeight),
  );

  // The one rounding of §4: half up to the cent, at the payout.
  const atStakeCents = roundHalfUp(atStake);
  const payoutCents = roundHalfUp(times(atStake, weightedScore));

  return {
    year: input.year,
    mode,
    atStakeCents: Number(atStakeCents),
    payoutCents: Number(payoutCents),
    // payout + withheld = the at-stake amount shown (see the top of this file).
    withheldCents: Number(atStakeCents - payoutCents),
    weightedScore: toDecimal(weightedScore, 4),
    weightedScorePercent: asPercent(weightedScore),
    breakdown: scored.map(({ kpi, achieved, score, status }) => ({
      id: kpi.id,
      name: kpi.name,
      target: kpi.target,
      unit: kpi.unit,
      achievedDisplay: achieved === null ? NO_DATA_LABEL : kpi.unit === "percent" ? `${toDutch(achieved, 2)} %` : toDutch(achieved, 2),
      achievedValue: achieved === null ? null : toDecimal(achieved, 4),
      direction: kpi.direction,
      rule: kpi.rule,
      status,
      score: toDecimal(score, 4),
      scorePercent: asPercent(score),
      weight: kpi.weight,
      // Informative: rounded per KPI, so the lines may not add up to the payout by a cent.
      amountCents: Number(roundHalfUp(dividedBy(times(atStake, times(whole(kpi.weight), score)), whole(totalWeight)))),
      noData: achieved === null,
    })),
  };
}
