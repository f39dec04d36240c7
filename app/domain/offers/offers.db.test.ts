import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { pdfText } from "../../../test/setup/pdf-text";
import { caught } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import {
  completeOfferFields,
  createPublishedTenderWithLots,
  createTestSupplier,
  fillTestOffer,
  submitTestOffer,
  submittedOffer,
  testPdf,
} from "../../../test/factories/offers";
import { createMovableClock, type Clock } from "../../utils/clock.server";
import { formatEuroCents } from "../../utils/format";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { storedFileChunks, storedFiles } from "../files/files.sql";
import type { Role } from "../identity/roles";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import { updateLotPriceComponents, publishTender } from "../tenders/tenders.server";
import { applicableRequirements, offerFields } from "./offer-rules";
import {
  getOfferReceiptPdf,
  getOfferVersionJson,
  getOwnOffer,
  getOwnOfferAttachment,
  listOwnOffers,
  recomputeOfferVersionHash,
  saveOfferDraft,
  submitOffer,
  verifyOfferVersion,
  withdrawOffer,
} from "./offers.server";
import { offerEvents, offers, offerVersions } from "./offer.sql";

const database = useTestDatabase();

const NOW = new Date("2026-12-01T09:00:00Z");
const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });
const MINUTE = 60 * 1000;

async function setup() {
  const { db } = database();
  const clock = createMovableClock(NOW);
  const tender = await createPublishedTenderWithLots(db, clock);
  const lot = tender.content.lots[0]!;
  const a = await createTestSupplier(db, { organisationName: "Taalschool De Brug" });
  const b = await createTestSupplier(db, { organisationName: "Taalhuis Hoorn" });
  return { db, clock, tender, lot, a, b };
}

function problemFields(error: unknown): string[] {
  if (!(error instanceof RuleViolation)) throw new Error(`expected a RuleViolation, got ${String(error)}`);
  return error.problems.map((problem) => problem.field);
}

test("a draft is created on the first save and loads back with its totals computed on the expected quantities", async () => {
  const { db, clock, tender, lot, a } = await setup();
  const [first, second] = lot.priceComponents;

  await saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, {
    fields: {
      prices: [
        { priceComponentId: first!.id, unitPriceCents: 3_500_00 },
        { priceComponentId: second!.id, unitPriceCents: null },
        { priceComponentId: "00000000-0000-4000-8000-00000000dead", unitPriceCents: 1 }, // not in the lot: dropped
      ],
      answers: [{ criterionId: tender.content.awardCriteria[1]!.id, text: "Een eerste opzet." }],
      requirements: [],
      espdDeclared: false,
      signedByName: "Zoë de Vries",
      signedByRole: "",
    },
  });

  const view = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(view.offer).toMatchObject({ status: "draft", submittedVersion: null, needsReconfirmation: false });
  expect(view.priceLines).toEqual([
    expect.objectContaining({ priceComponentId: first!.id, unitPriceCents: 3_500_00, quantity: first!.expectedQuantity, totalCents: 3_500_00 * first!.expectedQuantity }),
    expect.objectContaining({ priceComponentId: second!.id, unitPriceCents: null, totalCents: null }),
  ]);
  expect(view.totalPriceCents).toBeNull();
  expect(view.draft.prices.map((price) => price.priceComponentId)).toEqual([first!.id, second!.id]);
  expect(view.draft.answers.find((answer) => answer.criterionId === tender.content.awardCriteria[1]!.id)?.text).toBe("Een eerste opzet.");
  expect(view.draft.signedByName).toBe("Zoë de Vries");
  expect(view.events.map((event) => event.kind)).toEqual(["created"]);

  // a second save changes the same offer; there is one offer per lot and organisation
  await saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { fields: { ...completeOfferFields(tender.content, lot.id, { unitPriceCents: [3_500_00, 45_00] }) } });
  const again = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(again.totalPriceCents).toBe(3_500_00 * first!.expectedQuantity + 45_00 * second!.expectedQuantity);
  expect(await db.select().from(offers)).toHaveLength(1);

  const overview = await listOwnOffers(db, clock, a.supplier, tender.id);
  expect(overview.tender.open).toBe(true);
  expect(overview.lots.map((entry) => [entry.number, entry.offer?.status ?? null])).toEqual([
    [1, "draft"],
    [2, null],
    [3, null],
  ]);
});

test("submitting an incomplete offer names every missing part on its field, and saves nothing", async () => {
  const { db, clock, tender, lot, a } = await setup();
  await saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, {
    fields: { prices: [], answers: [], requirements: [], espdDeclared: false, signedByName: "", signedByRole: "" },
  });

  const error = await caught(() => submitOffer(db, clock, a.supplier, tender.id, lot.id));

  const requirements = applicableRequirements(tender.content, lot.id);
  const fields = problemFields(error);
  for (const component of lot.priceComponents) expect(fields).toContain(offerFields.price(component.id));
  for (const criterion of tender.content.awardCriteria.filter((candidate) => candidate.kind === "quality")) expect(fields).toContain(offerFields.answer(criterion.id));
  for (const requirement of requirements) expect(fields).toContain(offerFields.met(requirement.id));
  expect(fields).toEqual(expect.arrayContaining(["espdDeclared", "signedByName", "signedByRole"]));
  expect((error as RuleViolation).message).toContain("Vul de prijs per traject in bij ‘Traject’.");
  expect((error as RuleViolation).message).toContain("Verklaar dat de gegevens in het Uniform Europees Aanbestedingsdocument (UEA) juist en volledig zijn.");
  expect(await db.select().from(offerVersions)).toHaveLength(0);

  // evidence is asked where the PvE asks for it; a total of € 0 is refused
  const withEvidence = requirements.find((requirement) => requirement.evidenceRequired)!;
  const scored = requirements.find((requirement) => requirement.kind === "scored")!;
  const fieldsNoEvidence = completeOfferFields(tender.content, lot.id, { unitPriceCents: 0 });
  fieldsNoEvidence.requirements = fieldsNoEvidence.requirements.map((entry) => (entry.requirementId === scored.id ? { ...entry, explanation: "" } : entry));
  const second = await caught(() => submitOffer(db, clock, a.supplier, tender.id, lot.id, { fields: fieldsNoEvidence }));
  expect(problemFields(second).sort()).toEqual([offerFields.evidence(withEvidence.id), offerFields.explanation(scored.id), offerFields.totalPrice].sort());
  expect((second as RuleViolation).message).toContain(`De totaalprijs moet groter zijn dan ${formatEuroCents(0)}.`);
  // the typed fields were saved although the submission was refused
  expect((await getOwnOffer(db, clock, a.supplier, tender.id, lot.id)).draft.signedByName).toBe("Zoë de Vries");
});

test("a submission at or after the deadline is refused by the server clock; one millisecond before is in time", async () => {
  const { db, clock, tender, lot, a, b } = await setup();
  await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });
  await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: b.supplier });

  // the browser may say anything: only the server's clock counts, and exactly at the deadline is late
  const atDeadline = fixedClock(tender.submissionDeadline);
  const late = await caught(() => submitOffer(db, atDeadline, a.supplier, tender.id, lot.id));
  expect(late).toBeInstanceOf(RuleViolation);
  expect((late as RuleViolation).message).toMatch(/^De inschrijftermijn is verstreken \(15 december 2026 om 10:00\)/);
  expect(await caught(() => saveOfferDraft(db, atDeadline, a.supplier, tender.id, lot.id, { fields: completeOfferFields(tender.content, lot.id) }))).toBeInstanceOf(RuleViolation);
  expect(await caught(() => submitOffer(db, fixedClock(new Date(tender.submissionDeadline.getTime() + 60 * MINUTE)), a.supplier, tender.id, lot.id))).toBeInstanceOf(RuleViolation);
  expect(await db.select().from(offerVersions)).toHaveLength(0);

  const receipt = await submitOffer(db, fixedClock(new Date(tender.submissionDeadline.getTime() - 1)), b.supplier, tender.id, lot.id);
  expect(receipt.version).toBe(1);
  expect(receipt.submittedAt).toEqual(new Date(tender.submissionDeadline.getTime() - 1));

  const overview = await listOwnOffers(db, atDeadline, a.supplier, tender.id);
  expect(overview.tender.open).toBe(false);
});

test("a revision keeps version 1 unchanged and adds version 2 with a different hash", async () => {
  const { db, clock, tender, lot, a } = await setup();
  const first = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier, unitPriceCents: 3_500_00 });
  const [v1Before] = await db.select().from(offerVersions).where(eq(offerVersions.version, 1));

  clock.advance(60 * MINUTE);
  const fields = completeOfferFields(tender.content, lot.id, { unitPriceCents: 3_400_00 });
  expect((await getOwnOffer(db, clock, a.supplier, tender.id, lot.id)).offer?.hasUnsubmittedChanges).toBe(false);
  await saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { fields });
  const editing = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(editing.offer).toMatchObject({ status: "submitted", submittedVersion: 1, hasUnsubmittedChanges: true });
  const second = await submitOffer(db, clock, a.supplier, tender.id, lot.id);

  expect(second.version).toBe(2);
  expect(second.contentHash).not.toBe(first.contentHash);
  expect(second.totalPriceCents).toBeLessThan(first.totalPriceCents);
  const versions = await db.select().from(offerVersions).where(eq(offerVersions.offerId, first.offerId)).orderBy(offerVersions.version);
  expect(versions.map((version) => [version.version, version.contentHash])).toEqual([
    [1, first.contentHash],
    [2, second.contentHash],
  ]);
  expect(versions[0]!.content).toEqual(v1Before!.content);
  const view = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(view.offer).toMatchObject({ status: "submitted", submittedVersion: 2, hasUnsubmittedChanges: false });
  expect(view.versions.map((version) => version.version)).toEqual([1, 2]);
  expect(view.events.filter((event) => event.kind === "submitted").map((event) => [event.version, event.note])).toEqual([
    [1, null],
    [2, "Herziening van versie 1"],
  ]);
  // a stored version can never be changed (trigger), so its receipt stays true
  expect(await caught(() => db.update(offerVersions).set({ contentHash: "0".repeat(64) }).where(eq(offerVersions.offerId, first.offerId)))).toBeInstanceOf(Error);
});

test("withdrawing keeps the history; the offer can be submitted again before the deadline, and nothing can change after it", async () => {
  const { db, clock, tender, lot, a } = await setup();
  const first = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });

  clock.advance(MINUTE);
  await withdrawOffer(db, clock, a.supplier, tender.id, lot.id);
  let view = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(view.offer).toMatchObject({ status: "withdrawn", submittedVersion: 1 });
  expect(view.versions).toHaveLength(1);
  expect(await caught(() => withdrawOffer(db, clock, a.supplier, tender.id, lot.id))).toBeInstanceOf(RuleViolation);

  clock.advance(MINUTE);
  const again = await submitOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(again.version).toBe(2);
  view = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(view.offer).toMatchObject({ status: "submitted", submittedVersion: 2, withdrawnAt: null });
  expect(view.events.map((event) => [event.kind, event.version])).toEqual([
    ["created", null],
    ["submitted", 1],
    ["withdrawn", 1],
    ["submitted", 2],
  ]);
  expect(view.events.at(-1)!.note).toBe("Opnieuw ingediend na intrekking");
  expect((await verifyOfferVersion(db, first.offerId, 1)).intact).toBe(true);

  const late = await caught(() => withdrawOffer(db, fixedClock(tender.submissionDeadline), a.supplier, tender.id, lot.id));
  expect((late as RuleViolation).message).toContain("De inschrijftermijn is verstreken");
  expect((await getOwnOffer(db, clock, a.supplier, tender.id, lot.id)).offer?.status).toBe("submitted");
});

test("the receipt hash equals a recomputation from the stored version, the downloadable JSON and each attachment's bytes", async () => {
  const { db, clock, tender, lot, a } = await setup();
  const receipt = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier, answerAttachments: true });
  const [stored] = await db.select().from(offerVersions).where(eq(offerVersions.offerId, receipt.offerId));

  expect(stored!.contentHash).toBe(receipt.contentHash);
  expect(recomputeOfferVersionHash(stored!.content)).toBe(receipt.contentHash);
  const { json } = await getOfferVersionJson(db, a.supplier, tender.id, lot.id, 1);
  expect(createHash("sha256").update(json, "utf8").digest("hex")).toBe(receipt.contentHash);
  expect(stored!.content.submittedAt).toBe(receipt.submittedAt.toISOString());
  expect(stored!.content.attachments.length).toBeGreaterThan(0);

  const verification = await verifyOfferVersion(db, receipt.offerId, 1);
  expect(verification).toMatchObject({ hashMatches: true, intact: true, storedHash: receipt.contentHash, recomputedHash: receipt.contentHash });
  expect(verification.attachments.every((attachment) => attachment.matches)).toBe(true);

  // a stored attachment whose bytes changed afterwards is caught
  const tampered = stored!.content.attachments[0]!;
  await db.update(storedFileChunks).set({ content: testPdf("vervalst") }).where(eq(storedFileChunks.fileId, tampered.fileId));
  const after = await verifyOfferVersion(db, receipt.offerId, 1);
  expect(after.hashMatches).toBe(true);
  expect(after.intact).toBe(false);
  expect(after.attachments.find((attachment) => attachment.fileId === tampered.fileId)?.matches).toBe(false);
});

test("the receipt PDF shows tender, lot, organisation with KvK, version, time, the hash and each attachment's hash", async () => {
  const { db, clock, tender, lot, a } = await setup();
  clock.set(new Date("2026-12-10T10:59:12Z"));
  const receipt = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });
  const [stored] = await db.select().from(offerVersions).where(eq(offerVersions.offerId, receipt.offerId));

  const pdf = await getOfferReceiptPdf(db, a.supplier, tender.id, lot.id, 1);
  const text = pdfText(pdf.bytes);

  expect(pdf.fileName).toBe(`ontvangstbewijs-${tender.reference}-perceel-1-v1.pdf`);
  expect(text).toContain(receipt.contentHash);
  expect(text).toContain(`${tender.reference} – ${tender.content.title}`);
  expect(text).toContain(`1: ${lot.title}`);
  expect(text).toContain("Taalschool De Brug");
  expect(text).toContain(a.kvkNumber);
  expect(text).toContain("10 december 2026 om 11:59:12 (Nederlandse tijd)");
  for (const attachment of stored!.content.attachments) expect(text).toContain(attachment.sha256);
  expect(text).toContain("RFC 8785");
  expect(await caught(() => getOfferReceiptPdf(db, a.supplier, tender.id, lot.id, 2))).toBeInstanceOf(NotFoundError);
});

test("attachments are PDF only, checked by content, at most 20 MB", async () => {
  const { db, clock, tender, lot, a } = await setup();
  const purpose = { kind: "uea" as const };
  const notPdf = await caught(() =>
    saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { upload: { purpose, fileName: "verklaring.pdf", bytes: new TextEncoder().encode("Dit is geen PDF, alleen de naam.") } }),
  );
  expect(notPdf).toBeInstanceOf(RuleViolation);
  expect((notPdf as RuleViolation).message).toBe("Alleen PDF-bestanden zijn toegestaan. Dit bestand is van een ander type.");

  const tooLarge = new Uint8Array(20 * 1024 * 1024 + 1);
  tooLarge.set(new TextEncoder().encode("%PDF-1.7\n"));
  const large = await caught(() => saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { upload: { purpose, fileName: "groot.pdf", bytes: tooLarge } }));
  expect((large as RuleViolation).message).toBe("Het bestand is groter dan 20 MB.");
  expect(await db.select({ id: storedFiles.id }).from(storedFiles)).toHaveLength(0);

  const wrongPurpose = await caught(() =>
    saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { upload: { purpose: { kind: "criterion", criterionId: tender.content.awardCriteria[0]!.id }, fileName: "prijs.pdf", bytes: testPdf() } }),
  );
  expect((wrongPurpose as RuleViolation).field).toBe("purpose"); // the price criterion takes no written answer

  const { attachment } = await saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { upload: { purpose, fileName: "uea.pdf", bytes: testPdf("uea") } });
  expect(attachment).toMatchObject({ fileName: "uea.pdf", sha256: createHash("sha256").update(testPdf("uea")).digest("hex"), purpose });
  const download = await getOwnOfferAttachment(db, a.supplier, tender.id, lot.id, attachment!.fileId);
  expect(Buffer.from(download.bytes)).toEqual(Buffer.from(testPdf("uea")));

  await saveOfferDraft(db, clock, a.supplier, tender.id, lot.id, { removeFileId: attachment!.fileId });
  expect((await getOwnOffer(db, clock, a.supplier, tender.id, lot.id)).draft.attachments).toEqual([]);
});

test("another supplier can neither read nor change an offer: its versions, receipts and attachments are not found", async () => {
  const { db, clock, tender, lot, a, b } = await setup();
  const receipt = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });
  const [version] = await db.select().from(offerVersions).where(eq(offerVersions.offerId, receipt.offerId));
  const fileId = version!.content.attachments[0]!.fileId;

  expect(await caught(() => getOwnOfferAttachment(db, b.supplier, tender.id, lot.id, fileId))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getOfferReceiptPdf(db, b.supplier, tender.id, lot.id, 1))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getOfferVersionJson(db, b.supplier, tender.id, lot.id, 1))).toBeInstanceOf(NotFoundError);
  const bView = await getOwnOffer(db, clock, b.supplier, tender.id, lot.id);
  expect(bView.offer).toBeNull();
  expect(bView.versions).toEqual([]);
  expect(bView.draft.attachments).toEqual([]);
  expect((await listOwnOffers(db, clock, b.supplier, tender.id)).lots.every((entry) => entry.offer === null)).toBe(true);
  expect(await caught(() => withdrawOffer(db, clock, b.supplier, tender.id, lot.id))).toBeInstanceOf(RuleViolation);

  // b's own offer on the same lot is b's: its first version is version 1, A's stays untouched
  const bReceipt = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: b.supplier });
  expect(bReceipt.offerId).not.toBe(receipt.offerId);
  expect(await caught(() => getOwnOfferAttachment(db, b.supplier, tender.id, lot.id, fileId))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => saveOfferDraft(db, clock, b.supplier, tender.id, lot.id, { removeFileId: fileId }))).toBeInstanceOf(NotFoundError);
  expect((await verifyOfferVersion(db, receipt.offerId, 1)).intact).toBe(true);

  // a colleague of A sees A's organisation's offer
  const colleague = await createTestUser(db, { roles: ["supplier"], organisationId: a.organisationId });
  expect((await getOwnOffer(db, clock, colleague, tender.id, lot.id)).offer?.id).toBe(receipt.offerId);
});

test.each<Role>(["admin", "projectgroup", "assessor", "contractManager", "municipalityViewer"])("a %s gets 403 from every offers function, before any offer data", async (role) => {
  const { db, clock, tender, lot, a } = await setup();
  const receipt = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });
  const [version] = await db.select().from(offerVersions).where(eq(offerVersions.offerId, receipt.offerId));
  const organisation = role === "admin" ? await createTestOrganisation(db) : null;
  const actor = await createTestUser(db, { roles: [role], organisationId: organisation?.id });
  const fields = completeOfferFields(tender.content, lot.id);
  const calls: [string, () => Promise<unknown>][] = [
    ["listOwnOffers", () => listOwnOffers(db, clock, actor, tender.id)],
    ["getOwnOffer", () => getOwnOffer(db, clock, actor, tender.id, lot.id)],
    ["saveOfferDraft", () => saveOfferDraft(db, clock, actor, tender.id, lot.id, { fields })],
    ["submitOffer", () => submitOffer(db, clock, actor, tender.id, lot.id)],
    ["withdrawOffer", () => withdrawOffer(db, clock, actor, tender.id, lot.id)],
    ["getOfferReceiptPdf", () => getOfferReceiptPdf(db, actor, tender.id, lot.id, 1)],
    ["getOfferVersionJson", () => getOfferVersionJson(db, actor, tender.id, lot.id, 1)],
    ["getOwnOfferAttachment", () => getOwnOfferAttachment(db, actor, tender.id, lot.id, version!.content.attachments[0]!.fileId)],
  ];
  for (const [name, call] of calls) {
    expect([name, await caught(call)]).toEqual([name, expect.any(ForbiddenError)]);
  }
  expect(await db.select().from(offers)).toHaveLength(1);
});

test("nothing about an offer reaches the audit log or the mail outbox; the supplier's own users are told in the portal", async () => {
  const { db, clock, tender, lot, a } = await setup();
  const colleague = await createTestUser(db, { roles: ["supplier"], organisationId: a.organisationId });
  await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });
  await withdrawOffer(db, clock, a.supplier, tender.id, lot.id);

  expect(await db.select().from(auditLog)).toEqual([]);
  expect(await db.select().from(mailOutbox)).toEqual([]);
  const told = await db.select({ userId: notifications.userId, title: notifications.title }).from(notifications);
  expect(new Set(told.map((notification) => notification.userId))).toEqual(new Set([a.supplier.id, colleague.id]));
  expect(told.map((notification) => notification.title)).toContain(`Inschrijving ingediend: ${tender.reference}, perceel 1`);
});

test("an organisation that is not verified can prepare a draft but not submit", async () => {
  const { db, clock, tender, lot } = await setup();
  const pending = await createTestSupplier(db, { organisation: { verificationStatus: "pending" } });
  await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: pending.supplier });
  const error = await caught(() => submitOffer(db, clock, pending.supplier, tender.id, lot.id));
  expect((error as RuleViolation).code).toBe("organisation.notVerified");
  expect((await listOwnOffers(db, clock, pending.supplier, tender.id)).organisation.maySubmit).toBe(false);
});

test("a material change flags submitted offers for re-submission, tells their users in the portal only, and a new submission clears it", async () => {
  const { db, clock, tender, lot, a, b } = await setup();
  const c = await createTestSupplier(db);
  const first = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: a.supplier });
  await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: b.supplier });
  await withdrawOffer(db, clock, b.supplier, tender.id, lot.id);
  await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier: c.supplier });
  await db.delete(notifications);

  clock.advance(24 * 60 * MINUTE);
  const components = lot.priceComponents.map((component, index) => ({ ...component, expectedQuantity: index === 0 ? component.expectedQuantity + 10 : component.expectedQuantity }));
  await updateLotPriceComponents(db, clock, tender.projectgroup, tender.id, lot.id, components);
  const published = await publishTender(db, clock, tender.projectgroup, tender.id, { changeNote: "Meer trajecten verwacht in perceel 1." });
  expect(published).toEqual({ version: 2, materialChange: true, deadlineExtended: false });

  const flagged = await db.select({ organisationId: offers.organisationId, needsReconfirmation: offers.needsReconfirmation }).from(offers);
  expect(flagged.filter((offer) => offer.needsReconfirmation).map((offer) => offer.organisationId)).toEqual([a.organisationId]);
  expect(await db.select({ kind: offerEvents.kind }).from(offerEvents).where(and(eq(offerEvents.offerId, first.offerId), eq(offerEvents.kind, "reconfirmationRequested")))).toHaveLength(1);
  const told = await db.select({ userId: notifications.userId, title: notifications.title }).from(notifications).where(sql`${notifications.title} like 'Dien uw inschrijving opnieuw in%'`);
  expect(told.map((notification) => notification.userId)).toEqual([a.supplier.id]);
  expect(await db.select().from(mailOutbox).where(sql`${mailOutbox.subject} like '%inschrijving%'`)).toEqual([]);
  // the audit row of the publication does not count the offers
  const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "tender.republished"));
  expect(JSON.stringify(audit)).not.toMatch(/inschrijving|offer/i);

  const view = await getOwnOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(view.offer?.needsReconfirmation).toBe(true);
  expect(view.tender.version).toBe(2);
  expect(view.priceLines[0]!.quantity).toBe(lot.priceComponents[0]!.expectedQuantity + 10);

  const again = await submitOffer(db, clock, a.supplier, tender.id, lot.id);
  expect(again).toMatchObject({ version: 2, tenderVersion: 2 });
  expect(again.totalPriceCents).toBe(first.totalPriceCents + 10 * 100_00);
  expect((await getOwnOffer(db, clock, a.supplier, tender.id, lot.id)).offer?.needsReconfirmation).toBe(false);
});

test("simultaneous submissions: many suppliers at once all get version 1; one offer submitted twice at once gets versions 1 and 2", async () => {
  const { db, clock, tender, lot } = await setup();
  const suppliers = await Promise.all(Array.from({ length: 8 }, () => createTestSupplier(db)));
  for (const { supplier } of suppliers) await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot.id, supplier });

  const receipts = await Promise.all(suppliers.map(({ supplier }) => submitOffer(db, clock, supplier, tender.id, lot.id)));
  expect(receipts.map((receipt) => receipt.version)).toEqual(suppliers.map(() => 1));
  expect(new Set(receipts.map((receipt) => receipt.contentHash)).size).toBe(suppliers.length);

  const twice = await Promise.all([submitOffer(db, clock, suppliers[0]!.supplier, tender.id, lot.id), submitOffer(db, clock, suppliers[0]!.supplier, tender.id, lot.id)]);
  expect(twice.map((receipt) => receipt.version).sort()).toEqual([2, 3]);
  expect(await db.select().from(offerVersions)).toHaveLength(suppliers.length + 2);
});

test("the submittedOffer factory gives a complete, verifiable offer", async () => {
  const { db } = database();
  const clock = createMovableClock(NOW);
  const { tender, receipt, lotId } = await submittedOffer(db, clock, { unitPriceCents: [3_000_00, 50_00] });
  expect(receipt.version).toBe(1);
  expect(lotId).toBe(tender.content.lots[0]!.id);
  expect((await verifyOfferVersion(db, receipt.offerId, 1)).intact).toBe(true);
});
