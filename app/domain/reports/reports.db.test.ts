import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { caught } from "../../../test/factories/errors";
import { and, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { auditLog } from "../audit/audit.sql";
import { activateContract, createContract, setYearBudget } from "../contracts/contracts.server";
import type { ContractForm } from "../contracts/contract-schemas";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import { getStartPage } from "../start-page/start-page.server";
import { progressReportFigures, progressReportVersions, reportingPeriods } from "./report.sql";
import {
  countReportsAwaitingReview,
  ensureReportingPeriods,
  getPeriodReport,
  getReport,
  listOverdueReports,
  listReportsForContract,
  listReportsForSupplier,
  listReportsToReview,
  reviewReport,
  saveReportDraft,
  submitReport,
  syncAllReportingPeriods,
  type ReportFigureRow,
} from "./reports.server";

const database = useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;


function form(supplierOrganisationId: string, contractManagerUserId: string | null, overrides: Partial<ContractForm> = {}): ContractForm {
  return reportingContractForm(supplierOrganisationId, contractManagerUserId, { number: `WF-RAP-${Math.random().toString(36).slice(2, 8)}`, ...overrides });
}

const narrative = testNarrative;

async function setup(start = "2024-11-10T10:00:00Z") {
  const { db } = database();
  const clock = createMovableClock(new Date(start));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const otherManager = await createTestUser(db, { roles: ["contractManager"], name: "Otto Ander" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id, name: "Sanne School" });
  const colleague = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const otherOrganisation = await createTestOrganisation(db);
  const otherSupplier = await createTestUser(db, { roles: ["supplier"], organisationId: otherOrganisation.id });
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") });
  const { id: contractId } = await createContract(db, clock, manager, form(organisation.id, manager.id));
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00 }, null);
  // activation stores every reporting period of the term (ADR 0013)
  await activateContract(db, clock, manager, contractId);
  const hoorn = await municipalityId(db, "Hoorn");
  const enkhuizen = await municipalityId(db, "Enkhuizen");
  return { db, clock, manager, otherManager, supplier, colleague, otherSupplier, viewer, contractId, hoorn, enkhuizen };
}

async function periodOf(db: ReturnType<typeof database>["db"], contractId: string, label: string) {
  const [period] = await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label)));
  return period!;
}

/** Every reason for ending filled in: one left for work, none for the others. */
const endedOneForWork = { endedObligationMet: 0, endedWork: 1, endedEducation: 0, endedMoved: 0, endedExemption: 0, endedOther: 0 };

function row(municipalityId: string, figures: ReportFigureRow["figures"]): ReportFigureRow {
  return { municipalityId, learningRoute: "b1", targetGroup: "asylumMigrant", figures };
}

test("activation stores every period of the contract term, clipped to its start, and only once", async () => {
  const { db, clock, contractId } = await setup();
  const periods = await db.select().from(reportingPeriods).where(eq(reportingPeriods.contractId, contractId)).orderBy(reportingPeriods.periodStart);
  expect(periods.map((period) => [period.label, period.periodStart, period.periodEnd, period.dueDate])).toEqual([
    ["2024-K1", "2024-02-15", "2024-03-31", "2024-04-30"],
    ["2024-K2", "2024-04-01", "2024-06-30", "2024-07-30"],
    ["2024-K3", "2024-07-01", "2024-09-30", "2024-10-30"],
    ["2024-K4", "2024-10-01", "2024-12-31", "2025-01-30"],
    ["2025-K1", "2025-01-01", "2025-03-31", "2025-04-30"],
    ["2025-K2", "2025-04-01", "2025-06-30", "2025-07-30"],
    ["2025-K3", "2025-07-01", "2025-09-30", "2025-10-30"],
    ["2025-K4", "2025-10-01", "2025-12-31", "2026-01-30"],
  ]);
  expect(await ensureReportingPeriods(db, clock, contractId)).toBe(0);
  expect(await syncAllReportingPeriods(db, clock)).toBe(0);
  clock.set(new Date("2025-04-02T10:00:00Z"));
  expect(await syncAllReportingPeriods(db, clock)).toBe(0);
  expect(await db.select().from(reportingPeriods).where(eq(reportingPeriods.contractId, contractId))).toHaveLength(8);
});

test("a draft contract gets no periods", async () => {
  const { db, clock, manager, supplier } = await setup();
  const { id } = await createContract(db, clock, manager, form(supplier.organisationId!, null));
  expect(await ensureReportingPeriods(db, clock, id)).toBe(0);
});

test("draft, submit, return, revise, resubmit, accept: every version is kept", async () => {
  const { db, clock, manager, otherManager, supplier, colleague, contractId, hoorn, enkhuizen } = await setup();
  const period = await periodOf(db, contractId, "2024-K3");

  const first = await saveReportDraft(db, clock, supplier, period.id, { rows: [row(hoorn, { started: 5, active: 20, cohortTermEnded: 4, cohortMetInTime: 3 })], narrative, source: "form" });
  expect(first.versionNumber).toBe(1);
  // saving again replaces the draft's rows, in the same version
  const again = await saveReportDraft(db, clock, supplier, period.id, {
    rows: [row(hoorn, { started: 6, active: 21, cohortTermEnded: 4, cohortMetInTime: 3 }), row(enkhuizen, { started: 1, active: 2, surveyRespondents: 3, surveyMeanScore: 7.25 })],
    narrative,
    source: "form",
  });
  expect(again).toEqual(first);
  expect(await listReportsForSupplier(db, clock, supplier)).toEqual(
    expect.arrayContaining([expect.objectContaining({ label: "2024-K3", status: "overdue", hasDraft: true, reportId: first.reportId })]),
  );

  await submitReport(db, clock, supplier, first.reportId);
  expect(await countReportsAwaitingReview(db, manager)).toBe(1);
  // the assigned contract manager is told, in-app and by mail; the other manager is not
  const managerNotes = await db.select().from(notifications).where(eq(notifications.userId, manager.id));
  expect(managerNotes.map((note) => note.title)).toEqual([expect.stringContaining("Rapportage 2024-K3 ingediend")]);
  expect(await db.select().from(notifications).where(eq(notifications.userId, otherManager.id))).toEqual([]);
  expect((await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, manager.email))).length).toBe(1);

  // a submitted version cannot be edited, nor submitted twice
  expect(await caught(() => saveReportDraft(db, clock, supplier, period.id, { narrative, source: "form" }))).toMatchObject({ code: "report.submitted" });
  expect(await caught(() => submitReport(db, clock, supplier, first.reportId))).toMatchObject({ code: "report.notDraft" });

  // returning needs a comment
  expect(await caught(() => reviewReport(db, clock, manager, first.reportId, { decision: "return", comments: { flow: "  " } }))).toMatchObject({ code: "report.returnNeedsComment" });
  await reviewReport(db, clock, manager, first.reportId, { decision: "return", comments: { flow: "Het aantal gestarten in Hoorn klopt niet met onze aanmeldingen.", narrative: "Licht de samenwerking toe." } });
  expect(await countReportsAwaitingReview(db, manager)).toBe(0);
  for (const user of [supplier, colleague]) {
    expect((await db.select().from(notifications).where(eq(notifications.userId, user.id))).map((note) => note.title)).toEqual(["Rapportage 2024-K3 teruggestuurd"]);
  }
  expect((await listReportsForSupplier(db, clock, supplier)).find((item) => item.label === "2024-K3")).toMatchObject({ status: "returned", hasDraft: false });

  // the supplier edits again: a new draft version with the returned version's figures
  const revised = await saveReportDraft(db, clock, supplier, period.id, { narrative: { ...narrative, cooperation: "Maandelijks overleg met WerkSaam." }, source: "form" });
  expect(revised.versionNumber).toBe(2);
  expect((await listReportsForSupplier(db, clock, supplier)).find((item) => item.label === "2024-K3")).toMatchObject({ status: "returned", hasDraft: true });
  let report = await getReport(db, supplier, first.reportId);
  expect(report.versions.map((version) => [version.number, version.status])).toEqual([
    [1, "returned"],
    [2, "draft"],
  ]);
  expect(report.versions[1]!.rows).toEqual(report.versions[0]!.rows);
  expect(report.versions[1]!.rows.map((figures) => figures.municipalityName)).toEqual(["Enkhuizen", "Hoorn"]);
  expect(report.versions[1]!.rows[0]!.figures.surveyMeanScore).toBe(7.25);

  await saveReportDraft(db, clock, supplier, period.id, { rows: [row(hoorn, { started: 5, active: 21, cohortTermEnded: 4, cohortMetInTime: 3 })], narrative, source: "excel" });
  await submitReport(db, clock, supplier, first.reportId);
  await reviewReport(db, clock, manager, first.reportId, { decision: "accept" });

  report = await getReport(db, manager, first.reportId);
  expect(report.report.status).toBe("accepted");
  expect(report.versions.map((version) => [version.number, version.status, version.source, version.rows.length])).toEqual([
    [1, "returned", "form", 2],
    [2, "accepted", "excel", 1],
  ]);
  expect(report.versions[0]!.reviewComments).toEqual({ flow: "Het aantal gestarten in Hoorn klopt niet met onze aanmeldingen.", narrative: "Licht de samenwerking toe." });
  expect(report.versions[0]!.rows.find((figures) => figures.municipalityId === hoorn)!.figures.started).toBe(6);
  expect(report.versions[1]!.rows[0]!.figures.started).toBe(5);
  expect(report.versions[1]).toMatchObject({ submittedByName: "Sanne School", reviewedByName: "Carla Contract" });
  // accepted: nothing changes any more
  expect(await caught(() => saveReportDraft(db, clock, supplier, period.id, { narrative, source: "form" }))).toMatchObject({ code: "report.accepted" });
  expect(await caught(() => reviewReport(db, clock, manager, first.reportId, { decision: "return", comments: { flow: "Toch niet." } }))).toMatchObject({ code: "report.notSubmitted" });

  const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, first.reportId))).map((entry) => entry.action);
  expect(actions).toEqual(["report.draftSaved", "report.draftSaved", "report.submitted", "report.returned", "report.draftSaved", "report.draftSaved", "report.submitted", "report.accepted"]);
  expect((await listReportsForContract(db, clock, manager, contractId)).find((item) => item.label === "2024-K3")).toMatchObject({ status: "accepted", latestVersion: 2 });
});

test("only the contract's own supplier reports, only after the period; only contract managers review; municipalities wait", async () => {
  const { db, clock, manager, supplier, otherSupplier, viewer, contractId, hoorn } = await setup();
  const ended = await periodOf(db, contractId, "2024-K3");
  const running = await periodOf(db, contractId, "2024-K4");
  const input = { rows: [row(hoorn, { started: 1, active: 1 })], narrative, source: "form" as const };

  expect(await caught(() => saveReportDraft(db, clock, otherSupplier, ended.id, input))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => saveReportDraft(db, clock, manager, ended.id, input))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => saveReportDraft(db, clock, supplier, running.id, input))).toMatchObject({ code: "report.periodRunning" });
  expect(await caught(() => listReportsForContract(db, clock, otherSupplier, contractId))).toBeInstanceOf(NotFoundError);

  const { reportId } = await saveReportDraft(db, clock, supplier, ended.id, input);
  expect(await caught(() => getReport(db, otherSupplier, reportId))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getReport(db, viewer, reportId))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => submitReport(db, clock, otherSupplier, reportId))).toBeInstanceOf(NotFoundError);
  await submitReport(db, clock, supplier, reportId);
  expect(await caught(() => reviewReport(db, clock, supplier, reportId, { decision: "accept" }))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => listOverdueReports(db, clock, supplier))).toBeInstanceOf(ForbiddenError);
  expect((await listReportsForSupplier(db, clock, otherSupplier)).length).toBe(0);
  // the running period is not on the supplier's list yet
  expect((await listReportsForSupplier(db, clock, supplier)).map((item) => item.label)).toEqual(["2024-K3", "2024-K2", "2024-K1"]);
});

test("submitting is refused with every problem at once; a flow that does not add up needs an explanation", async () => {
  const { db, clock, manager, supplier, contractId, hoorn, enkhuizen } = await setup();
  const k2 = await periodOf(db, contractId, "2024-K2");
  const k3 = await periodOf(db, contractId, "2024-K3");
  const previous = await saveReportDraft(db, clock, supplier, k2.id, { rows: [row(hoorn, { active: 10 })], narrative, source: "form" });
  await submitReport(db, clock, supplier, previous.reportId);
  await reviewReport(db, clock, manager, previous.reportId, { decision: "accept" });

  // a value of the wrong kind is refused already when saving
  const badValue = await caught(() => saveReportDraft(db, clock, supplier, k3.id, { rows: [row(hoorn, { started: -1, surveyMeanScore: 11 })], narrative, source: "form" }));
  expect(badValue).toBeInstanceOf(RuleViolation);
  expect((badValue as RuleViolation).problems.map((problem) => problem.field)).toEqual(["rows.0.started", "rows.0.surveyMeanScore"]);

  const { reportId } = await saveReportDraft(db, clock, supplier, k3.id, {
    rows: [row(hoorn, { active: 12, started: 4, ...endedOneForWork, cohortTermEnded: 2, cohortMetInTime: 3 }), row(enkhuizen, { intakesHeld: 2, hoursOffered: 10, hoursAttended: 12 })],
    narrative,
    source: "form",
  });
  const refused = await caught(() => submitReport(db, clock, supplier, reportId));
  expect(refused).toMatchObject({ code: "report.invalid" });
  expect((refused as RuleViolation).problems.map((problem) => problem.field)).toEqual(["rows.0.intakesHeld", "rows.0.hoursAttended", "rows.1.cohortMetInTime"]);
  expect((refused as RuleViolation).problems[2]!.message).toMatch(/^Hoorn, B1-route, asielmigranten.*: Waarvan binnen de termijn voldaan \(3\) is groter dan cohort waarvan de termijn is afgelopen \(2\)\.$/);

  await saveReportDraft(db, clock, supplier, k3.id, { rows: [row(hoorn, { active: 12, started: 4, ...endedOneForWork })], narrative, source: "form" });
  // 10 + 4 − 1 = 13, not 12
  const warned = await caught(() => submitReport(db, clock, supplier, reportId));
  expect(warned).toMatchObject({ code: "report.explanationNeeded" });
  expect((warned as RuleViolation).problems.map((problem) => problem.field)).toEqual(["rows.0.active", "consistencyExplanation"]);
  const submitted = await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Eén deelnemer is overgestapt naar de Z-route." });
  expect(submitted.warnings).toHaveLength(1);
  const [version] = await db.select().from(progressReportVersions).where(eq(progressReportVersions.reportId, reportId));
  expect(version!.consistencyExplanation).toBe("Eén deelnemer is overgestapt naar de Z-route.");
});

test("narrative texts and review comments with a BSN-like number are refused with a Dutch explanation; nothing is saved", async () => {
  const { db, clock, manager, supplier, contractId, hoorn } = await setup();
  const k3 = await periodOf(db, contractId, "2024-K3");
  const refused = await caught(() => 
    saveReportDraft(db, clock, supplier, k3.id, { rows: [row(hoorn, { started: 1 })], narrative: { ...narrative, participantProgress: "Deelnemer 111222333 is gestart." }, source: "form" }),
  );
  expect(refused).toBeInstanceOf(RuleViolation);
  expect((refused as RuleViolation).problems).toEqual([{ field: "narrative.participantProgress", message: expect.stringMatching(/burgerservicenummer \(BSN\)/) }]);
  expect(await db.select().from(progressReportFigures)).toEqual([]);

  const { reportId } = await saveReportDraft(db, clock, supplier, k3.id, { rows: [row(hoorn, { started: 1 })], narrative, source: "form" });
  await submitReport(db, clock, supplier, reportId);
  const comment = await caught(() => reviewReport(db, clock, manager, reportId, { decision: "return", comments: { flow: "Gaat dit over 111.222.333?" } }));
  expect(comment).toMatchObject({ code: "report.personalData" });
});

test("overdue reports for the contract managers follow the clock, until submitted", async () => {
  const { db, clock, manager, supplier, contractId, hoorn } = await setup("2024-04-15T10:00:00Z");
  // on 15 April K1 (due 30 April) is due, not overdue
  expect(await listOverdueReports(db, clock, manager)).toEqual([]);
  expect((await listReportsForSupplier(db, clock, supplier)).map((item) => [item.label, item.status])).toEqual([["2024-K1", "due"]]);

  clock.set(new Date("2024-05-01T10:00:00Z"));
  expect((await listOverdueReports(db, clock, manager)).map((item) => [item.label, item.contractId])).toEqual([["2024-K1", contractId]]);
  expect((await listReportsForSupplier(db, clock, supplier)).map((item) => [item.label, item.status])).toEqual([["2024-K1", "overdue"]]);

  // a draft does not stop it being overdue
  const k1 = await periodOf(db, contractId, "2024-K1");
  const { reportId } = await saveReportDraft(db, clock, supplier, k1.id, { rows: [row(hoorn, { started: 1, active: 1 })], narrative, source: "form" });
  expect(await listOverdueReports(db, clock, manager)).toHaveLength(1);

  // three months on, K2 is overdue too (stored at activation, read by the list)
  clock.advance(92 * DAY);
  expect((await listOverdueReports(db, clock, manager)).map((item) => item.label)).toEqual(["2024-K1", "2024-K2"]);
  await submitReport(db, clock, supplier, reportId);
  expect((await listOverdueReports(db, clock, manager)).map((item) => item.label)).toEqual(["2024-K2"]);
  // a returned report is not overdue: it was submitted
  await reviewReport(db, clock, manager, reportId, { decision: "return", comments: { components: "Vul de behaalde onderdelen in." } });
  expect((await listOverdueReports(db, clock, manager)).map((item) => item.label)).toEqual(["2024-K2"]);
});

test("the contract manager's start page counts reports to review and lists the overdue ones", async () => {
  const { db, clock, manager, supplier, contractId, hoorn } = await setup("2024-05-01T10:00:00Z");
  let page = await getStartPage(db, clock, manager);
  expect(page.contractManager).toMatchObject({ reportsToReview: 0, overdueReports: [expect.objectContaining({ label: "2024-K1", contractId })] });
  const k1 = await periodOf(db, contractId, "2024-K1");
  const { reportId } = await saveReportDraft(db, clock, supplier, k1.id, { rows: [row(hoorn, { started: 1, active: 1 })], narrative, source: "form" });
  await submitReport(db, clock, supplier, reportId);
  page = await getStartPage(db, clock, manager);
  expect(page.contractManager).toMatchObject({ reportsToReview: 1, overdueReports: [] });
  // the notification links to the period's page
  const [note] = await db.select().from(notifications).where(eq(notifications.userId, manager.id));
  expect(note!.link).toBe(`/rapportages/${k1.id}`);
});

test("a period's page: form rows for the contract's municipalities and leerroute, and what each may do", async () => {
  const { db, clock, manager, supplier, otherSupplier, viewer, contractId, hoorn } = await setup();
  const k3 = await periodOf(db, contractId, "2024-K3");
  let page = await getPeriodReport(db, clock, supplier, k3.id);
  // the budget was split over the seven municipalities; a B1 contract reports the B1-route, both target groups
  expect(page.formRows).toHaveLength(14);
  expect(new Set(page.formRows.map((formRow) => formRow.learningRoute))).toEqual(new Set(["b1"]));
  expect(page).toMatchObject({ report: null, status: "overdue", canEdit: true, canSubmit: false, canReview: false });
  expect(await caught(() => getPeriodReport(db, clock, otherSupplier, k3.id))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getPeriodReport(db, clock, viewer, k3.id))).toBeInstanceOf(ForbiddenError);

  const { reportId } = await saveReportDraft(db, clock, supplier, k3.id, { rows: [row(hoorn, { started: 1, active: 1 })], narrative, source: "form" });
  expect(await getPeriodReport(db, clock, supplier, k3.id)).toMatchObject({ canEdit: true, canSubmit: true });
  await submitReport(db, clock, supplier, reportId);
  expect(await getPeriodReport(db, clock, supplier, k3.id)).toMatchObject({ canEdit: false, canSubmit: false, canReview: false, status: "submitted" });
  page = await getPeriodReport(db, clock, manager, k3.id);
  expect(page).toMatchObject({ canEdit: false, canReview: true });
  expect(page.report!.versions).toHaveLength(1);
  expect((await listReportsToReview(db, clock, manager)).map((item) => item.reportId)).toEqual([reportId]);
});
