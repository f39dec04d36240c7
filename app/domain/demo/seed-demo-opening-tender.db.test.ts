import { and, eq, like } from "drizzle-orm";
import { pdfText } from "../../../test/setup/pdf-text";
import { useTestDatabase } from "../../../test/setup/test-database";
import { caught } from "../../../test/factories/errors";
import { createMovableClock } from "../../utils/clock.server";
import { amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import { auditLog } from "../audit/audit.sql";
import { getEvaluationOverview } from "../evaluation/evaluation.server";
import { confirmOpening, getOpeningStatus, isTenderOpened, requestOpening } from "../evaluation/opening.server";
import { ForbiddenError } from "../errors";
import { readStoredFile } from "../files/file-storage.server";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { mailOutbox } from "../notifications/notifications.sql";
import { offers, offerVersions } from "../offers/offer.sql";
import { getOwnOffer, listOwnOffers, verifyOfferVersion } from "../offers/offers.server";
import { getStartPage } from "../start-page/start-page.server";
import { tenders, tenderVersions } from "../tenders/tender.sql";
import { DEMO_OPENING_TENDER_REFERENCE, DEMO_OPENING_TENDER_TITLE, seedDemoOpeningTender } from "./seed-demo-opening-tender.server";
import { seedDemoData } from "./seed-demo-data.server";

const database = useTestDatabase();
// Monday 2 March 2026, 09:00 in Amsterdam: the seed day
const SEED_DAY = new Date("2026-03-02T08:00:00Z");

async function seeded() {
  const { db } = database();
  const clock = createMovableClock(SEED_DAY);
  await seedDemoData(db, clock);
  await seedDemoOpeningTender(db, clock);
  const [tender] = await db.select().from(tenders).where(eq(tenders.reference, DEMO_OPENING_TENDER_REFERENCE));
  const actor = async (email: string) => {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return (await loadActor(db, row!.id))!;
  };
  return { db, clock, tender: tender!, actor };
}

test("the second demo tender closed yesterday at 12:00 with four sealed offers of three demo suppliers, not opened", async () => {
  const { db, clock, tender, actor } = await seeded();
  expect(tender).toMatchObject({ status: "published", title: DEMO_OPENING_TENDER_TITLE, publishedVersion: 1 });
  expect(tender.submissionDeadline).toEqual(new Date(amsterdamLocalToInstant("2026-03-01T12:00")));
  const [version] = await db.select().from(tenderVersions).where(eq(tenderVersions.tenderId, tender.id));
  // published six weeks earlier, at 09:30 (the seed's clock runs on while it works)
  const publishedAfter = version!.publishedAt.getTime() - Date.parse(amsterdamLocalToInstant("2026-01-19T09:30"));
  expect(publishedAfter).toBeGreaterThanOrEqual(0);
  expect(publishedAfter).toBeLessThan(60_000);
  expect(version!.content.lots.map((lot) => [lot.number, lot.title])).toEqual([
    [1, "Tolken"],
    [2, "Maatschappelijke begeleiding"],
  ]);
  expect(await isTenderOpened(db, tender.id)).toBe(false);

  // each supplier sees its own submitted offers, with a receipt; the revision is version 2
  const lotStates = async (email: string) =>
    (await listOwnOffers(db, clock, await actor(email), tender.id)).lots.map((lot) => [lot.number, lot.offer?.status ?? null, lot.offer?.submittedVersion ?? null]);
  expect(await lotStates("aanbieder@taalinstituut-dehorn.test")).toEqual([
    [1, "submitted", 1],
    [2, null, null],
  ]);
  expect(await lotStates("aanbieder@lingua-westfriesland.test")).toEqual([
    [1, "submitted", 2],
    [2, "submitted", 1],
  ]);
  expect(await lotStates("aanbieder@samenthuis.test")).toEqual([
    [1, null, null],
    [2, "submitted", 1],
  ]);
  expect(await lotStates("aanbieder@taalschool-zuiderzee.test")).toEqual([
    [1, null, null],
    [2, null, null],
  ]);

  // every version was submitted before the deadline, is intact and carries real PDFs: evidence and a plan
  const rows = await db.select().from(offers).where(eq(offers.tenderId, tender.id));
  expect(rows).toHaveLength(4);
  for (const row of rows) {
    expect(row.submittedAt!.getTime()).toBeLessThan(tender.submissionDeadline!.getTime());
    const check = await verifyOfferVersion(db, row.id, row.submittedVersion!);
    expect(check.intact).toBe(true);
    expect(check.attachments).toHaveLength(2);
    const file = await readStoredFile(db, check.attachments[0]!.fileId);
    expect(file.mimeType).toBe("application/pdf");
    expect(pdfText(file.bytes)).toContain("Voorbeelddocument");
  }
  const lingua = await getOwnOffer(db, clock, await actor("aanbieder@lingua-westfriesland.test"), tender.id, version!.content.lots[0]!.id);
  expect(lingua.versions.map((item) => item.version)).toEqual([1, 2]);
  expect(lingua.versions[0]!.totalPriceCents).not.toBe(lingua.versions[1]!.totalPriceCents);
  // different prices on each lot
  for (const lot of version!.content.lots) {
    const totals = await db
      .select({ total: offerVersions.totalPriceCents })
      .from(offerVersions)
      .innerJoin(offers, and(eq(offers.id, offerVersions.offerId), eq(offers.submittedVersion, offerVersions.version)))
      .where(eq(offers.lotId, lot.id));
    expect(totals).toHaveLength(2);
    expect(totals[0]!.total).not.toBe(totals[1]!.total);
  }

  // sealed: no municipal trail of the offers before the opening
  expect(await db.select().from(auditLog).where(like(auditLog.action, "offer%"))).toEqual([]);
  expect(await db.select().from(mailOutbox).where(like(mailOutbox.subject, "%ngediend%"))).toEqual([]);
  const projectgroup = await actor("projectgroep1@westfriesland.test");
  const assessor = await actor("beoordelaar1@westfriesland.test");
  expect(await getEvaluationOverview(db, clock, projectgroup, tender.id)).toMatchObject({ opened: false });
  expect((await getOpeningStatus(db, clock, projectgroup, tender.id)).record).toBeNull();
  expect(await caught(() => getOpeningStatus(db, clock, assessor, tender.id))).toBeInstanceOf(ForbiddenError);
  // and it waits on the projectgroep's start page, by its deadline
  const start = await getStartPage(db, clock, projectgroup);
  expect(start.projectgroup!.opening.awaitingOpening).toEqual([
    { tenderId: tender.id, reference: DEMO_OPENING_TENDER_REFERENCE, title: DEMO_OPENING_TENDER_TITLE, submissionDeadline: tender.submissionDeadline, ownRequest: null },
  ]);
});

test("projectgroep1 and projectgroep2 open it at once: two lots with two offers each, every hash intact; seeding again adds nothing", async () => {
  const { db, clock, tender, actor } = await seeded();
  const first = await actor("projectgroep1@westfriesland.test");
  const second = await actor("projectgroep2@westfriesland.test");
  const { requestId } = await requestOpening(db, clock, first, tender.id);
  clock.advance(60_000);
  await confirmOpening(db, clock, second, tender.id, requestId);

  const { record } = await getOpeningStatus(db, clock, second, tender.id);
  expect(record!.lots.map((lot) => [lot.number, lot.offers.map((offer) => offer.organisationName)])).toEqual([
    [1, ["Lingua Westfriesland", "Taalinstituut De Horn"]],
    [2, ["Lingua Westfriesland", "Stichting Samen Thuis"]],
  ]);
  for (const offer of record!.lots.flatMap((lot) => lot.offers)) {
    expect(offer).toMatchObject({ hashMatches: true, attachmentsIntact: true, attachmentCount: 2, needsReconfirmation: false });
  }

  await seedDemoOpeningTender(db, clock);
  expect(await db.select({ id: tenders.id }).from(tenders).where(eq(tenders.reference, DEMO_OPENING_TENDER_REFERENCE))).toHaveLength(1);
  expect(await db.select({ id: offers.id }).from(offers)).toHaveLength(4);
});
