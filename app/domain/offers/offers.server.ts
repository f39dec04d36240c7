// Offers (inschrijvingen) on the supplier's side: one offer per tender × lot × organisation, a
// working copy (draft) with attachments, submission as immutable versions with a receipt hash,
// revision (a new version), withdrawal, and re-confirmation after a material change.
//
// Sealed (domain.md §5, decision 0009): every function here serves the supplier's own
// organisation only. A municipal role gets a ForbiddenError (it lacks submit:offers); an offer,
// version or attachment of another organisation is "not found", so an answer never tells that
// it exists. Nothing here writes audit_log rows or mail: the admin reads both, and even their
// number would count the offers. The trail is offer_events; notifications are in-app only.
//
// Deadlines are judged by `clock.now()` against `tenders.submission_deadline` (copied from the
// latest published version): strictly before the deadline is in time, at the deadline is late.
import { and, asc, eq, inArray, max } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatDateTime } from "../../utils/format";
import { ForbiddenError, NotFoundError, RuleViolation, type RuleProblem } from "../errors";
import { readStoredFile, storedFileSha256s, storeFile } from "../files/file-storage.server";
import { users } from "../identity/identity.sql";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import { notifyUsers } from "../notifications/notifications.server";
import { assertOrganisationMaySubmit } from "../organisations/organisations.server";
import { organisations } from "../organisations/organisations.sql";
import type { AwardCriterion, Lot, Requirement, TenderContent } from "../tenders/tender-content";
import { tenders, tenderVersions } from "../tenders/tender.sql";
import {
  MAX_ANSWER_LENGTH,
  MAX_EXPLANATION_LENGTH,
  MAX_OFFER_ATTACHMENTS,
  MAX_UNIT_PRICE_CENTS,
  emptyOfferDraft,
  offerVersionContentSchema,
  type AttachmentPurpose,
  type OfferAttachment,
  type OfferDraft,
  type OfferDraftFields,
  type OfferVersionContent,
} from "./offer-content";
import { renderOfferReceiptPdf } from "./offer-receipt-pdf.server";
import { offerVersionCanonicalJson, offerVersionHash } from "./offer-receipt.server";
import {
  applicableRequirements,
  buildVersionContent,
  checkOfferComplete,
  draftDiffersFromVersion,
  normaliseDraftFields,
  offerFields,
  priceLines,
  purposeIsValid,
  qualityCriteria,
  type PriceLineView,
} from "./offer-rules";
import { offerEvents, offers, offerVersions } from "./offer.sql";

export type OfferRow = typeof offers.$inferSelect;
export type OfferStatus = OfferRow["status"];

/** Only PDF attachments, checked by content (storeFile's kinds), at most storeFile's 20 MB. */
const ATTACHMENT_KINDS = ["pdf"] as const;

// ---------------------------------------------------------------------------------------------
// Who, what and when

/** The actor's organisation, for a supplier user; every other role is refused (403). */
function supplierOrganisationOf(actor: Actor): string {
  assertPermission(actor, "submit:offers");
  if (!actor.organisationId) throw new ForbiddenError();
  return actor.organisationId;
}

interface PublishedTender {
  tender: typeof tenders.$inferSelect;
  content: TenderContent;
  version: number;
}

/**
 * A published tender with the content of its latest published version. `share` locks the tender
 * row against a concurrent publication: publishTender holds it FOR UPDATE while it flags
 * submitted offers for re-confirmation, so a submission either completes before a new version
 * (and is flagged by it) or waits and is checked against the new version. Share locks do not
 * block each other: many suppliers can submit at once.
 */
async function publishedTender(db: Db, tenderId: string, lock?: "share"): Promise<PublishedTender> {
  const query = db.select().from(tenders).where(eq(tenders.id, tenderId));
  const [tender] = lock ? await query.for(lock) : await query;
  if (!tender || tender.publishedVersion === null) throw new NotFoundError("Deze aanbesteding bestaat niet.");
  const [version] = await db
    .select({ content: tenderVersions.content })
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, tender.publishedVersion)));
  if (!version) throw new NotFoundError("Deze aanbesteding bestaat niet.");
  return { tender, content: version.content, version: tender.publishedVersion };
}

function lotOf(content: TenderContent, lotId: string): Lot {
  const lot = content.lots.find((candidate) => candidate.id === lotId);
  if (!lot) throw new NotFoundError("Dit perceel bestaat niet (meer).");
  return lot;
}

/** In time: strictly before the deadline by the server's clock. At the deadline is late. */
export function beforeSubmissionDeadline(tender: { submissionDeadline: Date | null }, now: Date): boolean {
  return tender.submissionDeadline !== null && now.getTime() < tender.submissionDeadline.getTime();
}

function assertOpenForOffers(tender: typeof tenders.$inferSelect, now: Date): void {
  if (tender.status === "cancelled") {
    throw new RuleViolation("offer.tenderCancelled", "Deze aanbesteding is ingetrokken. Inschrijvingen kunnen niet meer worden opgeslagen, ingediend of ingetrokken.");
  }
  if (!beforeSubmissionDeadline(tender, now)) {
    throw new RuleViolation(
      "offer.deadlinePassed",
      `De inschrijftermijn is verstreken${tender.submissionDeadline ? ` (${formatDateTime(tender.submissionDeadline)})` : ""}. Inschrijvingen kunnen niet meer worden opgeslagen, ingediend of ingetrokken.`,
    );
  }
}

async function findOwnOffer(db: Db, tenderId: string, lotId: string, organisationId: string, forUpdate = false): Promise<OfferRow | undefined> {
  const query = db.select().from(offers).where(and(eq(offers.tenderId, tenderId), eq(offers.lotId, lotId), eq(offers.organisationId, organisationId)));
  const [offer] = forUpdate ? await query.for("update") : await query;
  return offer;
}

/** The actor's offer on the lot, locked; created (with a "created" event) on the first save. */
async function lockOrCreateOffer(tx: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, organisationId: string): Promise<OfferRow> {
  const now = clock.now();
  // two colleagues saving the first draft at once: the unique index lets one insert win
  const [created] = await tx
    .insert(offers)
    .values({ tenderId, lotId, organisationId, status: "draft", draft: emptyOfferDraft(), createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: offers.id });
  if (created) {
    await tx.insert(offerEvents).values({ offerId: created.id, kind: "created", version: null, occurredAt: now, actorUserId: actor.id, actorName: actor.name, note: null });
  }
  const offer = await findOwnOffer(tx, tenderId, lotId, organisationId, true);
  if (!offer) throw new Error("offer vanished after insert");
  return offer;
}

async function organisationUsers(db: Db, organisationId: string) {
  return db.select({ userId: users.id, email: users.email }).from(users).where(and(eq(users.organisationId, organisationId), eq(users.active, true)));
}

async function organisationMaySubmit(db: Db, organisationId: string): Promise<{ maySubmit: boolean; reason: string | null }> {
  try {
    await assertOrganisationMaySubmit(db, organisationId);
    return { maySubmit: true, reason: null };
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof NotFoundError) return { maySubmit: false, reason: error.message };
    throw error;
  }
}

function offerLink(tenderId: string, lotId: string): string {
  return `/aanbestedingen/${tenderId}/inschrijving/${lotId}`;
}

// ---------------------------------------------------------------------------------------------
// Input checks

/** Bounds a draft's typed fields (the page checks them too; the domain is the authority). */
function checkDraftFields(fields: OfferDraftFields): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const price of fields.prices) {
    if (price.unitPriceCents !== null && (!Number.isSafeInteger(price.unitPriceCents) || price.unitPriceCents < 0 || price.unitPriceCents > MAX_UNIT_PRICE_CENTS)) {
      problems.push({ field: offerFields.price(price.priceComponentId), message: "Vul een prijs in tussen € 0,00 en € 10.000.000,00, in hele centen." });
    }
  }
  for (const answer of fields.answers) {
    if (answer.text.length > MAX_ANSWER_LENGTH) {
      problems.push({ field: offerFields.answer(answer.criterionId), message: `Uw antwoord is te lang (maximaal ${MAX_ANSWER_LENGTH.toLocaleString("nl-NL")} tekens).` });
    }
  }
  for (const confirmation of fields.requirements) {
    if (confirmation.explanation.length > MAX_EXPLANATION_LENGTH) {
      problems.push({ field: offerFields.explanation(confirmation.requirementId), message: `De toelichting is te lang (maximaal ${MAX_EXPLANATION_LENGTH.toLocaleString("nl-NL")} tekens).` });
    }
  }
  if (fields.signedByName.length > 200) problems.push({ field: offerFields.signedByName, message: "De naam is te lang (maximaal 200 tekens)." });
  if (fields.signedByRole.length > 200) problems.push({ field: offerFields.signedByRole, message: "De functie is te lang (maximaal 200 tekens)." });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface OfferUpload {
  purpose: AttachmentPurpose;
  fileName: string;
  /** The upload's bytes, read once (upload.server.ts); stored as they are, never copied here. */
  bytes: Uint8Array;
}

export interface SaveOfferDraftInput {
  /** What was typed; omitted: the typed fields stay as they are (an upload or removal only). */
  fields?: OfferDraftFields;
  /** A PDF to attach, to an answer, a requirement (evidence) or the UEA. */
  upload?: OfferUpload;
  /** An attachment to take out of the working copy (submitted versions keep theirs). */
  removeFileId?: string;
}

/**
 * Saves the working copy of the actor's offer on a lot, creating the offer on the first save.
 * In one transaction: the typed fields, an upload (stored with storeFile: PDF only, by content,
 * at most 20 MB) and/or a removal. Until the deadline; after a submission this is how a revision
 * starts (the submitted version stays in force until the next submission).
 */
export async function saveOfferDraft(
  db: Db,
  clock: Clock,
  actor: Actor,
  tenderId: string,
  lotId: string,
  input: SaveOfferDraftInput,
): Promise<{ offerId: string; attachment: OfferAttachment | null }> {
  const organisationId = supplierOrganisationOf(actor);
  if (input.fields) {
    const problems = checkDraftFields(input.fields);
    if (problems.length) throw RuleViolation.of("offer.invalidDraft", problems);
  }
  return db.transaction(async (tx) => {
    const { tender, content } = await publishedTender(tx, tenderId);
    const lot = lotOf(content, lotId);
    assertOpenForOffers(tender, clock.now());
    const offer = await lockOrCreateOffer(tx, clock, actor, tenderId, lotId, organisationId);
    let draft: OfferDraft = offer.draft;
    if (input.fields) draft = { ...normaliseDraftFields(content, lot, input.fields), attachments: draft.attachments };

    if (input.removeFileId !== undefined) {
      if (!draft.attachments.some((attachment) => attachment.fileId === input.removeFileId)) throw new NotFoundError("Deze bijlage bestaat niet (meer).");
      // The stored file stays: a submitted version may point at it, and its receipt covers its hash.
      draft = { ...draft, attachments: draft.attachments.filter((attachment) => attachment.fileId !== input.removeFileId) };
    }

    let attachment: OfferAttachment | null = null;
    if (input.upload) {
      if (!purposeIsValid(content, lotId, input.upload.purpose)) {
        throw new RuleViolation("offer.attachmentPurpose", "Kies waar de bijlage bij hoort: een gunningscriterium, een eis of het UEA.", "purpose");
      }
      if (draft.attachments.length >= MAX_OFFER_ATTACHMENTS) {
        throw new RuleViolation("offer.tooManyAttachments", `Een inschrijving kan hoogstens ${MAX_OFFER_ATTACHMENTS} bijlagen hebben. Verwijder eerst een bijlage.`, "file");
      }
      const stored = await storeFile(tx, clock, actor, { fileName: input.upload.fileName, bytes: input.upload.bytes, allowedKinds: ATTACHMENT_KINDS });
      attachment = { fileId: stored.id, fileName: stored.fileName, sizeBytes: stored.sizeBytes, sha256: stored.sha256, purpose: input.upload.purpose };
      draft = { ...draft, attachments: [...draft.attachments, attachment] };
    }

    await tx.update(offers).set({ draft, updatedAt: clock.now() }).where(eq(offers.id, offer.id));
    return { offerId: offer.id, attachment };
  });
}

export interface OfferReceipt {
  offerId: string;
  version: number;
  submittedAt: Date;
  /** hex SHA-256 over the canonical JSON of the version's content (offerVersionHash). */
  contentHash: string;
  totalPriceCents: number;
  tenderVersion: number;
}

/**
 * Submits the actor's offer on a lot: the working copy becomes the next immutable version, with
 * its receipt hash. With `fields`, what was typed is saved first (its own transaction, so a
 * refused submission keeps the typed draft). Then, in ONE transaction with the tender row share-
 * locked and the offer row locked FOR UPDATE: the deadline (server clock), the organisation's
 * verification, completeness (every missing part as a problem on its field), the version row, an
 * offer_events row and the offer's new state. A crash before the commit leaves the previous state
 * untouched; a receipt is only returned after the commit.
 */
export async function submitOffer(
  db: Db,
  clock: Clock,
  actor: Actor,
  tenderId: string,
  lotId: string,
  input: { fields?: OfferDraftFields } = {},
): Promise<OfferReceipt> {
  const organisationId = supplierOrganisationOf(actor);
  if (input.fields) await saveOfferDraft(db, clock, actor, tenderId, lotId, { fields: input.fields });
  return db.transaction(async (tx) => {
    const { tender, content, version: tenderVersion } = await publishedTender(tx, tenderId, "share");
    const lot = lotOf(content, lotId);
    const offer = await findOwnOffer(tx, tenderId, lotId, organisationId, true);
    // the moment of the decision: checked against the deadline and recorded as submittedAt
    const now = clock.now();
    assertOpenForOffers(tender, now);
    if (!offer) throw new RuleViolation("offer.nothingToSubmit", "Er is nog niets ingevuld voor dit perceel. Vul het formulier in en dien het dan in.");
    await assertOrganisationMaySubmit(tx, organisationId);

    const draft: OfferDraft = { ...normaliseDraftFields(content, lot, offer.draft), attachments: offer.draft.attachments };
    const problems = checkOfferComplete(content, lot, draft);
    if (problems.length) throw RuleViolation.of("offer.incomplete", problems);

    const [organisation] = await tx.select({ id: organisations.id, name: organisations.name, kvkNumber: organisations.kvkNumber }).from(organisations).where(eq(organisations.id, organisationId));
    if (!organisation) throw new NotFoundError("Deze organisatie bestaat niet.");
    const [{ highest }] = (await tx.select({ highest: max(offerVersions.version) }).from(offerVersions).where(eq(offerVersions.offerId, offer.id))) as [{ highest: number | null }];
    const version = (highest ?? 0) + 1;
    const versionContent = buildVersionContent({ tenderId, content, tenderVersion, lot, organisation, version, draft, submittedAt: now });
    const contentHash = offerVersionHash(versionContent);

    await tx.insert(offerVersions).values({
      offerId: offer.id,
      version,
      content: versionContent,
      contentHash,
      totalPriceCents: versionContent.totalPriceCents,
      tenderVersion,
      submittedAt: now,
      submittedByUserId: actor.id,
      submittedByName: actor.name,
    });
    await tx.insert(offerEvents).values({
      offerId: offer.id,
      kind: "submitted",
      version,
      occurredAt: now,
      actorUserId: actor.id,
      actorName: actor.name,
      note: offer.status === "withdrawn" ? "Opnieuw ingediend na intrekking" : version > 1 ? `Herziening van versie ${version - 1}` : null,
    });
    await tx
      .update(offers)
      .set({
        status: "submitted",
        submittedVersion: version,
        submittedAt: now,
        needsReconfirmation: false,
        withdrawnAt: null,
        // the working copy continues from exactly what was submitted (attachments of parts that
        // no longer exist were refused by the completeness check)
        draft: { ...draft, attachments: versionContent.attachments },
        updatedAt: now,
      })
      .where(eq(offers.id, offer.id));
    await notifyUsers(tx, clock, await organisationUsers(tx, organisationId), {
      title: `Inschrijving ingediend: ${content.reference}, perceel ${lot.number}`,
      body: `${actor.name} heeft versie ${version} van de inschrijving op perceel ${lot.number} "${lot.title}" ingediend op ${formatDateTime(now)}. Controlewaarde (SHA-256): ${contentHash}.`,
      link: offerLink(tenderId, lotId),
      // sealed: in-app only, never in the outbox the admin reads (decision 0009)
      sendMail: false,
    });
    return { offerId: offer.id, version, submittedAt: now, contentHash, totalPriceCents: versionContent.totalPriceCents, tenderVersion };
  });
}

/**
 * Withdraws the actor's submitted offer on a lot, until the deadline. The versions stay (history);
 * the offer no longer counts. Submitting again before the deadline makes a new version.
 */
export async function withdrawOffer(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<void> {
  const organisationId = supplierOrganisationOf(actor);
  await db.transaction(async (tx) => {
    const { tender, content } = await publishedTender(tx, tenderId);
    const lot = lotOf(content, lotId);
    const offer = await findOwnOffer(tx, tenderId, lotId, organisationId, true);
    const now = clock.now();
    assertOpenForOffers(tender, now);
    if (!offer || offer.status !== "submitted") {
      throw new RuleViolation("offer.notSubmitted", "Er is geen ingediende inschrijving op dit perceel om in te trekken.");
    }
    await tx.update(offers).set({ status: "withdrawn", withdrawnAt: now, needsReconfirmation: false, updatedAt: now }).where(eq(offers.id, offer.id));
    await tx.insert(offerEvents).values({ offerId: offer.id, kind: "withdrawn", version: offer.submittedVersion, occurredAt: now, actorUserId: actor.id, actorName: actor.name, note: null });
    await notifyUsers(tx, clock, await organisationUsers(tx, organisationId), {
      title: `Inschrijving ingetrokken: ${content.reference}, perceel ${lot.number}`,
      body: `${actor.name} heeft de inschrijving op perceel ${lot.number} "${lot.title}" ingetrokken op ${formatDateTime(now)}. U kunt tot de sluiting opnieuw indienen.`,
      link: offerLink(tenderId, lotId),
      sendMail: false,
    });
  });
}

/**
 * Called by publishTender inside its transaction when a new version is a material change: every
 * submitted offer of the tender must be submitted again against the new version (Prozorro
 * practice). Flags them, records an offer_events row each and tells the organisation's users, in
 * the portal only (sealed: no mail, no audit row, and nothing is returned that would let the
 * publishing projectgroep member count the offers).
 */
export async function markOffersForReconfirmation(tx: Db, clock: Clock, tenderId: string, newTenderVersion: number): Promise<void> {
  const now = clock.now();
  const flagged = await tx
    .update(offers)
    .set({ needsReconfirmation: true, updatedAt: now })
    .where(and(eq(offers.tenderId, tenderId), eq(offers.status, "submitted")))
    .returning({ id: offers.id, lotId: offers.lotId, organisationId: offers.organisationId, submittedVersion: offers.submittedVersion });
  if (flagged.length === 0) return;
  const [version] = await tx
    .select({ content: tenderVersions.content })
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, newTenderVersion)));
  const note = `Het programma van eisen is materieel gewijzigd (versie ${newTenderVersion}). Dien de inschrijving opnieuw in op basis van de nieuwe versie.`;
  await tx.insert(offerEvents).values(
    flagged.map((offer) => ({ offerId: offer.id, kind: "reconfirmationRequested" as const, version: offer.submittedVersion, occurredAt: now, actorUserId: null, actorName: "Systeem", note })),
  );
  for (const offer of flagged) {
    const lot = version?.content.lots.find((candidate) => candidate.id === offer.lotId);
    const lotText = lot ? `perceel ${lot.number} "${lot.title}"` : "een perceel";
    await notifyUsers(tx, clock, await organisationUsers(tx, offer.organisationId), {
      title: `Dien uw inschrijving opnieuw in: ${version?.content.reference ?? "aanbesteding"}`,
      body: `Versie ${newTenderVersion} van het programma van eisen bevat een materiële wijziging. Uw ingediende inschrijving op ${lotText} moet opnieuw worden ingediend op basis van deze versie, vóór de sluiting van de inschrijftermijn.`,
      link: offerLink(tenderId, offer.lotId),
      sendMail: false,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Queries

export interface OwnOfferSummary {
  status: OfferStatus;
  submittedVersion: number | null;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  needsReconfirmation: boolean;
  /** The working copy holds changes that are not in the submitted version. */
  hasUnsubmittedChanges: boolean;
}

export interface TenderForOffers {
  id: string;
  reference: string;
  title: string;
  version: number;
  cancelled: boolean;
  submissionDeadline: Date | null;
  /** Saving, submitting and withdrawing are possible now (published, not cancelled, before the deadline). */
  open: boolean;
}

export interface OwnOffersOverview {
  tender: TenderForOffers;
  organisation: { name: string; maySubmit: boolean; reason: string | null };
  lots: { id: string; number: number; title: string; offer: OwnOfferSummary | null }[];
  now: Date;
}

function tenderForOffers(published: PublishedTender, now: Date): TenderForOffers {
  const { tender, content, version } = published;
  return {
    id: tender.id,
    reference: content.reference,
    title: content.title,
    version,
    cancelled: tender.status === "cancelled",
    submissionDeadline: tender.submissionDeadline,
    open: tender.status === "published" && beforeSubmissionDeadline(tender, now),
  };
}

async function latestVersionContents(db: Db, rows: readonly OfferRow[]): Promise<Map<string, OfferVersionContent>> {
  const submitted = rows.filter((row) => row.submittedVersion !== null);
  if (submitted.length === 0) return new Map();
  const versions = await db
    .select({ offerId: offerVersions.offerId, version: offerVersions.version, content: offerVersions.content })
    .from(offerVersions)
    .where(inArray(offerVersions.offerId, submitted.map((row) => row.id)));
  const latest = new Map(submitted.map((row) => [row.id, row.submittedVersion]));
  return new Map(versions.filter((row) => latest.get(row.offerId) === row.version).map((row) => [row.offerId, row.content]));
}

function summaryOf(row: OfferRow, latest: OfferVersionContent | undefined): OwnOfferSummary {
  return {
    status: row.status,
    submittedVersion: row.submittedVersion,
    submittedAt: row.submittedAt,
    withdrawnAt: row.withdrawnAt,
    needsReconfirmation: row.needsReconfirmation,
    hasUnsubmittedChanges: row.status === "submitted" && latest !== undefined && draftDiffersFromVersion(row.draft, latest),
  };
}

/** The lots of a published tender with the state of the actor's own offer on each. */
export async function listOwnOffers(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<OwnOffersOverview> {
  const organisationId = supplierOrganisationOf(actor);
  const published = await publishedTender(db, tenderId);
  const rows = await db.select().from(offers).where(and(eq(offers.tenderId, tenderId), eq(offers.organisationId, organisationId)));
  const latest = await latestVersionContents(db, rows);
  const [organisation] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId));
  const byLot = new Map(rows.map((row) => [row.lotId, row]));
  const now = clock.now();
  return {
    tender: tenderForOffers(published, now),
    organisation: { name: organisation?.name ?? "", ...(await organisationMaySubmit(db, organisationId)) },
    lots: [...published.content.lots]
      .sort((a, b) => a.number - b.number)
      .map((lot) => {
        const row = byLot.get(lot.id);
        return { id: lot.id, number: lot.number, title: lot.title, offer: row ? summaryOf(row, latest.get(row.id)) : null };
      }),
    now,
  };
}

export interface OfferVersionSummary {
  version: number;
  submittedAt: Date;
  submittedByName: string;
  contentHash: string;
  totalPriceCents: number;
  tenderVersion: number;
}

export interface OfferEventView {
  kind: (typeof offerEvents.$inferSelect)["kind"];
  version: number | null;
  occurredAt: Date;
  actorName: string;
  note: string | null;
}

export interface OfferWorkspace {
  tender: TenderForOffers;
  lot: { id: string; number: number; title: string; description: string };
  criteria: AwardCriterion[];
  requirements: Requirement[];
  organisation: { name: string; kvkNumber: string; maySubmit: boolean; reason: string | null };
  /** null: nothing saved yet on this lot. */
  offer: (OwnOfferSummary & { id: string }) | null;
  /** The working copy, reduced to the parts of the current tender version. */
  draft: OfferDraft;
  priceLines: PriceLineView[];
  /** null while a unit price is missing. */
  totalPriceCents: number | null;
  /** The latest submitted version, when there is one. */
  submitted: OfferVersionContent | null;
  versions: OfferVersionSummary[];
  events: OfferEventView[];
  /** Changes with every save: the page keys its form on it, so a saved form starts afresh. */
  revision: string;
  now: Date;
}

/** Everything the offer page shows for the actor's own offer on one lot (empty before the first save). */
export async function getOwnOffer(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<OfferWorkspace> {
  const organisationId = supplierOrganisationOf(actor);
  const published = await publishedTender(db, tenderId);
  const { content } = published;
  const lot = lotOf(content, lotId);
  const row = await findOwnOffer(db, tenderId, lotId, organisationId);
  const [organisation] = await db.select({ name: organisations.name, kvkNumber: organisations.kvkNumber }).from(organisations).where(eq(organisations.id, organisationId));
  const stored = row?.draft ?? emptyOfferDraft();
  const draft: OfferDraft = { ...normaliseDraftFields(content, lot, stored), attachments: stored.attachments };
  const prices = priceLines(lot, draft);
  const versions = row
    ? await db
        .select({
          version: offerVersions.version,
          submittedAt: offerVersions.submittedAt,
          submittedByName: offerVersions.submittedByName,
          contentHash: offerVersions.contentHash,
          totalPriceCents: offerVersions.totalPriceCents,
          tenderVersion: offerVersions.tenderVersion,
          content: offerVersions.content,
        })
        .from(offerVersions)
        .where(eq(offerVersions.offerId, row.id))
        .orderBy(asc(offerVersions.version))
    : [];
  const events = row
    ? await db
        .select({ kind: offerEvents.kind, version: offerEvents.version, occurredAt: offerEvents.occurredAt, actorName: offerEvents.actorName, note: offerEvents.note })
        .from(offerEvents)
        .where(eq(offerEvents.offerId, row.id))
        .orderBy(asc(offerEvents.occurredAt), asc(offerEvents.kind))
    : [];
  const submitted = row?.submittedVersion ? (versions.find((version) => version.version === row.submittedVersion)?.content ?? null) : null;
  return {
    tender: tenderForOffers(published, clock.now()),
    lot: { id: lot.id, number: lot.number, title: lot.title, description: lot.description },
    criteria: qualityCriteria(content),
    requirements: applicableRequirements(content, lotId),
    organisation: { name: organisation?.name ?? "", kvkNumber: organisation?.kvkNumber ?? "", ...(await organisationMaySubmit(db, organisationId)) },
    offer: row ? { id: row.id, ...summaryOf(row, submitted ?? undefined) } : null,
    draft,
    priceLines: prices.lines,
    totalPriceCents: prices.totalCents,
    submitted,
    versions: versions.map(({ content: _content, ...summary }) => summary),
    events,
    revision: row ? `${row.updatedAt.toISOString()}-${row.status}` : "nieuw",
    now: clock.now(),
  };
}

async function ownVersion(db: Db, actor: Actor, tenderId: string, lotId: string, version: number) {
  const organisationId = supplierOrganisationOf(actor);
  const notFound = () => new NotFoundError("Deze versie van de inschrijving bestaat niet.");
  const offer = await findOwnOffer(db, tenderId, lotId, organisationId);
  if (!offer || !Number.isSafeInteger(version)) throw notFound();
  const [row] = await db.select().from(offerVersions).where(and(eq(offerVersions.offerId, offer.id), eq(offerVersions.version, version)));
  if (!row) throw notFound();
  return { offer, row };
}

/** The receipt of one of the actor's own submitted versions, as a PDF. */
export async function getOfferReceiptPdf(db: Db, actor: Actor, tenderId: string, lotId: string, version: number): Promise<{ bytes: Uint8Array; fileName: string }> {
  const { row } = await ownVersion(db, actor, tenderId, lotId, version);
  const [tender] = await db.select({ title: tenders.title }).from(tenders).where(eq(tenders.id, tenderId));
  const pdf = await renderOfferReceiptPdf({
    content: row.content,
    contentHash: row.contentHash,
    tenderTitle: tender?.title ?? row.content.tenderReference,
    submittedByName: row.submittedByName,
  });
  const reference = row.content.tenderReference.replace(/[^A-Za-z0-9._-]/g, "-");
  return {
    bytes: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength),
    fileName: `ontvangstbewijs-${reference}-perceel-${row.content.lotNumber}-v${row.version}.pdf`,
  };
}

/**
 * The exact bytes the receipt hash of one of the actor's own versions is computed over (UTF-8
 * canonical JSON, RFC 8785): `sha256sum` of this file gives the hash on the receipt.
 */
export async function getOfferVersionJson(db: Db, actor: Actor, tenderId: string, lotId: string, version: number): Promise<{ json: string; fileName: string }> {
  const { row } = await ownVersion(db, actor, tenderId, lotId, version);
  const reference = row.content.tenderReference.replace(/[^A-Za-z0-9._-]/g, "-");
  return { json: offerVersionCanonicalJson(row.content), fileName: `inschrijving-${reference}-perceel-${row.content.lotNumber}-v${row.version}.json` };
}

/**
 * An attachment of the actor's own offer, for download: one in the working copy or in any
 * submitted version. Any other file id, including one of another organisation's offer, is
 * "not found".
 */
export async function getOwnOfferAttachment(db: Db, actor: Actor, tenderId: string, lotId: string, fileId: string) {
  const organisationId = supplierOrganisationOf(actor);
  const notFound = () => new NotFoundError("Deze bijlage bestaat niet (meer).");
  const offer = await findOwnOffer(db, tenderId, lotId, organisationId);
  if (!offer) throw notFound();
  let known = offer.draft.attachments.some((attachment) => attachment.fileId === fileId);
  if (!known) {
    const versions = await db.select({ content: offerVersions.content }).from(offerVersions).where(eq(offerVersions.offerId, offer.id));
    known = versions.some((version) => version.content.attachments.some((attachment) => attachment.fileId === fileId));
  }
  if (!known) throw notFound();
  const file = await readStoredFile(db, fileId);
  return { fileName: file.fileName, mimeType: file.mimeType, sizeBytes: file.sizeBytes, bytes: file.bytes };
}

// ---------------------------------------------------------------------------------------------
// Verification (for tests and the opening)

export interface OfferVersionVerification {
  offerId: string;
  version: number;
  storedHash: string;
  /** null when the stored content no longer fits the schema (which is itself a mismatch). */
  recomputedHash: string | null;
  hashMatches: boolean;
  /** Each attachment: the SHA-256 recorded in the version against one computed now from the stored bytes. */
  attachments: { fileId: string; fileName: string; recordedSha256: string; storedSha256: string | null; matches: boolean }[];
  /** The hash and every attachment match. */
  intact: boolean;
}

/** Recomputes a version's receipt hash from its stored content alone (no database). */
export function recomputeOfferVersionHash(content: OfferVersionContent): string {
  return offerVersionHash(content);
}

/**
 * Recomputes the receipt hash of a stored offer version and the SHA-256 of each attachment's
 * stored bytes (in the database, so no file is loaded into memory), and says whether everything
 * still matches what the receipt covers. NO authorisation here, like readStoredFile: the caller
 * (the opening, after assertTenderOpened; tests) has already decided that this may be checked.
 */
export async function verifyOfferVersion(db: Db, offerId: string, version: number): Promise<OfferVersionVerification> {
  const [row] = await db.select().from(offerVersions).where(and(eq(offerVersions.offerId, offerId), eq(offerVersions.version, version)));
  if (!row) throw new NotFoundError("Deze versie van de inschrijving bestaat niet.");
  let recomputedHash: string | null = null;
  let attachments: OfferAttachment[] = [];
  const parsed = offerVersionContentSchema.safeParse(row.content);
  if (parsed.success) {
    recomputedHash = offerVersionHash(parsed.data);
    attachments = parsed.data.attachments;
  }
  const fileIds = attachments.map((attachment) => attachment.fileId);
  const actual = await storedFileSha256s(db, fileIds);
  const checked = attachments.map((attachment) => {
    const storedSha256 = actual.get(attachment.fileId) ?? null;
    return { fileId: attachment.fileId, fileName: attachment.fileName, recordedSha256: attachment.sha256, storedSha256, matches: storedSha256 === attachment.sha256 };
  });
  const hashMatches = recomputedHash === row.contentHash;
  return { offerId, version, storedHash: row.contentHash, recomputedHash, hashMatches, attachments: checked, intact: hashMatches && checked.every((attachment) => attachment.matches) };
}

