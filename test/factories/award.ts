// A lot ready to be awarded, for the award tests, made through the real chain: a published tender,
// offers submitted with submitOffer before the deadline (test/factories/offers.ts), the four-eyes
// opening, the knock-out decisions, the panel, two assessors scoring and handing in, the chair's
// consensus (with a motivation per bidder and criterion, so letters can be checked) and the
// quality envelope closed. The award then reads it all through readLotResult / getLotResult.
import type { Db } from "../../app/db/types";
import { assignLotPanel, closeQuality, decideAdmissibility, handInScores, scoreOffer, setConsensusScores } from "../../app/domain/evaluation/evaluation.server";
import type { Actor } from "../../app/domain/identity/roles";
import type { Lot, TenderContent } from "../../app/domain/tenders/tender-content";
import { createMovableClock, type MovableClock } from "../../app/utils/clock.server";
import { openTestTender } from "./evaluation";
import { createTestUser } from "./identity";
import { createPublishedTenderWithLots, createTestSupplier, submitTestOffer, type OfferTestTender } from "./offers";
import { testAwardCriterionIds } from "./tender-content";

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;

/** Consensus scores on the quality criteria of buildAwardCriteria (scale 0–10, step 2). */
export interface QualityScores {
  approach: number;
  cooperation: number;
  monitoring: number;
}

export interface BidderSpec {
  name: string;
  /** Unit prices in cents of lot 1's two price components (Traject, Aanvullende begeleiding). */
  unitPrices: [number, number];
  /** Scores of both assessors and the consensus; ignored for an excluded offer. */
  scores: QualityScores;
  /** Answers a mandatory requirement "nee" and is excluded at the knock-out check with this reason. */
  excluded?: string;
}

export interface AwardScenarioOptions {
  bidders: BidderSpec[];
  /** The submission deadline; default 15 December 2026 12:00 in Amsterdam. Offers go in the two weeks before. */
  submissionDeadline?: Date;
  /** Merged into the tender content (e.g. a different contract term). */
  content?: Partial<TenderContent>;
  /** Stop before the chair closes quality: the lot is still "assessing". */
  assessing?: boolean;
  /** Do not open the tender at all. */
  unopened?: boolean;
}

export interface ScenarioBidder {
  name: string;
  organisationId: string;
  kvkNumber: string;
  offerId: string;
  /** The supplier user who submitted the offer. */
  user: Actor;
  totalPriceCents: number;
}

export interface AwardScenario {
  tender: OfferTestTender;
  /** Lot 1 of the tender (B1-route). */
  lot: Lot;
  /** After the opening (or the deadline): one minute after the deadline, plus the steps taken. */
  clock: MovableClock;
  /** Two projectgroep members: the first requested the opening and chairs the lot, the second confirmed. */
  projectgroup: [Actor, Actor];
  assessors: [Actor, Actor];
  bidders: ScenarioBidder[];
  bidder(name: string): ScenarioBidder;
}

/** The chair's consensus motivation of a bidder on a criterion, as the letters quote it. */
export const motivationFor = (bidder: string, criterion: keyof QualityScores) => `Consensus ${criterion} voor ${bidder}: sterk onderbouwd met voorbeelden uit de praktijk.`;

const criteria: [keyof QualityScores, string][] = [
  ["approach", testAwardCriterionIds.approach],
  ["cooperation", testAwardCriterionIds.cooperation],
  ["monitoring", testAwardCriterionIds.monitoring],
];

function rows(scores: QualityScores, motivation: (key: keyof QualityScores) => string) {
  return criteria.map(([key, criterionId]) => ({ criterionId, score: scores[key], motivation: motivation(key) }));
}

/** A tender whose lot 1 has the given bidders, opened, assessed and (unless told) closed. */
export async function createAwardScenario(db: Db, options: AwardScenarioOptions): Promise<AwardScenario> {
  const deadline = options.submissionDeadline ?? new Date("2026-12-15T11:00:00.000Z");
  const clock = createMovableClock(new Date(deadline.getTime() - 14 * DAY));
  const chair = await createTestUser(db, { roles: ["projectgroup"] });
  const confirmer = await createTestUser(db, { roles: ["projectgroup"] });
  const assessors: [Actor, Actor] = [await createTestUser(db, { roles: ["assessor"] }), await createTestUser(db, { roles: ["assessor"] })];
  const tender = await createPublishedTenderWithLots(db, clock, { lots: 1, submissionDeadline: deadline, projectgroup: chair, content: options.content });
  const lot = tender.content.lots[0]!;
  const mandatory = tender.content.requirements.find((requirement) => requirement.kind === "mandatory" && (requirement.lotId === null || requirement.lotId === lot.id));

  const bidders: ScenarioBidder[] = [];
  for (const spec of options.bidders) {
    const { organisationId, kvkNumber, supplier } = await createTestSupplier(db, { organisationName: spec.name, userName: `Medewerker ${spec.name}` });
    const receipt = await submitTestOffer(db, clock, {
      tenderId: tender.id,
      lotId: lot.id,
      supplier,
      unitPriceCents: spec.unitPrices,
      requirementsNotMet: spec.excluded && mandatory ? [mandatory.id] : [],
    });
    bidders.push({ name: spec.name, organisationId, kvkNumber, offerId: receipt.offerId, user: supplier, totalPriceCents: receipt.totalPriceCents });
    clock.advance(MINUTE);
  }
  clock.set(new Date(deadline.getTime() + MINUTE));

  if (!options.unopened) {
    await openTestTender(db, clock, chair, confirmer, tender.id);
    for (const [index, spec] of options.bidders.entries()) {
      await decideAdmissibility(db, clock, chair, tender.id, bidders[index]!.offerId, spec.excluded ? { decision: "excluded", reason: spec.excluded } : { decision: "admissible", reason: null });
    }
    const scored = options.bidders.map((spec, index) => ({ spec, bidder: bidders[index]! })).filter(({ spec }) => !spec.excluded);
    if (scored.length) {
      await assignLotPanel(db, clock, chair, tender.id, lot.id, { chairUserId: chair.id, assessorUserIds: assessors.map((assessor) => assessor.id) });
      for (const assessor of assessors) {
        for (const { spec, bidder } of scored) {
          await scoreOffer(db, clock, assessor, tender.id, lot.id, bidder.offerId, rows(spec.scores, () => "Onderbouwd met een concreet voorbeeld uit de praktijk."));
        }
        await handInScores(db, clock, assessor, tender.id, lot.id);
      }
      for (const { spec, bidder } of scored) {
        await setConsensusScores(db, clock, chair, tender.id, lot.id, bidder.offerId, rows(spec.scores, (key) => motivationFor(spec.name, key)));
      }
      if (!options.assessing) await closeQuality(db, clock, chair, tender.id, lot.id);
    }
  }

  return {
    tender,
    lot,
    clock,
    projectgroup: [chair, confirmer],
    assessors,
    bidders,
    bidder(name: string) {
      const found = bidders.find((bidder) => bidder.name === name);
      if (!found) throw new Error(`unknown bidder ${name}`);
      return found;
    },
  };
}
