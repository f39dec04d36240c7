import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/types";
import { amsterdamDateOf, endOfAmsterdamDay } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { formatTarget } from "../../utils/format";
import { contractBudgets, contractKpis, contracts, kpiYearFigures } from "../contracts/contract.sql";
import { fundingAllocations } from "../finance/funding.sql";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import { organisations } from "../organisations/organisations.sql";
import { kpiDefinitions } from "../performance/kpi-catalogue.sql";
import { calculatePerformancePayment, paymentModeFor, type KpiDirection, type KpiUnit, type PaymentKpi } from "../performance/performance-payment";
import { municipalities } from "../regions/regions.sql";
import { learningRouteLabels, learningRoutes, type LearningRoute } from "../reports/report-figures";
import { progressReports, progressReportVersions, reportingPeriods } from "../reports/report.sql";
import { targetGroupLabels, targetGroups } from "../tenders/tender-content";
import type {
  ContractPeriodKpiRow,
  Dashboard,
  DashboardBreakdownRow,
  DashboardFilters,
  DashboardKpi,
  DashboardKpiDefinition,
  DashboardMoneyRow,
  DashboardOptions,
  DashboardPage,
  FundingStream,
  KpiGrouping,
  KpiMeasurement,
  PerformancePaymentSummaryRow,
  ReportTimelinessRow,
} from "./dashboard-model";
import { dashboardScopeFor, type DashboardScope } from "./dashboard-scope";
import { aggregateAcceptedFigures, dashboardQuarterSql, isGroupingSet, reportKpiCodes, toKpiMeasurement, type FigureAggregate } from "./kpi-measurements.server";
import { isSmallShare, shownCount, suppressLines, suppressRegionalTotal, type Suppression } from "./suppression";

// The dashboard of issue 7 (one model for the page, the Excel export and the yearly PDF).
//
// Speed: the figures of the year are read in one GROUPING SETS statement (selection, trend and
// every breakdown), plus one more for the regional totals when a municipality is selected; the
// rest (catalogue, periods, timeliness, money, prestatiebekostiging, pick lists) are small
// queries over contracts and periods, all run together after the year is known. Nothing is
// queried per contract or per municipality.
//
// Choices:
// - The KPIs are the catalogue KPIs that reports can compute (report-kpis.server.ts), with the
//   policy targets of kpi_definitions. "Binnen rijksbijdragen" is the money section. With a
//   leerroute filter the route-specific KPIs of the other routes are left out (they could only
//   say "geen data").
// - A chosen period narrows the measurement and the breakdowns; the trend keeps every period of
//   the year, so the chosen one is seen in its context.
// - Money and the prestatiebekostiging are yearly (funding and budgets are), so a chosen period
//   does not narrow them. Funding is per municipality and follows no other filter; the committed
//   and realised amounts follow the contract, supplier, leerroute and target-group filters.
// - Timeliness and the prestatiebekostiging are per contract: with a municipality selected (a
//   municipality viewer always) they cover the contracts with a budget for that municipality;
//   with a leerroute, the contracts of that route and those for every route (the DVO).
// - Suppression (§5, suppression.ts): a municipality viewer's own figures are shown as they are;
//   the regional total beside them is suppressed where needed. `suppressSmallNumbers` suppresses
//   everything (the public PDF), with secondary suppression in the trend and every breakdown,
//   whose lines add up to the total shown. Report timeliness and money say nothing about persons
//   and are never suppressed.

type ContractInfo = {
  id: string;
  number: string;
  title: string;
  status: "draft" | "active" | "ended" | "terminated";
  learningRoute: string | null;
  supplierOrganisationId: string;
  supplierName: string;
  startDate: string;
  endDate: string;
  performancePaymentApplies: boolean;
  performanceShare: string;
  performanceActivationDate: string | null;
};

const breakdownGroupings = {
  byLearningRoute: "learningRoute",
  bySupplier: "supplier",
  byContract: "contract",
  byMunicipality: "municipality",
  byTargetGroup: "targetGroup",
} as const satisfies Record<keyof Dashboard["breakdowns"], KpiGrouping>;

const NO_FIGURES = { numerator: "0", denominator: "0" } as const;

// ------------------------------------------------------------------------------ the year

async function yearsWithAcceptedReports(db: Db): Promise<number[]> {
  const rows = await db
    .selectDistinct({ year: sql<number>`extract(year from ${reportingPeriods.periodStart})::int`.mapWith(Number) })
    .from(reportingPeriods)
    .innerJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(eq(progressReports.status, "accepted"));
  return rows.map((row) => row.year).sort((a, b) => b - a);
}

/** The filter's year, the chosen period's, the latest with accepted reports, or the clock's. */
function resolveYear(clock: Clock, filters: DashboardFilters, years: readonly number[]): number {
  if (filters.year !== undefined) return filters.year;
  if (filters.periodLabel) return Number(filters.periodLabel.slice(0, 4));
  return years[0] ?? Number(amsterdamDateOf(clock.now()).slice(0, 4));
}

// --------------------------------------------------------------------------- shared reads

async function loadCatalogue(db: Db, filters: DashboardFilters): Promise<DashboardKpiDefinition[]> {
  const rows = await db.select().from(kpiDefinitions).where(inArray(kpiDefinitions.code, [...reportKpiCodes]));
  return reportKpiCodes.flatMap((code) => {
    const row = rows.find((candidate) => candidate.code === code);
    if (!row) return [];
    const route = (row.learningRoute ?? null) as LearningRoute | null;
    if (filters.learningRoute && route && route !== filters.learningRoute) return [];
    const unit = row.unit as KpiUnit;
    const direction = row.direction as KpiDirection;
    return [{ code, name: row.name, unit, target: row.target, targetDisplay: `${direction === "lowerIsBetter" ? "≤" : "≥"} ${formatTarget(row.target, unit)}`, direction, learningRoute: route }];
  });
}

async function loadContracts(db: Db): Promise<ContractInfo[]> {
  return db
    .select({
      id: contracts.id,
      number: contracts.number,
      title: contracts.title,
      status: contracts.status,
      learningRoute: contracts.learningRoute,
      supplierOrganisationId: contracts.supplierOrganisationId,
      supplierName: organisations.name,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      performancePaymentApplies: contracts.performancePaymentApplies,
      performanceShare: contracts.performanceShare,
      performanceActivationDate: contracts.performanceActivationDate,
    })
    .from(contracts)
    .innerJoin(organisations, eq(organisations.id, contracts.supplierOrganisationId))
    .where(ne(contracts.status, "draft"))
    .orderBy(asc(contracts.number));
}

/** The contracts with a budget for a municipality (any year): the ones that serve it. */
async function contractsServing(db: Db, municipalityId: string | undefined): Promise<Set<string> | null> {
  if (!municipalityId) return null;
  const rows = await db.selectDistinct({ id: contractBudgets.contractId }).from(contractBudgets).where(eq(contractBudgets.municipalityId, municipalityId));
  return new Set(rows.map((row) => row.id));
}

function contractInSelection(contract: ContractInfo, filters: DashboardFilters, serving: Set<string> | null): boolean {
  if (filters.contractId && contract.id !== filters.contractId) return false;
  if (filters.supplierOrganisationId && contract.supplierOrganisationId !== filters.supplierOrganisationId) return false;
  if (filters.learningRoute && contract.learningRoute && contract.learningRoute !== filters.learningRoute) return false;
  if (serving && !serving.has(contract.id)) return false;
  return true;
}

async function loadPeriodLabels(db: Db, year: number): Promise<string[]> {
  const rows = await db
    .select({ label: sql<string>`${dashboardQuarterSql}` })
    .from(reportingPeriods)
    .where(sql`${reportingPeriods.periodStart} between ${`${year}-01-01`} and ${`${year}-12-31`}`)
    .groupBy(dashboardQuarterSql);
  // "2026-K1" … "2026-K4" sort as text
  return rows.map((row) => row.label).sort();
}

// ------------------------------------------------------------------------------ measuring

function measurementOf(definition: DashboardKpiDefinition, aggregate: FigureAggregate | undefined, suppression: Suppression | null): KpiMeasurement {
  const sums = aggregate?.kpis[definition.code] ?? NO_FIGURES;
  return toKpiMeasurement(definition, sums.numerator, sums.denominator, suppression);
}

function denominatorOf(aggregate: FigureAggregate | undefined, code: string): string {
  return aggregate?.kpis[code]?.denominator ?? "0";
}

/** Which of the lines to hide and why: none unless suppressing, otherwise primary and secondary (§5). */
function hiddenLines(values: readonly (string | number)[], suppress: boolean): (Suppression | null)[] {
  return suppress ? suppressLines(values) : values.map(() => null);
}

/** Page `requested` (from 1; past the last: the last) of `totalRows` lines, `size` per page; all lines without a size. */
function pageOf(totalRows: number, size: number | undefined, requested: number | undefined): DashboardPage {
  if (!size || totalRows === 0) return { page: 1, pageCount: 1, totalRows, firstRow: totalRows ? 1 : 0, lastRow: totalRows };
  const pageCount = Math.ceil(totalRows / size);
  const page = Math.min(Math.max(1, requested ?? 1), pageCount);
  return { page, pageCount, totalRows, firstRow: (page - 1) * size + 1, lastRow: Math.min(page * size, totalRows) };
}

interface BreakdownLine {
  key: string;
  label: string;
  aggregate: FigureAggregate;
  /** Whether a KPI applies to this line (a leerroute KPI only to that route). */
  applies: (definition: DashboardKpiDefinition) => boolean;
}

/**
 * The lines of a breakdown, or only those of `page` (lines `page.firstRow`–`page.lastRow`).
 * Suppression still looks at every line: secondary suppression depends on the whole list.
 */
function breakdownRows(lines: BreakdownLine[], definitions: readonly DashboardKpiDefinition[], suppress: boolean, page?: DashboardPage): DashboardBreakdownRow[] {
  const started = hiddenLines(lines.map((line) => line.aggregate.started), suppress);
  const active = hiddenLines(lines.map((line) => line.aggregate.active), suppress);
  const ended = hiddenLines(lines.map((line) => line.aggregate.ended), suppress);
  const kpiHidden = new Map<string, Map<string, Suppression | null>>();
  for (const definition of definitions) {
    const applying = lines.filter((line) => line.applies(definition));
    const hidden = hiddenLines(applying.map((line) => denominatorOf(line.aggregate, definition.code)), suppress);
    kpiHidden.set(definition.code, new Map(applying.map((line, index) => [line.key, hidden[index]!])));
  }
  const first = page ? page.firstRow - 1 : 0;
  const shown = page ? lines.slice(first, page.lastRow) : lines;
  return shown.map((line, position) => {
    const index = first + position;
    const kpis: Record<string, KpiMeasurement> = {};
    for (const definition of definitions) {
      const hidden = kpiHidden.get(definition.code)!.get(line.key);
      if (hidden === undefined) continue;
      kpis[definition.code] = measurementOf(definition, line.aggregate, hidden);
    }
    const hiddenCounts: DashboardBreakdownRow["hiddenCounts"] = {};
    if (started[index]) hiddenCounts.started = started[index];
    if (active[index]) hiddenCounts.active = active[index];
    if (ended[index]) hiddenCounts.ended = ended[index];
    return {
      key: line.key,
      label: line.label,
      started: shownCount(line.aggregate.started, started[index]!),
      active: shownCount(line.aggregate.active, active[index]!),
      ended: shownCount(line.aggregate.ended, ended[index]!),
      hiddenCounts,
      suppressed: Object.keys(hiddenCounts).length > 0 || Object.values(kpis).some((measurement) => measurement.suppressed),
      kpis,
    };
  });
}

// ---------------------------------------------------------------------------- timeliness

/** The periods of the year with the first submission of their report (none when never submitted). */
async function loadYearPeriods(db: Db, year: number, periodLabel: string | undefined) {
  const conditions: SQL[] = [
    sql`${reportingPeriods.periodStart} between ${`${year}-01-01`} and ${`${year}-12-31`}`,
    // kept only for its report (ADR 0013): nothing is owed for it
    eq(reportingPeriods.outsideSchedule, false),
  ];
  if (periodLabel) conditions.push(sql`${dashboardQuarterSql} = ${periodLabel}`);
  return db
    .select({
      contractId: reportingPeriods.contractId,
      dueDate: reportingPeriods.dueDate,
      firstSubmittedAt: sql<Date | string | null>`(select min(${progressReportVersions.submittedAt}) from ${progressReportVersions} where ${progressReportVersions.reportId} = ${progressReports.id})`,
    })
    .from(reportingPeriods)
    .leftJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(and(...conditions));
}

function timelinessOf(clock: Clock, selected: readonly ContractInfo[], periods: Awaited<ReturnType<typeof loadYearPeriods>>): ReportTimelinessRow[] {
  const today = amsterdamDateOf(clock.now());
  // the end of each due date, once per date (the time-zone arithmetic is not free at national scale)
  const deadlines = new Map<string, number>();
  const deadlineOf = (dueDate: string) => {
    let deadline = deadlines.get(dueDate);
    if (deadline === undefined) deadlines.set(dueDate, (deadline = Date.parse(endOfAmsterdamDay(dueDate))));
    return deadline;
  };
  return selected.flatMap((contract) => {
    const own = periods.filter((period) => period.contractId === contract.id);
    if (own.length === 0) return [];
    let onTime = 0;
    let late = 0;
    let overdue = 0;
    for (const period of own) {
      if (!(period.dueDate < today)) continue;
      if (period.firstSubmittedAt !== null) {
        // on time: submitted before the end of the due date (24:00 Amsterdam)
        const submitted = new Date(period.firstSubmittedAt).getTime();
        if (submitted < deadlineOf(period.dueDate)) onTime += 1;
        else late += 1;
      } else if (contract.status !== "terminated") {
        // a terminated contract owes nothing more (listOverdueReports); an ended one still does
        overdue += 1;
      }
    }
    const due = onTime + late + overdue;
    return [
      {
        contractId: contract.id,
        contractNumber: contract.number,
        contractTitle: contract.title,
        supplierName: contract.supplierName,
        due,
        onTime,
        late,
        overdue,
        // whole percent, half up, in integers
        onTimeDisplay: due === 0 ? "–" : `${Math.floor((200 * onTime + due) / (2 * due))} %`,
      },
    ];
  });
}

// --------------------------------------------------------------------------------- money

async function loadFunding(db: Db, year: number) {
  return db
    .select({ municipalityId: fundingAllocations.municipalityId, kind: fundingAllocations.kind, cents: sql<number>`sum(${fundingAllocations.amountCents})`.mapWith(Number) })
    .from(fundingAllocations)
    .where(eq(fundingAllocations.year, year))
    .groupBy(fundingAllocations.municipalityId, fundingAllocations.kind);
}

async function loadCommitted(db: Db, year: number, filters: DashboardFilters) {
  const conditions: SQL[] = [eq(contractBudgets.year, year), inArray(contracts.status, ["active", "ended"])];
  if (filters.contractId) conditions.push(eq(contracts.id, filters.contractId));
  if (filters.supplierOrganisationId) conditions.push(eq(contracts.supplierOrganisationId, filters.supplierOrganisationId));
  if (filters.learningRoute) conditions.push(eq(contracts.learningRoute, filters.learningRoute));
  if (filters.targetGroup) conditions.push(eq(contractBudgets.targetGroup, filters.targetGroup));
  return db
    .select({ municipalityId: contractBudgets.municipalityId, cents: sql<number>`sum(${contractBudgets.amountCents})`.mapWith(Number) })
    .from(contractBudgets)
    .innerJoin(contracts, eq(contracts.id, contractBudgets.contractId))
    .where(and(...conditions))
    .groupBy(contractBudgets.municipalityId);
}

function moneyOf(
  year: number,
  only: string | undefined,
  names: ReadonlyMap<string, string>,
  funding: Awaited<ReturnType<typeof loadFunding>>,
  committed: Awaited<ReturnType<typeof loadCommitted>>,
  realised: ReadonlyMap<string, number>,
  pages: DashboardOptions["pages"],
): Dashboard["money"] & { page: DashboardPage } {
  const rows = new Map<string, DashboardMoneyRow>();
  const row = (municipalityId: string) => {
    let current = rows.get(municipalityId);
    if (!current) {
      current = { municipalityId, municipalityName: names.get(municipalityId) ?? "", year, fundingCents: { implementation: 0, execution: 0, provisions: 0 }, committedCents: 0, realisedCents: 0 };
      rows.set(municipalityId, current);
    }
    return current;
  };
  for (const line of funding) row(line.municipalityId).fundingCents[line.kind as FundingStream] += line.cents;
  for (const line of committed) row(line.municipalityId).committedCents += line.cents;
  for (const [municipalityId, cents] of realised) row(municipalityId).realisedCents += cents;
  const all = [...rows.values()];
  const regionTotal = {
    year,
    fundingCents: {
      implementation: all.reduce((sum, line) => sum + line.fundingCents.implementation, 0),
      execution: all.reduce((sum, line) => sum + line.fundingCents.execution, 0),
      provisions: all.reduce((sum, line) => sum + line.fundingCents.provisions, 0),
    },
    committedCents: all.reduce((sum, line) => sum + line.committedCents, 0),
    realisedCents: all.reduce((sum, line) => sum + line.realisedCents, 0),
  };
  const lines = only ? [row(only)] : all.sort((a, b) => a.municipalityName.localeCompare(b.municipalityName, "nl"));
  const page = pageOf(lines.length, pages?.size, pages?.money);
  return { rows: lines.slice(page.firstRow - 1, page.lastRow), regionTotal, page };
}

// ---------------------------------------------------------------- prestatiebekostiging

async function loadPaymentKpis(db: Db, year: number) {
  return db
    .select({
      contractId: contractKpis.contractId,
      id: contractKpis.id,
      name: contractKpis.name,
      unit: contractKpis.unit,
      target: contractKpis.target,
      direction: contractKpis.direction,
      weight: contractKpis.weight,
      rule: contractKpis.paymentRule,
      numerator: kpiYearFigures.numerator,
      denominator: kpiYearFigures.denominator,
    })
    .from(contractKpis)
    .innerJoin(contracts, eq(contracts.id, contractKpis.contractId))
    .leftJoin(kpiYearFigures, and(eq(kpiYearFigures.contractKpiId, contractKpis.id), eq(kpiYearFigures.year, year)))
    .where(eq(contracts.performancePaymentApplies, true))
    .orderBy(asc(contractKpis.name));
}

async function loadCommitments(db: Db, year: number) {
  return db
    .select({ contractId: contractBudgets.contractId, cents: sql<number>`sum(${contractBudgets.amountCents})`.mapWith(Number) })
    .from(contractBudgets)
    .innerJoin(contracts, eq(contracts.id, contractBudgets.contractId))
    .where(and(eq(contractBudgets.year, year), eq(contracts.performancePaymentApplies, true)))
    .groupBy(contractBudgets.contractId);
}

/** The same calculation as getPerformancePayment, for every selected contract at once. */
function paymentSummaries(
  year: number,
  selected: readonly ContractInfo[],
  kpis: Awaited<ReturnType<typeof loadPaymentKpis>>,
  commitments: Awaited<ReturnType<typeof loadCommitments>>,
): PerformancePaymentSummaryRow[] {
  return selected
    .filter((contract) => contract.performancePaymentApplies && contract.startDate <= `${year}-12-31` && contract.endDate >= `${year}-01-01`)
    .map((contract) => {
      const commitmentCents = commitments.find((line) => line.contractId === contract.id)?.cents ?? 0;
      const counted: PaymentKpi[] = kpis
        .filter((kpi) => kpi.contractId === contract.id && kpi.weight > 0)
        .map((kpi) => ({
          id: kpi.id,
          name: kpi.name,
          target: kpi.target,
          unit: kpi.unit as KpiUnit,
          direction: kpi.direction as KpiDirection,
          weight: kpi.weight,
          rule: kpi.rule,
          achieved: kpi.numerator !== null && kpi.denominator !== null ? { numerator: kpi.numerator, denominator: kpi.denominator } : null,
        }));
      const base = { contractId: contract.id, contractNumber: contract.number, supplierName: contract.supplierName, year, commitmentCents };
      const empty = { ...base, mode: paymentModeFor(contract.performanceActivationDate, year), atStakeCents: 0, payoutCents: 0, withheldCents: 0, weightedScorePercent: "–", noDataKpis: 0 };
      // no KPI with a weight: the calculation is undefined (NO_WEIGHT_MESSAGE); shown as "–"
      if (counted.length === 0) return empty;
      try {
        const result = calculatePerformancePayment({ commitmentCents, sharePercent: contract.performanceShare, activationDate: contract.performanceActivationDate, year, kpis: counted });
        return {
          ...base,
          mode: result.mode,
          atStakeCents: result.atStakeCents,
          payoutCents: result.payoutCents,
          withheldCents: result.withheldCents,
          weightedScorePercent: result.weightedScorePercent,
          noDataKpis: result.breakdown.filter((line) => line.noData).length,
        };
      } catch (error) {
        // data the calculation refuses (a weight or target out of range) must not take the
        // whole dashboard down; the contract page shows the reason
        if (error instanceof RangeError) return empty;
        throw error;
      }
    });
}

// ----------------------------------------------------------------------------- dashboard

/**
 * The grouping sets of the dashboard's one aggregation for a selection: the total, the trend per
 * period and every breakdown (within the chosen period, if any). Exported for the benchmark
 * (scripts/bench/dashboard.ts), which times this statement on its own beside the loader.
 */
export function dashboardGroupingSets(filters: Pick<DashboardFilters, "periodLabel" | "municipalityId">): KpiGrouping[][] {
  const within = (grouping: KpiGrouping): KpiGrouping[] => (filters.periodLabel ? ["period", grouping] : [grouping]);
  const sets: KpiGrouping[][] = [[], ["period"], ...Object.values(breakdownGroupings).map(within)];
  // realised money per municipality for the year; without a municipality filter it comes along
  if (!filters.municipalityId && filters.periodLabel) sets.push(["municipality"]);
  return sets;
}

/**
 * The scope of a request; `publicRegional` (the yearly report, a public document) is the regional
 * view for whoever may read the dashboard, and is then suppressed throughout.
 */
function scopeOf(actor: Actor, filters: DashboardFilters, options: DashboardOptions): DashboardScope {
  if (!options.publicRegional) return dashboardScopeFor(actor, filters);
  assertPermission(actor, "read:dashboard");
  return { filters, ownMunicipalityId: null, suppressBeyondOwn: false };
}

const suppressesAll = (options: DashboardOptions) => options.suppressSmallNumbers === true || options.publicRegional === true;

/**
 * The dashboard for a selection (issue 7). Authorisation first (dashboardScopeFor): a municipality
 * viewer gets its own municipality's figures and the regional totals; asking for another
 * municipality is refused.
 */
export async function getDashboard(db: Db, clock: Clock, actor: Actor, filters: DashboardFilters, options: DashboardOptions = {}): Promise<Dashboard> {
  const scope = scopeOf(actor, filters, options);
  const suppressAll = suppressesAll(options);
  const years = await yearsWithAcceptedReports(db);
  const year = resolveYear(clock, scope.filters, years);
  const periodLabel = scope.filters.periodLabel;
  const municipalityId = scope.filters.municipalityId;

  // The year's figures without the period filter: the trend needs every period, the selection and
  // the breakdowns take the chosen period's groups.
  const yearFilters: DashboardFilters = { ...scope.filters, year, periodLabel: undefined };
  const within = (grouping: KpiGrouping): KpiGrouping[] => (periodLabel ? ["period", grouping] : [grouping]);
  const selectionSets = dashboardGroupingSets(scope.filters);
  const regionFilters: DashboardFilters = { ...yearFilters, municipalityId: undefined };

  const [definitions, aggregates, regionAggregates, periods, municipalityRows, contractRows, serving, funding, committed, paymentKpis, commitments, yearPeriods] = await Promise.all([
    loadCatalogue(db, scope.filters),
    aggregateAcceptedFigures(db, yearFilters, selectionSets),
    municipalityId ? aggregateAcceptedFigures(db, regionFilters, [[], ["period"], ["municipality"]]) : Promise.resolve(null),
    loadPeriodLabels(db, year),
    db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities).orderBy(asc(municipalities.name)),
    loadContracts(db),
    contractsServing(db, municipalityId),
    loadFunding(db, year),
    loadCommitted(db, year, scope.filters),
    loadPaymentKpis(db, year),
    loadCommitments(db, year),
    loadYearPeriods(db, year, periodLabel),
  ]);
  const selectedContracts = contractRows.filter((contract) => contractInSelection(contract, scope.filters, serving));
  const timeliness = timelinessOf(clock, selectedContracts, yearPeriods);

  const names = new Map(municipalityRows.map((row) => [row.id, row.name]));
  const contractById = new Map(contractRows.map((contract) => [contract.id, contract]));
  const supplierNames = new Map(contractRows.map((contract) => [contract.supplierOrganisationId, contract.supplierName]));
  const inPeriod = (aggregate: FigureAggregate) => !periodLabel || aggregate.group.period === periodLabel;
  const setOf = (list: readonly FigureAggregate[], set: readonly KpiGrouping[]) => list.filter((aggregate) => isGroupingSet(aggregate, set));

  const selection = periodLabel ? setOf(aggregates, ["period"]).find(inPeriod) : setOf(aggregates, [])[0];
  const byPeriod = new Map(setOf(aggregates, ["period"]).map((aggregate) => [aggregate.group.period!, aggregate]));
  const trendLabels = [...new Set([...periods, ...byPeriod.keys()])];
  const regionSelection = regionAggregates ? (periodLabel ? setOf(regionAggregates, ["period"]).find(inPeriod) : setOf(regionAggregates, [])[0]) : undefined;

  const kpis: DashboardKpi[] = definitions.map((definition) => {
    const measurement = measurementOf(definition, selection, suppressAll && isSmallShare(denominatorOf(selection, definition.code)) ? "small" : null);
    const regional = scope.ownMunicipalityId
      ? measurementOf(definition, regionSelection, scope.suppressBeyondOwn ? suppressRegionalTotal(denominatorOf(selection, definition.code), denominatorOf(regionSelection, definition.code)) : null)
      : null;
    const trendHidden = hiddenLines(trendLabels.map((label) => denominatorOf(byPeriod.get(label), definition.code)), suppressAll);
    const trend = trendLabels.map((label, index) => ({ periodLabel: label, measurement: measurementOf(definition, byPeriod.get(label), trendHidden[index]!) }));
    return { ...definition, measurement, regional, trend };
  });

  const linesOf = (grouping: KpiGrouping, label: (key: string) => string, applies: (key: string, definition: DashboardKpiDefinition) => boolean): BreakdownLine[] =>
    setOf(aggregates, within(grouping))
      .filter(inPeriod)
      .map((aggregate) => {
        const key = aggregate.group[grouping]!;
        return { key, label: label(key), aggregate, applies: (definition: DashboardKpiDefinition) => applies(key, definition) };
      });
  const always = () => true;
  const byLabel = (a: BreakdownLine, b: BreakdownLine) => a.label.localeCompare(b.label, "nl");
  const municipalityLines = linesOf("municipality", (key) => names.get(key) ?? "", always).sort(byLabel);
  const municipalityPage = pageOf(municipalityLines.length, options.pages?.size, options.pages?.byMunicipality);
  const breakdowns: Dashboard["breakdowns"] = {
    byLearningRoute: breakdownRows(
      linesOf("learningRoute", (key) => learningRouteLabels[key as LearningRoute] ?? key, (key, definition) => !definition.learningRoute || definition.learningRoute === key).sort(
        (a, b) => learningRoutes.indexOf(a.key as LearningRoute) - learningRoutes.indexOf(b.key as LearningRoute),
      ),
      definitions,
      suppressAll,
    ),
    bySupplier: breakdownRows(linesOf("supplier", (key) => supplierNames.get(key) ?? "", always).sort(byLabel), definitions, suppressAll),
    byContract: breakdownRows(
      linesOf(
        "contract",
        (key) => {
          const contract = contractById.get(key);
          return contract ? `${contract.number} – ${contract.title}` : "";
        },
        (key, definition) => {
          const route = contractById.get(key)?.learningRoute;
          return !route || !definition.learningRoute || definition.learningRoute === route;
        },
      ).sort((a, b) => (contractById.get(a.key)?.number ?? "").localeCompare(contractById.get(b.key)?.number ?? "")),
      definitions,
      suppressAll,
    ),
    byMunicipality: breakdownRows(municipalityLines, definitions, suppressAll, municipalityPage),
    byTargetGroup: breakdownRows(
      linesOf("targetGroup", (key) => targetGroupLabels[key as keyof typeof targetGroupLabels] ?? key, always).sort(
        (a, b) => targetGroups.indexOf(a.key as (typeof targetGroups)[number]) - targetGroups.indexOf(b.key as (typeof targetGroups)[number]),
      ),
      definitions,
      suppressAll,
    ),
  };

  const realised = new Map(setOf(regionAggregates ?? aggregates, ["municipality"]).map((aggregate) => [aggregate.group.municipality!, aggregate.invoicedCents]));
  const { page: moneyPage, ...money } = moneyOf(year, municipalityId, names, funding, committed, realised, options.pages);

  const suppliers = [...new Map(contractRows.map((contract) => [contract.supplierOrganisationId, contract.supplierName])).entries()]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, "nl"));
  const ownName = scope.ownMunicipalityId ? (names.get(scope.ownMunicipalityId) ?? "") : null;

  return {
    filters: scope.filters,
    year,
    ownMunicipality: scope.ownMunicipalityId ? { id: scope.ownMunicipalityId, name: ownName ?? "" } : null,
    options: {
      years: [...new Set([...years, year])].sort((a, b) => b - a),
      periods,
      municipalities: scope.ownMunicipalityId
        ? [{ value: scope.ownMunicipalityId, label: ownName ?? "" }]
        : municipalityRows.map((row) => ({ value: row.id, label: row.name })),
      learningRoutes: learningRoutes.map((route) => ({ value: route, label: learningRouteLabels[route] })),
      targetGroups: targetGroups.map((group) => ({ value: group, label: targetGroupLabels[group] })),
      suppliers,
      contracts: contractRows.map((contract) => ({ value: contract.id, label: `${contract.number} – ${contract.title}` })),
    },
    kpis,
    breakdowns,
    timeliness,
    money,
    performancePayment: paymentSummaries(year, selectedContracts, paymentKpis, commitments),
    pages: { byMunicipality: municipalityPage, money: moneyPage },
  };
}

/**
 * The KPIs sheet of the Excel export: per contract × reporting period × KPI, the same
 * measurement as the dashboard's (same scope, same year, same sums). A KPI appears for a period
 * when the contract's figures for it were reported (contracts differ in what they report: the
 * ontzorgen figures only come from the DVO), and only where it applies to the contract's leerroute.
 */
export async function listContractPeriodKpis(db: Db, clock: Clock, actor: Actor, filters: DashboardFilters, options: DashboardOptions = {}): Promise<ContractPeriodKpiRow[]> {
  const scope = scopeOf(actor, filters, options);
  const suppressAll = suppressesAll(options);
  const year = resolveYear(clock, scope.filters, scope.filters.year !== undefined || scope.filters.periodLabel ? [] : await yearsWithAcceptedReports(db));
  const [definitions, aggregates, contractRows] = await Promise.all([
    loadCatalogue(db, scope.filters),
    aggregateAcceptedFigures(db, { ...scope.filters, year }, [["contract", "period"]]),
    loadContracts(db),
  ]);
  const contractById = new Map(contractRows.map((contract) => [contract.id, contract]));
  const lines = aggregates
    .map((aggregate) => ({ aggregate, contract: contractById.get(aggregate.group.contract!) }))
    .filter((line): line is { aggregate: FigureAggregate; contract: ContractInfo } => line.contract !== undefined)
    .sort((a, b) => a.contract.number.localeCompare(b.contract.number) || a.aggregate.periodStart.localeCompare(b.aggregate.periodStart));

  // secondary suppression runs over a contract's periods: they add up to its line on the dashboard
  const hidden = new Map<string, Suppression | null>();
  if (suppressAll) {
    for (const contract of new Set(lines.map((line) => line.contract))) {
      const own = lines.filter((line) => line.contract === contract);
      for (const definition of definitions) {
        const reported = own.filter((line) => line.aggregate.kpis[definition.code]);
        suppressLines(reported.map((line) => line.aggregate.kpis[definition.code]!.denominator)).forEach((flag, index) => {
          hidden.set(`${contract.id}|${reported[index]!.aggregate.group.period}|${definition.code}`, flag);
        });
      }
    }
  }

  return lines.flatMap(({ aggregate, contract }) =>
    definitions
      .filter((definition) => aggregate.kpis[definition.code] && (!contract.learningRoute || !definition.learningRoute || definition.learningRoute === contract.learningRoute))
      .map((definition) => ({
        contractId: contract.id,
        contractNumber: contract.number,
        supplierName: contract.supplierName,
        periodLabel: aggregate.group.period!,
        periodStart: aggregate.periodStart,
        kpi: definition,
        measurement: measurementOf(definition, aggregate, hidden.get(`${contract.id}|${aggregate.group.period}|${definition.code}`) ?? null),
      })),
  );
}
