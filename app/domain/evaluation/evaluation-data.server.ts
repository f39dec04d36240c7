// Reading a tender's offers for the opening and the evaluation.
//
// Sealed (domain.md §5): this module reads the offer tables but decides nothing about who may see
// them. Every exported reader of offers assumes its caller has already passed the sealed gate,
// `assertTenderOpened` (opening.server.ts), for the tender; callers outside app/domain/evaluation
// must not use it.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/types";
import { NotFoundError, RuleViolation } from "../errors";
import { storedFileSha256s } from "../files/file-storage.server";
import { userRoles, users } from "../identity/identity.sql";
import { offerVersionHash } from "../offers/offer-receipt.server";
import type { OfferVersionContent } from "../offers/offer-content";
import { offers, offerVersions } from "../offers/offer.sql";
import { organisations } from "../organisations/organisations.sql";
import type { Lot, TenderContent } from "../tenders/tender-content";
import { tenders, tenderVersions } from "../tenders/tender.sql";
import type { consensusScores } from "./evaluation.sql";
import { rankOffers, type RankedOffer } from "./ranking";

export type TenderRow = typeof tenders.$inferSelect;

export interface PublishedTender {
  tender: TenderRow;
  /** The latest published version: what the suppliers answered and what is evaluated. */
  content: TenderContent;
  version: number;
}

const tenderNotFound = () => new NotFoundError("Deze aanbesteding bestaat niet.");

/** A published (or cancelled after publication) tender with its latest published content; a draft is "not found". */
export async function loadPublishedTender(db: Db, tenderId: string, options: { forUpdate?: boolean } = {}): Promise<PublishedTender> {
  const query = db.select().from(tenders).where(eq(tenders.id, tenderId));
  const [tender] = options.forUpdate ? await query.for("update") : await query;
  if (!tender || !tender.publishedVersion) throw tenderNotFound();
  const [version] = await db
    .select({ content: tenderVersions.content })
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, tender.publishedVersion)));
  if (!version) throw tenderNotFound();
  return { tender, content: version.content, version: tender.publishedVersion };
}

export const TENDER_CANCELLED_MESSAGE = "Deze aanbesteding is ingetrokken; er kan niet meer worden beoordeeld of gegund.";

/**
 * For every evaluation and award command (each one that changes state): the published tender,
 * refused with a RuleViolation once it is cancelled (domain.md §6: cancelled from any state before
 * awarded; after that nothing is assessed or awarded any more). The tender row is share-locked for
 * the rest of the transaction, so a concurrent `cancelTender` (which locks it for update) waits for
 * the command, and a command that waited for a cancellation sees it. Reads stay possible after a
 * cancellation: they use `loadPublishedTender`.
 */
export async function loadTenderForCommand(db: Db, tenderId: string): Promise<PublishedTender> {
  const [tender] = await db.select().from(tenders).where(eq(tenders.id, tenderId)).for("share");
  if (!tender || !tender.publishedVersion) throw tenderNotFound();
  if (tender.status === "cancelled") throw new RuleViolation("tender.cancelled", TENDER_CANCELLED_MESSAGE);
  return loadPublishedTender(db, tenderId);
}

export function findLot(content: TenderContent, lotId: string): Lot {
  const lot = content.lots.find((candidate) => candidate.id === lotId);
  if (!lot) throw new NotFoundError("Dit perceel bestaat niet.");
  return lot;
}

export function lotLabel(lot: Pick<Lot, "number" | "title">): string {
  return `Perceel ${lot.number}: ${lot.title}`;
}

/** One offer that counts at the opening: status submitted, with its latest submitted version. */
export interface CountedOffer {
  offerId: string;
  tenderId: string;
  lotId: string;
  organisationId: string;
  organisationName: string;
  kvkNumber: string;
  version: number;
  submittedAt: Date;
  submittedByName: string;
  tenderVersion: number;
  contentHash: string;
  totalPriceCents: number;
  content: OfferVersionContent;
  needsReconfirmation: boolean;
  admissibility: "pending" | "admissible" | "excluded";
  exclusionReason: string | null;
  admissibilityDecidedAt: Date | null;
  admissibilityDecidedByUserId: string | null;
}

/**
 * The offers that count, per lot: status `submitted`, each with the version its
 * `submittedVersion` points at (the latest one, submitted before the deadline: later submissions
 * are refused by the server). Drafts that were never submitted and withdrawn offers do not count.
 * Ordered by lot, then organisation name. Only after `assertTenderOpened`.
 */
export async function loadCountedOffers(db: Db, tenderId: string, lotId?: string): Promise<CountedOffer[]> {
  const rows = await db
    .select({ offer: offers, version: offerVersions, organisationName: organisations.name, kvkNumber: organisations.kvkNumber })
    .from(offers)
    .innerJoin(offerVersions, and(eq(offerVersions.offerId, offers.id), eq(offerVersions.version, offers.submittedVersion)))
    .innerJoin(organisations, eq(organisations.id, offers.organisationId))
    .where(and(eq(offers.tenderId, tenderId), eq(offers.status, "submitted"), isNotNull(offers.submittedVersion), lotId ? eq(offers.lotId, lotId) : undefined))
    .orderBy(asc(offers.lotId), asc(organisations.name), asc(offers.id));
  return rows.map(({ offer, version, organisationName, kvkNumber }) => ({
    offerId: offer.id,
    tenderId: offer.tenderId,
    lotId: offer.lotId,
    organisationId: offer.organisationId,
    organisationName,
    kvkNumber,
    version: version.version,
    submittedAt: version.submittedAt,
    submittedByName: version.submittedByName,
    tenderVersion: version.tenderVersion,
    contentHash: version.contentHash,
    totalPriceCents: version.totalPriceCents,
    content: version.content,
    needsReconfirmation: offer.needsReconfirmation,
    admissibility: offer.admissibility,
    exclusionReason: offer.exclusionReason,
    admissibilityDecidedAt: offer.admissibilityDecidedAt,
    admissibilityDecidedByUserId: offer.admissibilityDecidedByUserId,
  }));
}

/** Offers withdrawn after a submission, per lot id: the proces-verbaal counts them separately. */
export async function countWithdrawnOffers(db: Db, tenderId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ lotId: offers.lotId })
    .from(offers)
    .where(and(eq(offers.tenderId, tenderId), eq(offers.status, "withdrawn"), isNotNull(offers.submittedVersion)));
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.lotId, (counts.get(row.lotId) ?? 0) + 1);
  return counts;
}

/**
 * Whether the stored receipt hash still matches the stored content: the hash recomputed now with
 * `offerVersionHash` (the receipt's own definition) equals `offer_versions.content_hash`. False
 * also when the content can no longer be read as a version.
 */
export function receiptHashMatches(offer: Pick<CountedOffer, "content" | "contentHash">): boolean {
  try {
    return offerVersionHash(offer.content) === offer.contentHash;
  } catch {
    return false;
  }
}

/**
 * The SHA-256 of each stored attachment file, computed in the database (no file is loaded into
 * memory), by file id; a missing file is absent from the map.
 */
export async function storedFileHashes(db: Db, fileIds: readonly string[]): Promise<Map<string, string>> {
  // the bytes live in stored_file_chunks; the files module knows how to hash them
  return storedFileSha256s(db, fileIds);
}

export interface UserSummary {
  userId: string;
  name: string;
  email: string;
}

/** Active users holding `role`, by name. */
export async function activeUsersWithRole(db: Db, role: "projectgroup" | "assessor"): Promise<UserSummary[]> {
  return db
    .selectDistinct({ userId: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, role), eq(users.active, true)))
    .orderBy(asc(users.name), asc(users.id));
}

/** Names of users by id (for "decided by" and the panel). */
export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * The ranking of a lot's admissible offers on their consensus scores (ranking.ts), with the
 * tender's scale and price formula. Throws the RangeError of the price formula when the prices
 * cannot be scored (closeQuality refuses to close then, so a closed lot always ranks).
 */
export function rankingOf(content: TenderContent, lot: Lot, admissible: readonly CountedOffer[], consensus: readonly (typeof consensusScores.$inferSelect)[]): RankedOffer[] {
  return rankOffers({
    criteria: content.awardCriteria,
    scale: content.scoringScale,
    priceScoringMethod: content.priceScoringMethod,
    ceilingCents: lot.ceilingAmountCents,
    offers: admissible.map((offer) => ({
      offerId: offer.offerId,
      organisationName: offer.organisationName,
      totalPriceCents: offer.totalPriceCents,
      consensusScores: Object.fromEntries(consensus.filter((row) => row.offerId === offer.offerId).map((row) => [row.criterionId, row.score])),
    })),
  });
}
