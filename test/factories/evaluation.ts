// Opened tenders for the opening and evaluation tests. Offers are submitted through the real
// offers commands (test/factories/offers.ts), the opening is the real four-eyes opening, and the
// evaluation steps are the real commands, so a test of a later step runs the whole chain.
//
//   const scenario = await openedTenderScenario(db, { bidders: [{ name: "Taalschool Aurora" }, { name: "Taalhuis De Brug", unitPriceCents: 120_00 }] });
//   scenario.lot.id, scenario.bidders[0].offerId, scenario.projectgroup.requester, …
import type { Db } from "../../app/db/types";
import { confirmOpening, requestOpening } from "../../app/domain/evaluation/opening.server";
import { assignLotPanel, decideAdmissibility, handInScores, scoreOffer, setConsensusScores } from "../../app/domain/evaluation/evaluation.server";
import type { Actor } from "../../app/domain/identity/roles";
import type { Lot, Requirement } from "../../app/domain/tenders/tender-content";
import { createMovableClock, type MovableClock } from "../../app/utils/clock.server";
import { createTestUser } from "./identity";
import { createPublishedTenderWithLots, createTestSupplier, submitTestOffer, type OfferTestTender } from "./offers";
import { testAwardCriterionIds } from "./tender-content";

/** Before the deadline of a scenario's tender: 1 December 2026, 10:00 in Amsterdam. */
export const SCENARIO_START = new Date("2026-12-01T09:00:00Z");
const MINUTE = 60_000;

export interface BidderOptions {
  name: string;
  /** Lot number (default 1). */
  lotNumber?: number;
  /** One unit price for every price component (cents), or one per component. */
  unitPriceCents?: number | readonly number[];
  /** Ids of requirements answered "nee" (the rest "ja"). */
  requirementsNotMet?: readonly string[];
  /** Attach a PDF to every quality criterion's answer. */
  answerAttachments?: boolean;
}

export interface ScenarioBidder {
  name: string;
  organisationId: string;
  kvkNumber: string;
  supplier: Actor;
  lotId: string;
  offerId: string;
  contentHash: string;
  totalPriceCents: number;
}

export interface EvaluationScenario {
  clock: MovableClock;
  tender: OfferTestTender;
  /** Lot 1 of the tender. */
  lot: Lot;
  /** Two projectgroep members: the one who requests the opening and the one who confirms it. */
  requester: Actor;
  confirmer: Actor;
  assessors: [Actor, Actor];
  bidders: ScenarioBidder[];
  /** The mandatory requirements that apply to lot 1. */
  mandatoryOfLot1: Requirement[];
}

/**
 * A published tender (3 lots unless `lots`), bids submitted before the deadline, and the clock one
 * minute after the deadline. Opened under four eyes unless `open: false`.
 */
export async function openedTenderScenario(
  db: Db,
  options: { bidders?: BidderOptions[]; lots?: number; open?: boolean } = {},
): Promise<EvaluationScenario> {
  const clock = createMovableClock(SCENARIO_START);
  const requester = await createTestUser(db, { roles: ["projectgroup"], name: "Petra Projectgroep" });
  const confirmer = await createTestUser(db, { roles: ["projectgroup", "contractManager"], name: "Quinten Projectgroep" });
  const assessors: [Actor, Actor] = [
    await createTestUser(db, { roles: ["assessor"], name: "Anna Beoordelaar" }),
    await createTestUser(db, { roles: ["assessor"], name: "Bram Beoordelaar" }),
  ];
  const tender = await createPublishedTenderWithLots(db, clock, { projectgroup: requester, lots: options.lots });
  const bidders: ScenarioBidder[] = [];
  for (const bidder of options.bidders ?? []) {
    const lot = tender.content.lots.find((candidate) => candidate.number === (bidder.lotNumber ?? 1));
    if (!lot) throw new Error(`the tender has no lot ${bidder.lotNumber}`);
    const { organisationId, kvkNumber, supplier } = await createTestSupplier(db, { organisationName: bidder.name });
    const receipt = await submitTestOffer(db, clock, {
      tenderId: tender.id,
      lotId: lot.id,
      supplier,
      unitPriceCents: bidder.unitPriceCents,
      requirementsNotMet: bidder.requirementsNotMet,
      answerAttachments: bidder.answerAttachments,
    });
    bidders.push({ name: bidder.name, organisationId, kvkNumber, supplier, lotId: lot.id, offerId: receipt.offerId, contentHash: receipt.contentHash, totalPriceCents: receipt.totalPriceCents });
    clock.advance(MINUTE);
  }
  clock.set(new Date(tender.submissionDeadline.getTime() + MINUTE));
  if (options.open ?? true) await openTestTender(db, clock, requester, confirmer, tender.id);
  const lot = tender.content.lots[0]!;
  return {
    clock,
    tender,
    lot,
    requester,
    confirmer,
    assessors,
    bidders,
    mandatoryOfLot1: tender.content.requirements.filter((requirement) => requirement.kind === "mandatory" && (requirement.lotId === null || requirement.lotId === lot.id)),
  };
}

/** The four-eyes opening: `requester` asks, `confirmer` confirms a minute later. */
export async function openTestTender(db: Db, clock: MovableClock, requester: Actor, confirmer: Actor, tenderId: string): Promise<void> {
  const { requestId } = await requestOpening(db, clock, requester, tenderId);
  clock.advance(MINUTE);
  await confirmOpening(db, clock, confirmer, tenderId, requestId);
}

/** Every bidder of `lotId` admitted, `chair` named and `assessors` assigned. */
export async function admitAllAndAssign(db: Db, scenario: EvaluationScenario, options: { lotId?: string; chair?: Actor; assessors?: readonly Actor[] } = {}): Promise<void> {
  const lotId = options.lotId ?? scenario.lot.id;
  for (const bidder of scenario.bidders.filter((candidate) => candidate.lotId === lotId)) {
    await decideAdmissibility(db, scenario.clock, scenario.requester, scenario.tender.id, bidder.offerId, { decision: "admissible", reason: null });
  }
  await assignLotPanel(db, scenario.clock, scenario.requester, scenario.tender.id, lotId, {
    chairUserId: (options.chair ?? scenario.requester).id,
    assessorUserIds: (options.assessors ?? scenario.assessors).map((assessor) => assessor.id),
  });
}

/** Scores on the factory tender's quality criteria (scale 0–10, step 2). */
export interface QualityScores {
  approach: number;
  cooperation: number;
  monitoring: number;
}

export function scoreRows(scores: QualityScores, motivation = "Onderbouwd met een concreet voorbeeld uit de praktijk.") {
  return [
    { criterionId: testAwardCriterionIds.approach, score: scores.approach, motivation },
    { criterionId: testAwardCriterionIds.cooperation, score: scores.cooperation, motivation },
    { criterionId: testAwardCriterionIds.monitoring, score: scores.monitoring, motivation },
  ];
}

/** `assessor` scores every offer (by offer id) and hands in. */
export async function scoreAndHandIn(db: Db, scenario: EvaluationScenario, assessor: Actor, scores: Record<string, QualityScores>, lotId = scenario.lot.id): Promise<void> {
  for (const [offerId, offerScores] of Object.entries(scores)) {
    await scoreOffer(db, scenario.clock, assessor, scenario.tender.id, lotId, offerId, scoreRows(offerScores));
  }
  await handInScores(db, scenario.clock, assessor, scenario.tender.id, lotId);
}

/** The chair sets the consensus of every offer (by offer id). */
export async function setConsensus(db: Db, scenario: EvaluationScenario, chair: Actor, scores: Record<string, QualityScores>, lotId = scenario.lot.id): Promise<void> {
  for (const [offerId, offerScores] of Object.entries(scores)) {
    await setConsensusScores(db, scenario.clock, chair, scenario.tender.id, lotId, offerId, scoreRows(offerScores, "Consensus na bespreking in de commissie."));
  }
}
