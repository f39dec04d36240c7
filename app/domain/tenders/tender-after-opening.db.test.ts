// What a tender allows once its offers are opened: no new version (the offers were judged against
// the published one), cancelling until a lot is finally awarded, and after a cancellation no
// further evaluation or award step (domain.md §6).
import { and, eq } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createAwardScenario, type AwardScenario } from "../../../test/factories/award";
import { caught } from "../../../test/factories/errors";
import { admitAllAndAssign, openedTenderScenario, scoreAndHandIn, scoreRows } from "../../../test/factories/evaluation";
import { addCalendarDays, amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { contracts } from "../contracts/contract.sql";
import { RuleViolation } from "../errors";
import { finalizeAward, getAwardOverview, proposeAward, resumeAward, sendAwardDecision, suspendAward, withdrawAward } from "../evaluation/award.server";
import { criterionScores, awardDecisions } from "../evaluation/evaluation.sql";
import { assignLotPanel, closeQuality, decideAdmissibility, getLotEvaluation, handInScores, scoreOffer, setConsensusScores } from "../evaluation/evaluation.server";
import { isTenderOpened } from "../evaluation/opening.server";
import { notifications } from "../notifications/notifications.sql";
import { tenders, tenderVersions } from "./tender.sql";
import { cancelTender, publishTender, updateTenderTimeline } from "./tenders.server";

const database = useTestDatabase();

const OPENED_MESSAGE = "De inschrijvingen zijn al geopend; de aanbesteding kan niet meer worden gewijzigd.";
const CANCELLED_MESSAGE = "Deze aanbesteding is ingetrokken; er kan niet meer worden beoordeeld of gegund.";

async function ruleViolation(call: () => Promise<unknown>): Promise<RuleViolation> {
  const error = await caught(call);
  expect(error).toBeInstanceOf(RuleViolation);
  return error as RuleViolation;
}

function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

async function tenderRow(tenderId: string) {
  const [row] = await database().db.select().from(tenders).where(eq(tenders.id, tenderId));
  return row!;
}

/** The draft with the submission deadline (and the planned award decision) a week later. */
async function extendDeadlineInDraft(tenderId: string, clock: Clock, actor: Parameters<typeof updateTenderTimeline>[2]) {
  const timeline = (await tenderRow(tenderId)).draft.timeline!;
  const later = amsterdamLocalToInstant(`${addCalendarDays(timeline.submissionDeadline.slice(0, 10), 7)}T12:00`);
  await updateTenderTimeline(database().db, clock, actor, tenderId, { ...timeline, submissionDeadline: later, plannedAwardDecisionDate: addCalendarDays(timeline.plannedAwardDecisionDate, 7) });
}

// ------------------------------------------------------------------------------ publishing

test("after the opening no new version can be published, not even a deadline extension that would reopen the tender", async () => {
  const { db } = database();
  const s = await openedTenderScenario(db, { lots: 1, bidders: [{ name: "Taalschool Aurora" }] });
  const before = await tenderRow(s.tender.id);
  await extendDeadlineInDraft(s.tender.id, s.clock, s.requester);

  const refused = await ruleViolation(() => publishTender(db, s.clock, s.requester, s.tender.id, { changeNote: "Sluitingstermijn een week later" }));
  expect(refused.code).toBe("tender.opened");
  expect(refused.message).toBe(OPENED_MESSAGE);

  // nothing changed: still version 1, the old deadline, opened, and no supplier was told anything
  const after = await tenderRow(s.tender.id);
  expect(after.publishedVersion).toBe(1);
  expect(after.submissionDeadline).toEqual(before.submissionDeadline);
  expect(await db.select().from(tenderVersions).where(eq(tenderVersions.tenderId, s.tender.id))).toHaveLength(1);
  expect(await isTenderOpened(db, s.tender.id)).toBe(true);
  expect(await db.select().from(auditLog).where(eq(auditLog.action, "tender.republished"))).toEqual([]);
  expect(await db.select().from(notifications).where(eq(notifications.userId, s.bidders[0]!.supplier.id)).then((rows) => rows.filter((row) => row.title.startsWith("Gewijzigd:")))).toEqual([]);
});

test("after the deadline but before the opening the refusal is the closed submission period, not the opening", async () => {
  const { db } = database();
  const s = await openedTenderScenario(db, { lots: 1, bidders: [{ name: "Taalschool Aurora" }], open: false });
  await extendDeadlineInDraft(s.tender.id, s.clock, s.requester);
  const refused = await ruleViolation(() => publishTender(db, s.clock, s.requester, s.tender.id, { changeNote: "Sluitingstermijn een week later" }));
  expect(refused.message).not.toContain("al geopend");
  expect(refused.message).toContain("De inschrijftermijn is verstreken");
});

// ------------------------------------------------------------------------------ cancelling and the evaluation

test("a tender can be cancelled after the opening; then every evaluation step is refused, while the evaluation stays readable", async () => {
  const { db } = database();
  const s = await openedTenderScenario(db, { lots: 1, bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug" }] });
  const [aurora, brug] = s.bidders as [(typeof s.bidders)[number], (typeof s.bidders)[number]];
  await admitAllAndAssign(db, s);
  const [anna, bram] = s.assessors;
  await scoreAndHandIn(db, s, anna, { [aurora.offerId]: { approach: 8, cooperation: 6, monitoring: 6 }, [brug.offerId]: { approach: 6, cooperation: 6, monitoring: 4 } });
  const scoresBefore = await db.select().from(criterionScores);

  await cancelTender(db, s.clock, s.requester, s.tender.id, "Het budget is niet beschikbaar gesteld.");
  expect((await tenderRow(s.tender.id)).status).toBe("cancelled");

  const tenderId = s.tender.id;
  const lotId = s.lot.id;
  const steps: [string, () => Promise<unknown>][] = [
    ["decideAdmissibility", () => decideAdmissibility(db, s.clock, s.requester, tenderId, aurora.offerId, { decision: "excluded", reason: "Geen keurmerk" })],
    ["assignLotPanel", () => assignLotPanel(db, s.clock, s.requester, tenderId, lotId, { chairUserId: s.confirmer.id, assessorUserIds: [anna.id, bram.id] })],
    ["scoreOffer", () => scoreOffer(db, s.clock, bram, tenderId, lotId, aurora.offerId, scoreRows({ approach: 6, cooperation: 6, monitoring: 6 }))],
    ["handInScores", () => handInScores(db, s.clock, bram, tenderId, lotId)],
    ["setConsensusScores", () => setConsensusScores(db, s.clock, s.requester, tenderId, lotId, aurora.offerId, scoreRows({ approach: 8, cooperation: 6, monitoring: 6 }))],
    ["closeQuality", () => closeQuality(db, s.clock, s.requester, tenderId, lotId)],
  ];
  for (const [name, step] of steps) {
    const refused = await ruleViolation(step);
    expect({ name, code: refused.code, message: refused.message }).toEqual({ name, code: "tender.cancelled", message: CANCELLED_MESSAGE });
  }
  expect(await db.select().from(criterionScores)).toEqual(scoresBefore);

  // the record of what happened before the cancellation can still be read
  const view = await getLotEvaluation(db, s.clock, s.requester, tenderId, lotId);
  expect(view.assessors.find((assessor) => assessor.userId === anna.id)!.handedInAt).not.toBeNull();
  expect(view.offers.map((offer) => offer.organisationName).sort()).toEqual(["Taalhuis De Brug", "Taalschool Aurora"]);
});

// ------------------------------------------------------------------------------ cancelling and the award

const WINNER = { name: "Taalhuis Hoorn", unitPrices: [250_000, 5_000] as [number, number], scores: { approach: 8, cooperation: 8, monitoring: 6 } };
const RUNNER_UP = { name: "Inburgering Plus", unitPrices: [240_000, 4_800] as [number, number], scores: { approach: 6, cooperation: 6, monitoring: 6 } };
const MOTIVATION = "Taalhuis Hoorn heeft de beste prijs-kwaliteitverhouding.";
const SENT_AT = new Date("2027-01-12T09:30:00Z");

async function awardScenario(): Promise<AwardScenario> {
  return createAwardScenario(database().db, { bidders: [WINNER, RUNNER_UP] });
}

test("a tender with a sent award decision can still be cancelled; the award is withdrawn with the reason, every award step is refused and the history stays readable", async () => {
  const { db } = database();
  const s = await awardScenario();
  const [member] = s.projectgroup;
  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION });
  const { standstillEndsAt } = await sendAwardDecision(db, fixedClock(SENT_AT), member, s.tender.id, s.lot.id);

  await cancelTender(db, fixedClock(new Date(SENT_AT.getTime() + 60_000)), member, s.tender.id, "De gemeenteraden hebben het budget geschrapt.");
  const after = fixedClock(standstillEndsAt);
  const steps: [string, () => Promise<unknown>][] = [
    ["proposeAward", () => proposeAward(db, after, member, s.tender.id, s.lot.id, { motivation: MOTIVATION })],
    ["sendAwardDecision", () => sendAwardDecision(db, after, member, s.tender.id, s.lot.id)],
    ["suspendAward", () => suspendAward(db, after, member, s.tender.id, s.lot.id, "Bezwaar van Inburgering Plus")],
    ["resumeAward", () => resumeAward(db, after, member, s.tender.id, s.lot.id)],
    ["withdrawAward", () => withdrawAward(db, after, member, s.tender.id, s.lot.id, "Aanbesteding ingetrokken")],
    ["finalizeAward", () => finalizeAward(db, after, member, s.tender.id, s.lot.id)],
  ];
  for (const [name, step] of steps) {
    const refused = await ruleViolation(step);
    expect({ name, code: refused.code, message: refused.message }).toEqual({ name, code: "tender.cancelled", message: CANCELLED_MESSAGE });
  }
  // in particular no final award and no contract after the standstill
  const awards = await db.select().from(awardDecisions).where(eq(awardDecisions.tenderId, s.tender.id));
  expect(awards.map((award) => [award.status, award.withdrawalReason])).toEqual([["withdrawn", "De aanbesteding is ingetrokken: De gemeenteraden hebben het budget geschrapt."]]);
  expect(await db.select().from(contracts)).toEqual([]);

  const overview = await getAwardOverview(db, after, member, s.tender.id);
  expect(overview.lots[0]!.award).toBeNull();
  expect(overview.lots[0]!.history).toMatchObject([{ status: "withdrawn", winnerName: "Taalhuis Hoorn" }]);
});

test("once a lot is finally awarded the tender can no longer be cancelled", async () => {
  const { db } = database();
  const s = await awardScenario();
  const [member] = s.projectgroup;
  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION });
  const { standstillEndsAt } = await sendAwardDecision(db, fixedClock(SENT_AT), member, s.tender.id, s.lot.id);

  await finalizeAward(db, fixedClock(standstillEndsAt), member, s.tender.id, s.lot.id);
  const refused = await ruleViolation(() => cancelTender(db, fixedClock(standstillEndsAt), member, s.tender.id, "Toch niet"));
  expect(refused.code).toBe("tender.awarded");
  expect(refused.message).toBe("Er is al een perceel van deze aanbesteding definitief gegund; de aanbesteding kan niet meer worden ingetrokken.");

  const row = await tenderRow(s.tender.id);
  expect(row.status).toBe("published");
  expect(row.cancelledAt).toBeNull();
  expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.cancelled"), eq(auditLog.entityId, s.tender.id)))).toEqual([]);
});
