// The outcome of one lot's evaluation (lot-result.ts), for the award step.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/types";
import { ForbiddenError } from "../errors";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { consensusScores, lotAssessors, lotEvaluations } from "./evaluation.sql";
import { findLot, loadCountedOffers, loadPublishedTender, rankingOf, type CountedOffer } from "./evaluation-data.server";
import type { LotResult, LotResultStatus, OpenedOffer } from "./lot-result";
import { isTenderOpened } from "./opening.server";
import type { RankedOffer } from "./ranking";

function openedOffer(offer: CountedOffer): OpenedOffer {
  return {
    offerId: offer.offerId,
    organisationId: offer.organisationId,
    organisationName: offer.organisationName,
    kvkNumber: offer.kvkNumber,
    version: offer.version,
    submittedAt: offer.submittedAt.toISOString(),
    contentHash: offer.contentHash,
    totalPriceCents: offer.totalPriceCents,
    admissibility: offer.admissibility,
    exclusionReason: offer.exclusionReason,
  };
}

/**
 * The result of one lot, WITHOUT any authorisation: for domain callers that have already decided
 * the actor may see it, or that act for the system (award letters to every bidder, the contract
 * created at the final award). Never hand it to a route directly; routes use `getLotResult`.
 *
 * Sealed: before the opening it returns status "notOpened" with no offers, and reads no offer
 * table. Throws NotFoundError for an unknown tender (or a draft) or lot.
 */
export async function readLotResult(db: Db, tenderId: string, lotId: string): Promise<LotResult> {
  const { tender, content } = await loadPublishedTender(db, tenderId);
  const lot = findLot(content, lotId);
  const base = {
    tenderId,
    tenderReference: tender.reference,
    tenderTitle: tender.title,
    lotId,
    lotNumber: lot.number,
    lotTitle: lot.title,
  };
  if (!(await isTenderOpened(db, tenderId))) {
    return { ...base, status: "notOpened", unsuccessfulReason: null, offers: [], ranking: [], consensusMotivations: {}, tieAtTop: false };
  }

  const [evaluation] = await db.select().from(lotEvaluations).where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lotId)));
  const counted = await loadCountedOffers(db, tenderId, lotId);
  const status: LotResultStatus = evaluation?.status === "unsuccessful" ? "unsuccessful" : evaluation?.status === "qualityClosed" ? "ready" : "assessing";
  let ranking: RankedOffer[] = [];
  const consensusMotivations: Record<string, Record<string, string>> = {};
  if (status === "ready") {
    const admissible = counted.filter((offer) => offer.admissibility === "admissible");
    const rows = admissible.length
      ? await db
          .select()
          .from(consensusScores)
          .where(inArray(consensusScores.offerId, admissible.map((offer) => offer.offerId)))
      : [];
    for (const row of rows) (consensusMotivations[row.offerId] ??= {})[row.criterionId] = row.motivation;
    // closeQuality already checked that this ranks (every consensus score set, no zero price)
    ranking = rankingOf(content, lot, admissible, rows);
  }
  return {
    ...base,
    status,
    unsuccessfulReason: status === "unsuccessful" ? (evaluation?.unsuccessfulReason ?? null) : null,
    offers: counted.map(openedOffer),
    ranking,
    consensusMotivations,
    tieAtTop: ranking.length > 1 && ranking[0]!.tied,
  };
}

/**
 * The result of one lot for the projectgroep (manage:evaluation or decide:award). Before the
 * opening: status "notOpened" and nothing about offers.
 *
 * Two envelopes: while the lot is still being assessed, a member of that lot's panel (its chair or
 * an assigned assessor) must not see prices, so for them `offers` is empty until quality is
 * closed (they follow the assessment on the evaluation pages, which show no prices). Other
 * projectgroep members see the opened offers with their prices.
 */
export async function getLotResult(db: Db, actor: Actor, tenderId: string, lotId: string): Promise<LotResult> {
  if (!hasPermission(actor, "manage:evaluation") && !hasPermission(actor, "decide:award")) throw new ForbiddenError();
  const result = await readLotResult(db, tenderId, lotId);
  if (result.status !== "assessing") return result;
  const [evaluation] = await db
    .select({ chairUserId: lotEvaluations.chairUserId })
    .from(lotEvaluations)
    .where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lotId)));
  const [assigned] = await db
    .select({ userId: lotAssessors.userId })
    .from(lotAssessors)
    .where(and(eq(lotAssessors.tenderId, tenderId), eq(lotAssessors.lotId, lotId), eq(lotAssessors.userId, actor.id)));
  const onPanel = evaluation?.chairUserId === actor.id || Boolean(assigned);
  return onPanel ? { ...result, offers: [] } : result;
}
