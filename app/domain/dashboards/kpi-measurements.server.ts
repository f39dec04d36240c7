import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/types";
import { contracts } from "../contracts/contract.sql";
import { achievedValue, statusOf, NO_DATA_LABEL, type Fraction } from "../performance/performance-payment";
import { measureSql, reportKpiMeasures } from "../reports/report-kpis.server";
import { progressReportFigures as f, progressReports, progressReportVersions, reportingPeriods } from "../reports/report.sql";
import type { DashboardFilters, DashboardKpiDefinition, KpiGrouping, KpiMeasurement } from "./dashboard-model";
import type { DashboardScope } from "./dashboard-scope";
import { suppressedDisplay, type Suppression } from "./suppression";

// The dashboard's KPI measurements (issue 7): the figure rows of ACCEPTED progress reports (the
// report's latest version, when it is the accepted one), summed per group in ONE statement with
// the numerator / denominator of report-kpis.server.ts, so the dashboard, its exports and the
// prestatiebekostiging read the same numbers. Several groupings at once are GROUPING SETS of the
// same statement: the rows of the year are read once, however many tables the dashboard shows.

/** The catalogue codes reports can compute, in catalogue order. */
export const reportKpiCodes: readonly string[] = Object.keys(reportKpiMeasures);

export interface MeasuredKpi {
  group: Partial<Record<KpiGrouping, string>>;
  code: string;
  /** Exact decimal strings as summed by PostgreSQL; "0" / "0" when no row held the figures. */
  numerator: string;
  denominator: string;
}

/** Per group: the KPI sums, flow counts and money of the accepted figure rows. */
export interface FigureAggregate {
  group: Partial<Record<KpiGrouping, string>>;
  /** The earliest period start in the group, "YYYY-MM-DD". */
  periodStart: string;
  started: number;
  active: number;
  /** The six ended-by-reason figures summed. */
  ended: number;
  invoicedCents: number;
  /** Per catalogue code; null when no row of the group held both figures of the KPI. */
  kpis: Record<string, { numerator: string; denominator: string } | null>;
}

/**
 * The dashboard's period: the calendar quarter a reporting period ENDS in ("2025-K2"). Contracts
 * report quarterly, half-yearly or yearly; one trend axis needs one kind of period, and a
 * half-year's figures cannot be split over its quarters, so a half-yearly report counts in its
 * last quarter (H1 → K2, H2 → K4) and a yearly report in K4: when its figures became known.
 * For quarterly reports this is simply their own label.
 */
export const dashboardQuarterSql = sql`extract(year from ${reportingPeriods.periodEnd})::int::text || '-K' || extract(quarter from ${reportingPeriods.periodEnd})::int::text`;

/**
 * The grouping keys as PostgreSQL hashes and sorts them cheaply: the quarter and year as integers
 * (20252 = 2025-K2), ids as uuid. With text keys (the label, `::text` casts) the plan sorted the
 * year's 8,000 rows by a collation-aware label; integer keys saved a few ms of ~44 at national
 * scale. The labels are made in `groupLabel`.
 */
const groupingSql: Record<KpiGrouping, SQL> = {
  year: sql`extract(year from ${reportingPeriods.periodStart})::int`,
  period: sql`(extract(year from ${reportingPeriods.periodEnd}) * 10 + extract(quarter from ${reportingPeriods.periodEnd}))::int`,
  contract: sql`${progressReports.contractId}`,
  supplier: sql`${contracts.supplierOrganisationId}`,
  municipality: sql`${f.municipalityId}`,
  learningRoute: sql`${f.learningRoute}`,
  targetGroup: sql`${f.targetGroup}`,
};

/** A grouping key as the model names it: "2025-K2" for 20252, every other key as text. */
function groupLabel(grouping: KpiGrouping, value: string | number): string {
  if (grouping === "period") return `${Math.floor(Number(value) / 10)}-K${Number(value) % 10}`;
  return String(value);
}

function filterConditions(filters: DashboardFilters): SQL[] {
  const conditions: SQL[] = [];
  // a report belongs to the calendar year its period starts in (periods never cross a year)
  if (filters.year !== undefined) conditions.push(sql`${reportingPeriods.periodStart} between ${`${filters.year}-01-01`} and ${`${filters.year}-12-31`}`);
  if (filters.periodLabel) conditions.push(sql`${dashboardQuarterSql} = ${filters.periodLabel}`);
  if (filters.municipalityId) conditions.push(eq(f.municipalityId, filters.municipalityId));
  if (filters.learningRoute) conditions.push(eq(f.learningRoute, filters.learningRoute));
  if (filters.targetGroup) conditions.push(eq(f.targetGroup, filters.targetGroup));
  if (filters.supplierOrganisationId) conditions.push(eq(contracts.supplierOrganisationId, filters.supplierOrganisationId));
  if (filters.contractId) conditions.push(eq(progressReports.contractId, filters.contractId));
  return conditions;
}

const sumText = (expression: SQL) => sql`coalesce(sum(${expression}), 0)::text`;

type GroupingSet = readonly KpiGrouping[];

/**
 * Which requested grouping sets PostgreSQL sums and which are rolled up from those in JavaScript.
 * Each set in the statement costs a pass of every aggregate over the year's rows (≈ 4 ms at
 * national scale, scripts/bench/dashboard.ts); a roll-up of a few dozen summed rows costs
 * microseconds. Two roll-ups are exact and cheap:
 * - supplier from contract: a contract has one supplier, so the contract set carries the supplier
 *   as an extra key (no extra rows) and the supplier set sums its rows;
 * - a set T from T + one of targetGroup, leerroute or period, when that set is asked for too:
 *   every figure row has exactly one value of each (NOT NULL columns), and they have few values.
 */
function planGroupingSets(requested: readonly GroupingSet[]) {
  const keyOf = (set: GroupingSet) => [...set].sort().join("|");
  const wanted = new Map<string, GroupingSet>();
  for (const set of requested.length ? requested : [[]]) wanted.set(keyOf(set), set);
  const summed = new Map<string, GroupingSet>();
  /** In the order they can be computed: a source is summed or rolled up before it is used. */
  const rolledUp: { set: GroupingSet; from: string }[] = [];
  const planned = new Set<string>();

  for (const set of wanted.values()) {
    if (!set.includes("supplier") || set.includes("contract")) continue;
    const byContract = [...set.filter((grouping) => grouping !== "supplier"), "contract"] as KpiGrouping[];
    if (!wanted.has(keyOf(byContract))) continue;
    const source = [...byContract, "supplier"] as KpiGrouping[];
    summed.set(keyOf(source), source);
    rolledUp.push({ set, from: keyOf(source) }, { set: byContract, from: keyOf(source) });
    planned.add(keyOf(set)).add(keyOf(byContract));
  }
  // the larger sets first, so that a smaller one can be rolled up from a rolled-up one
  for (const set of [...wanted.values()].sort((a, b) => b.length - a.length)) {
    if (planned.has(keyOf(set))) continue;
    const finer = (["targetGroup", "learningRoute", "period"] as const)
      .filter((grouping) => !set.includes(grouping))
      .map((grouping) => [...set, grouping] as KpiGrouping[])
      .find((candidate) => planned.has(keyOf(candidate)));
    if (finer) rolledUp.push({ set, from: keyOf(finer) });
    else summed.set(keyOf(set), set);
    planned.add(keyOf(set));
  }
  return { keyOf, summed: [...summed.values()], wanted: [...wanted.values()], rolledUp };
}

/** Exact decimal strings added with the larger scale, as PostgreSQL adds numerics ("1.50" + "2" = "3.50"). */
function addDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((value) => (value.includes(".") ? value.length - value.indexOf(".") - 1 : 0)));
  let total = 0n;
  for (const value of values) {
    const [whole = "0", fraction = ""] = value.split(".");
    const negative = whole.startsWith("-");
    const units = BigInt(whole.replace("-", "") + fraction.padEnd(scale, "0"));
    total += negative ? -units : units;
  }
  if (scale === 0) return total.toString();
  const sign = total < 0n ? "-" : "";
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, "0");
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function emptyAggregate(group: FigureAggregate["group"]): FigureAggregate {
  return { group, periodStart: "", started: 0, active: 0, ended: 0, invoicedCents: 0, kpis: Object.fromEntries(reportKpiCodes.map((code) => [code, null])) };
}

/** Sums `rows` per value of `set`'s groupings (the rows' other groupings dropped). */
function rollUp(rows: readonly FigureAggregate[], set: GroupingSet): FigureAggregate[] {
  const groups = new Map<string, FigureAggregate[]>();
  for (const row of rows) {
    const key = set.map((grouping) => row.group[grouping]).join("|");
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  // the total exists without rows too, as PostgreSQL's empty grouping set does
  if (set.length === 0 && groups.size === 0) return [emptyAggregate({})];
  return [...groups.values()].map((members) => {
    const group: FigureAggregate["group"] = {};
    for (const grouping of set) group[grouping] = members[0]!.group[grouping];
    const kpis: FigureAggregate["kpis"] = {};
    for (const code of reportKpiCodes) {
      const held = members.map((member) => member.kpis[code]).filter((sums): sums is NonNullable<typeof sums> => sums !== null && sums !== undefined);
      kpis[code] = held.length === 0 ? null : { numerator: addDecimals(held.map((sums) => sums.numerator)), denominator: addDecimals(held.map((sums) => sums.denominator)) };
    }
    const starts = members.map((member) => member.periodStart).filter((start) => start !== "");
    return {
      group,
      periodStart: starts.length ? starts.reduce((earliest, start) => (start < earliest ? start : earliest)) : "",
      started: members.reduce((total, member) => total + member.started, 0),
      active: members.reduce((total, member) => total + member.active, 0),
      ended: members.reduce((total, member) => total + member.ended, 0),
      invoicedCents: members.reduce((total, member) => total + member.invoicedCents, 0),
      kpis,
    };
  });
}

/**
 * Sums the accepted figure rows matching `filters`, once per grouping set (each a list of
 * groupings; [] is the total). One statement, whatever the number of sets; some sets are rolled
 * up from others (planGroupingSets).
 */
export async function aggregateAcceptedFigures(db: Db, filters: DashboardFilters, groupingSets: readonly GroupingSet[]): Promise<FigureAggregate[]> {
  const plan = planGroupingSets(groupingSets);
  const bySet = new Map<string, FigureAggregate[]>(plan.summed.map((set) => [plan.keyOf(set), []]));
  for (const row of await sumGroupingSets(db, filters, plan.summed)) bySet.get(plan.keyOf(Object.keys(row.group) as KpiGrouping[]))?.push(row);
  for (const { set, from } of plan.rolledUp) bySet.set(plan.keyOf(set), rollUp(bySet.get(from)!, set));
  return plan.wanted.flatMap((set) => bySet.get(plan.keyOf(set))!);
}

async function sumGroupingSets(db: Db, filters: DashboardFilters, sets: readonly GroupingSet[]): Promise<FigureAggregate[]> {
  const used = [...new Set(sets.flat())];
  const selection: Record<string, SQL> = {
    periodStart: sql`min(${reportingPeriods.periodStart})::text`,
    started: sumText(sql`${f.started}`),
    active: sumText(sql`${f.active}`),
    ended: sumText(
      sql`coalesce(${f.endedObligationMet}, 0) + coalesce(${f.endedWork}, 0) + coalesce(${f.endedEducation}, 0) + coalesce(${f.endedMoved}, 0) + coalesce(${f.endedExemption}, 0) + coalesce(${f.endedOther}, 0)`,
    ),
    invoicedCents: sumText(sql`${f.invoicedCents}`),
  };
  for (const grouping of used) selection[`g_${grouping}`] = groupingSql[grouping];
  reportKpiCodes.forEach((code, index) => {
    const { measure, route } = reportKpiMeasures[code]!;
    const { numerator, denominator, counts } = measureSql[measure];
    // route-specific KPIs count only their leerroute's rows (report-kpis.server.ts)
    const where = route ? sql`${counts} and ${f.learningRoute} = ${route}` : counts;
    selection[`n_${index}`] = sql`(sum(${numerator}) filter (where ${where}))::text`;
    selection[`d_${index}`] = sql`(sum(${denominator}) filter (where ${where}))::text`;
  });
  const groupBy = sql`grouping sets (${sql.join(
    sets.map((set) => sql`(${sql.join(set.map((grouping) => groupingSql[grouping]), sql`, `)})`),
    sql`, `,
  )})`;
  const rows = (await db
    .select(selection)
    .from(f)
    .innerJoin(progressReportVersions, eq(progressReportVersions.id, f.versionId))
    .innerJoin(progressReports, and(eq(progressReports.id, progressReportVersions.reportId), eq(progressReports.latestVersion, progressReportVersions.number)))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressReports.periodId))
    .innerJoin(contracts, eq(contracts.id, progressReports.contractId))
    .where(and(eq(progressReports.status, "accepted"), eq(progressReportVersions.status, "accepted"), ...filterConditions(filters)))
    .groupBy(groupBy)) as unknown as Array<Record<string, string | null>>;

  return rows.map((row) => {
    // grouping columns are NOT NULL in the tables, so null means "not grouped by this in this set"
    const group: Partial<Record<KpiGrouping, string>> = {};
    for (const grouping of used) {
      // the integer keys arrive as numbers
      const value = row[`g_${grouping}`] as string | number | null | undefined;
      if (value !== null && value !== undefined) group[grouping] = groupLabel(grouping, value);
    }
    const kpis: FigureAggregate["kpis"] = {};
    reportKpiCodes.forEach((code, index) => {
      const denominator = row[`d_${index}`];
      kpis[code] = denominator === null || denominator === undefined ? null : { numerator: row[`n_${index}`] ?? "0", denominator };
    });
    return {
      group,
      periodStart: row.periodStart ?? "",
      started: Number(row.started ?? 0),
      active: Number(row.active ?? 0),
      ended: Number(row.ended ?? 0),
      invoicedCents: Number(row.invoicedCents ?? 0),
      kpis,
    };
  });
}

/** Whether an aggregate row belongs to exactly this grouping set. */
export function isGroupingSet(aggregate: FigureAggregate, set: readonly KpiGrouping[]): boolean {
  const keys = Object.keys(aggregate.group);
  return keys.length === set.length && set.every((grouping) => aggregate.group[grouping] !== undefined);
}

/**
 * The catalogue KPIs that reports can compute, measured over the accepted figures in the scope,
 * per group: one row per group × KPI code.
 */
export async function measureKpis(db: Db, scope: DashboardScope, groupBy: readonly KpiGrouping[]): Promise<MeasuredKpi[]> {
  const aggregates = await aggregateAcceptedFigures(db, scope.filters, [groupBy]);
  return aggregates.flatMap((aggregate) =>
    reportKpiCodes.map((code) => {
      const sums = aggregate.kpis[code];
      return { group: aggregate.group, code, numerator: sums?.numerator ?? "0", denominator: sums?.denominator ?? "0" };
    }),
  );
}

// ------------------------------------------------------------------------------- display

/** Half up to one decimal, Dutch notation: 70.689… → "70,7"; 7.1875 → "7,2". */
function oneDecimal(value: Fraction): string {
  const tenths = (20n * value.numerator + value.denominator) / (2n * value.denominator);
  const whole = (tenths / 10n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${whole},${tenths % 10n}`;
}

/**
 * A KPI's measurement as the dashboard shows it. The status comes from the exact fraction
 * (statusOf), never from the rounded display. A suppressed measurement (§5) hides its figures
 * too: the numerator and denominator become "", the value null and the status "noData", since
 * any of them would give the small number away.
 */
export function toKpiMeasurement(definition: DashboardKpiDefinition, numerator: string, denominator: string, suppression: Suppression | null): KpiMeasurement {
  if (suppression) return { numerator: "", denominator: "", value: null, display: suppressedDisplay[suppression], status: "noData", suppressed: true, suppression };
  const achieved = achievedValue(definition.unit, { numerator, denominator }, definition.name);
  if (achieved === null) return { numerator, denominator, value: null, display: NO_DATA_LABEL, status: "noData", suppressed: false, suppression: null };
  return {
    numerator,
    denominator,
    // for charts only; the display and the status are exact
    value: Number(achieved.numerator) / Number(achieved.denominator),
    display: definition.unit === "percent" ? `${oneDecimal(achieved)} %` : oneDecimal(achieved),
    status: statusOf(achieved, definition.target, definition.direction),
    suppressed: false,
    suppression: null,
  };
}
