import { and, eq, sql } from "drizzle-orm";
import { caught } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { testPdf } from "../../../test/factories/offers";
import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createMovableClock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { activateContract, createContract, setYearBudget } from "../contracts/contracts.server";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { storedFileChunks, storedFiles } from "../files/files.sql";
import { reportingPeriods } from "./report.sql";
import {
  addReportAttachment,
  getPeriodReport,
  getReportAttachment,
  MAX_REPORT_ATTACHMENTS,
  removeReportAttachment,
  reviewReport,
  saveReportDraft,
  submitReport,
} from "./reports.server";

const database = useTestDatabase();

async function storedFileCount(db: ReturnType<typeof database>["db"], fileId: string): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)::int` }).from(storedFiles).where(eq(storedFiles.id, fileId)))[0]!.n;
}

async function setup() {
  const { db } = database();
  const clock = createMovableClock(new Date("2024-11-10T10:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const otherOrganisation = await createTestOrganisation(db);
  const otherSupplier = await createTestUser(db, { roles: ["supplier"], organisationId: otherOrganisation.id });
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") });
  const { id: contractId } = await createContract(db, clock, manager, reportingContractForm(organisation.id, manager.id));
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00 }, null);
  await activateContract(db, clock, manager, contractId);
  const period = async (label: string) => {
    const [found] = await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label)));
    return found!;
  };
  const hoorn = await municipalityId(db, "Hoorn");
  const figures = [{ municipalityId: hoorn, learningRoute: "b1" as const, targetGroup: "asylumMigrant" as const, figures: { started: 5, active: 20, cohortTermEnded: 4, cohortMetInTime: 3 } }];
  return { db, clock, manager, supplier, otherSupplier, viewer, period, figures };
}

test("an attachment added before any save opens the draft, travels with the submission and is readable by the contract manager", async () => {
  const { db, clock, manager, supplier, period, figures } = await setup();
  const { id: periodId } = await period("2024-K3");

  const added = await addReportAttachment(db, clock, supplier, periodId, { fileName: "toelichting Q3.pdf", bytes: testPdf("q3") });
  expect(added.versionNumber).toBe(1);
  // saving the texts afterwards keeps the attachment
  const saved = await saveReportDraft(db, clock, supplier, periodId, { rows: figures, narrative: testNarrative, source: "form" });
  let page = await getPeriodReport(db, clock, supplier, periodId);
  expect(page.report!.versions.at(-1)!.attachments.map((file) => file.fileName)).toEqual(["toelichting Q3.pdf"]);
  expect(page.report!.versions.at(-1)!.narrative).toEqual(testNarrative);

  await submitReport(db, clock, supplier, saved.reportId);
  page = await getPeriodReport(db, clock, manager, periodId);
  expect(page.report!.versions.at(-1)!.attachments).toHaveLength(1);
  const file = await getReportAttachment(db, manager, periodId, added.fileId);
  expect(Buffer.from(file.bytes).toString("latin1")).toContain("% q3");
  expect(file.mimeType).toBe("application/pdf");

  const audit = await db.select().from(auditLog).where(eq(auditLog.action, "report.attachmentAdded"));
  expect(audit.map((entry) => entry.summary)).toEqual([expect.stringContaining("toelichting Q3.pdf")]);
});

test("a returned report's attachments are copied into the new version; removing one there leaves the returned version as it was", async () => {
  const { db, clock, manager, supplier, period, figures } = await setup();
  const { id: periodId } = await period("2024-K3");
  const first = await addReportAttachment(db, clock, supplier, periodId, { fileName: "a.pdf", bytes: testPdf("a") });
  const second = await addReportAttachment(db, clock, supplier, periodId, { fileName: "b.pdf", bytes: testPdf("b") });
  const { reportId } = await saveReportDraft(db, clock, supplier, periodId, { rows: figures, narrative: testNarrative, source: "form" });
  await submitReport(db, clock, supplier, reportId);
  await reviewReport(db, clock, manager, reportId, { decision: "return", comments: { narrative: "Bijlage a is verouderd." } });

  await removeReportAttachment(db, clock, supplier, periodId, first.fileId);
  const page = await getPeriodReport(db, clock, supplier, periodId);
  const [returned, revised] = page.report!.versions;
  expect(returned!.attachments.map((file) => file.fileName)).toEqual(["a.pdf", "b.pdf"]);
  expect(revised!.number).toBe(2);
  expect(revised!.attachments.map((file) => file.id)).toEqual([second.fileId]);
  // the file of the returned version can still be read: that version never changes
  expect((await getReportAttachment(db, manager, periodId, first.fileId)).fileName).toBe("a.pdf");
  expect(await storedFileCount(db, first.fileId)).toBe(1);
});

test("a file removed from a draft that no other version lists is deleted, its chunks too", async () => {
  const { db, clock, supplier, period } = await setup();
  const { id: periodId } = await period("2024-K3");
  const kept = await addReportAttachment(db, clock, supplier, periodId, { fileName: "blijft.pdf", bytes: testPdf("kept") });
  const removed = await addReportAttachment(db, clock, supplier, periodId, { fileName: "weg.pdf", bytes: testPdf("gone") });
  expect(await storedFileCount(db, removed.fileId)).toBe(1);
  await removeReportAttachment(db, clock, supplier, periodId, removed.fileId);
  expect(await storedFileCount(db, removed.fileId)).toBe(0);
  expect((await db.select({ n: sql<number>`count(*)::int` }).from(storedFileChunks).where(eq(storedFileChunks.fileId, removed.fileId)))[0]!.n).toBe(0);
  expect(await storedFileCount(db, kept.fileId)).toBe(1);
  // the audit trail still names it
  const audit = await db.select().from(auditLog).where(eq(auditLog.action, "report.attachmentRemoved"));
  expect(audit.map((entry) => entry.summary)).toEqual([expect.stringContaining("weg.pdf")]);
});

test("refusals: wrong file type, a BSN in the file name, too many files, a submitted report, another supplier, the period still running", async () => {
  const { db, clock, manager, supplier, otherSupplier, period, figures } = await setup();
  const { id: periodId } = await period("2024-K3");

  const wrongType = await caught(() => addReportAttachment(db, clock, supplier, periodId, { fileName: "foto.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }));
  expect(wrongType).toBeInstanceOf(RuleViolation);
  expect((wrongType as RuleViolation).field).toBe("attachment");
  expect((wrongType as RuleViolation).message).toMatch(/PDF/);

  const withBsn = await caught(() => addReportAttachment(db, clock, supplier, periodId, { fileName: "deelnemer 111222333.pdf", bytes: testPdf() }));
  expect(withBsn).toBeInstanceOf(RuleViolation);
  expect((withBsn as RuleViolation).message).toMatch(/burgerservicenummer/i);

  for (let index = 0; index < MAX_REPORT_ATTACHMENTS; index++) await addReportAttachment(db, clock, supplier, periodId, { fileName: `bijlage ${index}.pdf`, bytes: testPdf(String(index)) });
  const tooMany = await caught(() => addReportAttachment(db, clock, supplier, periodId, { fileName: "nog een.pdf", bytes: testPdf("extra") }));
  expect((tooMany as RuleViolation).message).toContain(`hoogstens ${MAX_REPORT_ATTACHMENTS} bijlagen`);

  const { reportId } = await saveReportDraft(db, clock, supplier, periodId, { rows: figures, narrative: testNarrative, source: "form" });
  await submitReport(db, clock, supplier, reportId);
  const afterSubmit = await caught(() => addReportAttachment(db, clock, supplier, periodId, { fileName: "laat.pdf", bytes: testPdf("laat") }));
  expect((afterSubmit as RuleViolation).code).toBe("report.submitted");

  expect(await caught(() => addReportAttachment(db, clock, otherSupplier, periodId, { fileName: "x.pdf", bytes: testPdf("x") }))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => addReportAttachment(db, clock, manager, periodId, { fileName: "x.pdf", bytes: testPdf("x") }))).toBeInstanceOf(ForbiddenError);

  const running = await period("2024-K4");
  const early = await caught(() => addReportAttachment(db, clock, supplier, running.id, { fileName: "vroeg.pdf", bytes: testPdf("vroeg") }));
  expect((early as RuleViolation).code).toBe("report.periodRunning");
});

test("only readers of the report get its attachment, and only a file that belongs to it", async () => {
  const { db, clock, supplier, otherSupplier, viewer, period } = await setup();
  const { id: periodId } = await period("2024-K3");
  const { id: otherPeriodId } = await period("2024-K2");
  const added = await addReportAttachment(db, clock, supplier, periodId, { fileName: "a.pdf", bytes: testPdf("a") });

  expect(await caught(() => getReportAttachment(db, otherSupplier, periodId, added.fileId))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getReportAttachment(db, viewer, periodId, added.fileId))).toBeInstanceOf(ForbiddenError);
  // the right file through another period's URL is not found
  expect(await caught(() => getReportAttachment(db, supplier, otherPeriodId, added.fileId))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getReportAttachment(db, supplier, periodId, "not-a-uuid"))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => removeReportAttachment(db, clock, supplier, periodId, "00000000-0000-4000-8000-000000000000"))).toBeInstanceOf(NotFoundError);
});
