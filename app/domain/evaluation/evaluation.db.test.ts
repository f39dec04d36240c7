import { and, eq, inArray } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { caught } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { admitAllAndAssign, openedTenderScenario, scoreAndHandIn, scoreRows, setConsensus, type EvaluationScenario } from "../../../test/factories/evaluation";
import { testAwardCriterionIds } from "../../../test/factories/tender-content";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { notifications } from "../notifications/notifications.sql";
import { offers, offerVersions } from "../offers/offer.sql";
import { criterionScores, lotEvaluations } from "./evaluation.sql";
import {
  ALL_EXCLUDED_REASON,
  assignLotPanel,
  closeQuality,
  decideAdmissibility,
  getEvaluationOverview,
  getLotEvaluation,
  getOfferAttachment,
  handInScores,
  scoreOffer,
  setConsensusScores,
} from "./evaluation.server";
import { getLotResult, readLotResult } from "./lot-result.server";

const database = useTestDatabase();
const { approach, cooperation, monitoring } = testAwardCriterionIds;

/** Two bidders on lot 1, admitted, with the two scenario assessors and the requester as chair. */
async function scoringScenario(options: { answerAttachments?: boolean } = {}) {
  const { db } = database();
  const scenario = await openedTenderScenario(db, {
    bidders: [
      { name: "Taalschool Aurora", unitPriceCents: 100_00, answerAttachments: options.answerAttachments },
      { name: "Taalhuis De Brug", unitPriceCents: 80_00 },
    ],
  });
  await admitAllAndAssign(db, scenario);
  const [aurora, brug] = scenario.bidders as [EvaluationScenario["bidders"][number], EvaluationScenario["bidders"][number]];
  return { db, scenario, aurora, brug, chair: scenario.requester, colleague: scenario.confirmer, assessorA: scenario.assessors[0], assessorB: scenario.assessors[1] };
}

function violation(error: unknown): RuleViolation {
  expect(error).toBeInstanceOf(RuleViolation);
  return error as RuleViolation;
}

describe("knock-out check", () => {
  test("the portal proposes excluding an offer that answered a mandatory requirement no, naming it; the projectgroep decides with a reason", async () => {
    const { db } = database();
    const probe = await openedTenderScenario(db, { open: false });
    const keurmerk = probe.mandatoryOfLot1[0]!;
    const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora", requirementsNotMet: [keurmerk.id] }, { name: "Taalhuis De Brug" }] });
    const [aurora, brug] = scenario.bidders;

    const overview = await getEvaluationOverview(db, scenario.clock, scenario.requester, scenario.tender.id);
    if (!overview.opened) throw new Error("expected an opened tender");
    const lot1 = overview.lots[0]!;
    const auroraView = lot1.offers.find((offer) => offer.offerId === aurora!.offerId)!;
    expect(auroraView.proposal).toMatchObject({ exclude: true, reasons: [`Niet voldaan aan de eis "${keurmerk.title}".`] });
    expect(auroraView.requirements.find((requirement) => requirement.requirementId === keurmerk.id)).toMatchObject({ met: false, explanation: "Wij voldoen hier op de sluitingsdatum nog niet aan." });
    expect(lot1.offers.find((offer) => offer.offerId === brug!.offerId)!.proposal.exclude).toBe(false);
    expect(lot1.pendingCount).toBe(2);

    // an exclusion needs a reason; admitting against the proposal needs one too
    const noReason = violation(await caught(() => decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, aurora!.offerId, { decision: "excluded", reason: "  " })));
    expect(noReason).toMatchObject({ field: "reason", message: "Geef de reden van de uitsluiting." });
    const admitAnyway = violation(await caught(() => decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, aurora!.offerId, { decision: "admissible", reason: null })));
    expect(admitAnyway).toMatchObject({ code: "evaluation.admissionReasonRequired", field: "reason" });
    // an assessor does not decide
    expect(await caught(() => decideAdmissibility(db, scenario.clock, scenario.assessors[0], scenario.tender.id, aurora!.offerId, { decision: "excluded", reason: "x" }))).toBeInstanceOf(ForbiddenError);

    await decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, aurora!.offerId, { decision: "excluded", reason: `Niet voldaan aan de eis "${keurmerk.title}".` });
    await decideAdmissibility(db, scenario.clock, scenario.confirmer, scenario.tender.id, brug!.offerId, { decision: "admissible", reason: null });

    const rows = await db.select().from(offers).where(inArray(offers.id, [aurora!.offerId, brug!.offerId]));
    expect(rows.find((row) => row.id === aurora!.offerId)).toMatchObject({ admissibility: "excluded", exclusionReason: `Niet voldaan aan de eis "${keurmerk.title}".`, admissibilityDecidedByUserId: scenario.requester.id });
    expect(rows.find((row) => row.id === brug!.offerId)).toMatchObject({ admissibility: "admissible", exclusionReason: null, admissibilityDecidedByUserId: scenario.confirmer.id });
    const audit = await db.select().from(auditLog).where(inArray(auditLog.action, ["offer.excluded", "offer.admitted"]));
    expect(audit.map((row) => [row.action, row.actorName])).toEqual([
      ["offer.excluded", "Petra Projectgroep"],
      ["offer.admitted", "Quinten Projectgroep"],
    ]);
    expect(audit[0]!.summary).toContain(`Inschrijving van Taalschool Aurora op Perceel 1: ${scenario.lot.title}`);
    // the lot keeps going: one admissible offer remains
    const result = await readLotResult(db, scenario.tender.id, scenario.lot.id);
    expect(result.status).toBe("assessing");
    expect(result.offers.map((offer) => [offer.organisationName, offer.admissibility])).toEqual([
      ["Taalhuis De Brug", "admissible"],
      ["Taalschool Aurora", "excluded"],
    ]);
  });

  test("an offer that needed re-confirmation and did not get it is proposed for exclusion", async () => {
    const { db } = database();
    const scenario = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }] });
    await db.update(offers).set({ needsReconfirmation: true }).where(eq(offers.id, scenario.bidders[0]!.offerId));
    const { openTestTender } = await import("../../../test/factories/evaluation");
    await openTestTender(db, scenario.clock, scenario.requester, scenario.confirmer, scenario.tender.id);

    const overview = await getEvaluationOverview(db, scenario.clock, scenario.requester, scenario.tender.id);
    if (!overview.opened) throw new Error("expected an opened tender");
    expect(overview.lots[0]!.offers[0]).toMatchObject({ needsReconfirmation: true, proposal: { exclude: true, notReconfirmed: true } });
  });

  test("when no admissible offer remains the lot becomes unsuccessful, with the reason recorded; admitting one again reopens it", async () => {
    const { db } = database();
    const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }] });
    const offerId = scenario.bidders[0]!.offerId;

    await decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, offerId, { decision: "excluded", reason: "Geen geldig keurmerk Blik op Werk." });

    const [evaluation] = await db.select().from(lotEvaluations).where(and(eq(lotEvaluations.tenderId, scenario.tender.id), eq(lotEvaluations.lotId, scenario.lot.id)));
    expect(evaluation).toMatchObject({ status: "unsuccessful", unsuccessfulReason: ALL_EXCLUDED_REASON });
    expect(await readLotResult(db, scenario.tender.id, scenario.lot.id)).toMatchObject({ status: "unsuccessful", unsuccessfulReason: ALL_EXCLUDED_REASON, ranking: [] });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "lot.unsuccessful"));
    expect(audit).toMatchObject({ actorName: "Petra Projectgroep", changes: { lotId: scenario.lot.id, reason: ALL_EXCLUDED_REASON } });
    // nothing to assess on an unsuccessful lot
    expect(await caught(() => assignLotPanel(db, scenario.clock, scenario.requester, scenario.tender.id, scenario.lot.id, { chairUserId: scenario.requester.id, assessorUserIds: [scenario.assessors[0].id] }))).toMatchObject({ code: "evaluation.lotUnsuccessful" });

    await decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, offerId, { decision: "admissible", reason: "Keurmerk alsnog aangetoond: het certificaat zat bij de inschrijving." });
    expect((await readLotResult(db, scenario.tender.id, scenario.lot.id)).status).toBe("assessing");
  });

  test("a lot without offers is unsuccessful from the opening: Geen inschrijvingen ontvangen", async () => {
    const { db } = database();
    const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }] });
    const lot2 = scenario.tender.content.lots[1]!;
    expect(await readLotResult(db, scenario.tender.id, lot2.id)).toMatchObject({ status: "unsuccessful", unsuccessfulReason: "Geen inschrijvingen ontvangen", offers: [] });
  });
});

describe("the panel", () => {
  test("only active assessors can be assigned and only a projectgroep member can chair; an assessor sees only their own lots", async () => {
    const { db } = database();
    const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug", lotNumber: 3 }] });
    const lot3 = scenario.tender.content.lots[2]!;
    const contractManager = await createTestUser(db, { roles: ["contractManager"] });

    const refused = violation(
      await caught(() => assignLotPanel(db, scenario.clock, scenario.requester, scenario.tender.id, scenario.lot.id, { chairUserId: scenario.assessors[0].id, assessorUserIds: [contractManager.id] })),
    );
    expect(refused.problems).toEqual([
      { field: "assessorUserIds", message: "Kies alleen actieve gebruikers met de rol beoordelaar." },
      { field: "chairUserId", message: "Kies een actief lid van de projectgroep als voorzitter." },
    ]);
    expect(await caught(() => assignLotPanel(db, scenario.clock, scenario.assessors[0], scenario.tender.id, scenario.lot.id, { chairUserId: scenario.requester.id, assessorUserIds: [scenario.assessors[0].id] }))).toBeInstanceOf(ForbiddenError);

    await assignLotPanel(db, scenario.clock, scenario.requester, scenario.tender.id, scenario.lot.id, { chairUserId: scenario.confirmer.id, assessorUserIds: [scenario.assessors[0].id] });
    await assignLotPanel(db, scenario.clock, scenario.requester, scenario.tender.id, lot3.id, { chairUserId: scenario.requester.id, assessorUserIds: [scenario.assessors[1].id] });

    const forA = await getEvaluationOverview(db, scenario.clock, scenario.assessors[0], scenario.tender.id);
    if (!forA.opened) throw new Error("expected an opened tender");
    expect(forA.lots.map((lot) => lot.number)).toEqual([1]);
    expect(forA.lots[0]).toMatchObject({ chair: { name: "Quinten Projectgroep" }, assessors: [{ name: "Anna Beoordelaar", handedInAt: null }], offers: [] });
    expect(forA.candidates).toEqual({ assessors: [], chairs: [] });
    const notices = await db.select().from(notifications).where(eq(notifications.userId, scenario.assessors[0].id));
    expect(notices.map((notice) => notice.title)).toEqual([`Beoordelen: Perceel 1: ${scenario.lot.title} (${scenario.tender.reference})`]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "lot.panelAssigned"));
    expect(audit!.summary).toBe(`Beoordeling van Perceel 1: ${scenario.lot.title} (${scenario.tender.reference}): voorzitter Quinten Projectgroep; beoordelaars Anna Beoordelaar`);
  });
});

describe("scoring", () => {
  test("an assessor cannot see or score a lot they are not assigned to", async () => {
    const { db, scenario, aurora } = await scoringScenario();
    const outsider = await createTestUser(db, { roles: ["assessor"], name: "Olga Buitenstaander" });

    expect(await caught(() => getLotEvaluation(db, scenario.clock, outsider, scenario.tender.id, scenario.lot.id))).toEqual(new ForbiddenError("U bent geen beoordelaar van dit perceel."));
    expect(await caught(() => scoreOffer(db, scenario.clock, outsider, scenario.tender.id, scenario.lot.id, aurora.offerId, scoreRows({ approach: 8, cooperation: 8, monitoring: 8 })))).toBeInstanceOf(ForbiddenError);
    expect(await db.select().from(criterionScores)).toEqual([]);
  });

  test("every score needs a motivation and a value on the tender's scale; nothing is saved otherwise", async () => {
    const { db, scenario, aurora, assessorA } = await scoringScenario();
    const score = (rows: Parameters<typeof scoreOffer>[6]) => caught(() => scoreOffer(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, rows));

    const noMotivation = violation(await score([{ criterionId: approach, score: 8, motivation: "   " }]));
    expect(noMotivation.problems).toEqual([{ field: `motivation-${approach}`, message: 'Geef een motivering bij de score voor "Plan van aanpak".' }]);

    const offScale = violation(
      await score([
        { criterionId: approach, score: 5, motivation: "Tussen voldoende en goed." },
        { criterionId: cooperation, score: 12, motivation: "Uitmuntend." },
        { criterionId: monitoring, score: null, motivation: "Vergeten te kiezen." },
      ]),
    );
    expect(offScale.problems).toEqual([
      { field: `score-${approach}`, message: 'De score voor "Plan van aanpak" moet op de schaal liggen: 0 tot en met 10, in stappen van 2.' },
      { field: `score-${cooperation}`, message: 'De score voor "Samenwerking in de keten" moet op de schaal liggen: 0 tot en met 10, in stappen van 2.' },
      { field: `score-${monitoring}`, message: 'Kies een score voor "Monitoring en klantbeleving".' },
    ]);
    expect(await db.select().from(criterionScores)).toEqual([]);

    await scoreOffer(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, [{ criterionId: approach, score: 8, motivation: "Sterk duaal traject." }]);
    const view = await getLotEvaluation(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id);
    expect(view.offers.find((offer) => offer.offerId === aurora.offerId)!.myScores[approach]).toMatchObject({ score: 8, motivation: "Sterk duaal traject." });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "offer.scored"));
    expect(audit).toMatchObject({ actorName: "Anna Beoordelaar", changes: { offerId: aurora.offerId, scores: [{ criterionId: approach, score: 8, motivation: "Sterk duaal traject." }] } });
  });

  test("an assessor sees the others' scores only after handing in their own, and can change nothing after that", async () => {
    const { db, scenario, aurora, brug, assessorA, assessorB } = await scoringScenario();
    await scoreAndHandIn(db, scenario, assessorB, { [aurora.offerId]: { approach: 6, cooperation: 6, monitoring: 6 }, [brug.offerId]: { approach: 4, cooperation: 4, monitoring: 4 } });
    await scoreOffer(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, scoreRows({ approach: 10, cooperation: 8, monitoring: 6 }));

    const before = await getLotEvaluation(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id);
    expect(before.seesAllScores).toBe(false);
    expect(before.offers.every((offer) => offer.allScores.length === 0)).toBe(true);
    expect(Object.values(before.offers.find((offer) => offer.offerId === aurora.offerId)!.myScores).map((score) => score.score)).toEqual([10, 8, 6]);
    expect(before.offers.flatMap((offer) => Object.keys(offer.consensus))).toEqual([]);
    expect(before.assessors).toEqual([
      { userId: assessorA.id, name: "Anna Beoordelaar", handedInAt: null },
      { userId: assessorB.id, name: "Bram Beoordelaar", handedInAt: expect.any(Date) },
    ]);
    // not everything is scored yet: handing in is refused and says what is missing
    expect(before.canHandIn).toBe(false);
    const incomplete = violation(await caught(() => handInScores(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id)));
    expect(incomplete.message).toBe("U heeft nog niet alles gescoord. Ontbreekt: Taalhuis De Brug – Plan van aanpak; Taalhuis De Brug – Samenwerking in de keten; Taalhuis De Brug – Monitoring en klantbeleving.");

    await scoreOffer(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id, brug.offerId, scoreRows({ approach: 8, cooperation: 6, monitoring: 10 }));
    await handInScores(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id);

    const after = await getLotEvaluation(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id);
    expect(after.seesAllScores).toBe(true);
    expect(after.offers.find((offer) => offer.offerId === aurora.offerId)!.allScores.filter((score) => score.criterionId === approach).map((score) => [score.assessorName, score.score])).toEqual([
      ["Anna Beoordelaar", 10],
      ["Bram Beoordelaar", 6],
    ]);
    expect(await caught(() => scoreOffer(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, scoreRows({ approach: 2, cooperation: 2, monitoring: 2 })))).toMatchObject({
      code: "evaluation.handedIn",
    });
    expect((await db.select().from(auditLog).where(eq(auditLog.action, "scores.handedIn"))).map((row) => row.actorName)).toEqual(["Bram Beoordelaar", "Anna Beoordelaar"]);
  });

  test("handing in waits for every knock-out decision of the lot", async () => {
    const { db } = database();
    const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug" }] });
    const [aurora] = scenario.bidders;
    await decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, aurora!.offerId, { decision: "admissible", reason: null });
    await assignLotPanel(db, scenario.clock, scenario.requester, scenario.tender.id, scenario.lot.id, { chairUserId: scenario.requester.id, assessorUserIds: [scenario.assessors[0].id] });
    await scoreOffer(db, scenario.clock, scenario.assessors[0], scenario.tender.id, scenario.lot.id, aurora!.offerId, scoreRows({ approach: 8, cooperation: 8, monitoring: 8 }));
    // De Brug is still pending: it cannot be scored, and handing in waits
    expect(await caught(() => scoreOffer(db, scenario.clock, scenario.assessors[0], scenario.tender.id, scenario.lot.id, scenario.bidders[1]!.offerId, scoreRows({ approach: 8, cooperation: 8, monitoring: 8 })))).toMatchObject({
      code: "evaluation.offerNotAdmissible",
    });
    expect(await caught(() => handInScores(db, scenario.clock, scenario.assessors[0], scenario.tender.id, scenario.lot.id))).toMatchObject({
      code: "evaluation.pendingAdmissibility",
      message: "Over de toelating van 1 inschrijving is nog niet beslist; daarna kunt u uw scores inleveren.",
    });
  });

  test("an assessor sees answers and answer attachments but no prices until quality is closed", async () => {
    const { db, scenario, aurora, assessorA } = await scoringScenario({ answerAttachments: true });
    const view = await getLotEvaluation(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id);

    const auroraView = view.offers.find((offer) => offer.offerId === aurora.offerId)!;
    expect(auroraView.answers.map((answer) => answer.criterionId)).toEqual([approach, cooperation, monitoring]);
    expect(auroraView.answers[0]!.text).toContain("Onze aanpak voor Plan van aanpak");
    expect(auroraView.attachments).toHaveLength(3);
    expect(view.ranking).toBeNull();
    const serialised = JSON.stringify(view);
    expect(serialised).not.toMatch(/PriceCents|unitPrice|prices/);
    expect(serialised).not.toContain(String(aurora.totalPriceCents));

    // the attachment of an answer can be downloaded; the evidence of a requirement is not the assessor's
    const attachment = auroraView.attachments[0]!;
    const file = await getOfferAttachment(db, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, attachment.fileId);
    expect(new TextDecoder().decode(file.bytes.slice(0, 5))).toBe("%PDF-");
    const [row] = await db.select().from(offers).where(eq(offers.id, aurora.offerId));
    const evidence = row!.draft.attachments.find((candidate) => candidate.purpose.kind === "requirement")!;
    expect(await caught(() => getOfferAttachment(db, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, evidence.fileId))).toBeInstanceOf(NotFoundError);
    expect((await getOfferAttachment(db, scenario.requester, scenario.tender.id, scenario.lot.id, aurora.offerId, evidence.fileId)).fileName).toBe(evidence.fileName);
  });
});

describe("consensus and closing", () => {
  test("only the chair sets the consensus, and only after every assessor has handed in", async () => {
    const { db, scenario, aurora, brug, chair, colleague, assessorA, assessorB } = await scoringScenario();
    const consensus = () => setConsensusScores(db, scenario.clock, chair, scenario.tender.id, scenario.lot.id, aurora.offerId, scoreRows({ approach: 8, cooperation: 8, monitoring: 8 }));
    await scoreAndHandIn(db, scenario, assessorA, { [aurora.offerId]: { approach: 10, cooperation: 8, monitoring: 6 }, [brug.offerId]: { approach: 8, cooperation: 6, monitoring: 10 } });

    expect(await caught(consensus)).toMatchObject({ code: "evaluation.notAllHandedIn", message: expect.stringContaining("(nog niet: Bram Beoordelaar)") });
    // before everyone handed in, the chair sees no individual scores either
    const chairView = await getLotEvaluation(db, scenario.clock, chair, scenario.tender.id, scenario.lot.id);
    expect(chairView).toMatchObject({ seesAllScores: false, canSetConsensus: false, you: { isChair: true, isAssessor: false } });
    expect(chairView.offers.every((offer) => offer.allScores.length === 0)).toBe(true);

    await scoreAndHandIn(db, scenario, assessorB, { [aurora.offerId]: { approach: 8, cooperation: 8, monitoring: 6 }, [brug.offerId]: { approach: 8, cooperation: 6, monitoring: 8 } });
    const notice = await db.select().from(notifications).where(eq(notifications.userId, chair.id));
    expect(notice.map((row) => row.title)).toContain(`Alle scores binnen: Perceel 1: ${scenario.lot.title} (${scenario.tender.reference})`);

    // another projectgroep member or an assessor is not the chair
    const notChair = () => setConsensusScores(db, scenario.clock, colleague, scenario.tender.id, scenario.lot.id, aurora.offerId, scoreRows({ approach: 8, cooperation: 8, monitoring: 8 }));
    expect(await caught(notChair)).toEqual(new ForbiddenError("Alleen de voorzitter van de beoordeling van dit perceel kan dit doen."));
    expect(await caught(() => setConsensusScores(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id, aurora.offerId, scoreRows({ approach: 8, cooperation: 8, monitoring: 8 })))).toBeInstanceOf(ForbiddenError);

    const ready = await getLotEvaluation(db, scenario.clock, chair, scenario.tender.id, scenario.lot.id);
    expect(ready).toMatchObject({ seesAllScores: true, canSetConsensus: true, canClose: false });
    expect(ready.offers.find((offer) => offer.offerId === aurora.offerId)!.allScores).toHaveLength(6);
    await consensus();
    // closing waits for every consensus score
    expect(await caught(() => closeQuality(db, scenario.clock, chair, scenario.tender.id, scenario.lot.id))).toMatchObject({
      code: "evaluation.incompleteConsensus",
      message: "Nog niet voor alle criteria is een consensusscore vastgesteld. Ontbreekt: Taalhuis De Brug – Plan van aanpak; Taalhuis De Brug – Samenwerking in de keten; Taalhuis De Brug – Monitoring en klantbeleving.",
    });
    expect(await caught(() => closeQuality(db, scenario.clock, colleague, scenario.tender.id, scenario.lot.id))).toBeInstanceOf(ForbiddenError);
  });

  test("closing quality shows the prices and ranks the lot from the consensus with the tender's formula", async () => {
    const { db, scenario, aurora, brug, chair, colleague, assessorA, assessorB } = await scoringScenario();
    await scoreAndHandIn(db, scenario, assessorA, { [aurora.offerId]: { approach: 10, cooperation: 8, monitoring: 6 }, [brug.offerId]: { approach: 8, cooperation: 6, monitoring: 10 } });
    await scoreAndHandIn(db, scenario, assessorB, { [aurora.offerId]: { approach: 8, cooperation: 8, monitoring: 6 }, [brug.offerId]: { approach: 8, cooperation: 6, monitoring: 8 } });
    await setConsensus(db, scenario, chair, { [aurora.offerId]: { approach: 10, cooperation: 8, monitoring: 6 }, [brug.offerId]: { approach: 8, cooperation: 6, monitoring: 10 } });

    // while assessing: the chair (on the panel) gets no offers from getLotResult, another member sees prices
    expect((await getLotResult(db, chair, scenario.tender.id, scenario.lot.id)).offers).toEqual([]);
    expect((await getLotResult(db, colleague, scenario.tender.id, scenario.lot.id)).offers.map((offer) => offer.totalPriceCents).sort()).toEqual([brug.totalPriceCents, aurora.totalPriceCents].sort());

    const ranking = await closeQuality(db, scenario.clock, chair, scenario.tender.id, scenario.lot.id);

    // Every price component costs € 100 at Aurora and € 80 at De Brug, so De Brug is the lowest and
    // Aurora gets 30 × 80/100 = 24,00 price points (lowest price / offered price × 30).
    // Aurora: quality 10/10 × 40 + 8/10 × 20 + 6/10 × 10 = 40 + 16 + 6 = 62 → total 86,00
    // De Brug: quality 8/10 × 40 + 6/10 × 20 + 10/10 × 10 = 32 + 12 + 10 = 54 → total 84,00
    expect(aurora.totalPriceCents * 80).toBe(brug.totalPriceCents * 100);
    expect(ranking.map(({ organisationName, qualityPoints, pricePoints, totalPoints, rank, tied }) => ({ organisationName, qualityPoints, pricePoints, totalPoints, rank, tied }))).toEqual([
      { organisationName: "Taalschool Aurora", qualityPoints: 62, pricePoints: 24, totalPoints: 86, rank: 1, tied: false },
      { organisationName: "Taalhuis De Brug", qualityPoints: 54, pricePoints: 30, totalPoints: 84, rank: 2, tied: false },
    ]);

    const result = await readLotResult(db, scenario.tender.id, scenario.lot.id);
    expect(result).toMatchObject({ status: "ready", tieAtTop: false, unsuccessfulReason: null });
    expect(result.ranking).toEqual(ranking);
    expect(result.consensusMotivations[aurora.offerId]).toEqual({ [approach]: "Consensus na bespreking in de commissie.", [cooperation]: "Consensus na bespreking in de commissie.", [monitoring]: "Consensus na bespreking in de commissie." });
    expect(result.offers.find((offer) => offer.offerId === aurora.offerId)).toMatchObject({ organisationName: "Taalschool Aurora", kvkNumber: aurora.kvkNumber, version: 1, totalPriceCents: aurora.totalPriceCents, admissibility: "admissible" });
    expect(await getLotResult(db, chair, scenario.tender.id, scenario.lot.id)).toEqual(result);

    // now the assessors see prices and ranking; nothing can change any more
    const assessorView = await getLotEvaluation(db, scenario.clock, assessorA, scenario.tender.id, scenario.lot.id);
    expect(assessorView.ranking?.map((offer) => [offer.organisationName, offer.totalPriceCents])).toEqual([
      ["Taalschool Aurora", aurora.totalPriceCents],
      ["Taalhuis De Brug", brug.totalPriceCents],
    ]);
    expect(await caught(() => setConsensusScores(db, scenario.clock, chair, scenario.tender.id, scenario.lot.id, brug.offerId, scoreRows({ approach: 10, cooperation: 10, monitoring: 10 })))).toMatchObject({
      code: "evaluation.qualityClosed",
    });
    expect(await caught(() => decideAdmissibility(db, scenario.clock, chair, scenario.tender.id, brug.offerId, { decision: "excluded", reason: "Te laat bedacht." }))).toMatchObject({ code: "evaluation.qualityClosed" });

    // every step is in the audit log, with who did it
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, scenario.tender.id));
    const actions = audit.map((row) => `${row.action}:${row.actorName}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        "opening.requested:Petra Projectgroep",
        "opening.confirmed:Quinten Projectgroep",
        "offer.admitted:Petra Projectgroep",
        "lot.panelAssigned:Petra Projectgroep",
        "offer.scored:Anna Beoordelaar",
        "scores.handedIn:Bram Beoordelaar",
        "offer.consensusSet:Petra Projectgroep",
        "lot.qualityClosed:Petra Projectgroep",
      ]),
    );
    expect(audit.find((row) => row.action === "lot.qualityClosed")!.summary).toContain("rangorde: 1. Taalschool Aurora (86,00 punten), 2. Taalhuis De Brug (84,00 punten)");
  });

  test("closing is refused when a price cannot be scored (€ 0): the offers module refuses such a submission, this is the second line", async () => {
    const { db } = database();
    const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }] });
    // a version with a total of € 0, written straight into the tables as a faulty import would
    const free = await createTestOrganisation(db, { name: "Taalschool Gratis" });
    const [source] = await db.select().from(offers).where(eq(offers.id, scenario.bidders[0]!.offerId));
    const [sourceVersion] = await db.select().from(offerVersions).where(eq(offerVersions.offerId, source!.id));
    const [freeOffer] = await db
      .insert(offers)
      .values({ ...source!, id: undefined, organisationId: free.id, admissibility: "pending", admissibilityDecidedAt: null, admissibilityDecidedByUserId: null })
      .returning({ id: offers.id });
    await db.insert(offerVersions).values({
      ...sourceVersion!,
      offerId: freeOffer!.id,
      totalPriceCents: 0,
      content: { ...sourceVersion!.content, organisation: { ...sourceVersion!.content.organisation, name: free.name }, prices: sourceVersion!.content.prices.map((line) => ({ ...line, unitPriceCents: 0, totalCents: 0 })), totalPriceCents: 0 },
    });
    const offerIds = [scenario.bidders[0]!.offerId, freeOffer!.id];
    await admitAllAndAssign(db, { ...scenario, bidders: [] }, { assessors: [scenario.assessors[0]] });
    for (const offerId of offerIds) await decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, offerId, { decision: "admissible", reason: null });
    const scores = Object.fromEntries(offerIds.map((offerId) => [offerId, { approach: 8, cooperation: 8, monitoring: 8 }]));
    await scoreAndHandIn(db, scenario, scenario.assessors[0], scores);
    await setConsensus(db, scenario, scenario.requester, scores);

    const refusal = violation(await caught(() => closeQuality(db, scenario.clock, scenario.requester, scenario.tender.id, scenario.lot.id)));

    expect(refusal).toMatchObject({ code: "evaluation.priceNotScorable", message: "De prijzen kunnen niet worden gescoord: Een prijs van € 0 kan niet worden gescoord; vraag de inschrijver om een verduidelijking." });
    expect((await readLotResult(db, scenario.tender.id, scenario.lot.id)).status).toBe("assessing");
  });
});
