import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { contracts } from "../contracts/contract.sql";
import { RuleViolation } from "../errors";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import { organisations } from "../organisations/organisations.sql";
import { targetGroupLabels } from "../tenders/tender-content";
import { learningRouteLabels, type FigureValues } from "./report-figures";
import { reportRowKey } from "./report-validation";
import { progressReportFigures, progressReports, progressReportVersions, reportingPeriods, type ReportNarrative } from "./report.sql";
import { buildReportTemplate, MAX_WORKBOOK_BYTES, parseReportWorkbook, type ReportTemplateRow, type WorkbookProblem } from "./report-workbook.server";
import { getPeriodReport, saveReportDraft, type ReportFigureRow } from "./reports.server";

// The Excel route of a progress report (issue 6 item 4) as the portal offers it: the template of
// one period, pre-filled with the draft, and the import of the filled workbook into the draft.
// The workbook itself is built and read in report-workbook.server.ts; here the period, the
// rights and the draft. An import saves everything or nothing: the figures become the draft
// (source "excel"), which the supplier reviews in the web form before submitting.

export type ReportWorkbookImport =
  | { ok: true; rows: ReportFigureRow[]; warnings: WorkbookProblem[]; versionNumber: number }
  | { ok: false; problems: WorkbookProblem[] };

const emptyNarrative: ReportNarrative = { participantProgress: "", cooperation: "", integratedTrajectories: "" };

/** "Voortgangsrapportage-WF-2022-B1-01-2025-K4.xlsx": only characters every system accepts. */
function templateFileName(contractNumber: string, periodLabel: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  return `Voortgangsrapportage-${safe(contractNumber)}-${safe(periodLabel)}.xlsx`;
}

/** The active counts at the end of the previous period (its latest non-draft version), for the flow warning. */
async function previousActive(db: Db, period: { contractId: string; periodStart: string }): Promise<Map<string, number>> {
  const [previous] = await db
    .select({ reportId: progressReports.id })
    .from(reportingPeriods)
    .innerJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(and(eq(reportingPeriods.contractId, period.contractId), lt(reportingPeriods.periodStart, period.periodStart)))
    .orderBy(desc(reportingPeriods.periodStart))
    .limit(1);
  const active = new Map<string, number>();
  if (!previous) return active;
  const [version] = await db
    .select({ id: progressReportVersions.id })
    .from(progressReportVersions)
    .where(and(eq(progressReportVersions.reportId, previous.reportId), sql`${progressReportVersions.status} <> 'draft'`))
    .orderBy(desc(progressReportVersions.number))
    .limit(1);
  if (!version) return active;
  const rows = await db
    .select({ municipalityId: progressReportFigures.municipalityId, learningRoute: progressReportFigures.learningRoute, targetGroup: progressReportFigures.targetGroup, active: progressReportFigures.active })
    .from(progressReportFigures)
    .where(eq(progressReportFigures.versionId, version.id));
  for (const row of rows) {
    if (typeof row.active === "number") active.set(reportRowKey(row as Parameters<typeof reportRowKey>[0]), row.active);
  }
  return active;
}

/**
 * The Excel template of a period's report, pre-filled with the labels and the figures of its
 * latest version (the draft being worked on, or the returned version a revision starts from).
 * For the contract's own supplier and the contract managers (getPeriodReport decides who reads).
 */
export async function getReportTemplate(db: Db, clock: Clock, actor: Actor, periodId: string): Promise<{ fileName: string; bytes: Buffer }> {
  const page = await getPeriodReport(db, clock, actor, periodId);
  const [contract] = await db
    .select({ supplierName: organisations.name })
    .from(contracts)
    .innerJoin(organisations, eq(organisations.id, contracts.supplierOrganisationId))
    .where(eq(contracts.id, page.contract.id));
  const latest = page.report?.versions.at(-1) ?? null;
  const values = new Map<string, Partial<FigureValues>>((latest?.rows ?? []).map((row) => [reportRowKey(row), row.figures]));
  const rows: ReportTemplateRow[] = page.formRows.map((row) => ({
    municipalityName: row.municipalityName,
    learningRouteLabel: learningRouteLabels[row.learningRoute],
    targetGroupLabel: targetGroupLabels[row.targetGroup],
    key: { municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup },
  }));
  const bytes = await buildReportTemplate({
    contractNumber: page.contract.number,
    contractTitle: page.contract.title,
    supplierName: contract?.supplierName ?? "",
    periodLabel: page.period.label,
    periodStart: page.period.periodStart,
    periodEnd: page.period.periodEnd,
    werksaam: page.contract.kind === "serviceAgreement",
    rows,
    values,
  });
  return { fileName: templateFileName(page.contract.number, page.period.label), bytes };
}

/**
 * Imports a filled template into the period's draft: the contract's own supplier only, while the
 * report may be edited. Every problem in the workbook is returned (sheet, cell, row, Dutch
 * message) and then nothing is saved; without problems the figures replace the draft's figures
 * (rows left completely empty are not reported, as in the web form), the draft's narrative stays.
 */
export async function importReportWorkbook(db: Db, clock: Clock, actor: Actor, periodId: string, bytes: Uint8Array): Promise<ReportWorkbookImport> {
  assertPermission(actor, "submit:reports");
  // refuses (as not found) a period of another supplier's contract
  const page = await getPeriodReport(db, clock, actor, periodId);
  const [contract] = await db.select({ supplierOrganisationId: contracts.supplierOrganisationId }).from(contracts).where(eq(contracts.id, page.contract.id));
  if (!contract || !actor.organisationId || actor.organisationId !== contract.supplierOrganisationId) {
    // getPeriodReport lets reviewers read; importing is for the contract's own supplier only
    throw new RuleViolation("report.notOwnSupplier", "Alleen de opdrachtnemer van dit contract kan een Excel-bestand uploaden.");
  }
  if (!page.canEdit) {
    throw new RuleViolation(
      "report.notEditable",
      page.status === "upcoming"
        ? `De periode ${page.period.label} loopt nog; u kunt rapporteren vanaf de dag na het einde van de periode.`
        : "Deze rapportage kan nu niet worden gewijzigd: zij is ingediend of geaccepteerd.",
    );
  }
  if (bytes.byteLength > MAX_WORKBOOK_BYTES) {
    return {
      ok: false,
      problems: [{ sheet: null, cell: null, municipality: null, learningRoute: null, targetGroup: null, message: `Het bestand is groter dan ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB. Een ingevuld sjabloon is veel kleiner; gebruik het sjabloon van het portaal.` }],
    };
  }
  const parsed = await parseReportWorkbook(bytes, {
    rows: page.formRows,
    werksaam: page.contract.kind === "serviceAgreement",
    previousActive: await previousActive(db, page.period),
  });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };

  const rows: ReportFigureRow[] = parsed.rows
    .filter((row) => Object.values(row.values).some((value) => value !== null && value !== undefined))
    .map((row) => ({ municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup, figures: row.values as Partial<FigureValues> }));
  const latest = page.report?.versions.at(-1) ?? null;
  const saved = await saveReportDraft(db, clock, actor, periodId, { rows, narrative: latest?.narrative ?? emptyNarrative, source: "excel" });
  return { ok: true, rows, warnings: parsed.warnings, versionNumber: saved.versionNumber };
}
