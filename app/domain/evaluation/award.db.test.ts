import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { pdfText } from "../../../test/setup/pdf-text";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createAwardScenario, motivationFor, type AwardScenario, type BidderSpec } from "../../../test/factories/award";
import { caught } from "../../../test/factories/errors";
import { createTestUser } from "../../../test/factories/identity";
import type { Clock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { contractKpis, contractRates, contracts, contractVolumes } from "../contracts/contract.sql";
import { getContract } from "../contracts/contracts.server";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import type { Actor } from "../identity/roles";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import {
  finalizeAward,
  getAwardLetter,
  getAwardOverview,
  getOwnAwardLetter,
  listOwnAwardLetters,
  proposeAward,
  resumeAward,
  sendAwardDecision,
  suspendAward,
  withdrawAward,
} from "./award.server";
import { awardDecisions } from "./evaluation.sql";

const database = useTestDatabase();

const DAY = 24 * 60 * 60 * 1000;

// Perceel 1 of the factory (B1-route): price 30, plan van aanpak 40, samenwerking 20, monitoring 10.
// Taalhuis Hoorn: quality 32 + 16 + 6 = 54, price 28,80 (4 % dearer) → 82,80.
// Inburgering Plus: quality 24 + 12 + 6 = 42, price 30,00 (lowest) → 72,00.
const WINNER: BidderSpec = { name: "Taalhuis Hoorn", unitPrices: [250_000, 5_000], scores: { approach: 8, cooperation: 8, monitoring: 6 } };
const RUNNER_UP: BidderSpec = { name: "Inburgering Plus", unitPrices: [240_000, 4_800], scores: { approach: 6, cooperation: 6, monitoring: 6 } };
const EXCLUDED: BidderSpec = { name: "Zonder Keurmerk BV", unitPrices: [200_000, 4_000], scores: { approach: 0, cooperation: 0, monitoring: 0 }, excluded: "Geen keurmerk Blik op Werk op de sluitingsdatum." };

const MOTIVATION = "Taalhuis Hoorn heeft de beste prijs-kwaliteitverhouding: de hoogste kwaliteitsscore bij een marktconforme prijs.";

function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

async function scenario(options: Partial<Parameters<typeof createAwardScenario>[1]> = {}): Promise<AwardScenario> {
  return createAwardScenario(database().db, { bidders: [WINNER, RUNNER_UP, EXCLUDED], ...options });
}

async function ruleViolation(call: () => Promise<unknown>): Promise<RuleViolation> {
  const error = await caught(call);
  expect(error).toBeInstanceOf(RuleViolation);
  return error as RuleViolation;
}

/** Proposes the award to the first-ranked offer and sends the decision at `sentAt`. */
async function proposeAndSend(s: AwardScenario, sentAt: Date) {
  const { db } = database();
  const [member] = s.projectgroup;
  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION });
  return sendAwardDecision(db, fixedClock(sentAt), member, s.tender.id, s.lot.id);
}

async function currentAwardRow(s: AwardScenario) {
  const rows = await database().db.select().from(awardDecisions).where(eq(awardDecisions.lotId, s.lot.id)).orderBy(asc(awardDecisions.proposedAt));
  return rows;
}

// ------------------------------------------------------------------------------ proposal

test("an award can be proposed only once the lot's evaluation is complete, and then only to the first-ranked offer", async () => {
  const { db } = database();
  const assessing = await scenario({ assessing: true });
  const notReady = await ruleViolation(() => proposeAward(db, assessing.clock, assessing.projectgroup[0], assessing.tender.id, assessing.lot.id, { motivation: MOTIVATION }));
  expect(notReady.code).toBe("award.notReady");
  expect(notReady.message).toContain("nog niet afgerond");

  const s = await scenario();
  const [member] = s.projectgroup;
  const wrongWinner = await ruleViolation(() =>
    proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION, winningOfferId: s.bidder("Inburgering Plus").offerId }),
  );
  expect(wrongWinner.problems).toEqual([{ field: "winningOfferId", message: "Alleen de inschrijving met de hoogste score kan worden voorgedragen: Taalhuis Hoorn." }]);
  const noMotivation = await ruleViolation(() => proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: "   " }));
  expect(noMotivation.problems).toEqual([{ field: "motivation", message: "Geef de motivering van het gunningsvoorstel." }]);

  const { id } = await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION });
  const [award] = await currentAwardRow(s);
  expect(award).toMatchObject({ id, status: "proposed", winningOfferId: s.bidder("Taalhuis Hoorn").offerId, motivation: MOTIVATION, tieBreakNote: null, proposedByName: member.name, decisionSentAt: null });
  expect(award!.proposedAt.getTime()).toBeGreaterThanOrEqual(s.clock.now().getTime() - 5_000);

  const again = await ruleViolation(() => proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION }));
  expect(again.code).toBe("award.exists");

  const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, "award.proposed"), eq(auditLog.entityId, id)));
  expect(audit).toMatchObject({ actorUserId: member.id, actorName: member.name, entityType: "awardDecision" });
  expect(audit!.summary).toContain("Taalhuis Hoorn (82,80 punten)");
});

test("a tie at the top needs the winner chosen among the tied offers and a note of how the tie was broken", async () => {
  const { db } = database();
  const twin = (name: string): BidderSpec => ({ name, unitPrices: [250_000, 5_000], scores: { approach: 8, cooperation: 6, monitoring: 6 } });
  const s = await createAwardScenario(db, { bidders: [twin("Alfa Taal"), twin("Beta Taal"), RUNNER_UP] });
  const [member] = s.projectgroup;

  const missing = await ruleViolation(() => proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION }));
  expect(missing.problems.map((problem) => problem.field)).toEqual(["winningOfferId", "tieBreakNote"]);
  expect(missing.problems[0]!.message).toContain("Alfa Taal en Beta Taal");

  const notTied = await ruleViolation(() =>
    proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION, winningOfferId: s.bidder("Inburgering Plus").offerId, tieBreakNote: "Loting" }),
  );
  expect(notTied.problems.map((problem) => problem.field)).toEqual(["winningOfferId"]);

  const note = "Loting door notaris mr. A. Jansen te Hoorn op 20 januari 2027; uitkomst: Beta Taal.";
  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: "Gelijke stand; beslist door loting.", winningOfferId: s.bidder("Beta Taal").offerId, tieBreakNote: note });
  const [award] = await currentAwardRow(s);
  expect(award).toMatchObject({ winningOfferId: s.bidder("Beta Taal").offerId, tieBreakNote: note });

  const overview = await getAwardOverview(db, s.clock, member, s.tender.id);
  expect(overview.lots[0]).toMatchObject({ tieAtTop: true, award: { winnerName: "Beta Taal", tieBreakNote: note } });

  // the letters say how the tie was broken
  await sendAwardDecision(db, fixedClock(new Date("2027-01-12T09:30:00Z")), member, s.tender.id, s.lot.id);
  const loser = pdfText((await getOwnAwardLetter(db, s.bidder("Alfa Taal").user, s.tender.id, s.lot.id)).bytes);
  expect(loser).toContain("gelijk met de winnende inschrijving");
  expect(loser).toContain(note);
});

test("a lot without an admissible offer cannot be awarded and is marked so", async () => {
  const { db } = database();
  const s = await createAwardScenario(db, { bidders: [EXCLUDED] });
  const refused = await ruleViolation(() => proposeAward(db, s.clock, s.projectgroup[0], s.tender.id, s.lot.id, { motivation: MOTIVATION, winningOfferId: s.bidders[0]!.offerId }));
  expect(refused.code).toBe("award.unsuccessful");
  expect(refused.message).toBe("Perceel 1 kan niet worden gegund: er is geen geldige inschrijving.");
  const overview = await getAwardOverview(db, s.clock, s.projectgroup[0], s.tender.id);
  expect(overview.lots[0]).toMatchObject({ status: "unsuccessful", award: null, ranking: [], excluded: [{ organisationName: "Zonder Keurmerk BV", reason: EXCLUDED.excluded }] });
});

// ------------------------------------------------------------------------------ decision and standstill

test("sending the decision starts the standstill and tells every bidder of the lot, in the portal and by mail", async () => {
  const { db } = database();
  const s = await scenario();
  const sentAt = new Date("2027-01-12T09:30:00Z");
  const sent = await proposeAndSend(s, sentAt);
  expect(sent).toEqual({ decisionSentAt: sentAt, standstillLastDay: "2027-02-01", standstillEndsAt: new Date("2027-02-01T23:00:00Z"), notifiedOrganisations: 3 });
  const [award] = await currentAwardRow(s);
  expect(award).toMatchObject({ status: "decisionSent", decisionSentAt: sentAt, standstillLastDay: "2027-02-01", standstillEndsAt: new Date("2027-02-01T23:00:00Z") });

  const bidderIds = s.bidders.map((bidder) => bidder.user.id);
  const told = await db.select().from(notifications).where(and(inArray(notifications.userId, bidderIds), eq(notifications.title, `Gunningsbeslissing ${s.tender.reference} perceel 1`)));
  expect(told).toHaveLength(3);
  expect(told.every((row) => row.link === `/aanbestedingen/${s.tender.id}/gunningsbrief/${s.lot.id}.pdf`)).toBe(true);
  expect(told[0]!.body).toContain("De opschortende termijn eindigt op maandag 1 februari 2027 om 24:00 uur.");
  const mails = await db.select().from(mailOutbox).where(and(inArray(mailOutbox.recipient, s.bidders.map((bidder) => bidder.user.email)), eq(mailOutbox.subject, `Gunningsbeslissing ${s.tender.reference} perceel 1`)));
  expect(mails).toHaveLength(3);
  // the projectgroep is not a bidder
  expect(await db.select().from(notifications).where(and(inArray(notifications.userId, s.projectgroup.map((member) => member.id)), eq(notifications.title, `Gunningsbeslissing ${s.tender.reference} perceel 1`)))).toEqual([]);

  const again = await ruleViolation(() => sendAwardDecision(db, s.clock, s.projectgroup[1], s.tender.id, s.lot.id));
  expect(again.code).toBe("award.alreadySent");
  const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "award.decisionSent"));
  expect(audit).toMatchObject({ actorUserId: s.projectgroup[0].id, occurredAt: sentAt });
  expect(audit!.summary).toContain("maandag 1 februari 2027 om 24:00 uur");
});

// Each case: the deadline of the tender a month before, the decision sent at `sentAt`.
const standstillCases = [
  // Hof Den Haag 20 April 2021: sent 12 October 2020, day 20 = Sunday 1 November → end of Monday 2 November.
  { name: "Hof Den Haag: day 20 on a Sunday", sentAt: "2020-10-12T10:00:00Z", lastDay: "2020-11-02", endsAt: "2020-11-02T23:00:00Z", text: "maandag 2 november 2020 om 24:00 uur" },
  { name: "across a month end", sentAt: "2027-01-12T09:30:00Z", lastDay: "2027-02-01", endsAt: "2027-02-01T23:00:00Z", text: "maandag 1 februari 2027 om 24:00 uur" },
  // Day 20 = Sunday 28 March 2027: the last Sunday of March (summer time begins) and Easter Sunday;
  // Monday is Tweede Paasdag, so the term runs to the end of Tuesday 30 March, in CEST.
  { name: "day 20 on the Sunday summer time begins (Easter)", sentAt: "2027-03-08T13:00:00Z", lastDay: "2027-03-30", endsAt: "2027-03-30T22:00:00Z", text: "dinsdag 30 maart 2027 om 24:00 uur" },
  // A period spanning the switch: sent 20 March 2026 (CET), day 20 = Thursday 9 April, ending in CEST.
  { name: "a period spanning the start of summer time", sentAt: "2026-03-20T09:00:00Z", lastDay: "2026-04-09", endsAt: "2026-04-09T22:00:00Z", text: "donderdag 9 april 2026 om 24:00 uur" },
  // Last Sunday of October 2027 (31 October) is day 20: winter time begins, the end (Monday 1 November) is in CET.
  { name: "day 20 on the Sunday winter time begins, across a month end", sentAt: "2027-10-11T08:00:00Z", lastDay: "2027-11-01", endsAt: "2027-11-01T23:00:00Z", text: "maandag 1 november 2027 om 24:00 uur" },
  // Day 20 = Friday 25 December 2026 (Eerste Kerstdag), then Tweede Kerstdag and a Sunday → Monday 28 December.
  { name: "day 20 on Christmas Day", sentAt: "2026-12-05T10:00:00Z", lastDay: "2026-12-28", endsAt: "2026-12-28T23:00:00Z", text: "maandag 28 december 2026 om 24:00 uur" },
  // Day 20 = Tuesday 27 April 2027 (Koningsdag) → Wednesday 28 April, in CEST.
  { name: "day 20 on King's Day", sentAt: "2027-04-07T07:00:00Z", lastDay: "2027-04-28", endsAt: "2027-04-28T22:00:00Z", text: "woensdag 28 april 2027 om 24:00 uur" },
  // Sent at 00:30 Amsterdam time on 11 March (23:30 UTC on the 10th): day 1 is the 12th, day 20 Wednesday 31 March.
  { name: "sent just after midnight Amsterdam time", sentAt: "2027-03-10T23:30:00Z", lastDay: "2027-03-31", endsAt: "2027-03-31T22:00:00Z", text: "woensdag 31 maart 2027 om 24:00 uur" },
];

test.each(standstillCases)("standstill in the award flow: $name", async ({ sentAt, lastDay, endsAt, text }) => {
  const { db } = database();
  const sent = new Date(sentAt);
  const s = await scenario({ submissionDeadline: new Date(sent.getTime() - 30 * DAY), bidders: [WINNER, RUNNER_UP] });
  const result = await proposeAndSend(s, sent);
  expect(result.standstillLastDay).toBe(lastDay);
  expect(result.standstillEndsAt.toISOString()).toBe(new Date(endsAt).toISOString());
  const overview = await getAwardOverview(db, fixedClock(sent), s.projectgroup[0], s.tender.id);
  expect(overview.lots[0]!.award).toMatchObject({ status: "decisionSent", standstillEndText: text, standstillOver: false });
  // the letter states the same end
  const letter = await getOwnAwardLetter(db, s.bidder("Inburgering Plus").user, s.tender.id, s.lot.id);
  expect(pdfText(letter.bytes)).toContain(`De opschortende termijn eindigt op ${text}.`);
});

test("the final award is refused one millisecond before the standstill ends and allowed at its end", async () => {
  const { db } = database();
  const s = await scenario({ submissionDeadline: new Date("2020-09-14T10:00:00Z") });
  const { standstillEndsAt } = await proposeAndSend(s, new Date("2020-10-12T10:00:00Z"));
  expect(standstillEndsAt).toEqual(new Date("2020-11-02T23:00:00Z"));
  const [member] = s.projectgroup;

  const early = await ruleViolation(() => finalizeAward(db, fixedClock(new Date(standstillEndsAt.getTime() - 1)), member, s.tender.id, s.lot.id));
  expect(early.code).toBe("award.standstillRunning");
  expect(early.message).toBe("De opschortende termijn loopt nog tot maandag 2 november 2020 om 24:00 uur; daarna kan perceel 1 definitief worden gegund.");
  expect(await db.select().from(contracts)).toEqual([]);

  const before = await getAwardOverview(db, fixedClock(new Date(standstillEndsAt.getTime() - 1)), member, s.tender.id);
  expect(before.lots[0]!.award!.standstillOver).toBe(false);
  const at = await getAwardOverview(db, fixedClock(standstillEndsAt), member, s.tender.id);
  expect(at.lots[0]!.award!.standstillOver).toBe(true);

  const final = await finalizeAward(db, fixedClock(standstillEndsAt), member, s.tender.id, s.lot.id);
  const [award] = await currentAwardRow(s);
  expect(award).toMatchObject({ status: "final", finalizedAt: standstillEndsAt, finalizedByUserId: member.id, contractId: final.contractId });
  const again = await ruleViolation(() => finalizeAward(db, fixedClock(standstillEndsAt), member, s.tender.id, s.lot.id));
  expect(again.code).toBe("award.alreadyFinal");
  const withdraw = await ruleViolation(() => withdrawAward(db, fixedClock(standstillEndsAt), member, s.tender.id, s.lot.id, "Te laat"));
  expect(withdraw.code).toBe("award.final");
});

test("a suspended award cannot be finalized until the suspension is lifted; each step is logged and announced", async () => {
  const { db } = database();
  const s = await scenario();
  const { standstillEndsAt } = await proposeAndSend(s, new Date("2027-01-12T09:30:00Z"));
  const [member] = s.projectgroup;
  const during = fixedClock(new Date("2027-01-20T10:00:00Z"));

  const noReason = await ruleViolation(() => suspendAward(db, during, member, s.tender.id, s.lot.id, " "));
  expect(noReason.problems).toEqual([{ field: "reason", message: "Geef de reden van de opschorting, bijvoorbeeld een bezwaar of een kort geding." }]);
  await suspendAward(db, during, member, s.tender.id, s.lot.id, "Kort geding aangekondigd door Inburgering Plus");
  expect((await currentAwardRow(s))[0]).toMatchObject({ status: "suspended", suspensionReason: "Kort geding aangekondigd door Inburgering Plus", suspendedAt: new Date("2027-01-20T10:00:00Z") });

  const after = fixedClock(new Date(standstillEndsAt.getTime() + DAY));
  const refused = await ruleViolation(() => finalizeAward(db, after, member, s.tender.id, s.lot.id));
  expect(refused.code).toBe("award.suspended");
  expect(await db.select().from(contracts)).toEqual([]);

  await resumeAward(db, after, member, s.tender.id, s.lot.id, "Vonnis voorzieningenrechter: vordering afgewezen.");
  expect((await currentAwardRow(s))[0]!.status).toBe("decisionSent");
  await finalizeAward(db, after, member, s.tender.id, s.lot.id);
  expect((await currentAwardRow(s))[0]!.status).toBe("final");

  const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, "awardDecision")).orderBy(asc(auditLog.id))).map((row) => row.action);
  expect(actions).toEqual(["award.proposed", "award.decisionSent", "award.suspended", "award.resumed", "award.finalized"]);
  const runnerUp = await db
    .select({ title: notifications.title })
    .from(notifications)
    .where(and(eq(notifications.userId, s.bidder("Inburgering Plus").user.id), eq(notifications.link, `/aanbestedingen/${s.tender.id}/gunningsbrief/${s.lot.id}.pdf`)))
    .orderBy(asc(notifications.createdAt));
  expect(runnerUp.map((row) => row.title)).toEqual([
    `Gunningsbeslissing ${s.tender.reference} perceel 1`,
    `Gunning ${s.tender.reference} perceel 1 opgeschort`,
    `Opschorting gunning ${s.tender.reference} perceel 1 opgeheven`,
  ]);
});

test("a withdrawn award stays as history and the lot can get a new proposal", async () => {
  const { db } = database();
  const s = await scenario();
  await proposeAndSend(s, new Date("2027-01-12T09:30:00Z"));
  const [member, colleague] = s.projectgroup;
  const at = fixedClock(new Date("2027-01-15T09:00:00Z"));

  const noReason = await ruleViolation(() => withdrawAward(db, at, member, s.tender.id, s.lot.id, ""));
  expect(noReason.problems[0]).toEqual({ field: "reason", message: "Geef de reden van de intrekking." });
  await withdrawAward(db, at, member, s.tender.id, s.lot.id, "Rekenfout in de prijsscore ontdekt na bezwaar.");

  // no letter while there is no current decision
  expect(await caught(() => getOwnAwardLetter(db, s.bidder("Inburgering Plus").user, s.tender.id, s.lot.id))).toBeInstanceOf(NotFoundError);

  await proposeAward(db, at, colleague, s.tender.id, s.lot.id, { motivation: "Nieuw voorstel na herberekening." });
  const rows = await currentAwardRow(s);
  expect(rows.map((row) => row.status)).toEqual(["withdrawn", "proposed"]);
  expect(rows[0]).toMatchObject({ withdrawalReason: "Rekenfout in de prijsscore ontdekt na bezwaar.", withdrawnAt: new Date("2027-01-15T09:00:00Z") });

  const overview = await getAwardOverview(db, at, member, s.tender.id);
  expect(overview.lots[0]!.award).toMatchObject({ status: "proposed", proposedByName: colleague.name });
  expect(overview.lots[0]!.history).toEqual([expect.objectContaining({ status: "withdrawn", withdrawalReason: "Rekenfout in de prijsscore ontdekt na bezwaar." })]);
  const withdrawnNotice = await db.select().from(notifications).where(and(eq(notifications.userId, s.bidder("Taalhuis Hoorn").user.id), eq(notifications.title, `Gunningsbeslissing ${s.tender.reference} perceel 1 ingetrokken`)));
  expect(withdrawnNotice).toHaveLength(1);
});

// ------------------------------------------------------------------------------ contract

test("the final award creates a draft contract with the offer's prices and the lot's KPIs, targets and volumes", async () => {
  const { db } = database();
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contractmanager" });
  const s = await scenario();
  const { standstillEndsAt } = await proposeAndSend(s, new Date("2027-01-12T09:30:00Z"));
  const [member] = s.projectgroup;
  const { contractId, contractNumber } = await finalizeAward(db, fixedClock(standstillEndsAt), member, s.tender.id, s.lot.id);
  expect(contractNumber).toBe(`${s.tender.reference}-P1`);

  const [contract] = await db.select().from(contracts).where(eq(contracts.id, contractId));
  expect(contract).toMatchObject({
    number: `${s.tender.reference}-P1`,
    title: `Perceel 1: ${s.lot.title}`,
    kind: "tender",
    status: "draft",
    supplierOrganisationId: s.bidder("Taalhuis Hoorn").organisationId,
    learningRoute: "b1",
    services: ["b1Route"],
    tenderId: s.tender.id,
    lotId: s.lot.id,
    // the factory's contract starts 90 days after the closing day (15 December 2026): 4 years less a day
    startDate: "2027-03-15",
    endDate: "2031-03-14",
    ceilingAmountCents: 125_000_000,
    performancePaymentApplies: true,
    contractManagerUserId: null,
  });
  expect(contract!.extensionOptions.map((option) => option.years)).toEqual([2, 2]);

  const rates = await db.select().from(contractRates).where(eq(contractRates.contractId, contractId)).orderBy(asc(contractRates.name));
  expect(rates.map(({ name, unit, rateCents }) => ({ name, unit, rateCents }))).toEqual([
    { name: "Aanvullende begeleiding", unit: "perHour", rateCents: 5_000 },
    { name: "Traject", unit: "perTrajectory", rateCents: 250_000 },
  ]);

  const kpis = await db.select().from(contractKpis).where(eq(contractKpis.contractId, contractId));
  expect(kpis).toHaveLength(s.lot.kpis.length);
  for (const lotKpi of s.lot.kpis) {
    const kpi = kpis.find((candidate) => candidate.kpiCode === lotKpi.kpiCode);
    expect(kpi, lotKpi.kpiCode).toBeDefined();
    expect(Number(kpi!.target)).toBe(Number(lotKpi.target));
    expect(kpi).toMatchObject({ name: lotKpi.name, unit: lotKpi.unit, direction: lotKpi.direction, overrideReason: lotKpi.overrideReason });
  }
  // the deliberate deviation of the factory's B1 lot keeps its target and reason
  expect(kpis.find((kpi) => kpi.kpiCode === "outflowToWork.b1")).toMatchObject({ target: "55.0000", overrideReason: expect.stringContaining("Regionale ambitie") });

  const volumes = await db.select().from(contractVolumes).where(eq(contractVolumes.contractId, contractId));
  const expected = s.lot.volumes.filter((volume) => volume.count > 0);
  expect(volumes).toHaveLength(expected.length);
  for (const volume of expected) {
    expect(volumes).toContainEqual({ contractId, municipalityId: volume.municipalityId, targetGroup: volume.targetGroup, expectedCount: volume.count });
  }
  // the register shows them with the contract
  const view = await getContract(db, manager, contractId);
  expect(view.volumes.reduce((sum, volume) => sum + volume.expectedCount, 0)).toBe(expected.reduce((sum, volume) => sum + volume.count, 0));

  const [award] = await currentAwardRow(s);
  expect(award!.contractId).toBe(contractId);
  const [created] = await db.select().from(auditLog).where(and(eq(auditLog.action, "contract.createdFromAward"), eq(auditLog.entityId, contractId)));
  expect(created).toMatchObject({ actorUserId: member.id, occurredAt: standstillEndsAt });
  const [notice] = await db.select().from(notifications).where(eq(notifications.userId, manager.id));
  expect(notice).toMatchObject({ title: `Conceptcontract ${s.tender.reference}-P1 wacht op u`, link: `/contracten/${contractId}` });
  // in-app only for the contract manager; the winner hears it by mail too
  expect(await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, manager.email))).toEqual([]);
  expect(await db.select().from(mailOutbox).where(and(eq(mailOutbox.recipient, s.bidder("Taalhuis Hoorn").user.email), eq(mailOutbox.subject, `${s.tender.reference} perceel 1 definitief aan u gegund`)))).toHaveLength(1);
});

test("the contract number stays unique when a contract already holds the derived number", async () => {
  const { db } = database();
  const s = await scenario({ bidders: [WINNER] });
  await db.insert(contracts).values({
    number: `${s.tender.reference}-P1`,
    title: "Handmatig ingevoerd",
    kind: "tender",
    status: "draft",
    supplierOrganisationId: s.bidders[0]!.organisationId,
    startDate: "2027-01-01",
    endDate: "2027-12-31",
    ceilingAmountCents: 1,
    createdAt: new Date("2027-01-01T00:00:00Z"),
    updatedAt: new Date("2027-01-01T00:00:00Z"),
  });
  const { standstillEndsAt } = await proposeAndSend(s, new Date("2027-01-12T09:30:00Z"));
  const final = await finalizeAward(db, fixedClock(standstillEndsAt), s.projectgroup[0], s.tender.id, s.lot.id);
  expect(final.contractNumber).toBe(`${s.tender.reference}-P1-2`);
});

// ------------------------------------------------------------------------------ letters

test("the letter of a bidder that lost shows its own scores, the winner's, its rank, the reasons and the standstill", async () => {
  const { db } = database();
  const s = await scenario();
  await proposeAndSend(s, new Date("2027-01-12T09:30:00Z"));
  const letter = await getOwnAwardLetter(db, s.bidder("Inburgering Plus").user, s.tender.id, s.lot.id);
  expect(letter.sent).toBe(true);
  const text = pdfText(letter.bytes);
  expect(text).toContain("Gunningsbeslissing perceel 1");
  expect(text).toContain(`Inburgering Plus (KvK ${s.bidder("Inburgering Plus").kvkNumber})`);
  expect(text).toContain("12 januari 2027");
  expect(text).toContain("voornemens zijn perceel 1");
  expect(text).toContain("te gunnen aan Taalhuis Hoorn");
  expect(text).toContain("als 2e geëindigd van 2 geldige inschrijvingen, met 72,00 punten. De winnende inschrijving behaalde 82,80 punten.");
  // own and winner's scores per criterion: Plan van aanpak 6 → 24,00 against 8 → 32,00
  expect(text).toMatch(/Plan van aanpak \(40\) 6 van 10 24,00 8 van 10 32,00/);
  expect(text).toMatch(/Samenwerking in de keten \(20\) 6 van 10 12,00 8 van 10 16,00/);
  expect(text).toMatch(/Prijs \(30\) 30,00 28,80/);
  expect(text).toMatch(/Totaal 72,00 82,80/);
  expect(text).toContain("Uw rangorde: 2e van 2.");
  // the consensus motivations, own and the winner's, and the relative advantages
  expect(text).toContain(motivationFor("Inburgering Plus", "approach"));
  expect(text).toContain(motivationFor("Taalhuis Hoorn", "approach"));
  expect(text).toContain("Plan van aanpak: de winnende inschrijving behaalde 8,00 punten meer (32,00 tegen 24,00).");
  expect(text).toContain(MOTIVATION);
  expect(text).toContain("De opschortende termijn eindigt op maandag 1 februari 2027 om 24:00 uur.");
  expect(text).toContain("art. 2.127 Aanbestedingswet 2012");
  expect(text).toContain("kort geding");
  // nothing of the third bidder
  expect(text).not.toContain("Zonder Keurmerk");
});

test("the winner gets the intention to award and an excluded bidder the reason of its exclusion", async () => {
  const { db } = database();
  const s = await scenario();
  await proposeAndSend(s, new Date("2027-01-12T09:30:00Z"));

  const winner = pdfText((await getOwnAwardLetter(db, s.bidder("Taalhuis Hoorn").user, s.tender.id, s.lot.id)).bytes);
  expect(winner).toContain("Voornemen tot gunning van perceel 1");
  expect(winner).toContain("aan uw organisatie te gunnen");
  expect(winner).toMatch(/Totaal 82,80/);
  expect(winner).toContain("De opschortende termijn eindigt op maandag 1 februari 2027 om 24:00 uur.");
  expect(winner).not.toContain("Inburgering Plus");

  const excluded = pdfText((await getOwnAwardLetter(db, s.bidder("Zonder Keurmerk BV").user, s.tender.id, s.lot.id)).bytes);
  expect(excluded).toContain("is uitgesloten");
  expect(excluded).toContain(EXCLUDED.excluded);
  expect(excluded).toContain("Taalhuis Hoorn");
  expect(excluded).toContain("De opschortende termijn eindigt op maandag 1 februari 2027 om 24:00 uur.");
  expect(excluded).not.toContain("Inburgering Plus");
});

test("a supplier gets only its own letter and only after the decision is sent; the projectgroep any bidder's", async () => {
  const { db } = database();
  const s = await scenario();
  const [member] = s.projectgroup;
  const loser = s.bidder("Inburgering Plus");
  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION });

  // proposed, not sent: nothing for the supplier; a CONCEPT preview for the projectgroep
  expect(await caught(() => getOwnAwardLetter(db, loser.user, s.tender.id, s.lot.id))).toBeInstanceOf(NotFoundError);
  const preview = await getAwardLetter(db, member, s.tender.id, s.lot.id, loser.offerId);
  expect(preview.sent).toBe(false);
  expect(pdfText(preview.bytes)).toContain("Concept, nog niet verzonden");

  expect(await listOwnAwardLetters(db, loser.user, s.tender.id)).toEqual([]);
  await sendAwardDecision(db, fixedClock(new Date("2027-01-12T09:30:00Z")), member, s.tender.id, s.lot.id);
  expect(await listOwnAwardLetters(db, loser.user, s.tender.id)).toEqual([
    expect.objectContaining({ lotId: s.lot.id, lotNumber: 1, status: "decisionSent", standstillEndText: "maandag 1 februari 2027 om 24:00 uur", href: `/aanbestedingen/${s.tender.id}/gunningsbrief/${s.lot.id}.pdf` }),
  ]);
  const own = await getOwnAwardLetter(db, loser.user, s.tender.id, s.lot.id);
  expect(pdfText(own.bytes)).toContain("Inburgering Plus (KvK");

  // a supplier cannot ask for another bidder's letter, nor for a lot it did not bid on
  expect(await caught(() => getAwardLetter(db, loser.user, s.tender.id, s.lot.id, s.bidder("Taalhuis Hoorn").offerId))).toBeInstanceOf(ForbiddenError);
  const outsider = await createTestUser(db, { roles: ["supplier"], organisationId: (await createAwardScenario(db, { bidders: [RUNNER_UP], unopened: true })).bidders[0]!.organisationId });
  expect(await caught(() => getOwnAwardLetter(db, outsider, s.tender.id, s.lot.id))).toBeInstanceOf(NotFoundError);
  expect(await listOwnAwardLetters(db, outsider, s.tender.id)).toEqual([]);

  const forProjectgroup = pdfText((await getAwardLetter(db, member, s.tender.id, s.lot.id, s.bidder("Taalhuis Hoorn").offerId)).bytes);
  expect(forProjectgroup).toContain("Voornemen tot gunning");
});

test("municipal roles without decide:award and suppliers are refused every award step", async () => {
  const { db } = database();
  const s = await scenario();
  const others = await Promise.all(
    (["admin", "assessor", "contractManager", "municipalityViewer"] as const).map((role) => createTestUser(db, { roles: [role] })),
  );
  const supplier = s.bidder("Taalhuis Hoorn").user;
  for (const actor of [...others, supplier]) {
    expect(await caught(() => getAwardOverview(db, s.clock, actor, s.tender.id))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => proposeAward(db, s.clock, actor, s.tender.id, s.lot.id, { motivation: MOTIVATION }))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => sendAwardDecision(db, s.clock, actor, s.tender.id, s.lot.id))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => suspendAward(db, s.clock, actor, s.tender.id, s.lot.id, "bezwaar"))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => withdrawAward(db, s.clock, actor, s.tender.id, s.lot.id, "fout"))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => finalizeAward(db, s.clock, actor, s.tender.id, s.lot.id))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => getAwardLetter(db, actor, s.tender.id, s.lot.id, s.bidder("Inburgering Plus").offerId))).toBeInstanceOf(ForbiddenError);
  }
  for (const actor of others) {
    expect(await caught(() => getOwnAwardLetter(db, actor, s.tender.id, s.lot.id))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => listOwnAwardLetters(db, actor, s.tender.id))).toBeInstanceOf(ForbiddenError);
  }
  expect(await db.select().from(awardDecisions)).toEqual([]);
});

test("before the opening every award call answers the same whether a lot has three offers or none", async () => {
  const { db } = database();
  const withOffers = await scenario({ unopened: true });
  const without = await createAwardScenario(db, { bidders: [], unopened: true });
  const roles = ["admin", "assessor", "contractManager", "municipalityViewer"] as const;
  const others = await Promise.all(roles.map((role) => createTestUser(db, { roles: [role] })));
  const outcome = async (call: () => Promise<unknown>) => {
    try {
      const result = await call();
      return { result: JSON.parse(JSON.stringify(result, (key, value) => (["tenderId", "reference", "lotId"].includes(key) ? "…" : value))) as unknown };
    } catch (error) {
      return { refused: (error as Error).constructor.name, message: (error as Error).message };
    }
  };
  const everything = async (s: AwardScenario, actor: Actor, offerId: string) => ({
    overview: await outcome(() => getAwardOverview(db, s.clock, actor, s.tender.id)),
    propose: await outcome(() => proposeAward(db, s.clock, actor, s.tender.id, s.lot.id, { motivation: MOTIVATION, winningOfferId: offerId })),
    send: await outcome(() => sendAwardDecision(db, s.clock, actor, s.tender.id, s.lot.id)),
    suspend: await outcome(() => suspendAward(db, s.clock, actor, s.tender.id, s.lot.id, "bezwaar")),
    withdraw: await outcome(() => withdrawAward(db, s.clock, actor, s.tender.id, s.lot.id, "fout")),
    finalize: await outcome(() => finalizeAward(db, s.clock, actor, s.tender.id, s.lot.id)),
    letter: await outcome(() => getAwardLetter(db, actor, s.tender.id, s.lot.id, offerId)),
  });
  for (const actor of [withOffers.projectgroup[0], ...others]) {
    const a = await everything(withOffers, actor, withOffers.bidders[0]!.offerId);
    const b = await everything(without, actor.roles.includes("projectgroup") ? without.projectgroup[0] : actor, randomUUID());
    expect(a, actor.roles.join()).toEqual(b);
  }
  expect(await db.select().from(awardDecisions)).toEqual([]);
});

test("before the opening the award step reveals nothing about offers", async () => {
  const { db } = database();
  const s = await scenario({ unopened: true });
  const [member] = s.projectgroup;
  const overview = await getAwardOverview(db, s.clock, member, s.tender.id);
  expect(overview.opened).toBe(false);
  expect(overview.lots).toEqual([expect.objectContaining({ status: "notOpened", ranking: [], excluded: [], bidders: [], award: null, history: [] })]);
  expect(JSON.stringify(overview)).not.toContain("Taalhuis");

  const refused = await ruleViolation(() => proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION, winningOfferId: s.bidders[0]!.offerId }));
  expect(refused.message).toBe("De inschrijvingen zijn nog niet geopend; er kan nog niet worden gegund.");
  expect(await caught(() => getAwardLetter(db, member, s.tender.id, s.lot.id, s.bidders[0]!.offerId))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getOwnAwardLetter(db, s.bidders[0]!.user, s.tender.id, s.lot.id))).toBeInstanceOf(NotFoundError);
});
