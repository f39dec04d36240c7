import { z } from "zod";
import { targetGroupLabels, type TargetGroup } from "../tenders/tender-content";
import { containsBsnLikeNumber, passesElevenTest } from "./bsn";
import { figureDefinitions, learningRouteLabels, type FigureDefinition, type FigureKey, type FigureValues, type LearningRoute } from "./report-figures";

// The checks of a progress report's figures (issue 6 item 5), shared by the web form and the Excel
// upload: both turn their input into ReportRowInput and get the same problems back. Pure: no
// database, so the upload can be checked completely before anything is saved.
//
// Empty means "not reported" (null), which is allowed: not every figure is known every quarter
// (the client survey is yearly, outflow needs a three-year cohort).

export interface ReportRowKey {
  municipalityId: string;
  learningRoute: LearningRoute;
  targetGroup: TargetGroup;
}

/** Raw values as entered; `invoicedCents` is already in cents (see parseEuroAmount). */
export type ReportRowInput = ReportRowKey & { values: Partial<Record<FigureKey, unknown>> };
export type ReportRow = ReportRowKey & { values: FigureValues };

export interface ReportProblem {
  /** Index into the rows given, or null for the report as a whole. */
  rowIndex: number | null;
  figure: FigureKey | null;
  /** Dutch, for the supplier. */
  message: string;
}

export interface ReportValidation {
  ok: boolean;
  rows: ReportRow[];
  /** Must be fixed before the report can be saved. */
  problems: ReportProblem[];
  /** May stay, but the supplier explains them (consistencyExplanation). */
  warnings: ReportProblem[];
}

/** The stable key of a row, e.g. for the previous period's active counts. */
export function reportRowKey(key: ReportRowKey): string {
  return `${key.municipalityId}|${key.learningRoute}|${key.targetGroup}`;
}

export function reportRowLabel(key: { learningRoute: LearningRoute; targetGroup: TargetGroup }): string {
  return `${learningRouteLabels[key.learningRoute]}, ${targetGroupLabels[key.targetGroup].toLowerCase()}`;
}

const definitionByKey = new Map<string, FigureDefinition>(figureDefinitions.map((definition) => [definition.key, definition]));
export const figureKeys = figureDefinitions.map((definition) => definition.key) as FigureKey[];

export function figureDefinition(key: FigureKey): FigureDefinition {
  return definitionByKey.get(key)!;
}

/** Figures this report carries: the WerkSaam figures only in the DVO with WerkSaam. */
export function reportedFigures(werksaam: boolean): FigureDefinition[] {
  return figureDefinitions.filter((definition: FigureDefinition) => werksaam || !definition.werksaamOnly);
}

// The columns are PostgreSQL integer (counts, hours) and bigint (cents); the caps keep a typo
// such as a pasted account number from reaching the database as an overflow error.
const MAX_INTEGER = 2_147_483_647;
const MAX_CENTS = 100_000_000_000; // € 1 miljard
const SCORE_MIN = 1;
const SCORE_MAX = 10;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const show = (value: number) => String(value).replace(".", ",");

/**
 * "12", "12,5", " 7.25 " → number; "", null, undefined → null; anything else is kept as is so
 * the schema reports it. Dots as thousands separators are not accepted: "1.234" would be 1,234
 * in one reading and 1234 in the other.
 */
function normaliseInput(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") return null;
    if (/^-?\d+(?:[.,]\d+)?$/.test(trimmed)) return Number(trimmed.replace(",", "."));
    return value;
  }
  return value;
}

function hasAtMostTwoDecimals(value: number): boolean {
  // through the 15-digit decimal a user typed, not the binary double (7.1 * 100 is not 710)
  const [, fraction = ""] = Number(value.toPrecision(15)).toString().split(".");
  return !fraction.includes("e") && fraction.length <= 2;
}

function figureSchema(definition: FigureDefinition) {
  const label = definition.label;
  const notANumber = `${label}: vul een getal in.`;
  if (definition.kind === "score") {
    return z
      .number({ error: notANumber })
      .min(SCORE_MIN, { error: `${label}: vul een cijfer van 1 tot en met 10 in.` })
      .max(SCORE_MAX, { error: `${label}: vul een cijfer van 1 tot en met 10 in.` })
      .refine(hasAtMostTwoDecimals, { error: `${label}: gebruik ten hoogste twee decimalen.` })
      .nullable();
  }
  const whole =
    definition.kind === "cents"
      ? `${label}: vul een bedrag in hele centen in, 0 of meer.`
      : `${label}: vul een geheel getal in, 0 of meer${definition.kind === "hours" ? " (hele uren)" : ""}.`;
  return z
    .number({ error: notANumber })
    .int({ error: whole })
    .min(0, { error: whole })
    .max(definition.kind === "cents" ? MAX_CENTS : MAX_INTEGER, { error: `${label}: dit getal is te groot.` })
    .nullable();
}

const schemas = new Map(figureDefinitions.map((definition) => [definition.key as FigureKey, figureSchema(definition)]));

const endedKeys = ["endedObligationMet", "endedWork", "endedEducation", "endedMoved", "endedExemption", "endedOther"] as const satisfies readonly FigureKey[];

function emptyValues(): FigureValues {
  return Object.fromEntries(figureKeys.map((key) => [key, null])) as FigureValues;
}

/** The sum of the figures, or null when any of them is not reported. */
function sumOf(values: FigureValues, keys: readonly FigureKey[]): number | null {
  let sum = 0;
  for (const key of keys) {
    const value = values[key];
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

export interface ValidateReportFiguresInput {
  rows: readonly ReportRowInput[];
  werksaam: boolean;
  /** Active participants at the end of the previous period, by reportRowKey; absent for the first period. */
  previousActive?: ReadonlyMap<string, number>;
}

export function validateReportFigures(input: ValidateReportFiguresInput): ReportValidation {
  const problems: ReportProblem[] = [];
  const warnings: ReportProblem[] = [];
  const rows: ReportRow[] = [];
  const seen = new Set<string>();

  input.rows.forEach((row, rowIndex) => {
    const problem = (figure: FigureKey | null, message: string) => problems.push({ rowIndex, figure, message });
    const key = reportRowKey(row);
    if (seen.has(key)) problem(null, "Deze combinatie van gemeente, leerroute en doelgroep staat twee keer in de rapportage.");
    seen.add(key);

    const values = emptyValues();
    // a figure with its own problem takes no part in the checks between figures
    const invalid = new Set<FigureKey>();
    for (const figure of figureKeys) {
      const raw = normaliseInput(row.values[figure]);
      const definition = figureDefinition(figure);
      if (definition.werksaamOnly && !input.werksaam) {
        if (raw !== null) problem(figure, `${definition.label}: alleen WerkSaam rapporteert dit cijfer; laat het leeg.`);
        continue;
      }
      const parsed = schemas.get(figure)!.safeParse(raw);
      // a nine-digit "count" that passes the eleven test is far more likely a BSN typed or pasted
      // into the wrong cell than a real count (no route has 100 million participants)
      if (parsed.success && parsed.data !== null && definition.kind !== "cents" && parsed.data >= 100_000_000 && passesElevenTest(String(parsed.data))) {
        invalid.add(figure);
        problem(figure, `${definition.label}: dit getal lijkt op een burgerservicenummer (BSN). Een rapportage bevat alleen aantallen, nooit persoonsgegevens.`);
      } else if (parsed.success) values[figure] = parsed.data;
      else {
        invalid.add(figure);
        problem(figure, parsed.error.issues[0]?.message ?? `${definition.label}: ongeldige waarde.`);
      }
    }

    // numerator ≤ denominator, e.g. those in work out of the outflow cohort
    for (const definition of figureDefinitions as readonly FigureDefinition[]) {
      if (!definition.atMost) continue;
      const part = values[definition.key as FigureKey];
      const whole = values[definition.atMost as FigureKey];
      if (part === null || invalid.has(definition.atMost as FigureKey)) continue;
      const wholeLabel = lowerFirst(figureDefinition(definition.atMost as FigureKey).label);
      if (whole === null) problem(definition.key as FigureKey, `${definition.label} is ingevuld, maar ${wholeLabel} niet; vul dat ook in.`);
      else if (part > whole) problem(definition.key as FigureKey, `${definition.label} (${show(part)}) is groter dan ${wholeLabel} (${show(whole)}).`);
    }

    // parts of one whole that together cannot exceed it
    const outflowParts = sumOf(values, ["outflowWork", "outflowEducation"]);
    if (outflowParts !== null && values.outflowCohort !== null && outflowParts > values.outflowCohort && values.outflowWork! <= values.outflowCohort && values.outflowEducation! <= values.outflowCohort) {
      problem("outflowEducation", `Aan het werk (${values.outflowWork}) en in onderwijs (${values.outflowEducation}) zijn samen groter dan het cohort drie jaar na de start (${values.outflowCohort}); tel iemand maar één keer.`);
    }
    const hourParts = sumOf(values, ["hoursAttended", "hoursAbsent"]);
    if (hourParts !== null && values.hoursOffered !== null && hourParts > values.hoursOffered && values.hoursAttended! <= values.hoursOffered && values.hoursAbsent! <= values.hoursOffered) {
      problem("hoursAbsent", `Uren gevolgd (${values.hoursAttended}) en uren verzuim (${values.hoursAbsent}) zijn samen meer dan de uren aangeboden (${values.hoursOffered}).`);
    }

    // ended by reason: all reasons or none, otherwise the total outflow is unknown
    const endedFilled = endedKeys.filter((figure) => values[figure] !== null);
    if (endedFilled.length > 0 && endedFilled.length < endedKeys.length) {
      for (const figure of endedKeys) {
        if (values[figure] === null && !invalid.has(figure)) problem(figure, `${figureDefinition(figure).label}: vul bij uitstroom alle redenen in (0 als niemand om deze reden uitstroomde).`);
      }
    }

    // the mean score exists exactly when someone answered
    const respondents = values.surveyRespondents;
    const score = values.surveyMeanScore;
    if (respondents !== null && respondents > 0 && score === null && !invalid.has("surveyMeanScore")) {
      problem("surveyMeanScore", `Gemiddeld rapportcijfer: vul het gemiddelde in van de ${respondents} respondenten.`);
    } else if (score !== null && (respondents === null || respondents === 0) && !invalid.has("surveyRespondents")) {
      problem("surveyMeanScore", "Gemiddeld rapportcijfer: laat dit leeg als er geen respondenten zijn, of vul het aantal respondenten in.");
    }

    // the flow: active(previous) + started − ended = active(now); a difference may have a
    // reason (a late registration, a correction), so it is a warning that asks for one
    const previous = input.previousActive?.get(key);
    const ended = sumOf(values, endedKeys);
    if (previous !== undefined && values.started !== null && values.active !== null && ended !== null) {
      const expected = previous + values.started - ended;
      if (expected !== values.active) {
        warnings.push({
          rowIndex,
          figure: "active",
          message: `Actief vorige periode (${previous}) + gestart (${values.started}) − uitgestroomd (${ended}) = ${expected}, maar er staan ${values.active} deelnemers als actief gemeld. Licht het verschil toe.`,
        });
      }
    }

    rows.push({ municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup, values });
  });

  return { ok: problems.length === 0, rows, problems, warnings };
}

// ---------------------------------------------------------------------------------------------
// Money

/**
 * A euro amount as entered (a number from Excel, or "1234,56" / "1.234,56" / "1234.56" from a
 * form) → whole cents, exactly. Rounding rule: none. An amount with more than two decimals is
 * refused rather than rounded, because an invoice is in whole cents and a third decimal means
 * a formula or a typo. A number from Excel is read through its 15 significant digits (what Excel
 * stores and shows), so 1234.56, whose double is 1234.559999…, gives 123456 cents.
 */
export function parseEuroAmount(value: unknown): { ok: true; cents: number | null } | { ok: false; message: string } {
  const label = figureDefinition("invoicedCents").label;
  const invalid = { ok: false as const, message: `${label}: vul een bedrag in euro's in, 0 of meer, met ten hoogste twee decimalen.` };
  if (value === null || value === undefined) return { ok: true, cents: null };
  let decimal: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return invalid;
    decimal = Number(value.toPrecision(15)).toString();
    if (decimal.includes("e")) return invalid;
  } else if (typeof value === "string") {
    let text = value.trim().replace(/^€\s*/, "");
    if (text === "") return { ok: true, cents: null };
    if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replaceAll(".", ""); // Dutch thousands dots
    text = text.replace(",", ".");
    if (!/^\d+(\.\d+)?$/.test(text)) return invalid;
    decimal = text;
  } else {
    return invalid;
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match || match[1] === "-") return invalid;
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > 2) return invalid;
  const cents = Number(match[2]) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) return { ok: false, message: `${label}: dit bedrag is te groot.` };
  return { ok: true, cents };
}

/** Cents → the euro amount shown in the template (exact for every whole number of cents). */
export function centsToEuros(cents: number): number {
  return cents / 100;
}

// ---------------------------------------------------------------------------------------------
// Narrative texts

/**
 * A narrative text (§8.1 monitoring levels, comments) may not hold personal data. Returns the
 * Dutch explanation when it holds a number that looks like a BSN, otherwise null.
 */
export function validateNarrativeText(text: string): { ok: true } | { ok: false; message: string } {
  if (containsBsnLikeNumber(text)) {
    return {
      ok: false,
      message:
        "Deze tekst bevat een getal van negen cijfers dat een burgerservicenummer (BSN) kan zijn. " +
        "Een voortgangsrapportage bevat alleen aantallen, nooit persoonsgegevens: geen namen, BSN's of geboortedata. " +
        "Persoonsgegevens mogen het portaal niet binnenkomen, omdat het portaal er geen grondslag voor heeft en ze met veel partijen gedeeld worden. " +
        "Haal het nummer weg of schrijf het anders.",
    };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Totals for review screens

export interface RouteTargetGroupTotal {
  learningRoute: LearningRoute;
  targetGroup: TargetGroup;
  municipalityCount: number;
  values: FigureValues;
}

/**
 * The figures summed across municipalities per leerroute × target group. A figure no
 * municipality reported stays null. The mean score is weighted by the respondents (rounded to
 * two decimals, as stored); the counts, hours and cents are plain sums.
 */
export function totalsByRouteAndTargetGroup(rows: readonly ReportRow[]): RouteTargetGroupTotal[] {
  const groups = new Map<string, { total: RouteTargetGroupTotal; scoreWeight: number; scoreSum: number }>();
  for (const row of rows) {
    const groupKey = `${row.learningRoute}|${row.targetGroup}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { total: { learningRoute: row.learningRoute, targetGroup: row.targetGroup, municipalityCount: 0, values: emptyValues() }, scoreWeight: 0, scoreSum: 0 };
      groups.set(groupKey, group);
    }
    group.total.municipalityCount += 1;
    for (const figure of figureKeys) {
      const value = row.values[figure];
      if (value === null || figure === "surveyMeanScore") continue;
      group.total.values[figure] = (group.total.values[figure] ?? 0) + value;
    }
    const respondents = row.values.surveyRespondents;
    if (row.values.surveyMeanScore !== null && respondents !== null && respondents > 0) {
      group.scoreWeight += respondents;
      group.scoreSum += row.values.surveyMeanScore * respondents;
    }
  }
  return [...groups.values()].map(({ total, scoreWeight, scoreSum }) => ({
    ...total,
    values: { ...total.values, surveyMeanScore: scoreWeight > 0 ? Math.round((scoreSum / scoreWeight) * 100) / 100 : null },
  }));
}
