import { reportingContractForm } from "../../../test/factories/reports";
import { and, count, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { activateContract, createContract, exerciseExtension, setYearBudget, updateContract } from "../contracts/contracts.server";
import type { ContractForm } from "../contracts/contract-schemas";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import { getStartPage } from "../start-page/start-page.server";
import { progressReports, reportingPeriods } from "./report.sql";
import { sendReportReminders } from "./report-reminders.server";
import { listOverdueReports, listReportsForContract, listReportsForSupplier, saveReportDraft, submitReport, syncAllReportingPeriods } from "./reports.server";

// ADR 0013: periods are stored when a contract is activated or its dates change, never by a list;
// the daily job reminds the supplier once per period (due in 7 days, overdue the day after).

const database = useTestDatabase();
const narrative = { participantProgress: "Goede voortgang.", cooperation: "Overleg.", integratedTrajectories: "Taal en werk." };

function form(supplierOrganisationId: string, contractManagerUserId: string, overrides: Partial<ContractForm> = {}): ContractForm {
  return reportingContractForm(supplierOrganisationId, contractManagerUserId, { number: "WF-HER-001", title: "Testcontract herinneringen", extensionYears: [1], ...overrides });
}

async function setup(start: string, activate = true) {
  const { db } = database();
  const clock = createMovableClock(new Date(start));
  const manager = await createTestUser(db, { roles: ["contractManager"] });
  const otherManager = await createTestUser(db, { roles: ["contractManager"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const colleague = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const contractForm = form(organisation.id, manager.id);
  const { id: contractId } = await createContract(db, clock, manager, contractForm);
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00 }, null);
  if (activate) await activateContract(db, clock, manager, contractId);
  const hoorn = await municipalityId(db, "Hoorn");
  return { db, clock, manager, otherManager, supplier, colleague, contractId, contractForm, hoorn };
}

type Db = ReturnType<typeof database>["db"];

async function periodRows(db: Db) {
  const [row] = await db.select({ value: count() }).from(reportingPeriods);
  return row!.value;
}

async function labels(db: Db, contractId: string) {
  const rows = await db.select().from(reportingPeriods).where(eq(reportingPeriods.contractId, contractId)).orderBy(reportingPeriods.periodStart);
  return rows.map((row) => `${row.label} ${row.periodStart}..${row.periodEnd} due ${row.dueDate}${row.outsideSchedule ? " (buiten schema)" : ""}`);
}

async function notesFor(db: Db, userId: string) {
  return db.select().from(notifications).where(eq(notifications.userId, userId));
}

async function mailsTo(db: Db, email: string) {
  return db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email));
}

async function periodOf(db: Db, contractId: string, label: string) {
  const [period] = await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label)));
  return period!;
}

test("a draft contract has no periods; activation stores all eight of its term in the same step", async () => {
  const { db, clock, manager, contractId } = await setup("2024-03-10T10:00:00Z", false);
  expect(await periodRows(db)).toBe(0);
  await activateContract(db, clock, manager, contractId);
  expect(await labels(db, contractId)).toHaveLength(8);
  expect((await labels(db, contractId))[0]).toBe("2024-K1 2024-02-15..2024-03-31 due 2024-04-30");
});

test("the lists only read: no period is written by listing, whatever the date", async () => {
  const { db, clock, manager, supplier, contractId } = await setup("2024-03-10T10:00:00Z");
  clock.set(new Date("2025-06-01T10:00:00Z"));
  const before = await periodRows(db);
  await listReportsForSupplier(db, clock, supplier);
  await listReportsForContract(db, clock, manager, contractId);
  await listOverdueReports(db, clock, manager);
  await getStartPage(db, clock, manager);
  expect(await periodRows(db)).toBe(before);

  // with the periods gone, a list shows nothing rather than creating them
  await db.delete(reportingPeriods);
  expect(await listReportsForSupplier(db, clock, supplier)).toEqual([]);
  expect(await listReportsForContract(db, clock, manager, contractId)).toEqual([]);
  expect(await listOverdueReports(db, clock, manager)).toEqual([]);
  expect(await periodRows(db)).toBe(0);
  // the daily job (and start-up) puts them back
  expect(await syncAllReportingPeriods(db, clock)).toBe(8);
});

test("the contract's list shows future periods as not yet due; the supplier's only ended ones", async () => {
  const { db, clock, manager, supplier, contractId } = await setup("2024-05-10T10:00:00Z");
  const items = await listReportsForContract(db, clock, manager, contractId);
  expect(items.map((item) => [item.label, item.status])).toEqual([
    ["2025-K4", "notYet"],
    ["2025-K3", "notYet"],
    ["2025-K2", "notYet"],
    ["2025-K1", "notYet"],
    ["2024-K4", "notYet"],
    ["2024-K3", "notYet"],
    ["2024-K2", "upcoming"],
    ["2024-K1", "overdue"],
  ]);
  expect((await listReportsForSupplier(db, clock, supplier)).map((item) => item.label)).toEqual(["2024-K1"]);
});

test("due soon: 7 days before the due date, to the supplier's users in-app and by mail, once", async () => {
  const { db, clock, manager, supplier, colleague } = await setup("2024-04-22T10:00:00Z");
  // K1 is due on 30 April: 8 days before, nothing yet
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
  clock.set(new Date("2024-04-23T06:00:00Z"));
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 1, overdue: 0 });
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
  clock.set(new Date("2024-04-25T06:00:00Z"));
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
  for (const user of [supplier, colleague]) {
    expect((await notesFor(db, user.id)).map((note) => note.title)).toEqual(["Rapportage 2024-K1 uiterlijk 30-4-2024 indienen"]);
    expect(await mailsTo(db, user.email)).toHaveLength(1);
  }
  expect(await notesFor(db, manager.id)).toEqual([]);
});

test("overdue: the day after the due date, to the supplier (in-app and mail) and the contract manager (in-app), once", async () => {
  const { db, clock, manager, otherManager, supplier, colleague, contractId } = await setup("2024-04-30T20:00:00Z");
  // 30 April (Amsterdam, 22:00) is the due date itself: the due-soon reminder, no overdue one
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 1, overdue: 0 });
  clock.set(new Date("2024-04-30T22:30:00Z")); // 1 May 00:30 in Amsterdam
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 1 });
  // the job runs again (a second server, the next day): nothing more
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
  clock.set(new Date("2024-05-02T06:00:00Z"));
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 0 });

  const k1 = await periodOf(db, contractId, "2024-K1");
  for (const user of [supplier, colleague]) {
    const overdue = (await notesFor(db, user.id)).filter((note) => note.title.includes("te laat"));
    expect(overdue).toEqual([expect.objectContaining({ title: "Rapportage 2024-K1 is te laat", link: `/rapportages/${k1.id}` })]);
    expect(await mailsTo(db, user.email)).toHaveLength(2);
  }
  expect((await notesFor(db, manager.id)).map((note) => note.title)).toEqual([`Rapportage 2024-K1 van WF-HER-001 is te laat`]);
  expect(await mailsTo(db, manager.email)).toEqual([]);
  expect(await notesFor(db, otherManager.id)).toEqual([]);
});

test("a submitted report gets no reminders; a first draft still does", async () => {
  const { db, clock, supplier, contractId, hoorn } = await setup("2024-04-10T10:00:00Z");
  const k1 = await periodOf(db, contractId, "2024-K1");
  const { reportId } = await saveReportDraft(db, clock, supplier, k1.id, { rows: [{ municipalityId: hoorn, learningRoute: "b1", targetGroup: "asylumMigrant", figures: { started: 1, active: 1 } }], narrative, source: "form" });
  clock.set(new Date("2024-04-24T10:00:00Z"));
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 1, overdue: 0 });
  await submitReport(db, clock, supplier, reportId);
  clock.set(new Date("2024-05-05T10:00:00Z"));
  expect(await sendReportReminders(db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
});

test("exercising an extension adds the periods of the longer term", async () => {
  const { db, clock, manager, contractId } = await setup("2025-06-01T10:00:00Z");
  expect(await labels(db, contractId)).toHaveLength(8);
  await exerciseExtension(db, clock, manager, contractId, 0, { reason: "Verlengingsoptie gebruikt", effectiveDate: "2026-01-01" });
  const after = await labels(db, contractId);
  expect(after).toHaveLength(12);
  expect(after.at(-1)).toBe("2026-K4 2026-10-01..2026-12-31 due 2027-01-30");
});

test("a shorter term by amendment: later periods without a report go, one with a report stays flagged, the last one is clipped", async () => {
  const { db, clock, manager, supplier, contractId, contractForm, hoorn } = await setup("2026-03-01T10:00:00Z");
  const k4 = await periodOf(db, contractId, "2025-K4");
  await saveReportDraft(db, clock, supplier, k4.id, { rows: [{ municipalityId: hoorn, learningRoute: "b1", targetGroup: "asylumMigrant", figures: { started: 1 } }], narrative, source: "form" });
  await updateContract(db, clock, manager, contractId, { ...contractForm, endDate: "2025-05-15" }, { reason: "Vervroegd einde", effectiveDate: "2025-05-15" });
  expect(await labels(db, contractId)).toEqual([
    "2024-K1 2024-02-15..2024-03-31 due 2024-04-30",
    "2024-K2 2024-04-01..2024-06-30 due 2024-07-30",
    "2024-K3 2024-07-01..2024-09-30 due 2024-10-30",
    "2024-K4 2024-10-01..2024-12-31 due 2025-01-30",
    "2025-K1 2025-01-01..2025-03-31 due 2025-04-30",
    "2025-K2 2025-04-01..2025-05-15 due 2025-06-14",
    "2025-K4 2025-10-01..2025-12-31 due 2026-01-30 (buiten schema)",
  ]);
  expect(await db.select().from(progressReports)).toHaveLength(1);
  // nothing is owed for a period outside the schedule
  expect((await listOverdueReports(db, clock, manager)).map((item) => item.label)).not.toContain("2025-K4");
  const listed = (await listReportsForContract(db, clock, manager, contractId)).find((item) => item.label === "2025-K4");
  expect(listed).toMatchObject({ outsideSchedule: true });

  // moved back, the period is part of the schedule again
  await updateContract(db, clock, manager, contractId, { ...contractForm, endDate: "2025-12-31" }, { reason: "Toch de volle looptijd", effectiveDate: "2025-05-16" });
  expect(await labels(db, contractId)).toHaveLength(8);
  expect((await labels(db, contractId)).some((label) => label.includes("buiten schema"))).toBe(false);
});
