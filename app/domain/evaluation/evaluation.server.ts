// The evaluation of opened offers, per lot (domain.md §5–6; Negometrix practice):
// 1. knock-out check: the portal proposes excluding an offer that answered a mandatory
//    requirement "no" (or left it open) or was not re-confirmed after a material change; the
//    projectgroep (manage:evaluation) decides admissible / excluded, an exclusion with a reason.
//    A lot without any admissible offer becomes unsuccessful automatically.
// 2. the projectgroep assigns assessors (role assessor) to each lot and names one of its own
//    members chair of the lot's assessment;
// 3. each assessor scores every quality criterion of every admissible offer on the tender's
//    scale, with a motivation, and hands in ("Scores definitief"): from then on the scores are
//    fixed and only then does the assessor see the others' scores;
// 4. when every assessor has handed in, the chair sets a consensus score per criterion and offer,
//    with a motivation, and closes quality ("Kwaliteit afsluiten");
// 5. only then are prices shown (two envelopes) and the lot ranked (ranking.ts).
// Every step writes audit_log in its own transaction; a cancelled tender refuses every step
// (loadTenderForCommand). Every function passes the sealed gate (assertTenderOpened) before it
// reads an offer.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatNumber } from "../../utils/format";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError, RuleViolation, type RuleProblem } from "../errors";
import { readStoredFile } from "../files/file-storage.server";
import { users } from "../identity/identity.sql";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { notifyUsers } from "../notifications/notifications.server";
import { offers } from "../offers/offer.sql";
import { ZERO_PRICE_MESSAGE } from "../tenders/price-scoring";
import type { AwardCriterion, PriceScoringMethod, TenderContent } from "../tenders/tender-content";
import { consensusScores, criterionScores, lotAssessors, lotEvaluations } from "./evaluation.sql";
import {
  activeUsersWithRole,
  findLot,
  loadCountedOffers,
  loadPublishedTender,
  loadTenderForCommand,
  lotLabel,
  rankingOf,
  userNames,
  type CountedOffer,
  type UserSummary,
} from "./evaluation-data.server";
import { knockOutProposal, type KnockOutProposal } from "./knock-out";
import { assertTenderOpened, isTenderOpened } from "./opening.server";
import type { RankedOffer } from "./ranking";
import { describeScale, isOnScale, MAX_MOTIVATION_LENGTH, scaleValues, type ScoringScale } from "./scoring-scale";

export const ALL_EXCLUDED_REASON = "Geen geldige inschrijving: alle inschrijvingen op dit perceel zijn uitgesloten.";

type LotEvaluationRow = typeof lotEvaluations.$inferSelect;
type LotAssessorRow = typeof lotAssessors.$inferSelect;

const QUALITY_CLOSED = () => new RuleViolation("evaluation.qualityClosed", "De kwaliteitsbeoordeling van dit perceel is afgesloten; er kan niets meer aan veranderen.");
const LOT_UNSUCCESSFUL = (reason: string | null) =>
  new RuleViolation("evaluation.lotUnsuccessful", `Dit perceel is zonder resultaat${reason ? ` (${reason})` : ""}; er valt niets te beoordelen.`);

function qualityCriteria(content: TenderContent): AwardCriterion[] {
  return content.awardCriteria.filter((criterion) => criterion.kind === "quality");
}

function priceWeight(content: TenderContent): number {
  return content.awardCriteria.filter((criterion) => criterion.kind === "price").reduce((sum, criterion) => sum + criterion.weight, 0);
}

/**
 * The tender, the gate, the lot and its evaluation row. `forUpdate` marks a command: the row is
 * locked and a cancelled tender is refused (loadTenderForCommand); reads work after a cancellation.
 */
async function openedLot(db: Db, tenderId: string, lotId: string, options: { forUpdate?: boolean } = {}) {
  const published = options.forUpdate ? await loadTenderForCommand(db, tenderId) : await loadPublishedTender(db, tenderId);
  await assertTenderOpened(db, tenderId);
  const lot = findLot(published.content, lotId);
  const query = db.select().from(lotEvaluations).where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lotId)));
  const [evaluation] = options.forUpdate ? await query.for("update") : await query;
  if (!evaluation) throw new NotFoundError("Dit perceel is niet in beoordeling.");
  return { ...published, lot, evaluation };
}

async function lotPanel(db: Db, tenderId: string, lotId: string): Promise<LotAssessorRow[]> {
  return db.select().from(lotAssessors).where(and(eq(lotAssessors.tenderId, tenderId), eq(lotAssessors.lotId, lotId)));
}

function assertAssessing(evaluation: LotEvaluationRow) {
  if (evaluation.status === "qualityClosed") throw QUALITY_CLOSED();
  if (evaluation.status === "unsuccessful") throw LOT_UNSUCCESSFUL(evaluation.unsuccessfulReason);
}

function countLabel(count: number, one: string, many: string) {
  return `${count} ${count === 1 ? one : many}`;
}

function proposalOf(content: TenderContent, offer: CountedOffer): KnockOutProposal {
  return knockOutProposal({ requirements: content.requirements, lotId: offer.lotId, confirmations: offer.content.requirements, needsReconfirmation: offer.needsReconfirmation });
}

// ---------------------------------------------------------------------------------------------
// Overview (the "Beoordeling" tab)

export interface RequirementAnswerView {
  requirementId: string;
  title: string;
  met: boolean | null;
  explanation: string;
  evidence: { fileId: string; fileName: string; sizeBytes: number }[];
}

export interface AdmissibilityView {
  offerId: string;
  organisationName: string;
  kvkNumber: string;
  version: number;
  needsReconfirmation: boolean;
  admissibility: "pending" | "admissible" | "excluded";
  exclusionReason: string | null;
  decidedAt: Date | null;
  decidedByName: string | null;
  proposal: KnockOutProposal;
  /** The mandatory requirements of the lot, as the offer answered them. */
  requirements: RequirementAnswerView[];
}

export interface LotOverview {
  lotId: string;
  number: number;
  title: string;
  status: LotEvaluationRow["status"];
  unsuccessfulReason: string | null;
  chair: { userId: string; name: string } | null;
  assessors: { userId: string; name: string; handedInAt: Date | null }[];
  /** The actor's own assignment as assessor of this lot. */
  myAssignment: { handedInAt: Date | null } | null;
  /** Admissibility decisions (projectgroep only; empty for an assessor). */
  offers: AdmissibilityView[];
  admissibleCount: number;
  pendingCount: number;
  /** Why admissibility can no longer change, or null. */
  admissibilityLockedReason: string | null;
}

export type EvaluationOverview =
  | { opened: false; tender: { id: string; reference: string; title: string; submissionDeadline: Date | null } }
  | {
      opened: true;
      tender: { id: string; reference: string; title: string; submissionDeadline: Date | null };
      canManage: boolean;
      lots: LotOverview[];
      /** Who may be assigned (projectgroep only; empty otherwise). */
      candidates: { assessors: UserSummary[]; chairs: UserSummary[] };
    };

/**
 * The evaluation per lot. The projectgroep (manage:evaluation) sees every lot with its knock-out
 * check and panel; an assessor (score:offers) only the lots assigned to them, without the
 * admissibility details. Before the opening: `opened: false` and nothing about offers.
 */
export async function getEvaluationOverview(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<EvaluationOverview> {
  const canManage = hasPermission(actor, "manage:evaluation");
  if (!canManage && !hasPermission(actor, "score:offers")) throw new ForbiddenError();
  const { tender, content } = await loadPublishedTender(db, tenderId);
  const tenderSummary = { id: tender.id, reference: tender.reference, title: tender.title, submissionDeadline: tender.submissionDeadline };
  if (!(await isTenderOpened(db, tenderId))) return { opened: false, tender: tenderSummary };

  const evaluations = await db.select().from(lotEvaluations).where(eq(lotEvaluations.tenderId, tenderId));
  const panels = await db.select().from(lotAssessors).where(eq(lotAssessors.tenderId, tenderId));
  const visibleLots = [...content.lots]
    .sort((a, b) => a.number - b.number)
    .filter((lot) => canManage || panels.some((row) => row.lotId === lot.id && row.userId === actor.id));
  const counted = canManage || visibleLots.length ? await loadCountedOffers(db, tenderId) : [];
  const names = await userNames(db, [
    ...panels.map((row) => row.userId),
    ...evaluations.flatMap((row) => (row.chairUserId ? [row.chairUserId] : [])),
    ...counted.flatMap((offer) => (offer.admissibilityDecidedByUserId ? [offer.admissibilityDecidedByUserId] : [])),
  ]);
  const applicableMandatory = (lotId: string) => content.requirements.filter((requirement) => requirement.kind === "mandatory" && (requirement.lotId === null || requirement.lotId === lotId));

  const lots = visibleLots.map((lot): LotOverview => {
    const evaluation = evaluations.find((row) => row.lotId === lot.id);
    const panel = panels.filter((row) => row.lotId === lot.id).sort((a, b) => (names.get(a.userId) ?? "").localeCompare(names.get(b.userId) ?? "", "nl"));
    const lotOffers = counted.filter((offer) => offer.lotId === lot.id);
    const mine = panel.find((row) => row.userId === actor.id);
    const anyHandedIn = panel.some((row) => row.scoresCompletedAt !== null);
    return {
      lotId: lot.id,
      number: lot.number,
      title: lot.title,
      status: evaluation?.status ?? "assessing",
      unsuccessfulReason: evaluation?.unsuccessfulReason ?? null,
      chair: evaluation?.chairUserId ? { userId: evaluation.chairUserId, name: names.get(evaluation.chairUserId) ?? "" } : null,
      assessors: panel.map((row) => ({ userId: row.userId, name: names.get(row.userId) ?? "", handedInAt: row.scoresCompletedAt })),
      myAssignment: mine ? { handedInAt: mine.scoresCompletedAt } : null,
      offers: canManage
        ? lotOffers.map((offer) => ({
            offerId: offer.offerId,
            organisationName: offer.organisationName,
            kvkNumber: offer.kvkNumber,
            version: offer.version,
            needsReconfirmation: offer.needsReconfirmation,
            admissibility: offer.admissibility,
            exclusionReason: offer.exclusionReason,
            decidedAt: offer.admissibilityDecidedAt,
            decidedByName: offer.admissibilityDecidedByUserId ? (names.get(offer.admissibilityDecidedByUserId) ?? null) : null,
            proposal: proposalOf(content, offer),
            requirements: applicableMandatory(lot.id).map((requirement) => {
              const answer = offer.content.requirements.find((candidate) => candidate.requirementId === requirement.id);
              return {
                requirementId: requirement.id,
                title: requirement.title,
                met: answer ? answer.met : null,
                explanation: answer?.explanation ?? "",
                evidence: offer.content.attachments
                  .filter((attachment) => attachment.purpose.kind === "requirement" && attachment.purpose.requirementId === requirement.id)
                  .map((attachment) => ({ fileId: attachment.fileId, fileName: attachment.fileName, sizeBytes: attachment.sizeBytes })),
              };
            }),
          }))
        : [],
      admissibleCount: lotOffers.filter((offer) => offer.admissibility === "admissible").length,
      pendingCount: lotOffers.filter((offer) => offer.admissibility === "pending").length,
      admissibilityLockedReason:
        evaluation?.status === "qualityClosed"
          ? "De kwaliteitsbeoordeling is afgesloten."
          : anyHandedIn
            ? "Er zijn al definitieve scores ingeleverd voor dit perceel."
            : null,
    };
  });
  return {
    opened: true,
    tender: tenderSummary,
    canManage,
    lots,
    candidates: canManage ? { assessors: await activeUsersWithRole(db, "assessor"), chairs: await activeUsersWithRole(db, "projectgroup") } : { assessors: [], chairs: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// Knock-out decisions

export interface AdmissibilityDecision {
  decision: "admissible" | "excluded";
  /** Required for an exclusion, and for admitting an offer the portal proposes to exclude. */
  reason: string | null;
}

/**
 * The projectgroep decides whether an opened offer is admissible. Possible until an assessor of
 * the lot has handed in scores (after that the set of offers being scored is fixed). When no
 * admissible offer remains on the lot, the lot becomes unsuccessful; admitting one again reopens it.
 */
export async function decideAdmissibility(db: Db, clock: Clock, actor: Actor, tenderId: string, offerId: string, input: AdmissibilityDecision): Promise<void> {
  assertPermission(actor, "manage:evaluation");
  await db.transaction(async (tx) => {
    const { tender, content } = await loadPublishedTender(tx, tenderId);
    await assertTenderOpened(tx, tenderId);
    const [row] = await tx
      .select({ lotId: offers.lotId })
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.tenderId, tenderId), eq(offers.status, "submitted")));
    if (!row) throw new NotFoundError("Deze inschrijving bestaat niet.");
    const { lot, evaluation } = await openedLot(tx, tenderId, row.lotId, { forUpdate: true });
    if (evaluation.status === "qualityClosed") throw QUALITY_CLOSED();
    const panel = await lotPanel(tx, tenderId, lot.id);
    if (panel.some((assignment) => assignment.scoresCompletedAt !== null)) {
      throw new RuleViolation("evaluation.scoresHandedIn", "Er zijn al definitieve scores ingeleverd voor dit perceel; de toelating van inschrijvingen kan niet meer veranderen.");
    }
    const lotOffers = await loadCountedOffers(tx, tenderId, lot.id);
    const offer = lotOffers.find((candidate) => candidate.offerId === offerId)!;
    const reason = input.reason?.trim() || null;
    if (reason && reason.length > MAX_MOTIVATION_LENGTH) {
      throw new RuleViolation("evaluation.reasonTooLong", `De reden is te lang (maximaal ${formatNumber(MAX_MOTIVATION_LENGTH)} tekens).`, "reason");
    }
    const proposal = proposalOf(content, offer);
    if (input.decision === "excluded" && !reason) {
      throw new RuleViolation("evaluation.exclusionReasonRequired", "Geef de reden van de uitsluiting.", "reason");
    }
    if (input.decision === "admissible" && proposal.exclude && !reason) {
      throw new RuleViolation(
        "evaluation.admissionReasonRequired",
        `Het portaal stelt voor deze inschrijving uit te sluiten (${proposal.reasons.join(" ")}). Motiveer waarom u haar toch toelaat.`,
        "reason",
      );
    }
    const now = clock.now();
    await tx
      .update(offers)
      .set({
        admissibility: input.decision,
        exclusionReason: input.decision === "excluded" ? reason : null,
        admissibilityDecidedAt: now,
        admissibilityDecidedByUserId: actor.id,
      })
      .where(eq(offers.id, offerId));
    await recordAudit(tx, clock, {
      actor,
      action: input.decision === "excluded" ? "offer.excluded" : "offer.admitted",
      entityType: "tender",
      entityId: tenderId,
      summary: `Inschrijving van ${offer.organisationName} op ${lotLabel(lot)} (${tender.reference}) ${input.decision === "excluded" ? `uitgesloten: ${reason}` : `toegelaten${reason ? `: ${reason}` : ""}`}`,
      changes: { offerId, lotId: lot.id, decision: input.decision, reason, proposedExclusion: proposal.exclude, previous: offer.admissibility },
    });

    // the lot follows its offers: none admissible and none pending → unsuccessful
    const after = lotOffers.map((candidate) => (candidate.offerId === offerId ? { ...candidate, admissibility: input.decision } : candidate));
    const pending = after.filter((candidate) => candidate.admissibility === "pending").length;
    const admissible = after.filter((candidate) => candidate.admissibility === "admissible").length;
    if (evaluation.status === "assessing" && pending === 0 && admissible === 0) {
      await tx.update(lotEvaluations).set({ status: "unsuccessful", unsuccessfulReason: ALL_EXCLUDED_REASON, updatedAt: now }).where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lot.id)));
      await recordAudit(tx, clock, {
        actor,
        action: "lot.unsuccessful",
        entityType: "tender",
        entityId: tenderId,
        summary: `${lotLabel(lot)} (${tender.reference}) is zonder resultaat: ${ALL_EXCLUDED_REASON}`,
        changes: { lotId: lot.id, reason: ALL_EXCLUDED_REASON },
      });
    } else if (evaluation.status === "unsuccessful" && evaluation.unsuccessfulReason === ALL_EXCLUDED_REASON && (pending > 0 || admissible > 0)) {
      await tx.update(lotEvaluations).set({ status: "assessing", unsuccessfulReason: null, updatedAt: now }).where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lot.id)));
      await recordAudit(tx, clock, {
        actor,
        action: "lot.reopened",
        entityType: "tender",
        entityId: tenderId,
        summary: `${lotLabel(lot)} (${tender.reference}) is weer in beoordeling: er is een inschrijving toegelaten`,
        changes: { lotId: lot.id },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The panel: assessors and chair

export interface LotPanelInput {
  chairUserId: string;
  assessorUserIds: readonly string[];
}

/**
 * Sets a lot's assessors (users with the role assessor; a projectgroep member may assess when
 * they hold that role too) and its chair (a projectgroep member). An assessor who has handed in
 * cannot be removed; a removed assessor's unfinished scores are discarded. Until quality is closed.
 */
export async function assignLotPanel(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, input: LotPanelInput): Promise<void> {
  assertPermission(actor, "manage:evaluation");
  const assessorIds = [...new Set(input.assessorUserIds)];
  await db.transaction(async (tx) => {
    const { tender, lot, evaluation } = await openedLot(tx, tenderId, lotId, { forUpdate: true });
    assertAssessing(evaluation);
    const problems: RuleProblem[] = [];
    const assessorCandidates = await activeUsersWithRole(tx, "assessor");
    const chairCandidates = await activeUsersWithRole(tx, "projectgroup");
    if (assessorIds.length === 0) problems.push({ field: "assessorUserIds", message: "Kies minstens één beoordelaar." });
    else if (assessorIds.some((id) => !assessorCandidates.some((candidate) => candidate.userId === id))) {
      problems.push({ field: "assessorUserIds", message: "Kies alleen actieve gebruikers met de rol beoordelaar." });
    }
    const chair = chairCandidates.find((candidate) => candidate.userId === input.chairUserId);
    if (!chair) problems.push({ field: "chairUserId", message: "Kies een actief lid van de projectgroep als voorzitter." });
    if (problems.length) throw RuleViolation.of("evaluation.panel", problems);

    const current = await lotPanel(tx, tenderId, lotId);
    const removed = current.filter((row) => !assessorIds.includes(row.userId));
    const added = assessorIds.filter((id) => !current.some((row) => row.userId === id));
    const names = await userNames(tx, [...current.map((row) => row.userId), ...assessorIds]);
    const handedIn = removed.filter((row) => row.scoresCompletedAt !== null);
    if (handedIn.length) {
      throw new RuleViolation(
        "evaluation.removeHandedIn",
        `${handedIn.map((row) => names.get(row.userId)).join(" en ")} ${handedIn.length === 1 ? "heeft" : "hebben"} de scores al definitief ingeleverd en ${handedIn.length === 1 ? "kan" : "kunnen"} niet meer van dit perceel worden gehaald.`,
        "assessorUserIds",
      );
    }
    const now = clock.now();
    if (removed.length) {
      const removedIds = removed.map((row) => row.userId);
      await tx.delete(lotAssessors).where(and(eq(lotAssessors.tenderId, tenderId), eq(lotAssessors.lotId, lotId), inArray(lotAssessors.userId, removedIds)));
      const lotOfferIds = (await tx.select({ id: offers.id }).from(offers).where(and(eq(offers.tenderId, tenderId), eq(offers.lotId, lotId)))).map((row) => row.id);
      if (lotOfferIds.length) {
        await tx.delete(criterionScores).where(and(inArray(criterionScores.offerId, lotOfferIds), inArray(criterionScores.assessorUserId, removedIds)));
      }
    }
    if (added.length) {
      await tx.insert(lotAssessors).values(added.map((userId) => ({ tenderId, lotId, userId, assignedAt: now, assignedByUserId: actor.id })));
    }
    const chairChanged = evaluation.chairUserId !== input.chairUserId;
    await tx.update(lotEvaluations).set({ chairUserId: input.chairUserId, updatedAt: now }).where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lotId)));
    await recordAudit(tx, clock, {
      actor,
      action: "lot.panelAssigned",
      entityType: "tender",
      entityId: tenderId,
      summary: `Beoordeling van ${lotLabel(lot)} (${tender.reference}): voorzitter ${chair!.name}; beoordelaars ${assessorIds.map((id) => names.get(id)).join(", ")}`,
      changes: { lotId, chairUserId: input.chairUserId, assessorUserIds: assessorIds, added, removed: removed.map((row) => row.userId) },
    });
    const link = `/aanbestedingen/${tenderId}/beoordeling/${lotId}`;
    const addedRecipients = assessorCandidates.filter((candidate) => added.includes(candidate.userId));
    await notifyUsers(tx, clock, addedRecipients, {
      title: `Beoordelen: ${lotLabel(lot)} (${tender.reference})`,
      body: `U bent beoordelaar van ${lotLabel(lot)} van "${tender.title}". Scoor elk kwaliteitscriterium van elke toegelaten inschrijving met een motivering en lever uw scores daarna definitief in.`,
      link,
    });
    if (chairChanged) {
      await notifyUsers(tx, clock, [chair!], {
        title: `Voorzitter beoordeling: ${lotLabel(lot)} (${tender.reference})`,
        body: `U bent voorzitter van de beoordeling van ${lotLabel(lot)} van "${tender.title}". Als alle beoordelaars hun scores hebben ingeleverd, stelt u per criterium de consensusscore vast en sluit u de kwaliteitsbeoordeling af.`,
        link,
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The lot page: scoring, consensus, ranking

export interface ScoreView {
  score: number;
  motivation: string;
  at: Date;
}

export interface AssessorScoreView extends ScoreView {
  criterionId: string;
  assessorUserId: string;
  assessorName: string;
}

export interface ConsensusView extends ScoreView {
  setByName: string;
}

export interface LotOfferView {
  offerId: string;
  organisationName: string;
  version: number;
  /** The offer's answer per quality criterion, with the scored wishes under it. */
  answers: { criterionId: string; text: string; wishes: { requirementId: string; title: string; met: boolean; explanation: string }[] }[];
  /** Attachments given with the answers to quality criteria (downloadable). */
  attachments: { fileId: string; fileName: string; sizeBytes: number; criterionId: string }[];
  /** The actor's own scores, per criterion id. */
  myScores: Record<string, ScoreView>;
  /** Every assessor's scores; empty unless `seesAllScores`. */
  allScores: AssessorScoreView[];
  /** The chair's consensus per criterion id; empty unless `seesAllScores`. */
  consensus: Record<string, ConsensusView>;
}

export interface LotEvaluationView {
  tender: { id: string; reference: string; title: string; priceScoringMethod: PriceScoringMethod };
  lot: { id: string; number: number; title: string; ceilingAmountCents: number };
  status: LotEvaluationRow["status"];
  unsuccessfulReason: string | null;
  qualityClosedAt: Date | null;
  qualityClosedByName: string | null;
  scale: ScoringScale & { values: number[]; description: string };
  criteria: { id: string; name: string; weight: number; description: string }[];
  priceWeight: number;
  you: { isManager: boolean; isAssessor: boolean; isChair: boolean; handedInAt: Date | null };
  chair: { userId: string; name: string } | null;
  assessors: { userId: string; name: string; handedInAt: Date | null }[];
  allHandedIn: boolean;
  /** Offers whose admissibility is not decided yet (blocks handing in). */
  pendingCount: number;
  /** The admissible offers: the ones that are scored. */
  offers: LotOfferView[];
  seesAllScores: boolean;
  canScore: boolean;
  canHandIn: boolean;
  handInBlockers: string[];
  canSetConsensus: boolean;
  canClose: boolean;
  closeBlockers: string[];
  /** After quality is closed: prices, price points and the ranking. Null before (two envelopes). */
  ranking: RankedOffer[] | null;
}

function missingScores(offersToScore: readonly CountedOffer[], criteria: readonly AwardCriterion[], scored: (offerId: string, criterionId: string) => boolean): string[] {
  return offersToScore.flatMap((offer) => criteria.filter((criterion) => !scored(offer.offerId, criterion.id)).map((criterion) => `${offer.organisationName} – ${criterion.name}`));
}

/**
 * One lot's assessment as the actor may see it: the projectgroep (manage:evaluation) or an
 * assessor assigned to the lot; anyone else is refused, an unassigned assessor too.
 * - The admissible offers' answers to the quality criteria and their attachments; never prices
 *   before quality is closed (two envelopes), for anyone.
 * - An assessor sees their own scores; the others' only after handing in their own. The
 *   projectgroep (the chair included) sees individual scores once every assessor has handed in.
 * - After closing: the ranking with prices, price points and totals.
 */
export async function getLotEvaluation(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<LotEvaluationView> {
  const isManager = hasPermission(actor, "manage:evaluation");
  if (!isManager && !hasPermission(actor, "score:offers")) throw new ForbiddenError();
  const { tender, content, lot, evaluation } = await openedLot(db, tenderId, lotId);
  const panel = await lotPanel(db, tenderId, lotId);
  const mine = hasPermission(actor, "score:offers") ? panel.find((row) => row.userId === actor.id) : undefined;
  if (!isManager && !mine) throw new ForbiddenError("U bent geen beoordelaar van dit perceel.");
  const isChair = isManager && evaluation.chairUserId === actor.id;

  const criteria = qualityCriteria(content);
  const counted = await loadCountedOffers(db, tenderId, lotId);
  const admissible = counted.filter((offer) => offer.admissibility === "admissible");
  const pendingCount = counted.filter((offer) => offer.admissibility === "pending").length;
  const offerIds = admissible.map((offer) => offer.offerId);
  const scores = offerIds.length ? await db.select().from(criterionScores).where(inArray(criterionScores.offerId, offerIds)) : [];
  const consensus = offerIds.length ? await db.select().from(consensusScores).where(inArray(consensusScores.offerId, offerIds)) : [];
  const names = await userNames(db, [...panel.map((row) => row.userId), ...(evaluation.chairUserId ? [evaluation.chairUserId] : []), ...(evaluation.qualityClosedByUserId ? [evaluation.qualityClosedByUserId] : [])]);

  const allHandedIn = panel.length > 0 && panel.every((row) => row.scoresCompletedAt !== null);
  const closed = evaluation.status === "qualityClosed";
  const seesAllScores = closed || Boolean(mine?.scoresCompletedAt) || (isManager && allHandedIn);
  const assessing = evaluation.status === "assessing";
  const criterionIds = new Set(criteria.map((criterion) => criterion.id));

  const handInBlockers: string[] = [];
  if (mine && assessing && !mine.scoresCompletedAt) {
    if (pendingCount) handInBlockers.push(`Over de toelating van ${countLabel(pendingCount, "inschrijving", "inschrijvingen")} is nog niet beslist.`);
    if (admissible.length === 0) handInBlockers.push("Er zijn (nog) geen toegelaten inschrijvingen om te beoordelen.");
    const missing = missingScores(admissible, criteria, (offerId, criterionId) => scores.some((row) => row.offerId === offerId && row.criterionId === criterionId && row.assessorUserId === actor.id));
    if (missing.length) handInBlockers.push(`Nog niet gescoord: ${missing.join("; ")}.`);
  }
  const closeBlockers: string[] = [];
  if (isChair && assessing) {
    if (pendingCount) closeBlockers.push(`Over de toelating van ${countLabel(pendingCount, "inschrijving", "inschrijvingen")} is nog niet beslist.`);
    if (panel.length === 0) closeBlockers.push("Er zijn nog geen beoordelaars toegewezen.");
    const waiting = panel.filter((row) => row.scoresCompletedAt === null).map((row) => names.get(row.userId) ?? "");
    if (waiting.length) closeBlockers.push(`Nog niet alle beoordelaars hebben hun scores ingeleverd (nog niet: ${waiting.join(", ")}).`);
    const missing = missingScores(admissible, criteria, (offerId, criterionId) => consensus.some((row) => row.offerId === offerId && row.criterionId === criterionId));
    if (missing.length) closeBlockers.push(`Nog geen consensusscore: ${missing.join("; ")}.`);
  }

  return {
    tender: { id: tender.id, reference: tender.reference, title: tender.title, priceScoringMethod: content.priceScoringMethod },
    lot: { id: lot.id, number: lot.number, title: lot.title, ceilingAmountCents: lot.ceilingAmountCents },
    status: evaluation.status,
    unsuccessfulReason: evaluation.unsuccessfulReason,
    qualityClosedAt: evaluation.qualityClosedAt,
    qualityClosedByName: evaluation.qualityClosedByUserId ? (names.get(evaluation.qualityClosedByUserId) ?? null) : null,
    scale: { ...content.scoringScale, values: scaleValues(content.scoringScale), description: describeScale(content.scoringScale) },
    criteria: criteria.map((criterion) => ({ id: criterion.id, name: criterion.name, weight: criterion.weight, description: criterion.description })),
    priceWeight: priceWeight(content),
    you: { isManager, isAssessor: Boolean(mine), isChair, handedInAt: mine?.scoresCompletedAt ?? null },
    chair: evaluation.chairUserId ? { userId: evaluation.chairUserId, name: names.get(evaluation.chairUserId) ?? "" } : null,
    assessors: panel
      .map((row) => ({ userId: row.userId, name: names.get(row.userId) ?? "", handedInAt: row.scoresCompletedAt }))
      .sort((a, b) => a.name.localeCompare(b.name, "nl")),
    allHandedIn,
    pendingCount,
    offers: admissible.map((offer) => ({
      offerId: offer.offerId,
      organisationName: offer.organisationName,
      version: offer.version,
      answers: criteria.map((criterion) => ({
        criterionId: criterion.id,
        text: offer.content.answers.find((answer) => answer.criterionId === criterion.id)?.text ?? "",
        wishes: content.requirements
          .filter((requirement) => requirement.kind === "scored" && requirement.criterionId === criterion.id && (requirement.lotId === null || requirement.lotId === lotId))
          .flatMap((requirement) => {
            const answer = offer.content.requirements.find((candidate) => candidate.requirementId === requirement.id);
            return answer ? [{ requirementId: requirement.id, title: requirement.title, met: answer.met, explanation: answer.explanation }] : [];
          }),
      })),
      attachments: offer.content.attachments.flatMap((attachment) =>
        attachment.purpose.kind === "criterion" && criterionIds.has(attachment.purpose.criterionId)
          ? [{ fileId: attachment.fileId, fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, criterionId: attachment.purpose.criterionId }]
          : [],
      ),
      myScores: Object.fromEntries(
        scores
          .filter((row) => row.offerId === offer.offerId && row.assessorUserId === actor.id && mine)
          .map((row) => [row.criterionId, { score: row.score, motivation: row.motivation, at: row.scoredAt }]),
      ),
      allScores: seesAllScores
        ? scores
            .filter((row) => row.offerId === offer.offerId && panel.some((assignment) => assignment.userId === row.assessorUserId))
            .map((row) => ({ criterionId: row.criterionId, assessorUserId: row.assessorUserId, assessorName: names.get(row.assessorUserId) ?? "", score: row.score, motivation: row.motivation, at: row.scoredAt }))
            .sort((a, b) => a.assessorName.localeCompare(b.assessorName, "nl"))
        : [],
      consensus: seesAllScores
        ? Object.fromEntries(
            consensus.filter((row) => row.offerId === offer.offerId).map((row) => [row.criterionId, { score: row.score, motivation: row.motivation, at: row.setAt, setByName: row.setByName }]),
          )
        : {},
    })),
    seesAllScores,
    canScore: Boolean(mine) && assessing && !mine?.scoresCompletedAt && admissible.length > 0,
    canHandIn: Boolean(mine) && assessing && !mine?.scoresCompletedAt && handInBlockers.length === 0,
    handInBlockers,
    canSetConsensus: isChair && assessing && allHandedIn && admissible.length > 0,
    canClose: isChair && assessing && closeBlockers.length === 0,
    closeBlockers,
    ranking: closed ? rankingOf(content, lot, admissible, consensus) : null,
  };
}

export interface ScoreInput {
  criterionId: string;
  /** null: not chosen. A row with neither score nor motivation is left as it is. */
  score: number | null;
  motivation: string;
}

/** Checks score rows against the criteria and the scale; returns the rows to save. */
function validScores(rows: readonly ScoreInput[], criteria: readonly AwardCriterion[], scale: ScoringScale): { criterion: AwardCriterion; score: number; motivation: string }[] {
  const problems: RuleProblem[] = [];
  const valid: { criterion: AwardCriterion; score: number; motivation: string }[] = [];
  for (const row of rows) {
    const criterion = criteria.find((candidate) => candidate.id === row.criterionId);
    if (!criterion) throw new NotFoundError("Dit criterium bestaat niet of wordt niet op kwaliteit beoordeeld.");
    const motivation = row.motivation.trim();
    if (row.score === null && motivation === "") continue;
    const before = problems.length;
    if (row.score === null) problems.push({ field: `score-${criterion.id}`, message: `Kies een score voor "${criterion.name}".` });
    else if (!isOnScale(row.score, scale)) problems.push({ field: `score-${criterion.id}`, message: `De score voor "${criterion.name}" moet op de schaal liggen: ${describeScale(scale)}.` });
    if (motivation === "") problems.push({ field: `motivation-${criterion.id}`, message: `Geef een motivering bij de score voor "${criterion.name}".` });
    else if (motivation.length > MAX_MOTIVATION_LENGTH) {
      problems.push({ field: `motivation-${criterion.id}`, message: `De motivering bij "${criterion.name}" is te lang (maximaal ${formatNumber(MAX_MOTIVATION_LENGTH)} tekens).` });
    }
    if (problems.length === before) valid.push({ criterion, score: row.score!, motivation });
  }
  if (problems.length) throw RuleViolation.of("evaluation.scores", problems);
  if (valid.length === 0) throw new RuleViolation("evaluation.noScores", "Vul minstens één score met motivering in.");
  return valid;
}

async function admissibleOfferOfLot(db: Db, tenderId: string, lotId: string, offerId: string): Promise<CountedOffer> {
  const offer = (await loadCountedOffers(db, tenderId, lotId)).find((candidate) => candidate.offerId === offerId);
  if (!offer) throw new NotFoundError("Deze inschrijving bestaat niet.");
  if (offer.admissibility !== "admissible") {
    throw new RuleViolation("evaluation.offerNotAdmissible", "Alleen toegelaten inschrijvingen worden beoordeeld; over deze inschrijving is anders beslist of nog niet beslist.");
  }
  return offer;
}

async function assignmentOf(db: Db, actor: Actor, tenderId: string, lotId: string): Promise<LotAssessorRow> {
  const [assignment] = await db
    .select()
    .from(lotAssessors)
    .where(and(eq(lotAssessors.tenderId, tenderId), eq(lotAssessors.lotId, lotId), eq(lotAssessors.userId, actor.id)))
    .for("update");
  if (!assignment) throw new ForbiddenError("U bent geen beoordelaar van dit perceel.");
  return assignment;
}

/**
 * An assigned assessor scores quality criteria of one admissible offer (one or more rows; each
 * with a score on the tender's scale and a motivation). Until they hand in.
 */
export async function scoreOffer(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, offerId: string, rows: readonly ScoreInput[]): Promise<void> {
  assertPermission(actor, "score:offers");
  await db.transaction(async (tx) => {
    const { tender, content, lot, evaluation } = await openedLot(tx, tenderId, lotId, { forUpdate: true });
    const assignment = await assignmentOf(tx, actor, tenderId, lotId);
    assertAssessing(evaluation);
    if (assignment.scoresCompletedAt) throw new RuleViolation("evaluation.handedIn", "U heeft uw scores al definitief ingeleverd; ze kunnen niet meer veranderen.");
    const offer = await admissibleOfferOfLot(tx, tenderId, lotId, offerId);
    const valid = validScores(rows, qualityCriteria(content), content.scoringScale);
    const now = clock.now();
    for (const { criterion, score, motivation } of valid) {
      await tx
        .insert(criterionScores)
        .values({ offerId, criterionId: criterion.id, assessorUserId: actor.id, score, motivation, scoredAt: now })
        .onConflictDoUpdate({ target: [criterionScores.offerId, criterionScores.criterionId, criterionScores.assessorUserId], set: { score, motivation, scoredAt: now } });
    }
    await recordAudit(tx, clock, {
      actor,
      action: "offer.scored",
      entityType: "tender",
      entityId: tenderId,
      summary: `${actor.name} scoorde ${valid.map(({ criterion, score }) => `${criterion.name}: ${score}`).join(", ")} voor ${offer.organisationName} (${lotLabel(lot)}, ${tender.reference})`,
      changes: { lotId, offerId, scores: valid.map(({ criterion, score, motivation }) => ({ criterionId: criterion.id, score, motivation })) },
    });
  });
}

/**
 * "Scores definitief": the assessor hands in once every quality criterion of every admissible
 * offer is scored and every knock-out decision of the lot is made. Fixes their scores and shows
 * them the others'. When the last assessor hands in, the chair is told.
 */
export async function handInScores(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<void> {
  assertPermission(actor, "score:offers");
  await db.transaction(async (tx) => {
    const { tender, content, lot, evaluation } = await openedLot(tx, tenderId, lotId, { forUpdate: true });
    const assignment = await assignmentOf(tx, actor, tenderId, lotId);
    assertAssessing(evaluation);
    if (assignment.scoresCompletedAt) throw new RuleViolation("evaluation.handedIn", "U heeft uw scores al definitief ingeleverd.");
    const counted = await loadCountedOffers(tx, tenderId, lotId);
    const pending = counted.filter((offer) => offer.admissibility === "pending").length;
    if (pending) {
      throw new RuleViolation("evaluation.pendingAdmissibility", `Over de toelating van ${countLabel(pending, "inschrijving", "inschrijvingen")} is nog niet beslist; daarna kunt u uw scores inleveren.`);
    }
    const admissible = counted.filter((offer) => offer.admissibility === "admissible");
    if (admissible.length === 0) throw new RuleViolation("evaluation.nothingToScore", "Er zijn geen toegelaten inschrijvingen om te beoordelen.");
    const mine = await tx
      .select({ offerId: criterionScores.offerId, criterionId: criterionScores.criterionId })
      .from(criterionScores)
      .where(and(inArray(criterionScores.offerId, admissible.map((offer) => offer.offerId)), eq(criterionScores.assessorUserId, actor.id)));
    const missing = missingScores(admissible, qualityCriteria(content), (offerId, criterionId) => mine.some((row) => row.offerId === offerId && row.criterionId === criterionId));
    if (missing.length) throw new RuleViolation("evaluation.incompleteScores", `U heeft nog niet alles gescoord. Ontbreekt: ${missing.join("; ")}.`);
    const now = clock.now();
    await tx.update(lotAssessors).set({ scoresCompletedAt: now }).where(and(eq(lotAssessors.tenderId, tenderId), eq(lotAssessors.lotId, lotId), eq(lotAssessors.userId, actor.id)));
    await recordAudit(tx, clock, {
      actor,
      action: "scores.handedIn",
      entityType: "tender",
      entityId: tenderId,
      summary: `${actor.name} heeft de scores voor ${lotLabel(lot)} (${tender.reference}) definitief ingeleverd`,
      changes: { lotId, offers: admissible.length },
    });
    const panel = await lotPanel(tx, tenderId, lotId);
    if (evaluation.chairUserId && panel.every((row) => row.scoresCompletedAt !== null || row.userId === actor.id)) {
      const [chair] = await tx.select({ userId: users.id, email: users.email }).from(users).where(and(eq(users.id, evaluation.chairUserId), eq(users.active, true)));
      if (chair) {
        await notifyUsers(tx, clock, [chair], {
          title: `Alle scores binnen: ${lotLabel(lot)} (${tender.reference})`,
          body: `Alle beoordelaars van ${lotLabel(lot)} hebben hun scores ingeleverd. Stel als voorzitter per criterium de consensusscore vast en sluit daarna de kwaliteitsbeoordeling af.`,
          link: `/aanbestedingen/${tenderId}/beoordeling/${lotId}`,
        });
      }
    }
  });
}

function assertChair(actor: Actor, evaluation: LotEvaluationRow) {
  assertPermission(actor, "manage:evaluation");
  if (evaluation.chairUserId !== actor.id) throw new ForbiddenError("Alleen de voorzitter van de beoordeling van dit perceel kan dit doen.");
}

async function assertAllHandedIn(db: Db, tenderId: string, lotId: string) {
  const panel = await lotPanel(db, tenderId, lotId);
  if (panel.length === 0) throw new RuleViolation("evaluation.noAssessors", "Er zijn nog geen beoordelaars aan dit perceel toegewezen.");
  const waiting = panel.filter((row) => row.scoresCompletedAt === null);
  if (waiting.length) {
    const names = await userNames(db, waiting.map((row) => row.userId));
    throw new RuleViolation(
      "evaluation.notAllHandedIn",
      `De consensus kan pas worden vastgesteld als alle beoordelaars hun scores definitief hebben ingeleverd (nog niet: ${waiting.map((row) => names.get(row.userId)).join(", ")}).`,
    );
  }
}

/** The chair sets the consensus score (with motivation) per quality criterion of one admissible offer, once every assessor has handed in. */
export async function setConsensusScores(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, offerId: string, rows: readonly ScoreInput[]): Promise<void> {
  assertPermission(actor, "manage:evaluation");
  await db.transaction(async (tx) => {
    const { tender, content, lot, evaluation } = await openedLot(tx, tenderId, lotId, { forUpdate: true });
    assertChair(actor, evaluation);
    assertAssessing(evaluation);
    await assertAllHandedIn(tx, tenderId, lotId);
    const offer = await admissibleOfferOfLot(tx, tenderId, lotId, offerId);
    const valid = validScores(rows, qualityCriteria(content), content.scoringScale);
    const now = clock.now();
    for (const { criterion, score, motivation } of valid) {
      await tx
        .insert(consensusScores)
        .values({ offerId, criterionId: criterion.id, score, motivation, setAt: now, setByUserId: actor.id, setByName: actor.name })
        .onConflictDoUpdate({ target: [consensusScores.offerId, consensusScores.criterionId], set: { score, motivation, setAt: now, setByUserId: actor.id, setByName: actor.name } });
    }
    await recordAudit(tx, clock, {
      actor,
      action: "offer.consensusSet",
      entityType: "tender",
      entityId: tenderId,
      summary: `Consensusscore ${valid.map(({ criterion, score }) => `${criterion.name}: ${score}`).join(", ")} voor ${offer.organisationName} (${lotLabel(lot)}, ${tender.reference})`,
      changes: { lotId, offerId, scores: valid.map(({ criterion, score, motivation }) => ({ criterionId: criterion.id, score, motivation })) },
    });
  });
}

/**
 * "Kwaliteit afsluiten": the chair closes the quality assessment once every consensus score is
 * set. The consensus is then fixed, prices are shown and the lot is ranked with the tender's
 * price formula. Refused when the prices cannot be scored (a price of € 0).
 */
export async function closeQuality(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string): Promise<RankedOffer[]> {
  assertPermission(actor, "manage:evaluation");
  return db.transaction(async (tx) => {
    const { tender, content, lot, evaluation } = await openedLot(tx, tenderId, lotId, { forUpdate: true });
    assertChair(actor, evaluation);
    assertAssessing(evaluation);
    const counted = await loadCountedOffers(tx, tenderId, lotId);
    const pending = counted.filter((offer) => offer.admissibility === "pending").length;
    if (pending) throw new RuleViolation("evaluation.pendingAdmissibility", `Over de toelating van ${countLabel(pending, "inschrijving", "inschrijvingen")} is nog niet beslist.`);
    await assertAllHandedIn(tx, tenderId, lotId);
    const admissible = counted.filter((offer) => offer.admissibility === "admissible");
    const consensus = admissible.length ? await tx.select().from(consensusScores).where(inArray(consensusScores.offerId, admissible.map((offer) => offer.offerId))) : [];
    const missing = missingScores(admissible, qualityCriteria(content), (offerId, criterionId) => consensus.some((row) => row.offerId === offerId && row.criterionId === criterionId));
    if (missing.length) throw new RuleViolation("evaluation.incompleteConsensus", `Nog niet voor alle criteria is een consensusscore vastgesteld. Ontbreekt: ${missing.join("; ")}.`);
    let ranking: RankedOffer[];
    try {
      ranking = rankingOf(content, lot, admissible, consensus);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new RuleViolation("evaluation.priceNotScorable", error.message === ZERO_PRICE_MESSAGE ? `De prijzen kunnen niet worden gescoord: ${ZERO_PRICE_MESSAGE}` : error.message);
      }
      throw error;
    }
    const now = clock.now();
    await tx
      .update(lotEvaluations)
      .set({ status: "qualityClosed", qualityClosedAt: now, qualityClosedByUserId: actor.id, updatedAt: now })
      .where(and(eq(lotEvaluations.tenderId, tenderId), eq(lotEvaluations.lotId, lotId)));
    const points = (value: number) => new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    await recordAudit(tx, clock, {
      actor,
      action: "lot.qualityClosed",
      entityType: "tender",
      entityId: tenderId,
      summary: `Kwaliteitsbeoordeling van ${lotLabel(lot)} (${tender.reference}) afgesloten; rangorde: ${ranking.map((offer) => `${offer.rank}. ${offer.organisationName} (${points(offer.totalPoints)} punten)`).join(", ")}`,
      changes: {
        lotId,
        ranking: ranking.map((offer) => ({ offerId: offer.offerId, rank: offer.rank, qualityPoints: offer.qualityPoints, pricePoints: offer.pricePoints, totalPoints: offer.totalPoints, tied: offer.tied })),
      },
    });
    const panel = await lotPanel(tx, tenderId, lotId);
    const recipients = await tx
      .select({ userId: users.id, email: users.email })
      .from(users)
      .where(and(inArray(users.id, panel.map((row) => row.userId).concat(evaluation.chairUserId ? [evaluation.chairUserId] : [])), eq(users.active, true)));
    await notifyUsers(tx, clock, recipients, {
      title: `Kwaliteit afgesloten: ${lotLabel(lot)} (${tender.reference})`,
      body: `De kwaliteitsbeoordeling van ${lotLabel(lot)} is afgesloten. De prijzen, de prijsscores en de rangorde zijn nu zichtbaar.`,
      link: `/aanbestedingen/${tenderId}/beoordeling/${lotId}`,
      sendMail: false,
    });
    return ranking;
  });
}

// ---------------------------------------------------------------------------------------------
// Attachments

export interface OfferAttachmentDownload {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/**
 * An attachment of an opened offer. The projectgroep may fetch any attachment of the counted
 * version (evidence for the knock-out check included); an assessor assigned to the lot only the
 * attachments to quality criteria of admissible offers. Anything else is "not found", also an
 * attachment of an older version or of another tender.
 */
export async function getOfferAttachment(db: Db, actor: Actor, tenderId: string, lotId: string, offerId: string, fileId: string): Promise<OfferAttachmentDownload> {
  const isManager = hasPermission(actor, "manage:evaluation");
  if (!isManager && !hasPermission(actor, "score:offers")) throw new ForbiddenError();
  await openedLot(db, tenderId, lotId);
  const panel = await lotPanel(db, tenderId, lotId);
  if (!isManager && !panel.some((row) => row.userId === actor.id)) throw new ForbiddenError("U bent geen beoordelaar van dit perceel.");
  const notFound = () => new NotFoundError("Deze bijlage bestaat niet.");
  const offer = (await loadCountedOffers(db, tenderId, lotId)).find((candidate) => candidate.offerId === offerId);
  if (!offer) throw notFound();
  const attachment = offer.content.attachments.find((candidate) => candidate.fileId === fileId);
  if (!attachment) throw notFound();
  if (!isManager && (offer.admissibility !== "admissible" || attachment.purpose.kind !== "criterion")) throw notFound();
  const file = await readStoredFile(db, fileId);
  return { fileName: attachment.fileName, mimeType: file.mimeType, bytes: file.bytes };
}
