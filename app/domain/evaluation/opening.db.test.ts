import { and, eq, like } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { pdfText } from "../../../test/setup/pdf-text";
import { caught } from "../../../test/factories/errors";
import { createTestUser } from "../../../test/factories/identity";
import { openedTenderScenario, openTestTender } from "../../../test/factories/evaluation";
import { submitTestOffer } from "../../../test/factories/offers";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, RuleViolation } from "../errors";
import { storedFileChunks } from "../files/files.sql";
import { notifications } from "../notifications/notifications.sql";
import { withdrawOffer } from "../offers/offers.server";
import { offers } from "../offers/offer.sql";
import { lotEvaluations, tenderOpenings } from "./evaluation.sql";
import { confirmOpening, getOpeningRecordPdf, getOpeningStatus, isTenderOpened, requestOpening } from "./opening.server";

const database = useTestDatabase();
const MINUTE = 60_000;

test("opening before the submission deadline is refused by the server clock, and nothing is recorded", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }] });
  scenario.clock.set(new Date(scenario.tender.submissionDeadline.getTime() - MINUTE));

  const refusal = await caught(() => requestOpening(db, scenario.clock, scenario.requester, scenario.tender.id));

  expect(refusal).toBeInstanceOf(RuleViolation);
  expect(refusal).toMatchObject({ code: "opening.beforeDeadline" });
  expect((refusal as RuleViolation).message).toMatch(/^De inschrijvingen kunnen pas worden geopend na de sluitingstermijn \(\d+ december 2026 om \d\d:\d\d\)\.$/);
  expect(await db.select().from(tenderOpenings)).toEqual([]);
  expect(await isTenderOpened(db, scenario.tender.id)).toBe(false);
});

test("the member who requested the opening cannot confirm it: four eyes", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }] });
  const { requestId } = await requestOpening(db, scenario.clock, scenario.requester, scenario.tender.id);

  const refusal = await caught(() => confirmOpening(db, scenario.clock, scenario.requester, scenario.tender.id, requestId));

  expect(refusal).toMatchObject({ code: "opening.samePerson", message: "U heeft de opening zelf aangevraagd. Een ander lid van de projectgroep moet de opening bevestigen (vier ogen)." });
  expect(await isTenderOpened(db, scenario.tender.id)).toBe(false);
  // nor can they request again while their request waits
  expect(await caught(() => requestOpening(db, scenario.clock, scenario.requester, scenario.tender.id))).toMatchObject({ code: "opening.alreadyRequested" });
  // and a member without open:offers cannot confirm at all
  const assessor = scenario.assessors[0];
  expect(await caught(() => confirmOpening(db, scenario.clock, assessor, scenario.tender.id, requestId))).toBeInstanceOf(ForbiddenError);
});

test("a confirmation later than 15 minutes after the request has expired; a new request can then be made and confirmed", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }] });
  const first = await requestOpening(db, scenario.clock, scenario.requester, scenario.tender.id);
  scenario.clock.advance(15 * MINUTE + 1_000);

  const refusal = await caught(() => confirmOpening(db, scenario.clock, scenario.confirmer, scenario.tender.id, first.requestId));

  expect(refusal).toBeInstanceOf(RuleViolation);
  expect(refusal).toMatchObject({ code: "opening.expired" });
  expect((refusal as RuleViolation).message).toContain("is verlopen: een opening moet binnen 15 minuten worden bevestigd. Vraag de opening opnieuw aan.");
  expect(await isTenderOpened(db, scenario.tender.id)).toBe(false);
  const status = await getOpeningStatus(db, scenario.clock, scenario.confirmer, scenario.tender.id);
  expect(status).toMatchObject({ opened: false, pendingRequest: null, canRequest: true, canConfirm: false, expiredRequest: { requestedByName: "Petra Projectgroep" } });

  // the other member asks now; the first confirms within the window (14 minutes 59 seconds)
  const second = await requestOpening(db, scenario.clock, scenario.confirmer, scenario.tender.id);
  const pending = await getOpeningStatus(db, scenario.clock, scenario.requester, scenario.tender.id);
  expect(pending.pendingRequest).toMatchObject({ id: second.requestId, requestedByName: "Quinten Projectgroep", byActor: false });
  expect(pending).toMatchObject({ canConfirm: true, canRequest: false, record: null });
  scenario.clock.advance(15 * MINUTE - 1_000);
  await confirmOpening(db, scenario.clock, scenario.requester, scenario.tender.id, second.requestId);

  expect(await isTenderOpened(db, scenario.tender.id)).toBe(true);
  const openings = await db.select().from(tenderOpenings).where(eq(tenderOpenings.tenderId, scenario.tender.id));
  expect(openings).toHaveLength(2);
  expect(openings.find((row) => row.id === second.requestId)).toMatchObject({ requestedByName: "Quinten Projectgroep", confirmedByName: "Petra Projectgroep" });
  expect(openings.find((row) => row.id === first.requestId)?.confirmedAt).toBeNull();
  // opened once: another confirmation or request is refused
  expect(await caught(() => requestOpening(db, scenario.clock, scenario.requester, scenario.tender.id))).toMatchObject({ code: "opening.alreadyOpened" });
});

test("the confirmation opens the tender: audit row with the counts per lot, lot evaluations, and an in-app notice to the bidders", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, {
    open: false,
    bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug" }, { name: "Taalcentrum Citadel", lotNumber: 3 }],
  });
  const [aurora] = scenario.bidders;
  const [lot1, lot2, lot3] = scenario.tender.content.lots;
  // nothing about the opening reaches the bidders or the audit log before it happens
  expect(await db.select().from(notifications).where(like(notifications.title, "Inschrijvingen geopend%"))).toEqual([]);

  await openTestTender(db, scenario.clock, scenario.requester, scenario.confirmer, scenario.tender.id);

  const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, "opening.confirmed"), eq(auditLog.entityId, scenario.tender.id)));
  expect(audit).toMatchObject({ actorName: "Quinten Projectgroep" });
  expect(audit!.summary).toBe(
    `Inschrijvingen op ${scenario.tender.reference} geopend (aangevraagd door Petra Projectgroep, bevestigd door Quinten Projectgroep): perceel 1: 2 inschrijvingen; perceel 2: 0 inschrijvingen; perceel 3: 1 inschrijving`,
  );
  expect(audit!.changes).toEqual({
    lots: [
      { lotId: lot1!.id, number: 1, submitted: 2, withdrawn: 0 },
      { lotId: lot2!.id, number: 2, submitted: 0, withdrawn: 0 },
      { lotId: lot3!.id, number: 3, submitted: 1, withdrawn: 0 },
    ],
  });
  const evaluations = await db.select().from(lotEvaluations).where(eq(lotEvaluations.tenderId, scenario.tender.id));
  expect(Object.fromEntries(evaluations.map((row) => [row.lotId, [row.status, row.unsuccessfulReason]]))).toEqual({
    [lot1!.id]: ["assessing", null],
    [lot2!.id]: ["unsuccessful", "Geen inschrijvingen ontvangen"],
    [lot3!.id]: ["assessing", null],
  });
  const notices = await db.select().from(notifications).where(eq(notifications.userId, aurora!.supplier.id));
  expect(notices.filter((notice) => notice.title === `Inschrijvingen geopend: ${scenario.tender.reference}`)).toHaveLength(1);
});

test("before the opening the status says nothing about offers: a tender with offers looks exactly like one without", async () => {
  const { db } = database();
  const withOffers = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug", lotNumber: 2 }] });
  const withoutOffers = await openedTenderScenario(db, { open: false });
  withoutOffers.clock.set(withOffers.clock.now());
  const strip = (status: Awaited<ReturnType<typeof getOpeningStatus>>) => ({ ...status, tender: { ...status.tender, id: "", reference: "", submissionDeadline: null } });

  const a = await getOpeningStatus(db, withOffers.clock, withOffers.requester, withOffers.tender.id);
  const b = await getOpeningStatus(db, withOffers.clock, withoutOffers.requester, withoutOffers.tender.id);

  expect(a.record).toBeNull();
  expect(a).toMatchObject({ opened: false, deadlinePassed: true, canRequest: true, canConfirm: false, pendingRequest: null });
  expect(strip(a)).toEqual(strip(b));
  expect(JSON.stringify(a)).not.toContain("Aurora");
});

test("after the opening: the counting version per lot with its hash checked, re-confirmation noted, withdrawn offers only counted", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, {
    open: false,
    bidders: [{ name: "Taalschool Aurora", answerAttachments: true }, { name: "Taalhuis De Brug" }, { name: "Taalcentrum Citadel" }],
  });
  const [aurora, brug, citadel] = scenario.bidders;
  // Aurora revises before the deadline (version 2 counts); Citadel withdraws; De Brug must re-confirm
  scenario.clock.set(new Date(scenario.tender.submissionDeadline.getTime() - 30 * MINUTE));
  const revised = await submitTestOffer(db, scenario.clock, { tenderId: scenario.tender.id, lotId: scenario.lot.id, supplier: aurora!.supplier, unitPriceCents: 95_00, answerAttachments: false });
  await withdrawOffer(db, scenario.clock, citadel!.supplier, scenario.tender.id, scenario.lot.id);
  await db.update(offers).set({ needsReconfirmation: true }).where(eq(offers.id, brug!.offerId));
  scenario.clock.set(new Date(scenario.tender.submissionDeadline.getTime() + MINUTE));
  await openTestTender(db, scenario.clock, scenario.requester, scenario.confirmer, scenario.tender.id);

  const status = await getOpeningStatus(db, scenario.clock, scenario.confirmer, scenario.tender.id);

  expect(status).toMatchObject({ opened: true, canRequest: false, canConfirm: false, record: { requestedByName: "Petra Projectgroep", confirmedByName: "Quinten Projectgroep" } });
  const lot1 = status.record!.lots[0]!;
  expect(lot1.withdrawnCount).toBe(1);
  expect(lot1.offers.map(({ organisationName, version, contentHash, hashMatches, needsReconfirmation }) => ({ organisationName, version, contentHash, hashMatches, needsReconfirmation }))).toEqual([
    { organisationName: "Taalhuis De Brug", version: 1, contentHash: brug!.contentHash, hashMatches: true, needsReconfirmation: true },
    { organisationName: "Taalschool Aurora", version: 2, contentHash: revised.contentHash, hashMatches: true, needsReconfirmation: false },
  ]);
  expect(revised.version).toBe(2);
  expect(revised.contentHash).not.toBe(aurora!.contentHash);
  expect(status.record!.lots.slice(1).every((lot) => lot.offers.length === 0)).toBe(true);
});

test("a stored attachment changed after submission shows up in the check", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora", answerAttachments: true }] });
  const before = await getOpeningStatus(db, scenario.clock, scenario.requester, scenario.tender.id);
  expect(before.record!.lots[0]!.offers[0]).toMatchObject({ hashMatches: true, attachmentsIntact: true });
  const [offer] = await db.select().from(offers).where(eq(offers.id, scenario.bidders[0]!.offerId));
  const fileId = offer!.draft.attachments.find((attachment) => attachment.purpose.kind === "criterion")!.fileId;

  await db.update(storedFileChunks).set({ content: new TextEncoder().encode("%PDF-1.4 vervalst") }).where(eq(storedFileChunks.fileId, fileId));

  const after = await getOpeningStatus(db, scenario.clock, scenario.requester, scenario.tender.id);
  expect(after.record!.lots[0]!.offers[0]).toMatchObject({ hashMatches: true, attachmentsIntact: false });
});

test("the proces-verbaal van opening lists per lot the bidders, KvK numbers, versions and hashes, who opened, and the withdrawn count", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, {
    open: false,
    bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug" }, { name: "Taalcentrum Citadel", lotNumber: 3 }],
  });
  scenario.clock.set(new Date(scenario.tender.submissionDeadline.getTime() - 10 * MINUTE));
  await withdrawOffer(db, scenario.clock, scenario.bidders[2]!.supplier, scenario.tender.id, scenario.tender.content.lots[2]!.id);
  scenario.clock.set(new Date(scenario.tender.submissionDeadline.getTime() + MINUTE));
  await openTestTender(db, scenario.clock, scenario.requester, scenario.confirmer, scenario.tender.id);

  const pdf = await getOpeningRecordPdf(db, scenario.clock, scenario.confirmer, scenario.tender.id);
  const text = pdfText(pdf.bytes);

  expect(text).toContain("Proces-verbaal van opening");
  expect(text).toContain("Opening aangevraagd door Petra Projectgroep op");
  expect(text).toContain("Opening bevestigd door Quinten Projectgroep op");
  expect(text).toContain(`Perceel 1: ${scenario.lot.title}`);
  for (const bidder of scenario.bidders.slice(0, 2)) {
    expect(text).toContain(bidder.name);
    expect(text).toContain(bidder.kvkNumber);
    expect(text).toContain(`SHA-256: ${bidder.contentHash}`);
  }
  expect(text).toContain("Klopt; 1 bijlage: kloppen"); // the evidence PDF of the one requirement that asks for it
  expect(text).toContain("Aantal geldende inschrijvingen: 2.");
  expect(text).toContain("Perceel 2: Z-route Westfriesland Geen inschrijvingen ontvangen.");
  // the withdrawn offer is counted, not named
  expect(text).toContain("Ingetrokken inschrijvingen (niet geopend, apart geteld): 1.");
  expect(text).not.toContain("Taalcentrum Citadel");
  // no prices in the record (second envelope)
  expect(text).not.toMatch(/€/);
});

test("the proces-verbaal is refused before the opening and to roles outside the projectgroep", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }] });
  const admin = await createTestUser(db, { roles: ["admin"] });

  expect(await caught(() => getOpeningRecordPdf(db, scenario.clock, scenario.requester, scenario.tender.id))).toEqual(new ForbiddenError("De inschrijvingen van deze aanbesteding zijn nog niet geopend."));
  await openTestTender(db, scenario.clock, scenario.requester, scenario.confirmer, scenario.tender.id);
  expect(await caught(() => getOpeningRecordPdf(db, scenario.clock, admin, scenario.tender.id))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => getOpeningRecordPdf(db, scenario.clock, scenario.assessors[0], scenario.tender.id))).toBeInstanceOf(ForbiddenError);
});
