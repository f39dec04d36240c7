import type { Writable } from "node:stream";
import { and, asc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { contractBudgets, contracts } from "../contracts/contract.sql";
import type { Actor } from "../identity/roles";
import { organisations } from "../organisations/organisations.sql";
import { municipalities } from "../regions/regions.sql";
import { figureDefinitions, learningRoutes, type FigureKey } from "../reports/report-figures";
import { progressReportFigures as f, progressReports, progressReportVersions, reportingPeriods } from "../reports/report.sql";
import { targetGroups } from "../tenders/tender-content";
import { getDashboard, listContractPeriodKpis } from "./dashboard.server";
import type { DashboardFilters } from "./dashboard-model";
import { dashboardScopeFor } from "./dashboard-scope";
import { writeContractReportWorkbook, type ContractReportContract, type ContractReportFigure } from "./contract-report-workbook.server";

// The Excel "Contractrapportage" from the database (issue 7 item 3). The scope is checked and the
// dashboard model loaded BEFORE anything is written, so a refusal is still a 403 page and the
// download starts only when it can finish; the figure rows are then streamed in batches.
//
// Rapportages lists every reported figure of the ACCEPTED reports (their latest version, when
// that is the accepted one: the rule of the dashboard and report-kpis.server.ts) with the
// dashboard's filters. A municipality viewer's filters always name its own municipality
// (dashboardScopeFor), so its Rapportages holds only its own rows: its own figures, which §5 of
// the domain lets it see unsuppressed. Everything beyond its own municipality (regional KPIs,
// breakdowns) comes from the dashboard model, suppressed there.

/** Versions whose figure rows are read in one statement: ≤ 42 rows each (7 × 3 × 2). */
const VERSIONS_PER_BATCH = 40;

export interface PreparedContractReport {
  year: number;
  /** "contractrapportage-2025.xlsx" */
  fileName: string;
  write(output: Writable): Promise<void>;
}

/**
 * Checks the scope and loads the dashboard; returns the year (for the file name) and the writer.
 * Throws ForbiddenError before anything is written.
 */
export async function prepareContractReport(db: Db, clock: Clock, actor: Actor, filters: DashboardFilters): Promise<PreparedContractReport> {
  const scope = dashboardScopeFor(actor, filters);
  const dashboard = await getDashboard(db, clock, actor, filters);
  const kpiRows = await listContractPeriodKpis(db, clock, actor, filters);
  // the year the dashboard shows (the filter's, or the latest with accepted reports)
  const effective: DashboardFilters = { ...scope.filters, year: dashboard.year };
  const referenced = new Set<string>([
    ...kpiRows.map((row) => row.contractId),
    ...dashboard.performancePayment.map((row) => row.contractId),
    ...dashboard.breakdowns.byContract.map((row) => row.key),
  ]);
  const contractRows = await listReportContracts(db, effective, referenced);
  return {
    year: dashboard.year,
    fileName: `contractrapportage-${dashboard.year}.xlsx`,
    write: (output) =>
      writeContractReportWorkbook(output, {
        dashboard,
        contracts: contractRows,
        kpiRows,
        figures: acceptedFigures(db, effective),
        exportedAt: clock.now(),
      }),
  };
}

/** The Contractrapportage of `filters`, written to `output`. */
export async function exportContractReport(db: Db, clock: Clock, actor: Actor, filters: DashboardFilters, output: Writable): Promise<void> {
  const report = await prepareContractReport(db, clock, actor, filters);
  await report.write(output);
}

/**
 * The contracts of the Overzicht: registered (not draft) contracts running in the year that match
 * the supplier, contract, leerroute (a contract for no one route, such as the DVO, covers all) and
 * municipality filters (a budget for it, as the contract register filters), plus every contract
 * the dashboard's other sheets name, so no KPI row points to a contract missing from the list.
 */
async function listReportContracts(db: Db, filters: DashboardFilters, referenced: ReadonlySet<string>): Promise<ContractReportContract[]> {
  const year = filters.year!;
  const conditions: SQL[] = [ne(contracts.status, "draft"), sql`${contracts.startDate} <= ${`${year}-12-31`}`, sql`${contracts.endDate} >= ${`${year}-01-01`}`];
  if (filters.supplierOrganisationId) conditions.push(eq(contracts.supplierOrganisationId, filters.supplierOrganisationId));
  if (filters.contractId) conditions.push(eq(contracts.id, filters.contractId));
  if (filters.learningRoute) conditions.push(or(eq(contracts.learningRoute, filters.learningRoute), isNull(contracts.learningRoute))!);
  if (filters.municipalityId) {
    conditions.push(inArray(contracts.id, db.select({ id: contractBudgets.contractId }).from(contractBudgets).where(eq(contractBudgets.municipalityId, filters.municipalityId))));
  }
  const matching = and(...conditions)!;
  const where = referenced.size ? or(matching, inArray(contracts.id, [...referenced]))! : matching;
  const rows = await db
    .select({
      id: contracts.id,
      number: contracts.number,
      title: contracts.title,
      kind: contracts.kind,
      status: contracts.status,
      supplierName: organisations.name,
      learningRoute: contracts.learningRoute,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      ceilingAmountCents: contracts.ceilingAmountCents,
    })
    .from(contracts)
    .innerJoin(organisations, eq(organisations.id, contracts.supplierOrganisationId))
    .where(where)
    .orderBy(asc(contracts.number), asc(contracts.id));
  return rows;
}

const routeOrder = new Map<string, number>(learningRoutes.map((route, index) => [route, index]));
const groupOrder = new Map<string, number>(targetGroups.map((group, index) => [group, index]));
const figureKeys: readonly FigureKey[] = figureDefinitions.map((figure) => figure.key);

/**
 * Every reported figure of the accepted reports within `filters`, one at a time, in the order of
 * the sheet (contract, period, municipality, leerroute, target group, figure).
 *
 * Batches: first the accepted versions in scope (one per contract × period: a few hundred at
 * most), then their figure rows, VERSIONS_PER_BATCH versions per statement through the primary
 * key's leading column (version_id). So each statement reads at most a few thousand typed rows
 * whatever the size of the export, and only plain SELECTs with bound parameters are used: the
 * same on postgres.js and PGlite, where server-side cursors differ.
 */
export async function* acceptedFigures(db: Db, filters: DashboardFilters): AsyncGenerator<ContractReportFigure> {
  const versionConditions: SQL[] = [eq(progressReports.status, "accepted"), eq(progressReportVersions.status, "accepted")];
  // a report belongs to the calendar year its period starts in (periods never cross a year)
  if (filters.year !== undefined) versionConditions.push(sql`${reportingPeriods.periodStart} between ${`${filters.year}-01-01`} and ${`${filters.year}-12-31`}`);
  if (filters.periodLabel) versionConditions.push(eq(reportingPeriods.label, filters.periodLabel));
  if (filters.supplierOrganisationId) versionConditions.push(eq(contracts.supplierOrganisationId, filters.supplierOrganisationId));
  if (filters.contractId) versionConditions.push(eq(progressReports.contractId, filters.contractId));
  const versions = await db
    .select({ versionId: progressReportVersions.id, contractNumber: contracts.number, supplierName: organisations.name, periodLabel: reportingPeriods.label, periodStart: reportingPeriods.periodStart })
    .from(progressReportVersions)
    .innerJoin(progressReports, and(eq(progressReports.id, progressReportVersions.reportId), eq(progressReports.latestVersion, progressReportVersions.number)))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressReports.periodId))
    .innerJoin(contracts, eq(contracts.id, progressReports.contractId))
    .innerJoin(organisations, eq(organisations.id, contracts.supplierOrganisationId))
    .where(and(...versionConditions))
    .orderBy(asc(contracts.number), asc(contracts.id), asc(reportingPeriods.periodStart));

  const rowConditions: SQL[] = [];
  if (filters.municipalityId) rowConditions.push(eq(f.municipalityId, filters.municipalityId));
  if (filters.learningRoute) rowConditions.push(eq(f.learningRoute, filters.learningRoute));
  if (filters.targetGroup) rowConditions.push(eq(f.targetGroup, filters.targetGroup));

  for (let start = 0; start < versions.length; start += VERSIONS_PER_BATCH) {
    const batch = versions.slice(start, start + VERSIONS_PER_BATCH);
    const position = new Map(batch.map((version, index) => [version.versionId, index]));
    const rows = await db
      .select({ figures: f, municipalityName: municipalities.name })
      .from(f)
      .innerJoin(municipalities, eq(municipalities.id, f.municipalityId))
      .where(and(inArray(f.versionId, [...position.keys()]), ...rowConditions));
    // the order of the sheet; sorted here, per batch, so the statement can use the primary key
    rows.sort(
      (a, b) =>
        position.get(a.figures.versionId)! - position.get(b.figures.versionId)! ||
        a.municipalityName.localeCompare(b.municipalityName, "nl") ||
        (routeOrder.get(a.figures.learningRoute) ?? 99) - (routeOrder.get(b.figures.learningRoute) ?? 99) ||
        (groupOrder.get(a.figures.targetGroup) ?? 99) - (groupOrder.get(b.figures.targetGroup) ?? 99),
    );
    for (const { figures, municipalityName } of rows) {
      const version = batch[position.get(figures.versionId)!]!;
      for (const key of figureKeys) {
        const value = figures[key];
        // one row per REPORTED figure: null means not reported
        if (value === null || value === undefined) continue;
        yield {
          contractNumber: version.contractNumber,
          supplierName: version.supplierName,
          periodLabel: version.periodLabel,
          periodStart: version.periodStart,
          municipalityName,
          learningRoute: figures.learningRoute,
          targetGroup: figures.targetGroup,
          figureKey: key,
          value: Number(value),
        };
      }
    }
  }
}
