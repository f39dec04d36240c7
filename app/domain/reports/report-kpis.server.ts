import { and, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { contractKpis, kpiYearFigures } from "../contracts/contract.sql";
import type { LearningRoute } from "./report-figures";
import { progressReportFigures as f, progressReports, progressReportVersions, reportingPeriods } from "./report.sql";

// Accepted progress reports feed the KPIs (issue 6 item 6; domain.md §3 and §4). For one contract
// and calendar year, the typed figure rows of the ACCEPTED reports (their latest version, which is
// the accepted one) of the periods starting in that year are summed in ONE query, per leerroute,
// and each contract KPI whose catalogue code reports can compute gets its year figure
// (kpi_year_figures: numerator / denominator) replaced.
//
// | catalogue code                              | numerator                         | denominator          | rows        |
// |---------------------------------------------|-----------------------------------|----------------------|-------------|
// | completedInTime.b1 / .education / .z        | Σ cohortMetInTime                 | Σ cohortTermEnded    | that route  |
// | outflowToWork.b1                            | Σ outflowWork                     | Σ outflowCohort      | B1-route    |
// | outflowToWorkOrEducation.education / .z     | Σ (outflowWork + outflowEducation)| Σ outflowCohort      | that route  |
// | workContactYearOne                          | Σ cohortYearOneWorkContact        | Σ cohortYearOne      | all routes  |
// | localParticipation                          | Σ participatingLocally            | Σ active             | all routes  |
// | clientSatisfaction                          | Σ (surveyMeanScore × respondents) | Σ surveyRespondents  | all routes  |
// | financialSelfRelianceAfterSixMonths         | Σ financiallySelfReliant          | Σ unburdeningCohort  | all routes  |
// | withinNationalFunding, contract-only KPIs   | — (not from reports; entered by the contract manager)                   |
//
// Choices:
// - The cohort figures (term ended, year one, three years after the start, ontzorgen after six
//   months) are reported per period as the part of the cohort that reached that moment in the
//   period, so the year's cohort is the sum over the year's reports.
// - Participeert lokaal is a stock (participating / active at the end of each period). The year
//   figure is Σ participating / Σ active over the year's accepted reports: the share of the
//   average number of participants over the reported quarters (each quarter weighs equally),
//   not the last quarter alone, so one odd quarter-end does not decide the year.
// - Klantbeleving is the respondent-weighted mean: numerator Σ score × respondents,
//   denominator Σ respondents, so numerator / denominator is the mean score (unit "score").
// - Only rows that hold both the numerator's and the denominator's figure count (a row without
//   the denominator cannot say what its numerator is a share of). A KPI none of whose rows hold
//   its figures keeps whatever year figure it had (nothing to compute from).
// - A year figure entered by hand is replaced once accepted reports for that year exist; the
//   source says so ("vervangt handmatig ingevoerd: 41 van 58 (Ingevoerd door …)"), and keeps
//   saying so on later refreshes.
// - A report belongs to the calendar year its period starts in (periods never cross a year).

type Measure = "metInTime" | "outflowWork" | "outflowWorkOrEducation" | "workContact" | "localParticipation" | "satisfaction" | "selfReliance";

/** Which measure each computable catalogue KPI uses, and for route-specific KPIs the route's rows only. */
export const reportKpiMeasures: Readonly<Record<string, { measure: Measure; route: LearningRoute | null }>> = {
  "completedInTime.b1": { measure: "metInTime", route: "b1" },
  "completedInTime.education": { measure: "metInTime", route: "education" },
  "completedInTime.z": { measure: "metInTime", route: "z" },
  "outflowToWork.b1": { measure: "outflowWork", route: "b1" },
  "outflowToWorkOrEducation.education": { measure: "outflowWorkOrEducation", route: "education" },
  "outflowToWorkOrEducation.z": { measure: "outflowWorkOrEducation", route: "z" },
  workContactYearOne: { measure: "workContact", route: null },
  localParticipation: { measure: "localParticipation", route: null },
  clientSatisfaction: { measure: "satisfaction", route: null },
  financialSelfRelianceAfterSixMonths: { measure: "selfReliance", route: null },
};

/** Per measure: numerator and denominator expressions, and when a row counts. */
export const measureSql: Record<Measure, { numerator: SQL; denominator: SQL; counts: SQL }> = {
  metInTime: { numerator: sql`${f.cohortMetInTime}`, denominator: sql`${f.cohortTermEnded}`, counts: sql`${f.cohortMetInTime} is not null and ${f.cohortTermEnded} is not null` },
  outflowWork: { numerator: sql`${f.outflowWork}`, denominator: sql`${f.outflowCohort}`, counts: sql`${f.outflowWork} is not null and ${f.outflowCohort} is not null` },
  outflowWorkOrEducation: {
    numerator: sql`coalesce(${f.outflowWork}, 0) + coalesce(${f.outflowEducation}, 0)`,
    denominator: sql`${f.outflowCohort}`,
    counts: sql`(${f.outflowWork} is not null or ${f.outflowEducation} is not null) and ${f.outflowCohort} is not null`,
  },
  workContact: { numerator: sql`${f.cohortYearOneWorkContact}`, denominator: sql`${f.cohortYearOne}`, counts: sql`${f.cohortYearOneWorkContact} is not null and ${f.cohortYearOne} is not null` },
  localParticipation: { numerator: sql`${f.participatingLocally}`, denominator: sql`${f.active}`, counts: sql`${f.participatingLocally} is not null and ${f.active} is not null` },
  satisfaction: {
    numerator: sql`${f.surveyMeanScore} * ${f.surveyRespondents}`,
    denominator: sql`${f.surveyRespondents}`,
    counts: sql`${f.surveyMeanScore} is not null and ${f.surveyRespondents} is not null and ${f.surveyRespondents} > 0`,
  },
  selfReliance: { numerator: sql`${f.financiallySelfReliant}`, denominator: sql`${f.unburdeningCohort}`, counts: sql`${f.financiallySelfReliant} is not null and ${f.unburdeningCohort} is not null` },
};

const measures = Object.keys(measureSql) as Measure[];
export const REPORT_SOURCE_PREFIX = "Voortgangsrapportages";

// Exact decimal arithmetic on the strings PostgreSQL returns: scores have two decimals, so the
// sums are kept in hundredths as BigInts (never floating point).
const SCALE = 100n;
function toHundredths(value: string): bigint {
  const negative = value.startsWith("-");
  const [whole, fraction = ""] = value.replace("-", "").split(".");
  const hundredths = BigInt(whole || "0") * SCALE + BigInt((fraction + "00").slice(0, 2));
  return negative ? -hundredths : hundredths;
}
function fromHundredths(value: bigint): string {
  const whole = value / SCALE;
  const fraction = value % SCALE;
  return fraction === 0n ? String(whole) : `${whole}.${String(fraction).padStart(2, "0")}`;
}

export interface RefreshedKpiFigure {
  contractKpiId: string;
  kpiCode: string;
  numerator: string;
  denominator: string;
  source: string;
  /** The year figure it replaced was entered by hand. */
  replacedManual: boolean;
}

/**
 * Recomputes the year figures of a contract's report-computable KPIs from the accepted reports
 * of `year` and upserts them (kpi_year_figures). Call it inside the transaction that accepts a
 * report. Returns what was written.
 */
export async function refreshKpiYearFiguresFromReports(tx: Db, clock: Clock, contractId: string, year: number): Promise<RefreshedKpiFigure[]> {
  const kpis = (await tx.select().from(contractKpis).where(and(eq(contractKpis.contractId, contractId), isNotNull(contractKpis.kpiCode)))).filter(
    (kpi) => kpi.kpiCode! in reportKpiMeasures,
  );
  if (kpis.length === 0) return [];

  // one query: per leerroute, numerator and denominator sums of every measure
  const selection: Record<string, SQL> = { learningRoute: sql`${f.learningRoute}` };
  for (const measure of measures) {
    const { numerator, denominator, counts } = measureSql[measure];
    selection[`${measure}Numerator`] = sql`(sum(${numerator}) filter (where ${counts}))::text`;
    selection[`${measure}Denominator`] = sql`(sum(${denominator}) filter (where ${counts}))::text`;
  }
  const rows = (await tx
    .select(selection)
    .from(f)
    .innerJoin(progressReportVersions, eq(progressReportVersions.id, f.versionId))
    .innerJoin(progressReports, and(eq(progressReports.id, progressReportVersions.reportId), eq(progressReports.latestVersion, progressReportVersions.number)))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressReports.periodId))
    .where(
      and(
        eq(progressReports.contractId, contractId),
        eq(progressReports.status, "accepted"),
        eq(progressReportVersions.status, "accepted"),
        sql`${reportingPeriods.periodStart} >= ${`${year}-01-01`} and ${reportingPeriods.periodStart} <= ${`${year}-12-31`}`,
      ),
    )
    .groupBy(f.learningRoute)) as unknown as Array<Record<string, string | null>>;
  if (rows.length === 0) return [];

  const existing = await tx
    .select()
    .from(kpiYearFigures)
    .where(and(inArray(kpiYearFigures.contractKpiId, kpis.map((kpi) => kpi.id)), eq(kpiYearFigures.year, year)));
  const now = clock.now();
  const written: RefreshedKpiFigure[] = [];
  for (const kpi of kpis) {
    const { measure, route } = reportKpiMeasures[kpi.kpiCode!]!;
    let numerator = 0n;
    let denominator = 0n;
    let found = false;
    for (const row of rows) {
      if (route && row.learningRoute !== route) continue;
      const rowDenominator = row[`${measure}Denominator`];
      if (rowDenominator === null || rowDenominator === undefined) continue;
      found = true;
      numerator += toHundredths(row[`${measure}Numerator`] ?? "0");
      denominator += toHundredths(rowDenominator);
    }
    if (!found) continue;
    const previous = existing.find((figure) => figure.contractKpiId === kpi.id);
    const base = `${REPORT_SOURCE_PREFIX} ${year} (geaccepteerd)`;
    let source = base;
    let replacedManual = false;
    if (previous && !previous.source.startsWith(REPORT_SOURCE_PREFIX)) {
      replacedManual = true;
      source = `${base}; vervangt handmatig ingevoerd: ${trimZeros(previous.numerator)} van ${trimZeros(previous.denominator)} (${previous.source})`;
    } else if (previous) {
      const note = previous.source.indexOf("; vervangt handmatig");
      if (note >= 0) source = base + previous.source.slice(note);
    }
    const values = { numerator: fromHundredths(numerator), denominator: fromHundredths(denominator), source, recordedAt: now, recordedByUserId: null };
    await tx
      .insert(kpiYearFigures)
      .values({ contractKpiId: kpi.id, year, ...values })
      .onConflictDoUpdate({ target: [kpiYearFigures.contractKpiId, kpiYearFigures.year], set: values });
    written.push({ contractKpiId: kpi.id, kpiCode: kpi.kpiCode!, numerator: values.numerator, denominator: values.denominator, source, replacedManual });
  }
  return written;
}

/** "41.0000" → "41", "352.5000" → "352.5". */
function trimZeros(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}
