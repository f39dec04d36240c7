import { eq } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createAwardScenario, type BidderSpec } from "../../../test/factories/award";
import { admitAllAndAssign, openedTenderScenario, scoreAndHandIn, SCENARIO_START, setConsensus } from "../../../test/factories/evaluation";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { createPublishedTenderWithLots, createTestSupplier, fillTestOffer, submitTestOffer } from "../../../test/factories/offers";
import { createMovableClock } from "../../utils/clock.server";
import { finalizeAward, proposeAward, resumeAward, sendAwardDecision, suspendAward } from "../evaluation/award.server";
import { awardDecisions } from "../evaluation/evaluation.sql";
import { closeQuality } from "../evaluation/evaluation.server";
import { confirmOpening, requestOpening } from "../evaluation/opening.server";
import type { Actor } from "../identity/roles";
import { verifyOrganisation } from "../organisations/organisations.server";
import { cancelTender, publishTender, updateLotPriceComponents } from "../tenders/tenders.server";
import { getStartPage } from "./start-page.server";

const database = useTestDatabase();

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Everything a page says about a tender, without which tender it is. */
function withoutIdentity<T extends { tenderId: string; reference: string; title: string }>({ tenderId: _id, reference: _reference, title: _title, ...rest }: T) {
  return rest;
}

test("'wacht op opening' lists closed tenders by their deadline alone: the same with or without offers, for every municipal role", async () => {
  const { db } = database();
  const clock = createMovableClock(SCENARIO_START);
  const member = await createTestUser(db, { roles: ["projectgroup", "contractManager"] });
  const deadline = new Date(SCENARIO_START.getTime() + 14 * DAY);
  const withOffers = await createPublishedTenderWithLots(db, clock, { projectgroup: member, submissionDeadline: deadline });
  const withoutOffers = await createPublishedTenderWithLots(db, clock, { projectgroup: member, submissionDeadline: deadline });
  const later = await createPublishedTenderWithLots(db, clock, { projectgroup: member, submissionDeadline: new Date(deadline.getTime() + DAY) });
  const bidders = [await createTestSupplier(db, { organisationName: "Taalschool Verzegeld" }), await createTestSupplier(db, { organisationName: "Taalhuis Geheim" })];
  const receipts = [];
  for (const [index, bidder] of bidders.entries()) {
    receipts.push(await submitTestOffer(db, clock, { tenderId: withOffers.id, lotId: withOffers.content.lots[index]!.id, supplier: bidder.supplier }));
  }

  // before the deadline: open for offers, nothing to open
  const before = await getStartPage(db, clock, member);
  expect(before.projectgroup!.opening).toEqual({ awaitingOpening: [], toConfirm: [] });
  expect(before.projectgroup!.openTenders.map((tender) => tender.id)).toEqual(expect.arrayContaining([withOffers.id, withoutOffers.id, later.id]));

  clock.set(new Date(deadline.getTime() + MINUTE));
  const page = await getStartPage(db, clock, member);
  const awaiting = page.projectgroup!.opening.awaitingOpening;
  expect(awaiting.map((item) => item.tenderId).sort()).toEqual([withOffers.id, withoutOffers.id].sort());
  const [a, b] = [awaiting.find((item) => item.tenderId === withOffers.id)!, awaiting.find((item) => item.tenderId === withoutOffers.id)!];
  expect(withoutIdentity(a)).toEqual({ submissionDeadline: deadline, ownRequest: null });
  expect(withoutIdentity(a)).toEqual(withoutIdentity(b));
  expect(page.projectgroup!.opening.toConfirm).toEqual([]);
  // not opened: nothing to chair, score or award
  expect(page.projectgroup!.chairLots).toEqual([]);
  expect(page.projectgroup!.awards).toEqual({ toPropose: [], toFinalize: [], suspended: [] });

  // a day later the third one follows, after the first two (by deadline)
  clock.set(new Date(deadline.getTime() + DAY + MINUTE));
  const next = await getStartPage(db, clock, member);
  expect(next.projectgroup!.opening.awaitingOpening.map((item) => item.tenderId).at(-1)).toBe(later.id);

  // no municipal start page shows anything of the sealed offers
  const others: Actor[] = [
    await createTestUser(db, { roles: ["admin"] }),
    await createTestUser(db, { roles: ["assessor"] }),
    await createTestUser(db, { roles: ["contractManager"] }),
    await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") }),
    member,
  ];
  for (const actor of others) {
    const text = JSON.stringify(await getStartPage(db, clock, actor));
    for (const secret of [...bidders.map((bidder) => bidder.organisationName), ...receipts.map((receipt) => receipt.contentHash), ...receipts.map((receipt) => receipt.offerId)]) {
      expect(text, `${actor.roles.join(",")}: ${secret}`).not.toContain(secret);
    }
    expect(text).not.toMatch(/ingediend|ontvangstbewijs/i);
  }
  const assessorPage = await getStartPage(db, clock, others[1]!);
  expect(assessorPage.assessor).toEqual({ lotsToScore: [] });

  // a cancelled tender is not opened any more
  await cancelTender(db, clock, member, withoutOffers.id, "Budget vervallen.");
  const afterCancel = await getStartPage(db, clock, member);
  expect(afterCancel.projectgroup!.opening.awaitingOpening.map((item) => item.tenderId)).not.toContain(withoutOffers.id);
});

test("an opening request waits for a second member, with its expiry 15 minutes later; the requester sees that it waits", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }], open: false });
  const { clock, requester, confirmer, tender } = scenario;
  const { requestId } = await requestOpening(db, clock, requester, tender.id);
  const requestedAt = clock.now();

  const forConfirmer = (await getStartPage(db, clock, confirmer)).projectgroup!.opening;
  expect(forConfirmer.awaitingOpening).toEqual([]);
  expect(forConfirmer.toConfirm).toHaveLength(1);
  const [request] = forConfirmer.toConfirm;
  expect(request).toMatchObject({ tenderId: tender.id, reference: tender.content.reference, requestId, requestedByName: requester.name, submissionDeadline: tender.submissionDeadline });
  expect(Math.abs(request!.expiresAt.getTime() - (request!.requestedAt.getTime() + 15 * MINUTE))).toBe(0);
  expect(Math.abs(request!.requestedAt.getTime() - requestedAt.getTime())).toBeLessThan(5_000);

  const forRequester = (await getStartPage(db, clock, requester)).projectgroup!.opening;
  expect(forRequester.toConfirm).toEqual([]);
  expect(forRequester.awaitingOpening).toEqual([expect.objectContaining({ tenderId: tender.id, ownRequest: { requestedAt: request!.requestedAt, expiresAt: request!.expiresAt } })]);

  // expired: nobody can confirm it; the tender simply waits again
  clock.advance(15 * MINUTE + 1_000);
  const expired = (await getStartPage(db, clock, confirmer)).projectgroup!.opening;
  expect(expired.toConfirm).toEqual([]);
  expect(expired.awaitingOpening).toEqual([expect.objectContaining({ tenderId: tender.id, ownRequest: null })]);

  // asked again and confirmed: off every list
  const again = await requestOpening(db, clock, requester, tender.id);
  clock.advance(MINUTE);
  await confirmOpening(db, clock, confirmer, tender.id, again.requestId);
  for (const member of [requester, confirmer]) {
    expect((await getStartPage(db, clock, member)).projectgroup!.opening).toEqual({ awaitingOpening: [], toConfirm: [] });
  }
});

test("an assessor sees the lots assigned to them until they hand in; then the chair sees consensus, then closing, then the award proposal", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug", unitPriceCents: 120_00 }] });
  const { clock, requester: chair, confirmer, assessors, tender, lot, bidders } = scenario;
  const outsider = await createTestUser(db, { roles: ["assessor"] });
  expect((await getStartPage(db, clock, assessors[0])).assessor).toEqual({ lotsToScore: [] });

  await admitAllAndAssign(db, scenario);
  const assigned = (await getStartPage(db, clock, assessors[0])).assessor!.lotsToScore;
  expect(assigned).toEqual([
    { tenderId: tender.id, reference: tender.content.reference, title: tender.content.title, lotId: lot.id, lotNumber: 1, lotTitle: lot.title, assignedAt: expect.any(Date) },
  ]);
  expect((await getStartPage(db, clock, outsider)).assessor).toEqual({ lotsToScore: [] });
  expect((await getStartPage(db, clock, chair)).projectgroup!.chairLots).toEqual([]);

  const scores = { [bidders[0]!.offerId]: { approach: 8, cooperation: 6, monitoring: 6 }, [bidders[1]!.offerId]: { approach: 6, cooperation: 6, monitoring: 4 } };
  await scoreAndHandIn(db, scenario, assessors[0], scores);
  expect((await getStartPage(db, clock, assessors[0])).assessor!.lotsToScore).toEqual([]);
  expect((await getStartPage(db, clock, assessors[1])).assessor!.lotsToScore.map((item) => item.lotId)).toEqual([lot.id]);
  expect((await getStartPage(db, clock, chair)).projectgroup!.chairLots).toEqual([]);

  await scoreAndHandIn(db, scenario, assessors[1], scores);
  const consensus = (await getStartPage(db, clock, chair)).projectgroup!.chairLots;
  expect(consensus).toEqual([{ tenderId: tender.id, reference: tender.content.reference, title: tender.content.title, lotId: lot.id, lotNumber: 1, lotTitle: lot.title, step: "consensus" }]);
  // only the chair
  expect((await getStartPage(db, clock, confirmer)).projectgroup!.chairLots).toEqual([]);

  await setConsensus(db, scenario, chair, scores);
  expect((await getStartPage(db, clock, chair)).projectgroup!.chairLots.map((item) => item.step)).toEqual(["close"]);
  expect((await getStartPage(db, clock, chair)).projectgroup!.awards.toPropose).toEqual([]);

  await closeQuality(db, clock, chair, tender.id, lot.id);
  const closed = (await getStartPage(db, clock, confirmer)).projectgroup!;
  expect((await getStartPage(db, clock, chair)).projectgroup!.chairLots).toEqual([]);
  expect(closed.awards.toPropose).toEqual([{ tenderId: tender.id, reference: tender.content.reference, title: tender.content.title, lotId: lot.id, lotNumber: 1, lotTitle: lot.title }]);
});

const WINNER: BidderSpec = { name: "Taalhuis Hoorn", unitPrices: [250_000, 5_000], scores: { approach: 8, cooperation: 8, monitoring: 6 } };
const RUNNER_UP: BidderSpec = { name: "Inburgering Plus", unitPrices: [240_000, 4_800], scores: { approach: 6, cooperation: 6, monitoring: 6 } };

test("the award: proposal, standstill, suspension and final award move the lot through the lists; bidders find their letters", async () => {
  const { db } = database();
  const s = await createAwardScenario(db, { bidders: [WINNER, RUNNER_UP] });
  const [member, other] = s.projectgroup;
  const awards = async () => (await getStartPage(db, s.clock, other)).projectgroup!.awards;
  const lotRef = { tenderId: s.tender.id, reference: s.tender.content.reference, title: s.tender.content.title, lotId: s.lot.id, lotNumber: s.lot.number, lotTitle: s.lot.title };
  const outsider = await createTestSupplier(db);
  const letters = async (actor: Actor) => (await getStartPage(db, s.clock, actor)).supplier!.awardLetters;

  expect((await awards()).toPropose).toEqual([lotRef]);
  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: "Beste prijs-kwaliteitverhouding." });
  expect(await awards()).toEqual({ toPropose: [], toFinalize: [], suspended: [] });
  // a proposal is not a decision: no letter yet
  expect(await letters(s.bidder("Taalhuis Hoorn").user)).toEqual([]);

  await sendAwardDecision(db, s.clock, member, s.tender.id, s.lot.id);
  expect(await awards()).toEqual({ toPropose: [], toFinalize: [], suspended: [] });
  for (const bidder of s.bidders) {
    expect(await letters(bidder.user)).toEqual([
      {
        tenderId: s.tender.id,
        reference: s.tender.content.reference,
        title: s.tender.content.title,
        letters: [expect.objectContaining({ lotId: s.lot.id, lotNumber: s.lot.number, lotTitle: s.lot.title, status: "decisionSent", href: `/aanbestedingen/${s.tender.id}/gunningsbrief/${s.lot.id}.pdf` })],
      },
    ]);
  }
  expect(await letters(outsider.supplier)).toEqual([]);

  const [award] = await db.select().from(awardDecisions).where(eq(awardDecisions.lotId, s.lot.id));
  s.clock.set(new Date(award!.standstillEndsAt!.getTime() - MINUTE));
  expect((await awards()).toFinalize).toEqual([]);
  s.clock.set(award!.standstillEndsAt!);
  expect((await awards()).toFinalize).toEqual([{ ...lotRef, winnerName: "Taalhuis Hoorn", standstillEndText: expect.stringContaining("24:00 uur") }]);

  await suspendAward(db, s.clock, member, s.tender.id, s.lot.id, "Kort geding aangespannen door Inburgering Plus.");
  expect(await awards()).toEqual({ toPropose: [], toFinalize: [], suspended: [{ ...lotRef, suspendedAt: expect.any(Date), suspensionReason: "Kort geding aangespannen door Inburgering Plus." }] });
  expect((await letters(s.bidder("Inburgering Plus").user))[0]!.letters[0]!.status).toBe("suspended");

  await resumeAward(db, s.clock, member, s.tender.id, s.lot.id, "Vordering afgewezen.");
  expect((await awards()).toFinalize.map((item) => item.lotId)).toEqual([s.lot.id]);
  await finalizeAward(db, s.clock, member, s.tender.id, s.lot.id);
  expect(await awards()).toEqual({ toPropose: [], toFinalize: [], suspended: [] });
  expect((await letters(s.bidder("Taalhuis Hoorn").user))[0]!.letters[0]!.status).toBe("final");
});

test("a supplier sees its own unsubmitted drafts and offers to re-submit on open tenders, and nothing of other suppliers", async () => {
  const { db } = database();
  const clock = createMovableClock(SCENARIO_START);
  const tender = await createPublishedTenderWithLots(db, clock);
  const [lot1, lot2] = tender.content.lots;
  const own = await createTestSupplier(db);
  const other = await createTestSupplier(db);
  const work = async (actor: Actor) => {
    const page = (await getStartPage(db, clock, actor)).supplier!;
    return { drafts: page.draftOffers, toReconfirm: page.offersToReconfirm };
  };
  expect(await work(own.supplier)).toEqual({ drafts: [], toReconfirm: [] });

  await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot1!.id, supplier: own.supplier });
  await submitTestOffer(db, clock, { tenderId: tender.id, lotId: lot2!.id, supplier: own.supplier });
  await fillTestOffer(db, clock, { tenderId: tender.id, lotId: lot2!.id, supplier: other.supplier });
  const drafts = (await work(own.supplier)).drafts;
  expect(drafts).toEqual([
    {
      tenderId: tender.id,
      reference: tender.content.reference,
      title: tender.content.title,
      lotId: lot1!.id,
      lotNumber: lot1!.number,
      lotTitle: lot1!.title,
      submissionDeadline: tender.submissionDeadline,
      updatedAt: expect.any(Date),
      href: `/aanbestedingen/${tender.id}/inschrijving/${lot1!.id}`,
    },
  ]);
  expect((await work(own.supplier)).toReconfirm).toEqual([]);
  expect((await work(other.supplier)).drafts.map((item) => item.lotId)).toEqual([lot2!.id]);

  // a material change: the submitted offer must be submitted again
  clock.advance(DAY);
  const components = lot2!.priceComponents.map((component, index) => ({ ...component, expectedQuantity: index === 0 ? component.expectedQuantity + 10 : component.expectedQuantity }));
  await updateLotPriceComponents(db, clock, tender.projectgroup, tender.id, lot2!.id, components);
  await publishTender(db, clock, tender.projectgroup, tender.id, { changeNote: "Meer trajecten verwacht in perceel 2." });
  const changed = await work(own.supplier);
  expect(changed.toReconfirm.map((item) => [item.lotId, item.href])).toEqual([[lot2!.id, `/aanbestedingen/${tender.id}/inschrijving/${lot2!.id}`]]);
  expect(changed.drafts.map((item) => item.lotId)).toEqual([lot1!.id]);
  expect((await work(other.supplier)).toReconfirm).toEqual([]);

  // after the deadline nothing can be done any more, so nothing is asked
  clock.set(new Date(tender.submissionDeadline.getTime()));
  expect(await work(own.supplier)).toEqual({ drafts: [], toReconfirm: [] });
});

test("an administrator sees the supplier registrations waiting for verification, oldest first, until verified", async () => {
  const { db } = database();
  const clock = createMovableClock(SCENARIO_START);
  const admin = await createTestUser(db, { roles: ["admin"] });
  const newer = await createTestOrganisation(db, { name: "Taalcafé Nieuw", verificationStatus: "pending", createdAt: new Date("2026-11-20T10:00:00Z") });
  const older = await createTestOrganisation(db, { name: "Taalschool Oud", verificationStatus: "pending", createdAt: new Date("2026-11-10T10:00:00Z") });
  await createTestOrganisation(db, { name: "Gestopt BV", verificationStatus: "pending", active: false });
  await createTestOrganisation(db, { name: "Al Geverifieerd" });

  const pending = async () => (await getStartPage(db, clock, admin)).admin!.pendingRegistrations;
  expect(await pending()).toEqual([
    { id: older.id, name: "Taalschool Oud", kvkNumber: older.kvkNumber, createdAt: new Date("2026-11-10T10:00:00Z") },
    { id: newer.id, name: "Taalcafé Nieuw", kvkNumber: newer.kvkNumber, createdAt: new Date("2026-11-20T10:00:00Z") },
  ]);
  await verifyOrganisation(db, clock, admin, older.id);
  expect((await pending()).map((organisation) => organisation.id)).toEqual([newer.id]);
  // other roles have no such list
  expect((await getStartPage(db, clock, await createTestUser(db, { roles: ["projectgroup"] }))).admin).toBeUndefined();
});
