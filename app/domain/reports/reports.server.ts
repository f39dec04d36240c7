import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/types";
import { amsterdamDateOf } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { deleteStoredFile, readStoredFile, storeFile } from "../files/file-storage.server";
import { storedFiles } from "../files/files.sql";
import { contractBudgets, contracts } from "../contracts/contract.sql";
import { isUniqueViolation } from "../db-errors";
import { ForbiddenError, NotFoundError, RuleViolation, type RuleProblem } from "../errors";
import { userRoles, users } from "../identity/identity.sql";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { notifyUsers, type NotificationRecipient } from "../notifications/notifications.server";
import { organisations } from "../organisations/organisations.sql";
import { targetGroups, type TargetGroup } from "../tenders/tender-content";
import { municipalities } from "../regions/regions.sql";
import { reportRowKey, reportRowLabel, validateNarrativeText, validateReportFigures, type ReportProblem } from "./report-validation";
import { figureDefinitions, figureSectionLabels, figureSections, learningRouteLabels, learningRoutes, type FigureKey, type FigureValues, type LearningRoute } from "./report-figures";
import { refreshKpiYearFiguresFromReports } from "./report-kpis.server";
import { progressReportFigures, progressReports, progressReportVersions, reportingPeriods, type ReportNarrative, type ReviewComments } from "./report.sql";
import { periodReportStatus, reportingPeriodsFor, type PeriodReportStatus, type ReportingPeriod } from "./reporting-periods";

// Progress reports (voortgangsrapportages), issue 6: periods from the contract's schedule, the
// supplier's draft and submission, the contract manager's review. Every submitted version is
// kept; a returned report is revised in a new version.


/** One row of figures: a municipality × leerroute × target group, the figures of that cell. */
export interface ReportFigureRow {
  municipalityId: string;
  learningRoute: LearningRoute;
  targetGroup: TargetGroup;
  figures: Partial<FigureValues>;
}

export interface ReportDraftInput {
  rows?: readonly ReportFigureRow[];
  narrative: ReportNarrative;
  source: "form" | "excel";
}

export const narrativeLabels: Record<keyof ReportNarrative, string> = {
  participantProgress: "Voortgang van de deelnemers",
  cooperation: "Samenwerking regionaal en lokaal",
  integratedTrajectories: "Samenhang van taal, werk en participatie",
};

/** The sections a contract manager may comment on when returning a report. */
export const reviewSections = [...figureSections, "narrative"] as const;
export type ReviewSection = (typeof reviewSections)[number];
export const reviewSectionLabels: Record<ReviewSection, string> = { ...figureSectionLabels, narrative: "Toelichting" };

const figureKeys = figureDefinitions.map((definition) => definition.key) as FigureKey[];
const MAX_TEXT = 10_000;

function notFound() {
  return new NotFoundError("Deze rapportage bestaat niet.");
}

function today(clock: Clock) {
  return amsterdamDateOf(clock.now());
}

// ------------------------------------------------------------------------------ validation
// The checks themselves live in report-validation.ts (shared with the Excel upload); these
// functions turn their answers into RuleProblems with a field path for the form.

/** Problems with free texts (personal data: a BSN-like number). */
function checkNarrative(texts: Record<string, string | undefined | null>, fieldPrefix: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [key, text] of Object.entries(texts)) {
    if (!text) continue;
    const result = validateNarrativeText(text);
    if (!result.ok) problems.push({ field: `${fieldPrefix}.${key}`, message: result.message });
  }
  return problems;
}

function rowName(row: Pick<ReportFigureRow, "learningRoute" | "targetGroup">, municipalityName: string) {
  return `${municipalityName}, ${reportRowLabel(row)}`;
}

function isValidValue(kind: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (kind === "score") return value >= 1 && value <= 10 && Math.round(value * 100) === value * 100;
  return Number.isInteger(value) && value >= 0 && value <= (kind === "cents" ? Number.MAX_SAFE_INTEGER : 2_147_483_647);
}

/**
 * Per value, on every save (a draft may be incomplete, but what it holds must fit the typed
 * columns): whole non-negative numbers, scores 1–10 with at most two decimals.
 */
function valueProblems(rows: readonly ReportFigureRow[], names: Map<string, string>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  rows.forEach((row, index) => {
    for (const definition of figureDefinitions) {
      const value = row.figures[definition.key];
      if (value === null || value === undefined) continue;
      if (!isValidValue(definition.kind, value)) {
        const expected = definition.kind === "score" ? "een cijfer van 1 tot en met 10" : "een geheel getal van 0 of meer";
        problems.push({ field: `rows.${index}.${definition.key}`, message: `${rowName(row, names.get(row.municipalityId) ?? "")}: "${definition.label}" moet ${expected} zijn.` });
      }
    }
  });
  return problems;
}

export interface SubmissionCheck {
  errors: RuleProblem[];
  warnings: RuleProblem[];
}

/**
 * The checks before submitting (validateReportFigures): values, numerators not above their
 * denominators, WerkSaam figures only in the DVO, and the flow (active at the end of the
 * previous period + started − ended = active now) as a warning that asks for an explanation.
 */
function checkSubmission(
  rows: readonly ReportFigureRow[],
  context: { isServiceAgreement: boolean; previousRows: readonly ReportFigureRow[]; names: Map<string, string> },
): SubmissionCheck {
  if (rows.length === 0) return { errors: [{ field: "rows", message: "Vul de cijfers in voor minstens één gemeente, leerroute en doelgroep." }], warnings: [] };
  const previousActive = new Map<string, number>();
  for (const previous of context.previousRows) if (typeof previous.figures.active === "number") previousActive.set(reportRowKey(previous), previous.figures.active);
  const result = validateReportFigures({
    rows: rows.map((row) => ({ municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup, values: row.figures })),
    werksaam: context.isServiceAgreement,
    previousActive,
  });
  const toRuleProblem = (problem: ReportProblem): RuleProblem => {
    const row = problem.rowIndex === null ? undefined : rows[problem.rowIndex];
    return {
      field: problem.rowIndex === null ? "rows" : `rows.${problem.rowIndex}${problem.figure ? `.${problem.figure}` : ""}`,
      message: row ? `${rowName(row, context.names.get(row.municipalityId) ?? "")}: ${problem.message}` : problem.message,
    };
  };
  return { errors: result.problems.map(toRuleProblem), warnings: result.warnings.map(toRuleProblem) };
}

// ------------------------------------------------------------------------------ input shapes

const figureValue = z.number({ error: "Vul een getal in." }).nullable().optional();
const rowSchema = z.object({
  municipalityId: z.uuid("Onbekende gemeente."),
  learningRoute: z.enum(learningRoutes, { error: "Onbekende leerroute." }),
  targetGroup: z.enum(targetGroups, { error: "Onbekende doelgroep." }),
  figures: z.object(Object.fromEntries(figureKeys.map((key) => [key, figureValue])) as Record<FigureKey, typeof figureValue>).strict(),
});
const narrativeSchema = z.object({
  participantProgress: z.string().max(MAX_TEXT, "Houd de toelichting korter dan 10.000 tekens."),
  cooperation: z.string().max(MAX_TEXT, "Houd de toelichting korter dan 10.000 tekens."),
  integratedTrajectories: z.string().max(MAX_TEXT, "Houd de toelichting korter dan 10.000 tekens."),
});
const draftSchema = z.object({
  rows: z.array(rowSchema).max(500, "Te veel rijen.").optional(),
  narrative: narrativeSchema,
  source: z.enum(["form", "excel"]),
});

function parseOrRefuse<T>(schema: z.ZodType<T>, input: unknown, code: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw RuleViolation.of(code, result.error.issues.map((issue) => ({ field: issue.path.join(".") || "form", message: issue.message })));
}

// ------------------------------------------------------------------------------ rows ⇄ columns

type FigureRowRecord = typeof progressReportFigures.$inferSelect;

function toColumns(versionId: string, row: ReportFigureRow): typeof progressReportFigures.$inferInsert {
  const values: Record<string, number | null> = {};
  for (const key of figureKeys) values[key] = row.figures[key] ?? null;
  return { versionId, municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup, ...values };
}

function fromColumns(record: FigureRowRecord): ReportFigureRow {
  const figures = {} as FigureValues;
  for (const key of figureKeys) figures[key] = record[key] ?? null;
  return { municipalityId: record.municipalityId, learningRoute: record.learningRoute as LearningRoute, targetGroup: record.targetGroup as TargetGroup, figures };
}

async function loadRows(db: Db, versionId: string): Promise<ReportFigureRow[]> {
  const records = await db
    .select({ figures: progressReportFigures })
    .from(progressReportFigures)
    .innerJoin(municipalities, eq(municipalities.id, progressReportFigures.municipalityId))
    .where(eq(progressReportFigures.versionId, versionId))
    .orderBy(asc(municipalities.name), asc(progressReportFigures.learningRoute), asc(progressReportFigures.targetGroup));
  return records.map((record) => fromColumns(record.figures));
}

async function municipalityNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);
  return new Map(rows.map((row) => [row.id, row.name]));
}

// ------------------------------------------------------------------------------ periods

export interface PeriodSync {
  added: number;
  /** Periods whose end or due date moved (the last period of a shortened or extended term). */
  updated: number;
  /** Periods no longer in the schedule, without a report: deleted. */
  removed: number;
  /** Periods no longer in the schedule, with a report: kept, marked `outsideSchedule`. */
  flagged: number;
}

/**
 * Brings an active contract's stored reporting periods in line with its schedule, for the whole
 * contract term ahead of time (ADR 0013): missing periods are added; a period whose dates changed
 * (matched by its label) gets the new dates, and its reminders may go out again when its due date
 * moved; a period no longer in the schedule (a shortened term) is deleted when it has no report
 * and otherwise kept and marked `outsideSchedule`. Idempotent. Run it in the transaction of the
 * change that moved the dates (activateContract, exerciseExtension, updateContract) and daily.
 * A contract that is not active (draft, ended, terminated) is left as it is.
 */
export async function syncContractReportingPeriods(db: Db, contractId: string): Promise<PeriodSync> {
  const result: PeriodSync = { added: 0, updated: 0, removed: 0, flagged: 0 };
  const [contract] = await db
    .select({ status: contracts.status, startDate: contracts.startDate, endDate: contracts.endDate, frequency: contracts.reportingFrequency, dueDays: contracts.reportDueDays })
    .from(contracts)
    .where(eq(contracts.id, contractId));
  if (!contract) throw new NotFoundError("Dit contract bestaat niet.");
  if (contract.status !== "active") return result;
  const wanted = reportingPeriodsFor(contract);
  const existing = await db
    .select({ period: reportingPeriods, reportId: progressReports.id })
    .from(reportingPeriods)
    .leftJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(eq(reportingPeriods.contractId, contractId));
  const byLabel = new Map(existing.map((row) => [row.period.label, row]));
  const wantedLabels = new Set(wanted.map((period) => period.label));

  // first what leaves the schedule, so that a moved start never clashes with a stale row
  for (const { period, reportId } of existing) {
    if (wantedLabels.has(period.label)) continue;
    if (reportId) {
      if (!period.outsideSchedule) {
        await db.update(reportingPeriods).set({ outsideSchedule: true }).where(eq(reportingPeriods.id, period.id));
        result.flagged++;
      }
    } else {
      // never a period whose first draft was saved meanwhile: that one is kept (and flagged next run)
      const deleted = await db
        .delete(reportingPeriods)
        .where(and(eq(reportingPeriods.id, period.id), sql`not exists (select 1 from ${progressReports} where ${progressReports.periodId} = ${reportingPeriods.id})`))
        .returning({ id: reportingPeriods.id });
      result.removed += deleted.length;
    }
  }
  const missing: ReportingPeriod[] = [];
  for (const period of wanted) {
    const current = byLabel.get(period.label)?.period;
    if (!current) {
      missing.push(period);
      continue;
    }
    if (current.periodStart === period.periodStart && current.periodEnd === period.periodEnd && current.dueDate === period.dueDate && !current.outsideSchedule) continue;
    const dueMoved = current.dueDate !== period.dueDate;
    await db
      .update(reportingPeriods)
      .set({
        periodStart: period.periodStart,
        periodEnd: period.periodEnd,
        dueDate: period.dueDate,
        outsideSchedule: false,
        // a new due date deserves its own reminders
        ...(dueMoved ? { dueSoonNotifiedAt: null, overdueNotifiedAt: null } : {}),
      })
      .where(eq(reportingPeriods.id, current.id));
    result.updated++;
  }
  if (missing.length) {
    const inserted = await db
      .insert(reportingPeriods)
      .values(missing.map((period) => ({ contractId, ...period })))
      .onConflictDoNothing()
      .returning({ id: reportingPeriods.id });
    result.added = inserted.length;
  }
  return result;
}

/**
 * The reporting periods of an active contract for its whole term (see
 * syncContractReportingPeriods); returns how many were added. The clock is not needed any more
 * (periods no longer depend on today) and is kept for the callers.
 */
export async function ensureReportingPeriods(db: Db, _clock: Clock, contractId: string): Promise<number> {
  return (await syncContractReportingPeriods(db, contractId)).added;
}

/** The periods of every active contract: at start-up and by the daily job (report-reminders.server.ts). */
export async function syncAllReportingPeriods(db: Db, clock: Clock): Promise<number> {
  const active = await db.select({ id: contracts.id }).from(contracts).where(eq(contracts.status, "active"));
  let added = 0;
  for (const contract of active) added += await db.transaction((tx) => ensureReportingPeriods(tx, clock, contract.id));
  return added;
}

// ------------------------------------------------------------------------------ access

interface PeriodContext {
  period: typeof reportingPeriods.$inferSelect;
  contract: Pick<typeof contracts.$inferSelect, "id" | "number" | "title" | "kind" | "status" | "supplierOrganisationId" | "learningRoute" | "contractManagerUserId">;
}

const contractColumns = {
  id: contracts.id,
  number: contracts.number,
  title: contracts.title,
  kind: contracts.kind,
  status: contracts.status,
  supplierOrganisationId: contracts.supplierOrganisationId,
  learningRoute: contracts.learningRoute,
  contractManagerUserId: contracts.contractManagerUserId,
};

async function loadPeriod(db: Db, periodId: string): Promise<PeriodContext> {
  if (!z.uuid().safeParse(periodId).success) throw notFound();
  const [row] = await db.select({ period: reportingPeriods, contract: contractColumns }).from(reportingPeriods).innerJoin(contracts, eq(contracts.id, reportingPeriods.contractId)).where(eq(reportingPeriods.id, periodId));
  if (!row) throw notFound();
  return row;
}

async function loadReport(db: Db, reportId: string, forUpdate = false) {
  if (!z.uuid().safeParse(reportId).success) throw notFound();
  const query = db.select().from(progressReports).where(eq(progressReports.id, reportId));
  const [report] = forUpdate ? await query.for("update") : await query;
  if (!report) throw notFound();
  return { report, ...(await loadPeriod(db, report.periodId)) };
}

/** Only a supplier user of the contract's own organisation reports; others do not see it exists. */
function assertOwnSupplier(actor: Actor, contract: PeriodContext["contract"]) {
  assertPermission(actor, "submit:reports");
  if (!actor.organisationId || actor.organisationId !== contract.supplierOrganisationId) throw notFound();
}

/** Readers: the contract managers, and the contract's own supplier. Municipalities follow later. */
function assertCanReadReports(actor: Actor, contract: Pick<PeriodContext["contract"], "supplierOrganisationId">) {
  if (hasPermission(actor, "review:reports")) return;
  if (hasPermission(actor, "submit:reports")) {
    if (actor.organisationId && actor.organisationId === contract.supplierOrganisationId) return;
    throw notFound();
  }
  throw new ForbiddenError();
}

async function latestVersion(tx: Db, reportId: string, versionNumber: number) {
  const [version] = await tx
    .select()
    .from(progressReportVersions)
    .where(and(eq(progressReportVersions.reportId, reportId), eq(progressReportVersions.number, versionNumber)));
  if (!version) throw new Error(`Report ${reportId} has no version ${versionNumber}.`);
  return version;
}

/** The contract's assigned contract manager, or every active contract manager when none is. */
export async function contractManagersOf(tx: Db, contract: Pick<PeriodContext["contract"], "contractManagerUserId">): Promise<NotificationRecipient[]> {
  const managers = await tx
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "contractManager"), eq(users.active, true)));
  const assigned = managers.filter((manager) => manager.userId === contract.contractManagerUserId);
  // the assigned contract manager, or when none is assigned (or no longer active) all of them
  return assigned.length ? assigned : managers;
}

/** The active supplier users of an organisation. */
export async function supplierUsersOf(tx: Db, organisationId: string): Promise<NotificationRecipient[]> {
  return tx
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "supplier"), eq(users.active, true), eq(users.organisationId, organisationId)));
}

/** The rows of the latest submitted version of the period before this one, for the flow check. */
async function previousPeriodRows(tx: Db, period: PeriodContext["period"]): Promise<ReportFigureRow[]> {
  const [previous] = await tx
    .select({ reportId: progressReports.id })
    .from(reportingPeriods)
    .innerJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(and(eq(reportingPeriods.contractId, period.contractId), lt(reportingPeriods.periodStart, period.periodStart)))
    .orderBy(desc(reportingPeriods.periodStart))
    .limit(1);
  if (!previous) return [];
  const [version] = await tx
    .select({ id: progressReportVersions.id })
    .from(progressReportVersions)
    .where(and(eq(progressReportVersions.reportId, previous.reportId), sql`${progressReportVersions.status} <> 'draft'`))
    .orderBy(desc(progressReportVersions.number))
    .limit(1);
  return version ? loadRows(tx, version.id) : [];
}

// ------------------------------------------------------------------------------ lifecycle

/**
 * The draft version of a period's report, for the supplier to change: created with the report
 * on the first save; after a return a new version starting from the returned one (whose figures,
 * texts and attachments are copied; the returned version stays as it was). Refused while the
 * report waits for review or after it was accepted. Call inside a transaction.
 */
async function openDraftVersion(tx: Db, clock: Clock, context: PeriodContext, texts: { narrative: ReportNarrative; source: "form" | "excel" } | null) {
  const now = clock.now();
  const emptyNarrative: ReportNarrative = { participantProgress: "", cooperation: "", integratedTrajectories: "" };
  const [existing] = await tx.select().from(progressReports).where(eq(progressReports.periodId, context.period.id)).for("update");
  if (!existing) {
    const [report] = await tx
      .insert(progressReports)
      .values({ periodId: context.period.id, contractId: context.contract.id, status: "draft", latestVersion: 1, createdAt: now, updatedAt: now })
      .returning({ id: progressReports.id });
    const [version] = await tx
      .insert(progressReportVersions)
      .values({ reportId: report!.id, number: 1, status: "draft", narrative: texts?.narrative ?? emptyNarrative, source: texts?.source ?? "form", createdAt: now })
      .returning({ id: progressReportVersions.id });
    return { reportId: report!.id, versionId: version!.id, versionNumber: 1, attachmentFileIds: [] as string[] };
  }
  const latest = await latestVersion(tx, existing.id, existing.latestVersion);
  if (latest.status === "submitted") throw new RuleViolation("report.submitted", "Deze rapportage is ingediend en wacht op beoordeling; u kunt haar nu niet wijzigen.");
  if (latest.status === "accepted") throw new RuleViolation("report.accepted", "Deze rapportage is geaccepteerd en kan niet meer worden gewijzigd.");
  if (latest.status === "returned") {
    const versionNumber = latest.number + 1;
    const [version] = await tx
      .insert(progressReportVersions)
      .values({
        reportId: existing.id,
        number: versionNumber,
        status: "draft",
        narrative: texts?.narrative ?? latest.narrative,
        source: texts?.source ?? latest.source,
        consistencyExplanation: latest.consistencyExplanation,
        attachmentFileIds: latest.attachmentFileIds,
        createdAt: now,
      })
      .returning({ id: progressReportVersions.id });
    const copied = await tx.select().from(progressReportFigures).where(eq(progressReportFigures.versionId, latest.id));
    if (copied.length) await tx.insert(progressReportFigures).values(copied.map((record) => ({ ...record, versionId: version!.id })));
    await tx.update(progressReports).set({ status: "draft", latestVersion: versionNumber, updatedAt: now }).where(eq(progressReports.id, existing.id));
    return { reportId: existing.id, versionId: version!.id, versionNumber, attachmentFileIds: latest.attachmentFileIds };
  }
  if (texts) await tx.update(progressReportVersions).set({ narrative: texts.narrative, source: texts.source }).where(eq(progressReportVersions.id, latest.id));
  await tx.update(progressReports).set({ updatedAt: now }).where(eq(progressReports.id, existing.id));
  return { reportId: existing.id, versionId: latest.id, versionNumber: latest.number, attachmentFileIds: latest.attachmentFileIds };
}

/**
 * Saves the supplier's draft of a period's report: the first save creates the report and its
 * version 1; after a return the first save starts a new draft version with the returned
 * version's figures and texts. `rows`, when given, replace the draft's figures; without them
 * the figures stay as they are.
 */
export async function saveReportDraft(db: Db, clock: Clock, actor: Actor, periodId: string, input: ReportDraftInput): Promise<{ reportId: string; versionNumber: number }> {
  const context = await loadPeriod(db, periodId);
  assertOwnSupplier(actor, context.contract);
  const draft = parseOrRefuse(draftSchema, input, "report.invalidDraft");
  if (today(clock) <= context.period.periodEnd) {
    throw new RuleViolation("report.periodRunning", `De periode ${context.period.label} loopt nog; u kunt rapporteren vanaf de dag na ${context.period.periodEnd}.`);
  }
  const names = await municipalityNames(db);
  const problems = [...checkNarrative(draft.narrative, "narrative")];
  if (draft.rows) {
    const seen = new Set<string>();
    draft.rows.forEach((row, index) => {
      if (!names.has(row.municipalityId)) problems.push({ field: `rows.${index}.municipalityId`, message: "Onbekende gemeente." });
      if (context.contract.learningRoute && row.learningRoute !== context.contract.learningRoute) {
        problems.push({ field: `rows.${index}.learningRoute`, message: `Dit contract is voor de ${learningRouteLabels[context.contract.learningRoute as LearningRoute]}; rapporteer geen cijfers voor de ${learningRouteLabels[row.learningRoute]}.` });
      }
      const key = `${row.municipalityId}|${row.learningRoute}|${row.targetGroup}`;
      if (seen.has(key)) problems.push({ field: `rows.${index}`, message: `${rowName(row, names.get(row.municipalityId) ?? "")} staat er twee keer in.` });
      seen.add(key);
    });
    problems.push(...valueProblems(draft.rows, names));
  }
  if (problems.length) throw RuleViolation.of("report.invalidDraft", problems);

  try {
    return await db.transaction(async (tx) => {
      const { reportId, versionId, versionNumber } = await openDraftVersion(tx, clock, context, { narrative: draft.narrative, source: draft.source });
      if (draft.rows) {
        await tx.delete(progressReportFigures).where(eq(progressReportFigures.versionId, versionId));
        if (draft.rows.length) await tx.insert(progressReportFigures).values(draft.rows.map((row) => toColumns(versionId, row)));
      }
      await recordAudit(tx, clock, {
        actor,
        action: "report.draftSaved",
        entityType: "progressReport",
        entityId: reportId,
        summary: `Concept van rapportage ${context.period.label} (contract ${context.contract.number}) opgeslagen, versie ${versionNumber}${draft.rows ? `, ${draft.rows.length} rijen cijfers` : ""}`,
      });
      return { reportId, versionNumber };
    });
  } catch (error) {
    // two first saves at once: the other one created the report; saving again updates its draft
    if (isUniqueViolation(error)) throw new RuleViolation("report.concurrentSave", "De rapportage werd tegelijk ergens anders opgeslagen. Probeer het opnieuw.");
    throw error;
  }
}

// ------------------------------------------------------------------------------ attachments

/** At most this many files per version: a report is figures and texts; attachments support them. */
export const MAX_REPORT_ATTACHMENTS = 10;
export const REPORT_ATTACHMENT_KINDS = ["pdf", "xlsx", "docx"] as const;

/**
 * Adds a file to the draft of a period's report (opening a draft, or a new version after a
 * return, as saving does). The file is stored in the same transaction as the version's list, so a
 * refusal leaves no orphan. What is inside a PDF cannot be checked for personal data here; the
 * page asks the supplier not to attach any.
 */
export async function addReportAttachment(db: Db, clock: Clock, actor: Actor, periodId: string, input: { fileName: string; bytes: Uint8Array }) {
  const context = await loadPeriod(db, periodId);
  assertOwnSupplier(actor, context.contract);
  if (today(clock) <= context.period.periodEnd) {
    throw new RuleViolation("report.periodRunning", `De periode ${context.period.label} loopt nog; u kunt rapporteren vanaf de dag na ${context.period.periodEnd}.`, "attachment");
  }
  const nameCheck = validateNarrativeText(input.fileName);
  if (!nameCheck.ok) throw new RuleViolation("report.attachmentName", `De bestandsnaam: ${nameCheck.message}`, "attachment");
  return db.transaction(async (tx) => {
    const draft = await openDraftVersion(tx, clock, context, null);
    if (draft.attachmentFileIds.length >= MAX_REPORT_ATTACHMENTS) {
      throw new RuleViolation("report.tooManyAttachments", `Een rapportage heeft hoogstens ${MAX_REPORT_ATTACHMENTS} bijlagen. Verwijder eerst een bijlage.`, "attachment");
    }
    let stored;
    try {
      stored = await storeFile(tx, clock, actor, { fileName: input.fileName, bytes: input.bytes, allowedKinds: [...REPORT_ATTACHMENT_KINDS] });
    } catch (error) {
      // the storage names its field "file"; on this page the input is "attachment"
      if (error instanceof RuleViolation) throw new RuleViolation(error.code, error.message, "attachment");
      throw error;
    }
    await tx
      .update(progressReportVersions)
      .set({ attachmentFileIds: [...draft.attachmentFileIds, stored.id] })
      .where(eq(progressReportVersions.id, draft.versionId));
    await recordAudit(tx, clock, {
      actor,
      action: "report.attachmentAdded",
      entityType: "progressReport",
      entityId: draft.reportId,
      summary: `Bijlage ${stored.fileName} toegevoegd aan rapportage ${context.period.label} (contract ${context.contract.number}), versie ${draft.versionNumber}`,
    });
    return { fileId: stored.id, fileName: stored.fileName, versionNumber: draft.versionNumber };
  });
}

/**
 * Takes a file off the draft. Earlier, submitted versions keep pointing at it (they never
 * change), so the stored file itself stays.
 */
export async function removeReportAttachment(db: Db, clock: Clock, actor: Actor, periodId: string, fileId: string) {
  const context = await loadPeriod(db, periodId);
  assertOwnSupplier(actor, context.contract);
  return db.transaction(async (tx) => {
    const draft = await openDraftVersion(tx, clock, context, null);
    if (!draft.attachmentFileIds.includes(fileId)) throw new NotFoundError("Deze bijlage hoort niet bij het concept.");
    await tx
      .update(progressReportVersions)
      .set({ attachmentFileIds: draft.attachmentFileIds.filter((id) => id !== fileId) })
      .where(eq(progressReportVersions.id, draft.versionId));
    const [file] = await tx.select({ fileName: storedFiles.fileName }).from(storedFiles).where(eq(storedFiles.id, fileId));
    // A file only this draft held is gone for good: nobody can reach it any more, and a draft's
    // file has not been submitted, so there is nothing to keep it for. A file that a returned
    // version still lists stays: submitted versions never change.
    const [stillListed] = await tx
      .select({ id: progressReportVersions.id })
      .from(progressReportVersions)
      .where(sql`${fileId}::uuid = any(${progressReportVersions.attachmentFileIds})`)
      .limit(1);
    if (!stillListed) await deleteStoredFile(tx, fileId);
    await recordAudit(tx, clock, {
      actor,
      action: "report.attachmentRemoved",
      entityType: "progressReport",
      entityId: draft.reportId,
      summary: `Bijlage ${file?.fileName ?? fileId} verwijderd uit het concept van rapportage ${context.period.label} (contract ${context.contract.number}), versie ${draft.versionNumber}`,
    });
  });
}

/** A file attached to any version of the period's report, for whoever may read the report. */
export async function getReportAttachment(db: Db, actor: Actor, periodId: string, fileId: string) {
  const { contract } = await loadPeriod(db, periodId);
  assertCanReadReports(actor, contract);
  if (!z.uuid().safeParse(fileId).success) throw new NotFoundError("Deze bijlage bestaat niet.");
  const [attached] = await db
    .select({ id: progressReportVersions.id })
    .from(progressReportVersions)
    .innerJoin(progressReports, eq(progressReports.id, progressReportVersions.reportId))
    .where(and(eq(progressReports.periodId, periodId), sql`${fileId}::uuid = any(${progressReportVersions.attachmentFileIds})`))
    .limit(1);
  if (!attached) throw new NotFoundError("Deze bijlage bestaat niet.");
  const file = await readStoredFile(db, fileId);
  return { fileName: file.fileName, mimeType: file.mimeType, sizeBytes: file.sizeBytes, bytes: file.bytes };
}

/**
 * Submits the draft: refused with every problem found; consistency warnings need an
 * explanation. The submitted version never changes again; the contract managers are told.
 */
export async function submitReport(db: Db, clock: Clock, actor: Actor, reportId: string, input: { consistencyExplanation?: string | null } = {}): Promise<{ versionNumber: number; warnings: RuleProblem[] }> {
  const { contract } = await loadReport(db, reportId);
  assertOwnSupplier(actor, contract);
  const explanation = input.consistencyExplanation?.trim() || null;
  if (explanation && explanation.length > MAX_TEXT) throw new RuleViolation("report.explanationTooLong", "Houd de toelichting korter dan 10.000 tekens.", "consistencyExplanation");
  const names = await municipalityNames(db);
  return db.transaction(async (tx) => {
    const { report, period } = await loadReport(tx, reportId, true);
    const version = await latestVersion(tx, reportId, report.latestVersion);
    if (version.status !== "draft") throw new RuleViolation("report.notDraft", "Er is geen concept om in te dienen; deze versie is al ingediend.");
    const rows = await loadRows(tx, version.id);
    const check = checkSubmission(rows, { isServiceAgreement: contract.kind === "serviceAgreement", previousRows: await previousPeriodRows(tx, period), names });
    const problems = [...check.errors, ...checkNarrative({ ...version.narrative, consistencyExplanation: explanation ?? undefined }, "narrative")];
    if (problems.length) throw RuleViolation.of("report.invalid", problems);
    if (check.warnings.length && !explanation) {
      throw RuleViolation.of("report.explanationNeeded", [
        ...check.warnings,
        { field: "consistencyExplanation", message: "Licht toe waarom de cijfers niet sluiten; zonder toelichting kunt u niet indienen." },
      ]);
    }
    const now = clock.now();
    await tx
      .update(progressReportVersions)
      .set({ status: "submitted", submittedAt: now, submittedByUserId: actor.id, submittedByName: actor.name, consistencyExplanation: explanation })
      .where(eq(progressReportVersions.id, version.id));
    await tx.update(progressReports).set({ status: "submitted", updatedAt: now }).where(eq(progressReports.id, reportId));
    await recordAudit(tx, clock, {
      actor,
      action: "report.submitted",
      entityType: "progressReport",
      entityId: reportId,
      summary: `Rapportage ${period.label} (contract ${contract.number}) ingediend, versie ${version.number}`,
    });
    await notifyUsers(tx, clock, await contractManagersOf(tx, contract), {
      title: `Rapportage ${period.label} ingediend voor ${contract.number}`,
      body: `De voortgangsrapportage over ${period.label} voor contract ${contract.number} "${contract.title}" is ingediend (versie ${version.number}) en wacht op uw beoordeling.`,
      link: `/rapportages/${period.id}`,
    });
    return { versionNumber: version.number, warnings: check.warnings };
  });
}

const reviewSchema = z.object({
  decision: z.enum(["accept", "return"], { error: "Kies accepteren of terugsturen." }),
  comments: z.partialRecord(z.enum(reviewSections, { error: "Onbekend onderdeel." }), z.string().max(MAX_TEXT, "Houd de opmerking korter dan 10.000 tekens.").optional()).default({}),
});

/** The contract manager accepts the submitted version, or returns it with comments per section. */
export async function reviewReport(
  db: Db,
  clock: Clock,
  actor: Actor,
  reportId: string,
  input: { decision: "accept" | "return"; comments?: ReviewComments },
): Promise<void> {
  assertPermission(actor, "review:reports");
  const review = parseOrRefuse(reviewSchema, input, "report.invalidReview");
  const comments: ReviewComments = Object.fromEntries(Object.entries(review.comments).flatMap(([section, text]) => (text?.trim() ? [[section, text.trim()]] : [])));
  if (review.decision === "return" && Object.keys(comments).length === 0) {
    throw new RuleViolation("report.returnNeedsComment", "Geef bij minstens één onderdeel aan wat er moet worden aangepast.", "comments");
  }
  const personal = checkNarrative(comments, "comments");
  if (personal.length) throw RuleViolation.of("report.personalData", personal);
  await db.transaction(async (tx) => {
    const { report, period, contract } = await loadReport(tx, reportId, true);
    const version = await latestVersion(tx, reportId, report.latestVersion);
    if (version.status !== "submitted") throw new RuleViolation("report.notSubmitted", "Alleen een ingediende rapportage kan worden beoordeeld.");
    const status = review.decision === "accept" ? "accepted" : "returned";
    const now = clock.now();
    await tx
      .update(progressReportVersions)
      .set({ status, reviewedAt: now, reviewedByUserId: actor.id, reviewedByName: actor.name, reviewComments: Object.keys(comments).length ? comments : null })
      .where(eq(progressReportVersions.id, version.id));
    await tx.update(progressReports).set({ status, updatedAt: now }).where(eq(progressReports.id, reportId));
    // accepted reports feed the KPIs: the year figures of this period's year, in this transaction
    if (status === "accepted") await refreshKpiYearFiguresFromReports(tx, clock, contract.id, Number(period.periodStart.slice(0, 4)));
    await recordAudit(tx, clock, {
      actor,
      action: `report.${status}`,
      entityType: "progressReport",
      entityId: reportId,
      summary:
        status === "accepted"
          ? `Rapportage ${period.label} (contract ${contract.number}) versie ${version.number} geaccepteerd`
          : `Rapportage ${period.label} (contract ${contract.number}) versie ${version.number} teruggestuurd met opmerkingen bij ${Object.keys(comments).map((section) => reviewSectionLabels[section as ReviewSection]).join(", ")}`,
      changes: Object.keys(comments).length ? { comments } : undefined,
    });
    await notifyUsers(tx, clock, await supplierUsersOf(tx, contract.supplierOrganisationId), {
      title: status === "accepted" ? `Rapportage ${period.label} geaccepteerd` : `Rapportage ${period.label} teruggestuurd`,
      body:
        status === "accepted"
          ? `Uw voortgangsrapportage over ${period.label} voor contract ${contract.number} "${contract.title}" is geaccepteerd.`
          : `Uw voortgangsrapportage over ${period.label} voor contract ${contract.number} "${contract.title}" is teruggestuurd. Bekijk de opmerkingen, pas de rapportage aan en dien haar opnieuw in.`,
      link: `/rapportages/${period.id}`,
    });
  });
}

// ------------------------------------------------------------------------------ reading

/** What a list shows of a period's report; a draft after a return still counts as returned. */
export function reportStatusOn(period: { periodStart?: string; periodEnd: string; dueDate: string }, report: { status: string; latestVersion: number } | null, on: string): PeriodReportStatus {
  if (report?.status === "draft" && report.latestVersion > 1) return "returned";
  return periodReportStatus(period, (report?.status as "draft" | "submitted" | "returned" | "accepted" | undefined) ?? null, on);
}

export interface ReportListItem {
  periodId: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  contractId: string;
  contractNumber: string;
  contractTitle: string;
  supplierName: string;
  reportId: string | null;
  /** The report's latest version number, 0 without a report. */
  latestVersion: number;
  /** Whether the latest version is a draft being worked on. */
  hasDraft: boolean;
  status: PeriodReportStatus;
  /** Kept only for its report: the contract's dates changed and the period left the schedule. */
  outsideSchedule: boolean;
}

async function listPeriods(db: Db, clock: Clock, where: ReturnType<typeof and>): Promise<ReportListItem[]> {
  const on = today(clock);
  const rows = await db
    .select({
      period: reportingPeriods,
      contractNumber: contracts.number,
      contractTitle: contracts.title,
      supplierName: organisations.name,
      reportId: progressReports.id,
      reportStatus: progressReports.status,
      latestVersion: progressReports.latestVersion,
    })
    .from(reportingPeriods)
    .innerJoin(contracts, eq(contracts.id, reportingPeriods.contractId))
    .innerJoin(organisations, eq(organisations.id, contracts.supplierOrganisationId))
    .leftJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(where)
    .orderBy(desc(reportingPeriods.periodStart), asc(contracts.number));
  return rows.map((row) => ({
    periodId: row.period.id,
    label: row.period.label,
    periodStart: row.period.periodStart,
    periodEnd: row.period.periodEnd,
    dueDate: row.period.dueDate,
    contractId: row.period.contractId,
    contractNumber: row.contractNumber,
    contractTitle: row.contractTitle,
    supplierName: row.supplierName,
    reportId: row.reportId,
    latestVersion: row.latestVersion ?? 0,
    hasDraft: row.reportStatus === "draft",
    outsideSchedule: row.period.outsideSchedule,
    status: reportStatusOn(row.period, row.reportId ? { status: row.reportStatus!, latestVersion: row.latestVersion! } : null, on),
  }));
}

/**
 * The supplier's own periods that have ended: due, overdue, submitted, returned, accepted. Reads
 * only: the periods are stored when the contract is activated or its dates change (ADR 0013).
 */
export async function listReportsForSupplier(db: Db, clock: Clock, actor: Actor): Promise<ReportListItem[]> {
  assertPermission(actor, "submit:reports");
  if (!actor.organisationId) throw new ForbiddenError();
  return listPeriods(db, clock, and(eq(contracts.supplierOrganisationId, actor.organisationId), lt(reportingPeriods.periodEnd, today(clock))));
}

/** A contract's periods for its whole term, newest first; future ones are "notYet". Reads only. */
export async function listReportsForContract(db: Db, clock: Clock, actor: Actor, contractId: string): Promise<ReportListItem[]> {
  if (!z.uuid().safeParse(contractId).success) throw new NotFoundError("Dit contract bestaat niet.");
  const [contract] = await db.select({ supplierOrganisationId: contracts.supplierOrganisationId }).from(contracts).where(eq(contracts.id, contractId));
  if (!contract) throw new NotFoundError("Dit contract bestaat niet.");
  assertCanReadReports(actor, contract);
  return listPeriods(db, clock, eq(reportingPeriods.contractId, contractId));
}

/** For the contract managers' start page: periods past their due date that were never submitted. Reads only. */
export async function listOverdueReports(db: Db, clock: Clock, actor: Actor): Promise<ReportListItem[]> {
  assertPermission(actor, "review:reports");
  const neverSubmitted = or(isNull(progressReports.id), and(eq(progressReports.status, "draft"), eq(progressReports.latestVersion, 1)));
  // a terminated contract owes nothing more; an ended one still owes its last periods
  const items = await listPeriods(db, clock, and(lt(reportingPeriods.dueDate, today(clock)), neverSubmitted, eq(reportingPeriods.outsideSchedule, false), inArray(contracts.status, ["active", "ended"])));
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.contractNumber.localeCompare(b.contractNumber));
}

/** How many submitted reports wait for a contract manager's review. */
export async function countReportsAwaitingReview(db: Db, actor: Actor): Promise<number> {
  if (!hasPermission(actor, "review:reports")) return 0;
  const [row] = await db.select({ value: count() }).from(progressReports).where(eq(progressReports.status, "submitted"));
  return row?.value ?? 0;
}

/** A report with every version and its figures, oldest version first. */
export async function getReport(db: Db, actor: Actor, reportId: string) {
  const { report, period, contract } = await loadReport(db, reportId);
  assertCanReadReports(actor, contract);
  const [supplier] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, contract.supplierOrganisationId));
  const versions = await db.select().from(progressReportVersions).where(eq(progressReportVersions.reportId, reportId)).orderBy(asc(progressReportVersions.number));
  const figureRows = versions.length
    ? await db.select().from(progressReportFigures).where(inArray(progressReportFigures.versionId, versions.map((version) => version.id)))
    : [];
  const names = await municipalityNames(db);
  const attachmentIds = [...new Set(versions.flatMap((version) => version.attachmentFileIds))];
  const files = attachmentIds.length
    ? await db.select({ id: storedFiles.id, fileName: storedFiles.fileName, sizeBytes: storedFiles.sizeBytes }).from(storedFiles).where(inArray(storedFiles.id, attachmentIds))
    : [];
  const byName = (a: ReportFigureRow, b: ReportFigureRow) =>
    (names.get(a.municipalityId) ?? "").localeCompare(names.get(b.municipalityId) ?? "") || a.learningRoute.localeCompare(b.learningRoute) || a.targetGroup.localeCompare(b.targetGroup);
  return {
    report,
    period,
    contract: { id: contract.id, number: contract.number, title: contract.title, kind: contract.kind, learningRoute: contract.learningRoute, supplierName: supplier?.name ?? "" },
    versions: versions.map((version) => ({
      ...version,
      attachments: version.attachmentFileIds.flatMap((id) => files.filter((file) => file.id === id)),
      rows: figureRows
        .filter((record) => record.versionId === version.id)
        .map(fromColumns)
        .sort(byName)
        .map((row) => ({ ...row, municipalityName: names.get(row.municipalityId) ?? "" })),
    })),
  };
}

/** For the contract managers' list: submitted reports waiting for review, oldest due first. */
export async function listReportsToReview(db: Db, clock: Clock, actor: Actor): Promise<ReportListItem[]> {
  assertPermission(actor, "review:reports");
  const items = await listPeriods(db, clock, eq(progressReports.status, "submitted"));
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.contractNumber.localeCompare(b.contractNumber));
}

/**
 * A period's page: the period, its report (every version) when there is one, what the actor may
 * do, and the rows of the web form (the contract's municipalities × its leerroute, or every
 * leerroute for the DVO, × both target groups).
 */
export async function getPeriodReport(db: Db, clock: Clock, actor: Actor, periodId: string) {
  const { period, contract } = await loadPeriod(db, periodId);
  assertCanReadReports(actor, contract);
  const [report] = await db.select({ id: progressReports.id }).from(progressReports).where(eq(progressReports.periodId, periodId));
  const full = report ? await getReport(db, actor, report.id) : null;
  const on = today(clock);
  const latest = full?.versions.at(-1) ?? null;
  const isOwnSupplier = hasPermission(actor, "submit:reports") && actor.organisationId === contract.supplierOrganisationId;
  const budgeted = await db.selectDistinct({ municipalityId: contractBudgets.municipalityId }).from(contractBudgets).where(eq(contractBudgets.contractId, contract.id));
  const allMunicipalities = await db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities).orderBy(asc(municipalities.name));
  const budgetedIds = new Set(budgeted.map((row) => row.municipalityId));
  const formMunicipalities = budgetedIds.size ? allMunicipalities.filter((municipality) => budgetedIds.has(municipality.id)) : allMunicipalities;
  const routes: LearningRoute[] = contract.learningRoute ? [contract.learningRoute as LearningRoute] : [...learningRoutes];
  return {
    period,
    contract: { id: contract.id, number: contract.number, title: contract.title, kind: contract.kind, learningRoute: contract.learningRoute },
    report: full,
    status: reportStatusOn(period, full ? full.report : null, on),
    canEdit: isOwnSupplier && on > period.periodEnd && (!latest || latest.status === "draft" || latest.status === "returned"),
    canSubmit: isOwnSupplier && latest?.status === "draft",
    canReview: hasPermission(actor, "review:reports") && latest?.status === "submitted",
    formRows: formMunicipalities.flatMap((municipality) =>
      routes.flatMap((learningRoute) => targetGroups.map((targetGroup) => ({ municipalityId: municipality.id, municipalityName: municipality.name, learningRoute, targetGroup }))),
    ),
  };
}
