// The award of a lot (gunning), domain.md §6:
//
//   proposed → decisionSent (standstill) → final           and, before final,
//   decisionSent ⇄ suspended (objection, kort geding),  proposed | decisionSent | suspended → withdrawn
//
// - A proposal needs the lot's evaluation to be complete ("ready"): the winner is the offer
//   ranked first; when the top of the ranking is a tie the proposal names the winner among the
//   tied offers and records how the tie was broken (drawing of lots before a notary).
// - Sending the decision starts the Alcatel standstill (art. 2.127 Aanbestedingswet 2012,
//   standstill.ts) and tells every bidder of the lot that its letter is ready (in-app and mail:
//   after the opening, mail may say that an offer exists).
// - A withdrawn award stays as history; the lot can then get a new proposal (a new row).
// - After the standstill, unless suspended, the final award creates the draft contract in the
//   same transaction: the award and its contract commit together or not at all.
//
// Who: the projectgroep (decide:award). A supplier reads only its own letter, and only after the
// decision was sent. Before the opening nothing here reveals anything about offers (domain.md §5):
// every read goes through the lot's evaluation result, which is "notOpened" until then.
// Time: clock.now() only; every step is an audit row in the transaction of the change.
// A cancelled tender refuses every command (loadTenderForCommand); its awards stay readable.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { contractServiceLabels, type ContractService } from "../contracts/contract-labels";
import { contracts } from "../contracts/contract.sql";
import { createDraftContractFromAward } from "../contracts/contracts.server";
import { isUniqueViolation } from "../db-errors";
import { ForbiddenError, NotFoundError, RuleViolation, type RuleProblem } from "../errors";
import { assertPermission } from "../identity/authorize";
import { userRoles, users } from "../identity/identity.sql";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { notifyUsers, type NotificationRecipient } from "../notifications/notifications.server";
import { offerVersions } from "../offers/offer.sql";
import { organisations } from "../organisations/organisations.sql";
import { learningRouteOfService, type Lot, type TenderContent } from "../tenders/tender-content";
import { formatStandstillEnd, formatPoints, type AwardDecisionStatus } from "./award-format";
import { renderAwardLetterPdf, type AwardLetterInput, type AwardLetterKind } from "./award-letter-pdf.server";
import { awardDecisions } from "./evaluation.sql";
import { loadPublishedTender, loadTenderForCommand } from "./evaluation-data.server";
import type { LotResult, LotResultStatus } from "./lot-result";
import { getLotResult, readLotResult } from "./lot-result.server";
import { isStandstillOver, STANDSTILL_DAYS, standstillEnd } from "./standstill";

export type AwardDecisionRow = typeof awardDecisions.$inferSelect;

export const MAX_MOTIVATION_LENGTH = 10_000;
export const MAX_REASON_LENGTH = 2_000;

// ------------------------------------------------------------------------------ loading

interface TenderForAward {
  id: string;
  reference: string;
  title: string;
  content: TenderContent;
}

/**
 * The tender with the content of its latest published version: the one the offers answered.
 * `forCommand` for every command: a cancelled tender is refused (loadTenderForCommand).
 */
async function loadTender(db: Db, tenderId: string, options: { forCommand?: boolean } = {}): Promise<TenderForAward> {
  const { tender, content } = options.forCommand ? await loadTenderForCommand(db, tenderId) : await loadPublishedTender(db, tenderId);
  return { id: tender.id, reference: content.reference, title: content.title, content };
}

function findLot(tender: TenderForAward, lotId: string): Lot {
  const lot = tender.content.lots.find((candidate) => candidate.id === lotId);
  if (!lot) throw new NotFoundError("Dit perceel bestaat niet.");
  return lot;
}

/** The lot's current award (at most one that is not withdrawn), locked when asked. */
async function currentAward(db: Db, tenderId: string, lotId: string, forUpdate = false): Promise<AwardDecisionRow | undefined> {
  const query = db
    .select()
    .from(awardDecisions)
    .where(and(eq(awardDecisions.tenderId, tenderId), eq(awardDecisions.lotId, lotId), ne(awardDecisions.status, "withdrawn")));
  const [award] = forUpdate ? await query.for("update") : await query;
  return award;
}

async function requireCurrentAward(db: Db, tenderId: string, lot: Lot): Promise<AwardDecisionRow> {
  const award = await currentAward(db, tenderId, lot.id, true);
  if (!award) throw new RuleViolation("award.none", `Er is geen gunningsvoorstel voor perceel ${lot.number}.`);
  return award;
}

/** Refuses when the tender is not opened: the message says nothing about offers. */
function assertOpened(result: LotResult): void {
  if (result.status === "notOpened") {
    throw new RuleViolation("award.notOpened", "De inschrijvingen zijn nog niet geopend; er kan nog niet worden gegund.");
  }
}

function assertReady(result: LotResult, lot: Lot): void {
  assertOpened(result);
  if (result.status === "unsuccessful") {
    throw new RuleViolation("award.unsuccessful", `Perceel ${lot.number} kan niet worden gegund: er is geen geldige inschrijving.`);
  }
  if (result.status !== "ready") {
    throw new RuleViolation("award.notReady", `De beoordeling van perceel ${lot.number} is nog niet afgerond: gunnen kan pas als de rangorde vaststaat.`);
  }
}

/** The award's winner must still be (one of) the first in the ranking when the decision goes out or becomes final. */
function assertWinnerStillFirst(result: LotResult, lot: Lot, award: AwardDecisionRow): void {
  assertReady(result, lot);
  const winner = result.ranking.find((offer) => offer.offerId === award.winningOfferId);
  if (!winner || winner.rank !== 1) {
    throw new RuleViolation(
      "award.rankingChanged",
      `De rangorde van perceel ${lot.number} is gewijzigd sinds het gunningsvoorstel. Trek de gunning in en doe een nieuw voorstel.`,
    );
  }
}

function organisationOf(result: LotResult, offerId: string) {
  const offer = result.offers.find((candidate) => candidate.offerId === offerId);
  if (!offer) throw new NotFoundError("Deze inschrijving bestaat niet.");
  return offer;
}

/** The active users of the organisations that bid on the lot. */
async function bidderRecipients(db: Db, result: LotResult): Promise<NotificationRecipient[]> {
  const organisationIds = [...new Set(result.offers.map((offer) => offer.organisationId))];
  if (organisationIds.length === 0) return [];
  return db
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.organisationId, organisationIds), eq(userRoles.role, "supplier"), eq(users.active, true)));
}

async function organisationRecipients(db: Db, organisationId: string): Promise<NotificationRecipient[]> {
  return db
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(userRoles.role, "supplier"), eq(users.active, true)));
}

/** The standstill the tender announced, never shorter than the law's 20 calendar days. */
function standstillDaysOf(content: TenderContent): number {
  return Math.max(STANDSTILL_DAYS, content.timeline?.standstillDays ?? 0);
}

function required(value: string | null | undefined, max: number, field: string, emptyMessage: string, longMessage: string, problems: RuleProblem[]): string {
  const trimmed = (value ?? "").trim();
  if (!trimmed) problems.push({ field, message: emptyMessage });
  else if (trimmed.length > max) problems.push({ field, message: longMessage });
  return trimmed;
}

const lotLabel = (lot: Pick<Lot, "number" | "title">) => `perceel ${lot.number} "${lot.title}"`;
const letterPath = (tenderId: string, lotId: string) => `/aanbestedingen/${tenderId}/gunningsbrief/${lotId}.pdf`;

// ------------------------------------------------------------------------------ commands

export interface ProposeAwardInput {
  /** Required when the top of the ranking is a tie; otherwise it must be the first-ranked offer (or empty). */
  winningOfferId?: string | null;
  motivation: string;
  /** Required when the top of the ranking is a tie: how it was broken (e.g. drawing of lots before a notary). */
  tieBreakNote?: string | null;
}

/** Proposes to award a lot to the offer ranked first. */
export async function proposeAward(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, input: ProposeAwardInput): Promise<{ id: string }> {
  assertPermission(actor, "decide:award");
  try {
    return await db.transaction(async (tx) => {
      const tender = await loadTender(tx, tenderId, { forCommand: true });
      const lot = findLot(tender, lotId);
      const result = await readLotResult(tx, tenderId, lotId);
      assertReady(result, lot);
      if (await currentAward(tx, tenderId, lotId, true)) {
        throw new RuleViolation("award.exists", `Er is al een gunningsvoorstel voor perceel ${lot.number}. Trek het eerst in om een nieuw voorstel te doen.`);
      }

      const problems: RuleProblem[] = [];
      const motivation = required(input.motivation, MAX_MOTIVATION_LENGTH, "motivation", "Geef de motivering van het gunningsvoorstel.", "De motivering is te lang (maximaal 10.000 tekens).", problems);
      const first = result.ranking.filter((offer) => offer.rank === 1);
      const chosenId = input.winningOfferId?.trim() || null;
      let winner = first[0];
      let tieBreakNote: string | null = null;
      if (result.tieAtTop) {
        winner = first.find((offer) => offer.offerId === chosenId);
        if (!winner) {
          problems.push({
            field: "winningOfferId",
            message: `De hoogste inschrijvingen staan gelijk (${first.map((offer) => offer.organisationName).join(" en ")}). Kies de winnaar uit deze inschrijvingen.`,
          });
        }
        tieBreakNote = required(
          input.tieBreakNote,
          MAX_REASON_LENGTH,
          "tieBreakNote",
          "Leg vast hoe de gelijke stand is beslist, bijvoorbeeld de loting door de notaris (datum, notaris, uitkomst).",
          "De toelichting op de gelijke stand is te lang (maximaal 2.000 tekens).",
          problems,
        );
      } else if (chosenId && chosenId !== winner?.offerId) {
        problems.push({ field: "winningOfferId", message: `Alleen de inschrijving met de hoogste score kan worden voorgedragen: ${winner?.organisationName ?? "–"}.` });
      }
      if (!winner && !result.tieAtTop) problems.push({ field: "winningOfferId", message: "Er is geen inschrijving in de rangorde." });
      if (problems.length) throw RuleViolation.of("award.invalidProposal", problems);

      const now = clock.now();
      const [award] = await tx
        .insert(awardDecisions)
        .values({
          tenderId,
          lotId,
          status: "proposed",
          winningOfferId: winner!.offerId,
          motivation,
          tieBreakNote,
          proposedAt: now,
          proposedByUserId: actor.id,
          proposedByName: actor.name,
        })
        .returning({ id: awardDecisions.id });
      await recordAudit(tx, clock, {
        actor,
        action: "award.proposed",
        entityType: "awardDecision",
        entityId: award!.id,
        summary: `Gunningsvoorstel ${lotLabel(lot)} van ${tender.reference}: ${winner!.organisationName} (${formatPoints(winner!.totalPoints)} punten)${tieBreakNote ? `; gelijke stand beslist: ${tieBreakNote}` : ""}`,
        changes: { tenderId, lotId, winningOfferId: winner!.offerId, motivation, tieBreakNote },
      });
      return { id: award!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation("award.exists", "Er is al een gunningsvoorstel voor dit perceel.");
    throw error;
  }
}

export interface SentDecision {
  decisionSentAt: Date;
  standstillLastDay: string;
  standstillEndsAt: Date;
  /** Organisations whose users were told that their letter is ready. */
  notifiedOrganisations: number;
}

/** Sends the award decision: the standstill starts and every bidder of the lot is told its letter is ready. */
export async function sendAwardDecision(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<SentDecision> {
  assertPermission(actor, "decide:award");
  return db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, { forCommand: true });
    const lot = findLot(tender, lotId);
    const award = await requireCurrentAward(tx, tenderId, lot);
    if (award.status !== "proposed") throw new RuleViolation("award.alreadySent", `De gunningsbeslissing voor perceel ${lot.number} is al verzonden.`);
    const result = await readLotResult(tx, tenderId, lotId);
    assertWinnerStillFirst(result, lot, award);

    const now = clock.now();
    const days = standstillDaysOf(tender.content);
    const standstill = standstillEnd({ sentAt: now, days });
    await tx
      .update(awardDecisions)
      .set({ status: "decisionSent", decisionSentAt: now, standstillLastDay: standstill.lastDay, standstillEndsAt: standstill.endsAt })
      .where(eq(awardDecisions.id, award.id));
    const winner = organisationOf(result, award.winningOfferId);
    const endText = formatStandstillEnd(standstill.lastDay);
    await recordAudit(tx, clock, {
      actor,
      action: "award.decisionSent",
      entityType: "awardDecision",
      entityId: award.id,
      summary: `Gunningsbeslissing ${lotLabel(lot)} van ${tender.reference} verzonden aan ${result.offers.length} ${result.offers.length === 1 ? "inschrijver" : "inschrijvers"} (voornemen: ${winner.organisationName}); de opschortende termijn van ${days} dagen eindigt op ${endText}${standstill.extended ? " (verlengd: de twintigste dag is geen werkdag)" : ""}`,
      changes: { decisionSentAt: now.toISOString(), standstillLastDay: standstill.lastDay, standstillEndsAt: standstill.endsAt.toISOString(), standstillDays: days },
    });
    await notifyUsers(tx, clock, await bidderRecipients(tx, result), {
      title: `Gunningsbeslissing ${tender.reference} perceel ${lot.number}`,
      body: `De gunningsbeslissing over ${lotLabel(lot)} van de aanbesteding ${tender.reference} "${tender.title}" is verzonden. Uw brief met uw scores en de redenen van de beslissing staat voor u klaar in het Leerrouteportaal. De opschortende termijn eindigt op ${endText}.`,
      link: letterPath(tenderId, lotId),
    });
    return { decisionSentAt: now, standstillLastDay: standstill.lastDay, standstillEndsAt: standstill.endsAt, notifiedOrganisations: new Set(result.offers.map((offer) => offer.organisationId)).size };
  });
}

function reasonOf(reason: string, emptyMessage: string): string {
  const problems: RuleProblem[] = [];
  const trimmed = required(reason, MAX_REASON_LENGTH, "reason", emptyMessage, "De reden is te lang (maximaal 2.000 tekens).", problems);
  if (problems.length) throw RuleViolation.of("award.reasonRequired", problems);
  return trimmed;
}

/** Suspends a sent decision (objection, kort geding): it cannot become final until resumed. */
export async function suspendAward(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, reason: string): Promise<void> {
  assertPermission(actor, "decide:award");
  const why = reasonOf(reason, "Geef de reden van de opschorting, bijvoorbeeld een bezwaar of een kort geding.");
  await db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, { forCommand: true });
    const lot = findLot(tender, lotId);
    const award = await requireCurrentAward(tx, tenderId, lot);
    if (award.status === "suspended") throw new RuleViolation("award.alreadySuspended", `De gunning van perceel ${lot.number} is al opgeschort.`);
    if (award.status !== "decisionSent") {
      throw new RuleViolation("award.notSuspendable", "Alleen een verzonden gunningsbeslissing die nog niet definitief is, kan worden opgeschort.");
    }
    const now = clock.now();
    await tx.update(awardDecisions).set({ status: "suspended", suspendedAt: now, suspensionReason: why }).where(eq(awardDecisions.id, award.id));
    await recordAudit(tx, clock, {
      actor,
      action: "award.suspended",
      entityType: "awardDecision",
      entityId: award.id,
      summary: `Gunning ${lotLabel(lot)} van ${tender.reference} opgeschort: ${why}`,
      changes: { status: { from: award.status, to: "suspended" }, reason: why },
    });
    const result = await readLotResult(tx, tenderId, lotId);
    await notifyUsers(tx, clock, await bidderRecipients(tx, result), {
      title: `Gunning ${tender.reference} perceel ${lot.number} opgeschort`,
      body: `De gunning van ${lotLabel(lot)} van de aanbesteding ${tender.reference} is opgeschort. Reden: ${why}. Zolang de opschorting duurt, wordt het perceel niet definitief gegund. U hoort het zodra er meer bekend is.`,
      link: letterPath(tenderId, lotId),
    });
  });
}

/** Lifts a suspension; the decision stands and can become final once the standstill is over. */
export async function resumeAward(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, note = ""): Promise<void> {
  assertPermission(actor, "decide:award");
  await db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, { forCommand: true });
    const lot = findLot(tender, lotId);
    const award = await requireCurrentAward(tx, tenderId, lot);
    if (award.status !== "suspended") throw new RuleViolation("award.notSuspended", `De gunning van perceel ${lot.number} is niet opgeschort.`);
    const explanation = note.trim().slice(0, MAX_REASON_LENGTH);
    await tx.update(awardDecisions).set({ status: "decisionSent" }).where(eq(awardDecisions.id, award.id));
    await recordAudit(tx, clock, {
      actor,
      action: "award.resumed",
      entityType: "awardDecision",
      entityId: award.id,
      summary: `Opschorting van de gunning ${lotLabel(lot)} van ${tender.reference} opgeheven (opgeschort wegens: ${award.suspensionReason ?? "–"})${explanation ? `: ${explanation}` : ""}`,
      changes: { status: { from: "suspended", to: "decisionSent" }, suspendedAt: award.suspendedAt?.toISOString() ?? null, suspensionReason: award.suspensionReason, note: explanation || null },
    });
    const result = await readLotResult(tx, tenderId, lotId);
    const end = award.standstillLastDay ? ` De opschortende termijn ${award.standstillEndsAt && isStandstillOver(clock.now(), { endsAt: award.standstillEndsAt }) ? "is verstreken op" : "eindigt op"} ${formatStandstillEnd(award.standstillLastDay)}.` : "";
    await notifyUsers(tx, clock, await bidderRecipients(tx, result), {
      title: `Opschorting gunning ${tender.reference} perceel ${lot.number} opgeheven`,
      body: `De opschorting van de gunning van ${lotLabel(lot)} van de aanbesteding ${tender.reference} is opgeheven; de gunningsbeslissing blijft staan.${explanation ? ` Toelichting: ${explanation}.` : ""}${end}`,
      link: letterPath(tenderId, lotId),
    });
  });
}

/** Withdraws a proposal or a decision that is not final; it stays as history and the lot can get a new proposal. */
export async function withdrawAward(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, reason: string): Promise<void> {
  assertPermission(actor, "decide:award");
  const why = reasonOf(reason, "Geef de reden van de intrekking.");
  await db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, { forCommand: true });
    const lot = findLot(tender, lotId);
    const award = await requireCurrentAward(tx, tenderId, lot);
    if (award.status === "final") throw new RuleViolation("award.final", `Perceel ${lot.number} is definitief gegund; die gunning kan niet meer worden ingetrokken.`);
    const now = clock.now();
    await tx.update(awardDecisions).set({ status: "withdrawn", withdrawnAt: now, withdrawalReason: why }).where(eq(awardDecisions.id, award.id));
    await recordAudit(tx, clock, {
      actor,
      action: "award.withdrawn",
      entityType: "awardDecision",
      entityId: award.id,
      summary: `${award.decisionSentAt ? "Gunningsbeslissing" : "Gunningsvoorstel"} ${lotLabel(lot)} van ${tender.reference} ingetrokken: ${why}`,
      changes: { status: { from: award.status, to: "withdrawn" }, reason: why },
    });
    // bidders only knew of a decision that was sent
    if (award.decisionSentAt) {
      const result = await readLotResult(tx, tenderId, lotId);
      await notifyUsers(tx, clock, await bidderRecipients(tx, result), {
        title: `Gunningsbeslissing ${tender.reference} perceel ${lot.number} ingetrokken`,
        body: `De gunningsbeslissing over ${lotLabel(lot)} van de aanbesteding ${tender.reference} is ingetrokken. Reden: ${why}. U ontvangt bericht van een nieuwe beslissing.`,
        link: `/aanbestedingen/${tenderId}`,
      });
    }
  });
}

export interface FinalAward {
  contractId: string;
  contractNumber: string;
}

/**
 * The final award, once the standstill is over (clock ≥ standstillEndsAt) and the decision is not
 * suspended: status final and, in the same transaction, the draft contract in the register.
 */
export async function finalizeAward(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<FinalAward> {
  assertPermission(actor, "decide:award");
  return db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, { forCommand: true });
    const lot = findLot(tender, lotId);
    const award = await requireCurrentAward(tx, tenderId, lot);
    if (award.status === "final") throw new RuleViolation("award.alreadyFinal", `Perceel ${lot.number} is al definitief gegund.`);
    if (award.status === "suspended") {
      throw new RuleViolation("award.suspended", `De gunning van perceel ${lot.number} is opgeschort (${award.suspensionReason ?? "geen reden"}). Hef de opschorting eerst op.`);
    }
    if (award.status !== "decisionSent" || !award.standstillEndsAt || !award.standstillLastDay) {
      throw new RuleViolation("award.notSent", `De gunningsbeslissing voor perceel ${lot.number} is nog niet verzonden.`);
    }
    const now = clock.now();
    if (!isStandstillOver(now, { endsAt: award.standstillEndsAt })) {
      throw new RuleViolation(
        "award.standstillRunning",
        `De opschortende termijn loopt nog tot ${formatStandstillEnd(award.standstillLastDay)}; daarna kan perceel ${lot.number} definitief worden gegund.`,
      );
    }
    const result = await readLotResult(tx, tenderId, lotId);
    assertWinnerStillFirst(result, lot, award);
    const winner = organisationOf(result, award.winningOfferId);
    const timeline = tender.content.timeline;
    if (!timeline) throw new RuleViolation("award.noTimeline", "De aanbesteding heeft geen planning met een startdatum van het contract.");

    const [version] = await tx
      .select({ content: offerVersions.content })
      .from(offerVersions)
      .where(and(eq(offerVersions.offerId, award.winningOfferId), eq(offerVersions.version, winner.version)));
    if (!version) throw new NotFoundError("De ingediende versie van de winnende inschrijving bestaat niet.");

    const contract = await createDraftContractFromAward(tx, clock, actor, {
      tenderId,
      tenderReference: tender.reference,
      lotId,
      lotNumber: lot.number,
      lotTitle: lot.title,
      supplierOrganisationId: winner.organisationId,
      learningRoute: learningRouteOfService[lot.service] ?? null,
      services: lot.service in contractServiceLabels ? [lot.service as ContractService] : [],
      startDate: timeline.contractStartDate,
      initialYears: tender.content.contractTerm.initialYears,
      extensionYears: tender.content.contractTerm.extensionYears,
      ceilingAmountCents: lot.ceilingAmountCents,
      performancePaymentApplies: lot.performancePayment,
      rates: version.content.prices.map((line) => ({ name: line.name, unit: line.unit, rateCents: line.unitPriceCents })),
      kpis: lot.kpis.map((kpi) => ({ kpiCode: kpi.kpiCode, name: kpi.name, unit: kpi.unit, target: kpi.target, direction: kpi.direction, source: kpi.source, overrideReason: kpi.overrideReason })),
      volumes: lot.volumes,
    });
    await tx.update(awardDecisions).set({ status: "final", finalizedAt: now, finalizedByUserId: actor.id, contractId: contract.id }).where(eq(awardDecisions.id, award.id));
    await recordAudit(tx, clock, {
      actor,
      action: "award.finalized",
      entityType: "awardDecision",
      entityId: award.id,
      summary: `${lotLabel(lot)} van ${tender.reference} definitief gegund aan ${winner.organisationName} na afloop van de opschortende termijn (${formatStandstillEnd(award.standstillLastDay)}); conceptcontract ${contract.number}`,
      changes: { status: { from: "decisionSent", to: "final" }, contractId: contract.id, contractNumber: contract.number },
    });
    await notifyUsers(tx, clock, await organisationRecipients(tx, winner.organisationId), {
      title: `${tender.reference} perceel ${lot.number} definitief aan u gegund`,
      body: `De opschortende termijn is verstreken: ${lotLabel(lot)} van de aanbesteding ${tender.reference} "${tender.title}" is definitief aan uw organisatie gegund. De contractmanager van de regio neemt contact met u op over het contract.`,
      link: `/aanbestedingen/${tenderId}`,
    });
    return { contractId: contract.id, contractNumber: contract.number };
  });
}

// ------------------------------------------------------------------------------ queries

export interface AwardView {
  id: string;
  status: AwardDecisionStatus;
  winningOfferId: string;
  winnerName: string;
  motivation: string;
  tieBreakNote: string | null;
  proposedAt: Date;
  proposedByName: string;
  decisionSentAt: Date | null;
  standstillLastDay: string | null;
  standstillEndsAt: Date | null;
  /** "maandag 2 november 2020 om 24:00 uur" */
  standstillEndText: string | null;
  standstillOver: boolean;
  suspendedAt: Date | null;
  suspensionReason: string | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  finalizedAt: Date | null;
  contractId: string | null;
  contractNumber: string | null;
}

export interface AwardDecisionOverview {
  lotId: string;
  number: number;
  title: string;
  ceilingAmountCents: number;
  status: LotResultStatus;
  unsuccessfulReason: string | null;
  tieAtTop: boolean;
  ranking: { offerId: string; organisationName: string; rank: number; tied: boolean; qualityPoints: number; pricePoints: number; totalPoints: number; totalPriceCents: number }[];
  excluded: { offerId: string; organisationName: string; reason: string | null }[];
  /** Every opened offer of the lot, for the letter links (empty before the opening). */
  bidders: { offerId: string; organisationName: string; letter: AwardLetterKind | null }[];
  award: AwardView | null;
  /** Withdrawn awards of the lot, oldest first. */
  history: AwardView[];
}

export interface AwardOverview {
  tenderId: string;
  reference: string;
  opened: boolean;
  standstillDays: number;
  lots: AwardDecisionOverview[];
}

function letterKind(result: LotResult, award: AwardDecisionRow | undefined, offerId: string): AwardLetterKind | null {
  if (!award || result.status !== "ready") return null;
  if (offerId === award.winningOfferId) return "winner";
  const offer = result.offers.find((candidate) => candidate.offerId === offerId);
  if (offer?.admissibility === "excluded") return "excluded";
  return result.ranking.some((ranked) => ranked.offerId === offerId) ? "unsuccessful" : null;
}

function awardView(award: AwardDecisionRow, result: LotResult, contractNumbers: Map<string, string>, now: Date): AwardView {
  return {
    id: award.id,
    status: award.status,
    winningOfferId: award.winningOfferId,
    winnerName: result.offers.find((offer) => offer.offerId === award.winningOfferId)?.organisationName ?? "–",
    motivation: award.motivation,
    tieBreakNote: award.tieBreakNote,
    proposedAt: award.proposedAt,
    proposedByName: award.proposedByName,
    decisionSentAt: award.decisionSentAt,
    standstillLastDay: award.standstillLastDay,
    standstillEndsAt: award.standstillEndsAt,
    standstillEndText: award.standstillLastDay ? formatStandstillEnd(award.standstillLastDay) : null,
    standstillOver: award.standstillEndsAt ? isStandstillOver(now, { endsAt: award.standstillEndsAt }) : false,
    suspendedAt: award.suspendedAt,
    suspensionReason: award.suspensionReason,
    withdrawnAt: award.withdrawnAt,
    withdrawalReason: award.withdrawalReason,
    finalizedAt: award.finalizedAt,
    contractId: award.contractId,
    contractNumber: award.contractId ? (contractNumbers.get(award.contractId) ?? null) : null,
  };
}

/** The gunning page: per lot the evaluation outcome, the current award and its history. */
export async function getAwardOverview(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<AwardOverview> {
  assertPermission(actor, "decide:award");
  const tender = await loadTender(db, tenderId);
  const now = clock.now();
  // getLotResult: the evaluation's own view for the projectgroep (two envelopes: a panel member sees no prices while assessing)
  const results = await Promise.all(tender.content.lots.map((lot) => getLotResult(db, actor, tenderId, lot.id)));
  const opened = results.some((result) => result.status !== "notOpened");
  // nothing about offers or awards before the opening (there can be no award then anyway)
  const awards = opened ? await db.select().from(awardDecisions).where(eq(awardDecisions.tenderId, tenderId)).orderBy(asc(awardDecisions.proposedAt)) : [];
  const contractIds = awards.map((award) => award.contractId).filter((id): id is string => Boolean(id));
  const contractNumbers = new Map(
    contractIds.length ? (await db.select({ id: contracts.id, number: contracts.number }).from(contracts).where(inArray(contracts.id, contractIds))).map((row) => [row.id, row.number]) : [],
  );
  return {
    tenderId,
    reference: tender.reference,
    opened,
    standstillDays: standstillDaysOf(tender.content),
    lots: tender.content.lots.map((lot, index) => {
      const result = results[index]!;
      const sealed = result.status === "notOpened";
      const awardDecisionsOfLot = awards.filter((award) => award.lotId === lot.id);
      const current = awardDecisionsOfLot.find((award) => award.status !== "withdrawn");
      return {
        lotId: lot.id,
        number: lot.number,
        title: lot.title,
        ceilingAmountCents: lot.ceilingAmountCents,
        status: result.status,
        unsuccessfulReason: result.unsuccessfulReason,
        tieAtTop: !sealed && result.tieAtTop,
        ranking: sealed
          ? []
          : result.ranking.map((offer) => ({
              offerId: offer.offerId,
              organisationName: offer.organisationName,
              rank: offer.rank,
              tied: offer.tied,
              qualityPoints: offer.qualityPoints,
              pricePoints: offer.pricePoints,
              totalPoints: offer.totalPoints,
              totalPriceCents: offer.totalPriceCents,
            })),
        excluded: sealed
          ? []
          : result.offers.filter((offer) => offer.admissibility === "excluded").map((offer) => ({ offerId: offer.offerId, organisationName: offer.organisationName, reason: offer.exclusionReason })),
        bidders: sealed ? [] : result.offers.map((offer) => ({ offerId: offer.offerId, organisationName: offer.organisationName, letter: letterKind(result, current, offer.offerId) })),
        award: current ? awardView(current, result, contractNumbers, now) : null,
        history: awardDecisionsOfLot.filter((award) => award.status === "withdrawn").map((award) => awardView(award, result, contractNumbers, now)),
      };
    }),
  };
}

export interface AwardLetterPdf {
  bytes: Buffer;
  fileName: string;
  /** False for a preview of a proposal that was not sent yet. */
  sent: boolean;
}

function priceWeightOf(content: TenderContent): number {
  return content.awardCriteria.filter((criterion) => criterion.kind === "price").reduce((sum, criterion) => sum + criterion.weight, 0);
}

async function renderLetter(db: Db, tender: TenderForAward, lot: Lot, result: LotResult, award: AwardDecisionRow, offerId: string): Promise<AwardLetterPdf> {
  const kind = letterKind(result, award, offerId);
  if (!kind) throw new NotFoundError("Er is geen gunningsbrief voor deze inschrijving.");
  const offer = organisationOf(result, offerId);
  const winnerRanked = result.ranking.find((ranked) => ranked.offerId === award.winningOfferId);
  if (!winnerRanked) throw new RuleViolation("award.rankingChanged", `De rangorde van perceel ${lot.number} is gewijzigd sinds het gunningsvoorstel.`);
  const ownRanked = result.ranking.find((ranked) => ranked.offerId === offerId) ?? null;
  const [organisation] = await db.select({ kvkNumber: organisations.kvkNumber }).from(organisations).where(eq(organisations.id, offer.organisationId));
  const days = standstillDaysOf(tender.content);
  const input: AwardLetterInput = {
    kind,
    tender: { reference: tender.reference, title: tender.title },
    lot: { number: lot.number, title: lot.title },
    recipient: { organisationName: offer.organisationName, kvkNumber: organisation?.kvkNumber ?? offer.kvkNumber },
    decisionSentAt: award.decisionSentAt,
    standstill: award.decisionSentAt && award.standstillLastDay ? { days, lastDay: award.standstillLastDay, extended: standstillEnd({ sentAt: award.decisionSentAt, days }).extended } : null,
    standstillDays: days,
    scale: { max: tender.content.scoringScale.max },
    priceScoringMethod: tender.content.priceScoringMethod,
    priceWeight: priceWeightOf(tender.content),
    winner: { organisationName: winnerRanked.organisationName, ranked: winnerRanked, motivations: result.consensusMotivations[winnerRanked.offerId] ?? {} },
    own: kind === "excluded" || !ownRanked ? null : { ranked: ownRanked, motivations: result.consensusMotivations[offerId] ?? {} },
    ownTotalPriceCents: kind === "excluded" ? null : offer.totalPriceCents,
    rankedCount: result.ranking.length,
    exclusionReason: offer.exclusionReason,
    awardMotivation: award.motivation,
    tieBreakNote: award.tieBreakNote,
  };
  const bytes = await renderAwardLetterPdf(input);
  const reference = tender.reference.replace(/[^A-Za-z0-9._-]/g, "-");
  return { bytes, fileName: `Gunningsbrief-${reference}-perceel-${lot.number}${award.decisionSentAt ? "" : "-concept"}.pdf`, sent: award.decisionSentAt !== null };
}

/**
 * A bidder's letter for the projectgroep: any bidder of the lot's current award; before the
 * decision is sent, a preview marked CONCEPT.
 */
export async function getAwardLetter(db: Db, actor: Actor, tenderId: string, lotId: string, offerId: string): Promise<AwardLetterPdf> {
  assertPermission(actor, "decide:award");
  const tender = await loadTender(db, tenderId);
  const lot = findLot(tender, lotId);
  const result = await readLotResult(db, tenderId, lotId);
  if (result.status === "notOpened") throw new NotFoundError("Er is geen gunningsbrief voor deze inschrijving.");
  const award = await currentAward(db, tenderId, lotId);
  if (!award) throw new NotFoundError("Er is geen gunningsvoorstel voor dit perceel.");
  return renderLetter(db, tender, lot, result, award, offerId);
}

/** A supplier's own letter: only its organisation's offer, only once the decision was sent. */
export async function getOwnAwardLetter(db: Db, actor: Actor, tenderId: string, lotId: string): Promise<AwardLetterPdf> {
  if (!hasPermission(actor, "submit:offers") || !actor.organisationId) throw new ForbiddenError();
  const notFound = () => new NotFoundError("Er is (nog) geen gunningsbrief voor u over dit perceel.");
  const tender = await loadTender(db, tenderId);
  const lot = findLot(tender, lotId);
  const result = await readLotResult(db, tenderId, lotId);
  if (result.status === "notOpened") throw notFound();
  const offer = result.offers.find((candidate) => candidate.organisationId === actor.organisationId);
  if (!offer) throw notFound();
  const award = await currentAward(db, tenderId, lotId);
  if (!award?.decisionSentAt) throw notFound();
  return renderLetter(db, tender, lot, result, award, offer.offerId);
}


export interface OwnAwardLetterLink {
  lotId: string;
  lotNumber: number;
  lotTitle: string;
  status: AwardDecisionStatus;
  decisionSentAt: Date;
  /** "maandag 2 november 2020 om 24:00 uur" */
  standstillEndText: string | null;
  /** GET this path for the PDF (app/routes/aanbestedingen.$id.gunningsbrief.$lotId[.]pdf.ts). */
  href: string;
}

/**
 * The award letters a supplier can download for a tender: the lots its organisation bid on whose
 * decision was sent (for the supplier's own offer page). Empty before the opening.
 */
export async function listOwnAwardLetters(db: Db, actor: Actor, tenderId: string): Promise<OwnAwardLetterLink[]> {
  if (!hasPermission(actor, "submit:offers") || !actor.organisationId) throw new ForbiddenError();
  const tender = await loadTender(db, tenderId);
  const sent = await db
    .select()
    .from(awardDecisions)
    .where(and(eq(awardDecisions.tenderId, tenderId), ne(awardDecisions.status, "withdrawn")));
  const links: OwnAwardLetterLink[] = [];
  for (const lot of tender.content.lots) {
    const award = sent.find((candidate) => candidate.lotId === lot.id);
    if (!award?.decisionSentAt) continue;
    const result = await readLotResult(db, tenderId, lot.id);
    if (!result.offers.some((offer) => offer.organisationId === actor.organisationId)) continue;
    links.push({
      lotId: lot.id,
      lotNumber: lot.number,
      lotTitle: lot.title,
      status: award.status,
      decisionSentAt: award.decisionSentAt,
      standstillEndText: award.standstillLastDay ? formatStandstillEnd(award.standstillLastDay) : null,
      href: letterPath(tenderId, lot.id),
    });
  }
  return links;
}
