// The sealed rule (domain.md §5) for everything the evaluation module offers: before the opening no
// municipal role, admin included, learns anything about offers, not even whether there are any.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { caught } from "../../../test/factories/errors";
import { createTestUser, municipalityId } from "../../../test/factories/identity";
import { openedTenderScenario, scoreRows, type EvaluationScenario } from "../../../test/factories/evaluation";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError } from "../errors";
import type { Actor } from "../identity/roles";
import {
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
import { getOpeningRecordPdf, getOpeningStatus, NOT_OPENED_MESSAGE } from "./opening.server";

const database = useTestDatabase();

async function municipalActors(scenario: EvaluationScenario): Promise<Record<string, Actor>> {
  const { db } = database();
  return {
    admin: await createTestUser(db, { roles: ["admin"], name: "Bea Beheerder" }),
    projectgroup: scenario.requester,
    assessor: scenario.assessors[0],
    contractManager: await createTestUser(db, { roles: ["contractManager"], name: "Carla Contractmanager" }),
    municipality: await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") }),
  };
}

/** Every call an actor could make about offers, by name; each result or refusal reduced to what it reveals. */
async function everything(scenario: EvaluationScenario, actor: Actor, offerId: string) {
  const { db } = database();
  const { clock, tender, lot } = scenario;
  const outcome = async (call: () => Promise<unknown>) => {
    try {
      const result = await call();
      return { result: JSON.parse(JSON.stringify(result, (key, value) => (key === "id" || key === "tenderId" || key === "reference" || key === "tenderReference" ? "…" : value))) as unknown };
    } catch (error) {
      return { refused: (error as Error).constructor.name, message: (error as Error).message };
    }
  };
  const rows = scoreRows({ approach: 8, cooperation: 8, monitoring: 8 });
  return {
    openingStatus: await outcome(async () => {
      const status = await getOpeningStatus(db, clock, actor, tender.id);
      return { ...status, tender: { ...status.tender, submissionDeadline: "…" } };
    }),
    openingRecordPdf: await outcome(() => getOpeningRecordPdf(db, clock, actor, tender.id)),
    overview: await outcome(async () => {
      const overview = await getEvaluationOverview(db, clock, actor, tender.id);
      return { ...overview, tender: { ...overview.tender, submissionDeadline: "…" } };
    }),
    lotEvaluation: await outcome(() => getLotEvaluation(db, clock, actor, tender.id, lot.id)),
    decideAdmissibility: await outcome(() => decideAdmissibility(db, clock, actor, tender.id, offerId, { decision: "excluded", reason: "Test" })),
    assignLotPanel: await outcome(() => assignLotPanel(db, clock, actor, tender.id, lot.id, { chairUserId: actor.id, assessorUserIds: [actor.id] })),
    scoreOffer: await outcome(() => scoreOffer(db, clock, actor, tender.id, lot.id, offerId, rows)),
    handInScores: await outcome(() => handInScores(db, clock, actor, tender.id, lot.id)),
    setConsensusScores: await outcome(() => setConsensusScores(db, clock, actor, tender.id, lot.id, offerId, rows)),
    closeQuality: await outcome(() => closeQuality(db, clock, actor, tender.id, lot.id)),
    attachment: await outcome(() => getOfferAttachment(db, actor, tender.id, lot.id, offerId, randomUUID())),
    lotResult: await outcome(() => getLotResult(db, actor, tender.id, lot.id)),
  };
}

test("before the opening every evaluation function reveals nothing or refuses, for every municipal role, whether or not offers exist", async () => {
  const { db } = database();
  const withOffers = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora", answerAttachments: true }, { name: "Taalhuis De Brug" }] });
  const empty = await openedTenderScenario(db, { open: false });
  empty.clock.set(withOffers.clock.now());
  const actors = await municipalActors(withOffers);
  const realOfferId = withOffers.bidders[0]!.offerId;

  for (const [role, actor] of Object.entries(actors)) {
    const seen = await everything(withOffers, actor, realOfferId);
    // the same actor on a tender without any offer (and with a made-up offer id) sees exactly the same
    const seenOnEmpty = await everything({ ...empty, requester: withOffers.requester }, actor, randomUUID());
    expect({ role, seen }).toEqual({ role, seen: seenOnEmpty });
    expect(JSON.stringify(seen)).not.toMatch(/Aurora|Brug|offerId|contentHash|PriceCents/);

    const expectedStatus = role === "projectgroup" ? { result: expect.objectContaining({ opened: false, record: null }) } : { refused: "ForbiddenError", message: expect.any(String) };
    expect(seen.openingStatus).toEqual(expectedStatus);
    expect(seen.overview).toEqual(
      role === "projectgroup" || role === "assessor"
        ? { result: { opened: false, tender: { id: "…", reference: "…", title: withOffers.tender.content.title, submissionDeadline: "…" } } }
        : { refused: "ForbiddenError", message: expect.any(String) },
    );
    for (const call of ["openingRecordPdf", "lotEvaluation", "decideAdmissibility", "assignLotPanel", "scoreOffer", "handInScores", "setConsensusScores", "closeQuality", "attachment"] as const) {
      expect({ role, call, outcome: seen[call] }).toEqual({ role, call, outcome: { refused: "ForbiddenError", message: expect.any(String) } });
    }
    expect(seen.lotResult).toEqual(
      role === "projectgroup"
        ? { result: expect.objectContaining({ status: "notOpened", offers: [], ranking: [], consensusMotivations: {}, tieAtTop: false }) }
        : { refused: "ForbiddenError", message: expect.any(String) },
    );
  }
  // the projectgroep and assessors are told why: the tender is not opened yet
  expect((await everything(withOffers, actors.projectgroup!, realOfferId)).lotEvaluation).toEqual({ refused: "ForbiddenError", message: NOT_OPENED_MESSAGE });
  // nothing was written about offers, and the refused commands changed nothing
  expect(await db.select().from(auditLog).where(eq(auditLog.entityId, withOffers.tender.id))).toEqual([]);
});

test("readLotResult (for domain callers) says notOpened with no offers before the opening", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { open: false, bidders: [{ name: "Taalschool Aurora" }] });

  const result = await readLotResult(db, scenario.tender.id, scenario.lot.id);

  expect(result).toEqual({
    tenderId: scenario.tender.id,
    tenderReference: scenario.tender.reference,
    tenderTitle: scenario.tender.content.title,
    lotId: scenario.lot.id,
    lotNumber: 1,
    lotTitle: scenario.lot.title,
    status: "notOpened",
    unsuccessfulReason: null,
    offers: [],
    ranking: [],
    consensusMotivations: {},
    tieAtTop: false,
  });
});

test("a supplier cannot reach the municipal side of the opening or the evaluation", async () => {
  const { db } = database();
  const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }] });
  const supplier = scenario.bidders[0]!.supplier;

  expect(await caught(() => getOpeningStatus(db, scenario.clock, supplier, scenario.tender.id))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => getEvaluationOverview(db, scenario.clock, supplier, scenario.tender.id))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => getLotEvaluation(db, scenario.clock, supplier, scenario.tender.id, scenario.lot.id))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => getLotResult(db, supplier, scenario.tender.id, scenario.lot.id))).toBeInstanceOf(ForbiddenError);
});
