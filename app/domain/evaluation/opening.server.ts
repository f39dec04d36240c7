// The opening of a tender's offers (domain.md §5–6; TenderNed practice): after the submission
// deadline one projectgroep member requests the opening and a DIFFERENT member confirms it within
// 15 minutes (four eyes). Only a confirmed opening unseals the offers; the proces-verbaal van
// opening records it.
//
// The sealed gate: `assertTenderOpened` is the one check every municipal read of offers passes
// (evaluation, lot results, attachments, the proces-verbaal). It throws a ForbiddenError (403)
// when the tender exists but is not opened. 403 rather than 404 because the tender itself is no
// secret; what is sealed is its offers, and the refusal is the same whether a tender has no offer
// or a hundred, so it tells nothing. Callers load the tender first (an unknown or draft tender is
// a NotFoundError, 404) and look up any offer only after the gate, so an offer id never answers
// differently before the opening.
import { and, desc, eq, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatDateTime } from "../../utils/format";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, RuleViolation } from "../errors";
import { userRoles, users } from "../identity/identity.sql";
import { assertPermission } from "../identity/authorize";
import { hasPermission, type Permission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { notifyUsers } from "../notifications/notifications.server";
import { offers } from "../offers/offer.sql";
import { tenders } from "../tenders/tender.sql";
import { lotEvaluations, tenderOpenings } from "./evaluation.sql";
import {
  countWithdrawnOffers,
  loadCountedOffers,
  loadPublishedTender,
  receiptHashMatches,
  storedFileHashes,
  type PublishedTender,
  type TenderRow,
} from "./evaluation-data.server";
import { renderOpeningRecordPdf } from "./opening-record-pdf.server";

/** Four eyes: the second member confirms within this many minutes of the request. */
export const OPENING_CONFIRMATION_MINUTES = 15;
const CONFIRMATION_WINDOW_MS = OPENING_CONFIRMATION_MINUTES * 60 * 1000;

export const NOT_OPENED_MESSAGE = "De inschrijvingen van deze aanbesteding zijn nog niet geopend.";
export const NO_OFFERS_REASON = "Geen inschrijvingen ontvangen";

// ---------------------------------------------------------------------------------------------
// The sealed gate

/**
 * Whether the tender's offers are opened: a confirmed opening, confirmed at or after the
 * submission deadline. No permission check: it reveals nothing about offers.
 */
export async function isTenderOpened(db: Db, tenderId: string): Promise<boolean> {
  const [row] = await db
    .select({ confirmedAt: tenderOpenings.confirmedAt, deadline: tenders.submissionDeadline })
    .from(tenderOpenings)
    .innerJoin(tenders, eq(tenders.id, tenderOpenings.tenderId))
    .where(and(eq(tenderOpenings.tenderId, tenderId), isNotNull(tenderOpenings.confirmedAt)))
    .limit(1);
  return Boolean(row?.confirmedAt && row.deadline && row.confirmedAt >= row.deadline);
}

/** The sealed gate (see the top of this file): ForbiddenError unless the tender is opened. */
export async function assertTenderOpened(db: Db, tenderId: string): Promise<void> {
  if (!(await isTenderOpened(db, tenderId))) throw new ForbiddenError(NOT_OPENED_MESSAGE);
}

// ---------------------------------------------------------------------------------------------
// Request and confirm

function expiresAtOf(requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + CONFIRMATION_WINDOW_MS);
}

/** Why the tender cannot be opened now, or null. Reveals nothing about offers. */
function openingBlocker(tender: TenderRow, now: Date): RuleViolation | null {
  if (tender.status === "cancelled") return new RuleViolation("opening.cancelled", "Deze aanbesteding is ingetrokken; de inschrijvingen worden niet geopend.");
  if (!tender.submissionDeadline) return new RuleViolation("opening.noDeadline", "Deze aanbesteding heeft geen sluitingstermijn; de inschrijvingen kunnen niet worden geopend.");
  if (now < tender.submissionDeadline) {
    return new RuleViolation(
      "opening.beforeDeadline",
      `De inschrijvingen kunnen pas worden geopend na de sluitingstermijn (${formatDateTime(tender.submissionDeadline)}).`,
    );
  }
  return null;
}

async function latestUnconfirmedRequest(db: Db, tenderId: string) {
  const [request] = await db
    .select()
    .from(tenderOpenings)
    .where(and(eq(tenderOpenings.tenderId, tenderId), isNull(tenderOpenings.confirmedAt)))
    .orderBy(desc(tenderOpenings.requestedAt))
    .limit(1);
  return request ?? null;
}

async function otherProjectgroupMembers(db: Db, actor: Actor) {
  return db
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "projectgroup"), eq(users.active, true), ne(users.id, actor.id)));
}

/**
 * A projectgroep member asks to open the offers (the first pair of eyes). Refused before the
 * submission deadline (server clock), when already opened, and while a request is still waiting
 * for confirmation. The other projectgroep members are told that a confirmation is needed.
 */
export async function requestOpening(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<{ requestId: string; expiresAt: Date }> {
  assertPermission(actor, "open:offers");
  return db.transaction(async (tx) => {
    const { tender } = await loadPublishedTender(tx, tenderId, { forUpdate: true });
    const now = clock.now();
    const blocker = openingBlocker(tender, now);
    if (blocker) throw blocker;
    if (await isTenderOpened(tx, tenderId)) throw new RuleViolation("opening.alreadyOpened", "De inschrijvingen van deze aanbesteding zijn al geopend.");
    const pending = await latestUnconfirmedRequest(tx, tenderId);
    if (pending && now <= expiresAtOf(pending.requestedAt)) {
      throw pending.requestedByUserId === actor.id
        ? new RuleViolation("opening.alreadyRequested", `U heeft de opening al aangevraagd. Een ander lid van de projectgroep moet uiterlijk ${formatDateTime(expiresAtOf(pending.requestedAt))} bevestigen.`)
        : new RuleViolation("opening.pendingRequest", `${pending.requestedByName} heeft de opening al aangevraagd. U kunt dat verzoek bevestigen.`);
    }
    const [request] = await tx
      .insert(tenderOpenings)
      .values({ tenderId, requestedAt: now, requestedByUserId: actor.id, requestedByName: actor.name })
      .returning({ id: tenderOpenings.id });
    const expiresAt = expiresAtOf(now);
    await recordAudit(tx, clock, {
      actor,
      action: "opening.requested",
      entityType: "tender",
      entityId: tenderId,
      summary: `Opening van de inschrijvingen op ${tender.reference} aangevraagd; bevestiging door een tweede lid van de projectgroep nodig tot ${formatDateTime(expiresAt)}`,
      changes: { requestId: request!.id },
    });
    await notifyUsers(tx, clock, await otherProjectgroupMembers(tx, actor), {
      title: `Bevestig de opening van ${tender.reference}`,
      body: `${actor.name} heeft gevraagd de inschrijvingen op "${tender.title}" te openen. Een tweede lid van de projectgroep moet dit bevestigen vóór ${formatDateTime(expiresAt)}; daarna vervalt het verzoek.`,
      link: `/aanbestedingen/${tenderId}/opening`,
    });
    return { requestId: request!.id, expiresAt };
  });
}

/**
 * A second projectgroep member confirms the opening request `requestId`, within 15 minutes of
 * it. Opens the tender: the audit row with the counts per lot (allowed from now on), one
 * lot_evaluations row per lot (assessing; a lot without offers is unsuccessful), and an in-app
 * notification to the bidders.
 */
export async function confirmOpening(db: Db, clock: Clock, actor: Actor, tenderId: string, requestId: string): Promise<void> {
  assertPermission(actor, "open:offers");
  await db.transaction(async (tx) => {
    const published = await loadPublishedTender(tx, tenderId, { forUpdate: true });
    const { tender } = published;
    const now = clock.now();
    const blocker = openingBlocker(tender, now);
    if (blocker) throw blocker;
    if (await isTenderOpened(tx, tenderId)) throw new RuleViolation("opening.alreadyOpened", "De inschrijvingen van deze aanbesteding zijn al geopend.");
    const request = await latestUnconfirmedRequest(tx, tenderId);
    if (!request || request.id !== requestId) {
      throw new RuleViolation("opening.noRequest", "Dit verzoek om te openen bestaat niet (meer). Vernieuw de pagina en bevestig het verzoek dat er nu staat, of vraag de opening aan.");
    }
    if (request.requestedByUserId === actor.id) {
      throw new RuleViolation("opening.samePerson", "U heeft de opening zelf aangevraagd. Een ander lid van de projectgroep moet de opening bevestigen (vier ogen).");
    }
    if (now > expiresAtOf(request.requestedAt)) {
      throw new RuleViolation(
        "opening.expired",
        `Het verzoek van ${request.requestedByName} (${formatDateTime(request.requestedAt)}) is verlopen: een opening moet binnen ${OPENING_CONFIRMATION_MINUTES} minuten worden bevestigd. Vraag de opening opnieuw aan.`,
      );
    }
    await tx.update(tenderOpenings).set({ confirmedAt: now, confirmedByUserId: actor.id, confirmedByName: actor.name }).where(eq(tenderOpenings.id, request.id));
    await openTender(tx, clock, actor, published, request.requestedByName, now);
  });
}

/** What the confirmation unseals, in the confirming transaction. */
async function openTender(tx: Db, clock: Clock, actor: Actor, { tender, content }: PublishedTender, requestedByName: string, now: Date) {
  const counted = await loadCountedOffers(tx, tender.id);
  const withdrawn = await countWithdrawnOffers(tx, tender.id);
  const perLot = content.lots.map((lot) => ({
    lotId: lot.id,
    number: lot.number,
    title: lot.title,
    submitted: counted.filter((offer) => offer.lotId === lot.id).length,
    withdrawn: withdrawn.get(lot.id) ?? 0,
  }));
  if (perLot.length) {
    await tx
      .insert(lotEvaluations)
      .values(
        perLot.map((lot) => ({
          tenderId: tender.id,
          lotId: lot.lotId,
          status: lot.submitted > 0 ? ("assessing" as const) : ("unsuccessful" as const),
          unsuccessfulReason: lot.submitted > 0 ? null : NO_OFFERS_REASON,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
  }
  const describe = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  await recordAudit(tx, clock, {
    actor,
    action: "opening.confirmed",
    entityType: "tender",
    entityId: tender.id,
    summary: `Inschrijvingen op ${tender.reference} geopend (aangevraagd door ${requestedByName}, bevestigd door ${actor.name}): ${
      perLot.map((lot) => `perceel ${lot.number}: ${describe(lot.submitted, "inschrijving", "inschrijvingen")}${lot.withdrawn ? `, ${describe(lot.withdrawn, "ingetrokken", "ingetrokken")}` : ""}`).join("; ") || "geen percelen"
    }`,
    changes: { lots: perLot.map(({ lotId, number, submitted, withdrawn }) => ({ lotId, number, submitted, withdrawn })) },
  });
  const organisationIds = [...new Set(counted.map((offer) => offer.organisationId))];
  if (organisationIds.length) {
    const bidders = await tx
      .selectDistinct({ userId: users.id, email: users.email })
      .from(users)
      .innerJoin(offers, eq(offers.organisationId, users.organisationId))
      .where(and(eq(offers.tenderId, tender.id), eq(offers.status, "submitted"), eq(users.active, true)));
    await notifyUsers(tx, clock, bidders, {
      title: `Inschrijvingen geopend: ${tender.reference}`,
      body: `De inschrijvingen op "${tender.title}" zijn op ${formatDateTime(now)} geopend. De beoordeling begint nu; u hoort de uitkomst via de gunningsbeslissing.`,
      link: `/aanbestedingen/${tender.id}/inschrijving`,
      sendMail: false,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Status and the opened list

export interface OpenedOfferLine {
  offerId: string;
  organisationName: string;
  kvkNumber: string;
  version: number;
  submittedAt: Date;
  contentHash: string;
  /** The hash recomputed now from the stored version equals the receipt's. */
  hashMatches: boolean;
  attachmentCount: number;
  /** Every attachment's stored bytes still have the SHA-256 the version (and so the receipt) records. */
  attachmentsIntact: boolean;
  /** The tender changed materially after submission and the supplier did not re-confirm. */
  needsReconfirmation: boolean;
}

export interface OpenedLot {
  lotId: string;
  number: number;
  title: string;
  offers: OpenedOfferLine[];
  /** Offers submitted and later withdrawn; counted, not named. */
  withdrawnCount: number;
}

export interface OpeningRecord {
  requestedAt: Date;
  requestedByName: string;
  confirmedAt: Date;
  confirmedByName: string;
  lots: OpenedLot[];
}

export interface OpeningStatus {
  tender: { id: string; reference: string; title: string; submissionDeadline: Date | null; cancelled: boolean };
  deadlinePassed: boolean;
  opened: boolean;
  /** A request still waiting for its confirmation (null when none, or expired). */
  pendingRequest: { id: string; requestedByName: string; requestedAt: Date; expiresAt: Date; byActor: boolean } | null;
  /** The last request that expired unconfirmed, when no request is pending: shown so nobody wonders. */
  expiredRequest: { requestedByName: string; requestedAt: Date; expiresAt: Date } | null;
  canRequest: boolean;
  canConfirm: boolean;
  /** Why the actor can neither request nor confirm right now (Dutch), or null. */
  notice: string | null;
  /** Only after the opening: the offers that count per lot. Before it: null, and nothing about offers was read. */
  record: OpeningRecord | null;
}

/**
 * The opening page. Before the opening it says nothing about offers (not even whether there are
 * any): only the deadline, a pending request (who, when, until when) and whether the actor may
 * request or confirm; the offer tables are not even queried. After it: the opened list.
 */
export async function getOpeningStatus(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<OpeningStatus> {
  assertPermission(actor, "open:offers");
  const published = await loadPublishedTender(db, tenderId);
  const { tender } = published;
  const now = clock.now();
  const opened = await isTenderOpened(db, tenderId);
  const deadlinePassed = Boolean(tender.submissionDeadline && now >= tender.submissionDeadline);
  const base = {
    tender: { id: tender.id, reference: tender.reference, title: tender.title, submissionDeadline: tender.submissionDeadline, cancelled: tender.status === "cancelled" },
    deadlinePassed,
  };
  if (opened) {
    return { ...base, opened, pendingRequest: null, expiredRequest: null, canRequest: false, canConfirm: false, notice: null, record: await openingRecord(db, published) };
  }
  const latest = await latestUnconfirmedRequest(db, tenderId);
  const pending = latest && now <= expiresAtOf(latest.requestedAt) ? latest : null;
  const expired = latest && !pending ? latest : null;
  const blocker = openingBlocker(tender, now);
  const canRequest = !blocker && !pending;
  const canConfirm = !blocker && Boolean(pending) && pending!.requestedByUserId !== actor.id;
  const notice = blocker
    ? blocker.message
    : pending && pending.requestedByUserId === actor.id
      ? `U heeft de opening aangevraagd. Een ander lid van de projectgroep moet bevestigen vóór ${formatDateTime(expiresAtOf(pending.requestedAt))}.`
      : null;
  return {
    ...base,
    opened,
    pendingRequest: pending
      ? { id: pending.id, requestedByName: pending.requestedByName, requestedAt: pending.requestedAt, expiresAt: expiresAtOf(pending.requestedAt), byActor: pending.requestedByUserId === actor.id }
      : null,
    expiredRequest: expired ? { requestedByName: expired.requestedByName, requestedAt: expired.requestedAt, expiresAt: expiresAtOf(expired.requestedAt) } : null,
    canRequest,
    canConfirm,
    notice,
    record: null,
  };
}

/** Only after assertTenderOpened / isTenderOpened. */
async function openingRecord(db: Db, { tender, content }: PublishedTender): Promise<OpeningRecord> {
  const [opening] = await db
    .select()
    .from(tenderOpenings)
    .where(and(eq(tenderOpenings.tenderId, tender.id), isNotNull(tenderOpenings.confirmedAt)))
    .limit(1);
  if (!opening) throw new ForbiddenError(NOT_OPENED_MESSAGE);
  const counted = await loadCountedOffers(db, tender.id);
  const withdrawn = await countWithdrawnOffers(db, tender.id);
  const fileHashes = await storedFileHashes(db, counted.flatMap((offer) => offer.content.attachments.map((attachment) => attachment.fileId)));
  return {
    requestedAt: opening.requestedAt,
    requestedByName: opening.requestedByName,
    confirmedAt: opening.confirmedAt!,
    confirmedByName: opening.confirmedByName ?? "",
    lots: [...content.lots]
      .sort((a, b) => a.number - b.number)
      .map((lot) => ({
        lotId: lot.id,
        number: lot.number,
        title: lot.title,
        offers: counted
          .filter((offer) => offer.lotId === lot.id)
          .map((offer) => ({
            offerId: offer.offerId,
            organisationName: offer.organisationName,
            kvkNumber: offer.kvkNumber,
            version: offer.version,
            submittedAt: offer.submittedAt,
            contentHash: offer.contentHash,
            hashMatches: receiptHashMatches(offer),
            attachmentCount: offer.content.attachments.length,
            attachmentsIntact: offer.content.attachments.every((attachment) => fileHashes.get(attachment.fileId) === attachment.sha256),
            needsReconfirmation: offer.needsReconfirmation,
          })),
        withdrawnCount: withdrawn.get(lot.id) ?? 0,
      })),
  };
}

function assertAnyPermission(actor: Actor, permissions: readonly Permission[]) {
  if (!permissions.some((permission) => hasPermission(actor, permission))) throw new ForbiddenError();
}

export interface OpeningRecordPdf {
  bytes: Uint8Array;
  reference: string;
}

/** The proces-verbaal van opening as PDF, for the projectgroep, after the opening only. */
export async function getOpeningRecordPdf(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<OpeningRecordPdf> {
  assertAnyPermission(actor, ["open:offers", "manage:evaluation", "decide:award"]);
  const published = await loadPublishedTender(db, tenderId);
  await assertTenderOpened(db, tenderId);
  const record = await openingRecord(db, published);
  const pdf = await renderOpeningRecordPdf({
    reference: published.tender.reference,
    title: published.tender.title,
    tenderVersion: published.version,
    submissionDeadline: published.tender.submissionDeadline!,
    record,
    generatedAt: clock.now(),
  });
  return { bytes: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), reference: published.tender.reference };
}
