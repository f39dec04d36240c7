// What waits for whom in the opening, the evaluation and the award: the work lists of "Mijn
// overzicht" (app/domain/start-page). Each list names the tender and lot and the page where the
// person acts; each function checks the permission of the step it lists.
//
// Sealed (domain.md §5): before a tender is opened nothing here reads an offer table. The opening
// list is built from the tenders' deadlines and the opening requests alone, so it is the same
// whether a tender has no offer or a hundred. The other lists start from rows that only exist
// after the opening (lot_evaluations, lot_assessors, award_decisions) and still pass
// `isTenderOpened` before anything else is read.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, notExists } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { ForbiddenError } from "../errors";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { offers } from "../offers/offer.sql";
import { organisations } from "../organisations/organisations.sql";
import { tenders } from "../tenders/tender.sql";
import { formatStandstillEnd } from "./award-format";
import { listOwnAwardLetters, type OwnAwardLetterLink } from "./award.server";
import { lotAssessors, awardDecisions, lotEvaluations, tenderOpenings } from "./evaluation.sql";
import { getLotEvaluation } from "./evaluation.server";
import { loadPublishedTender, type PublishedTender } from "./evaluation-data.server";
import { isTenderOpened, OPENING_CONFIRMATION_MINUTES } from "./opening.server";
import { isStandstillOver } from "./standstill";

const CONFIRMATION_WINDOW_MS = OPENING_CONFIRMATION_MINUTES * 60 * 1000;

export interface TenderRef {
  tenderId: string;
  reference: string;
  title: string;
}

export interface LotRef extends TenderRef {
  lotId: string;
  lotNumber: number;
  lotTitle: string;
}

/** Loads each published tender once per list, for the lot titles of its latest published version. */
function tenderCache(db: Db) {
  const cache = new Map<string, Promise<PublishedTender>>();
  return async (tenderId: string, lotId: string): Promise<LotRef | null> => {
    if (!cache.has(tenderId)) cache.set(tenderId, loadPublishedTender(db, tenderId));
    const { tender, content } = await cache.get(tenderId)!;
    const lot = content.lots.find((candidate) => candidate.id === lotId);
    if (!lot) return null;
    return { tenderId, reference: tender.reference, title: tender.title, lotId, lotNumber: lot.number, lotTitle: lot.title };
  };
}

const byTenderThenLot = (a: LotRef, b: LotRef) => a.reference.localeCompare(b.reference, "nl") || a.lotNumber - b.lotNumber;

// ---------------------------------------------------------------------------------------------
// The opening (open:offers)

export interface TenderAwaitingOpening extends TenderRef {
  submissionDeadline: Date;
  /** The actor's own request, waiting for a second member until `expiresAt`; null when none. */
  ownRequest: { requestedAt: Date; expiresAt: Date } | null;
}

export interface OpeningToConfirm extends TenderRef {
  submissionDeadline: Date;
  requestId: string;
  requestedByName: string;
  requestedAt: Date;
  /** The four-eyes confirmation must happen before this moment (request + 15 minutes). */
  expiresAt: Date;
}

export interface OpeningWorkList {
  /** Deadline passed, not opened, and no request of another member waiting: by deadline, oldest first. */
  awaitingOpening: TenderAwaitingOpening[];
  /** Requests of another projectgroep member that the actor can confirm now. */
  toConfirm: OpeningToConfirm[];
}

/**
 * Tenders whose submission deadline has passed and that are not opened yet, and the opening
 * requests of other members waiting for the actor's confirmation. Reads only tenders and
 * tender_openings: nothing about offers, so the list looks the same with or without offers.
 */
export async function listOpeningWork(db: Db, clock: Clock, actor: Actor): Promise<OpeningWorkList> {
  assertPermission(actor, "open:offers");
  const now = clock.now();
  const closed = await db
    .select({ tenderId: tenders.id, reference: tenders.reference, title: tenders.title, submissionDeadline: tenders.submissionDeadline })
    .from(tenders)
    .where(
      and(
        eq(tenders.status, "published"),
        isNotNull(tenders.submissionDeadline),
        lte(tenders.submissionDeadline, now),
        notExists(
          db
            .select({ id: tenderOpenings.id })
            .from(tenderOpenings)
            .where(and(eq(tenderOpenings.tenderId, tenders.id), isNotNull(tenderOpenings.confirmedAt))),
        ),
      ),
    )
    .orderBy(asc(tenders.submissionDeadline), asc(tenders.reference));
  if (closed.length === 0) return { awaitingOpening: [], toConfirm: [] };

  const requests = await db
    .select()
    .from(tenderOpenings)
    .where(and(inArray(tenderOpenings.tenderId, closed.map((row) => row.tenderId)), isNull(tenderOpenings.confirmedAt)))
    .orderBy(desc(tenderOpenings.requestedAt));
  const awaitingOpening: TenderAwaitingOpening[] = [];
  const toConfirm: OpeningToConfirm[] = [];
  for (const row of closed) {
    const tender = { ...row, submissionDeadline: row.submissionDeadline! };
    // the latest unconfirmed request counts, as on the opening page; an expired one is no request
    const latest = requests.find((request) => request.tenderId === row.tenderId);
    const expiresAt = latest ? new Date(latest.requestedAt.getTime() + CONFIRMATION_WINDOW_MS) : null;
    const pending = latest && expiresAt && now.getTime() <= expiresAt.getTime() ? { ...latest, expiresAt } : null;
    if (pending && pending.requestedByUserId !== actor.id) {
      toConfirm.push({ ...tender, requestId: pending.id, requestedByName: pending.requestedByName, requestedAt: pending.requestedAt, expiresAt: pending.expiresAt });
    } else {
      awaitingOpening.push({ ...tender, ownRequest: pending ? { requestedAt: pending.requestedAt, expiresAt: pending.expiresAt } : null });
    }
  }
  return { awaitingOpening, toConfirm };
}

// ---------------------------------------------------------------------------------------------
// The chair (manage:evaluation)

export interface ChairLot extends LotRef {
  /** "consensus": every assessor handed in, consensus scores can be set; "close": all set, quality can be closed. */
  step: "consensus" | "close";
}

/**
 * Lots whose assessment the actor chairs and where it is the chair's turn: every assessor has
 * handed in (consensus can be set), or every consensus score is set (quality can be closed).
 */
export async function listChairWork(db: Db, clock: Clock, actor: Actor): Promise<ChairLot[]> {
  assertPermission(actor, "manage:evaluation");
  const chaired = await db
    .select({ tenderId: lotEvaluations.tenderId, lotId: lotEvaluations.lotId })
    .from(lotEvaluations)
    .innerJoin(tenders, eq(tenders.id, lotEvaluations.tenderId))
    .where(and(eq(lotEvaluations.chairUserId, actor.id), eq(lotEvaluations.status, "assessing"), eq(tenders.status, "published")));
  const refOf = tenderCache(db);
  const lots: ChairLot[] = [];
  for (const row of chaired) {
    if (!(await isTenderOpened(db, row.tenderId))) continue;
    const panel = await db
      .select({ handedInAt: lotAssessors.scoresCompletedAt })
      .from(lotAssessors)
      .where(and(eq(lotAssessors.tenderId, row.tenderId), eq(lotAssessors.lotId, row.lotId)));
    // cheap first: nothing for the chair until the whole panel has handed in
    if (panel.length === 0 || panel.some((assignment) => assignment.handedInAt === null)) continue;
    const ref = await refOf(row.tenderId, row.lotId);
    if (!ref) continue;
    // the lot page's own rules decide what the chair can do
    const view = await getLotEvaluation(db, clock, actor, row.tenderId, row.lotId);
    if (view.canClose) lots.push({ ...ref, step: "close" });
    else if (view.canSetConsensus) lots.push({ ...ref, step: "consensus" });
  }
  return lots.sort(byTenderThenLot);
}

// ---------------------------------------------------------------------------------------------
// The award (decide:award)

export interface AwardToFinalize extends LotRef {
  winnerName: string | null;
  /** "maandag 2 november 2020 om 24:00 uur" */
  standstillEndText: string | null;
}

export interface SuspendedAward extends LotRef {
  suspendedAt: Date | null;
  suspensionReason: string | null;
}

export interface AwardWorkList {
  /** Quality closed, no current award: ready for an award proposal. */
  toPropose: LotRef[];
  /** Decision sent and the standstill is over: can be awarded finally. */
  toFinalize: AwardToFinalize[];
  /** Suspended during the standstill (objection, kort geding). */
  suspended: SuspendedAward[];
}

/** Lots ready for an award proposal, awards whose standstill has ended, and suspended awards. */
export async function listAwardWork(db: Db, clock: Clock, actor: Actor): Promise<AwardWorkList> {
  assertPermission(actor, "decide:award");
  const now = clock.now();
  const refOf = tenderCache(db);
  const ready = await db
    .select({ tenderId: lotEvaluations.tenderId, lotId: lotEvaluations.lotId })
    .from(lotEvaluations)
    .innerJoin(tenders, eq(tenders.id, lotEvaluations.tenderId))
    .where(
      and(
        eq(lotEvaluations.status, "qualityClosed"),
        eq(tenders.status, "published"),
        notExists(
          db
            .select({ id: awardDecisions.id })
            .from(awardDecisions)
            .where(and(eq(awardDecisions.tenderId, lotEvaluations.tenderId), eq(awardDecisions.lotId, lotEvaluations.lotId), ne(awardDecisions.status, "withdrawn"))),
        ),
      ),
    );
  const current = await db
    .select({ award: awardDecisions })
    .from(awardDecisions)
    .innerJoin(tenders, eq(tenders.id, awardDecisions.tenderId))
    .where(and(eq(tenders.status, "published"), inArray(awardDecisions.status, ["decisionSent", "suspended"])));

  const toPropose: LotRef[] = [];
  for (const row of ready) {
    if (!(await isTenderOpened(db, row.tenderId))) continue;
    const ref = await refOf(row.tenderId, row.lotId);
    if (ref) toPropose.push(ref);
  }
  const toFinalize: AwardToFinalize[] = [];
  const suspended: SuspendedAward[] = [];
  for (const { award } of current) {
    if (!(await isTenderOpened(db, award.tenderId))) continue;
    const ref = await refOf(award.tenderId, award.lotId);
    if (!ref) continue;
    if (award.status === "suspended") {
      suspended.push({ ...ref, suspendedAt: award.suspendedAt, suspensionReason: award.suspensionReason });
    } else if (award.standstillEndsAt && isStandstillOver(now, { endsAt: award.standstillEndsAt })) {
      toFinalize.push({
        ...ref,
        winnerName: await bidderName(db, award.winningOfferId),
        standstillEndText: award.standstillLastDay ? formatStandstillEnd(award.standstillLastDay) : null,
      });
    }
  }
  return { toPropose: toPropose.sort(byTenderThenLot), toFinalize: toFinalize.sort(byTenderThenLot), suspended: suspended.sort(byTenderThenLot) };
}

/** The name of the organisation behind an offer; only after the sealed gate. */
async function bidderName(db: Db, offerId: string): Promise<string | null> {
  const [row] = await db
    .select({ name: organisations.name })
    .from(offers)
    .innerJoin(organisations, eq(organisations.id, offers.organisationId))
    .where(eq(offers.id, offerId));
  return row?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// The assessor (score:offers)

export interface LotToScore extends LotRef {
  assignedAt: Date;
}

/** Lots of opened tenders assigned to the actor whose scores the actor has not handed in yet. */
export async function listLotsToScore(db: Db, _clock: Clock, actor: Actor): Promise<LotToScore[]> {
  assertPermission(actor, "score:offers");
  const assigned = await db
    .select({ tenderId: lotAssessors.tenderId, lotId: lotAssessors.lotId, assignedAt: lotAssessors.assignedAt })
    .from(lotAssessors)
    .innerJoin(lotEvaluations, and(eq(lotEvaluations.tenderId, lotAssessors.tenderId), eq(lotEvaluations.lotId, lotAssessors.lotId)))
    .innerJoin(tenders, eq(tenders.id, lotAssessors.tenderId))
    .where(and(eq(lotAssessors.userId, actor.id), isNull(lotAssessors.scoresCompletedAt), eq(lotEvaluations.status, "assessing"), eq(tenders.status, "published")));
  const refOf = tenderCache(db);
  const lots: LotToScore[] = [];
  for (const row of assigned) {
    if (!(await isTenderOpened(db, row.tenderId))) continue;
    const ref = await refOf(row.tenderId, row.lotId);
    if (ref) lots.push({ ...ref, assignedAt: row.assignedAt });
  }
  return lots.sort(byTenderThenLot);
}

// ---------------------------------------------------------------------------------------------
// The supplier's award letters, over every tender

export interface OwnAwardLettersOfTender extends TenderRef {
  letters: OwnAwardLetterLink[];
}

/**
 * Every award letter the actor's organisation can download, per tender (listOwnAwardLetters for
 * each tender where a decision was sent on a lot it bid on). Newest decision first.
 */
export async function listAllOwnAwardLetters(db: Db, actor: Actor): Promise<OwnAwardLettersOfTender[]> {
  if (!hasPermission(actor, "submit:offers") || !actor.organisationId) throw new ForbiddenError();
  const rows = await db
    .selectDistinct({ tenderId: awardDecisions.tenderId, reference: tenders.reference, title: tenders.title })
    .from(awardDecisions)
    .innerJoin(tenders, eq(tenders.id, awardDecisions.tenderId))
    .innerJoin(offers, and(eq(offers.tenderId, awardDecisions.tenderId), eq(offers.lotId, awardDecisions.lotId), eq(offers.organisationId, actor.organisationId)))
    .where(and(isNotNull(awardDecisions.decisionSentAt), ne(awardDecisions.status, "withdrawn")));
  const result: OwnAwardLettersOfTender[] = [];
  for (const row of rows) {
    const letters = await listOwnAwardLetters(db, actor, row.tenderId);
    if (letters.length) result.push({ ...row, letters });
  }
  const newest = (tender: OwnAwardLettersOfTender) => Math.max(...tender.letters.map((letter) => letter.decisionSentAt.getTime()));
  return result.sort((a, b) => newest(b) - newest(a) || a.reference.localeCompare(b.reference, "nl"));
}
