import { date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "../identity/identity.sql";
import { offers } from "../offers/offer.sql";
import { tenders } from "../tenders/tender.sql";
import { contracts } from "../contracts/contract.sql";

// Opening under four eyes: one projectgroep member asks, a second confirms within 15 minutes.
// The tender counts as opened once a request is confirmed (at most one per tender).
export const tenderOpenings = pgTable(
  "tender_openings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    requestedByUserId: uuid("requested_by_user_id").notNull(),
    requestedByName: text("requested_by_name").notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    confirmedByUserId: uuid("confirmed_by_user_id"),
    confirmedByName: text("confirmed_by_name"),
  },
  (table) => [
    index("tender_openings_tender").on(table.tenderId, table.requestedAt),
    uniqueIndex("tender_openings_one_confirmed").on(table.tenderId).where(sql`confirmed_at is not null`),
  ],
);

export const lotEvaluationStatuses = ["assessing", "qualityClosed", "unsuccessful"] as const;
export const lotEvaluationStatus = pgEnum("lot_evaluation_status", lotEvaluationStatuses);

/** The assessment of one lot: its chair and whether the quality envelope is closed (prices shown). */
export const lotEvaluations = pgTable(
  "lot_evaluations",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    lotId: uuid("lot_id").notNull(),
    chairUserId: uuid("chair_user_id").references(() => users.id),
    status: lotEvaluationStatus("status").notNull(),
    qualityClosedAt: timestamp("quality_closed_at", { withTimezone: true }),
    qualityClosedByUserId: uuid("quality_closed_by_user_id"),
    unsuccessfulReason: text("unsuccessful_reason"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenderId, table.lotId] })],
);

export const lotAssessors = pgTable(
  "lot_assessors",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    lotId: uuid("lot_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
    assignedByUserId: uuid("assigned_by_user_id").notNull(),
    /** When the assessor handed in all scores of the lot; from then on they are fixed and the others' visible. */
    scoresCompletedAt: timestamp("scores_completed_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.tenderId, table.lotId, table.userId] })],
);

/** One assessor's score of one quality criterion of one offer, with the required motivation. */
export const criterionScores = pgTable(
  "criterion_scores",
  {
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id),
    criterionId: uuid("criterion_id").notNull(),
    assessorUserId: uuid("assessor_user_id")
      .notNull()
      .references(() => users.id),
    score: integer("score").notNull(),
    motivation: text("motivation").notNull(),
    scoredAt: timestamp("scored_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.offerId, table.criterionId, table.assessorUserId] })],
);

/** The chair's consensus score per criterion and offer. */
export const consensusScores = pgTable(
  "consensus_scores",
  {
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id),
    criterionId: uuid("criterion_id").notNull(),
    score: integer("score").notNull(),
    motivation: text("motivation").notNull(),
    setAt: timestamp("set_at", { withTimezone: true }).notNull(),
    setByUserId: uuid("set_by_user_id").notNull(),
    setByName: text("set_by_name").notNull(),
  },
  (table) => [primaryKey({ columns: [table.offerId, table.criterionId] })],
);

export const awardDecisionStatuses = ["proposed", "decisionSent", "suspended", "withdrawn", "final"] as const;
export const awardDecisionStatus = pgEnum("award_decision_status", awardDecisionStatuses);

/**
 * The award of one lot: proposal → decision sent (standstill) → final, with suspension or
 * withdrawal during the standstill. A withdrawn award stays as history; a new proposal is a new row.
 */
export const awardDecisions = pgTable(
  "award_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    lotId: uuid("lot_id").notNull(),
    status: awardDecisionStatus("status").notNull(),
    winningOfferId: uuid("winning_offer_id")
      .notNull()
      .references(() => offers.id),
    motivation: text("motivation").notNull(),
    /** How a tie in the ranking was broken, when there was one. */
    tieBreakNote: text("tie_break_note"),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull(),
    proposedByUserId: uuid("proposed_by_user_id").notNull(),
    proposedByName: text("proposed_by_name").notNull(),
    decisionSentAt: timestamp("decision_sent_at", { withTimezone: true }),
    standstillLastDay: date("standstill_last_day"),
    standstillEndsAt: timestamp("standstill_ends_at", { withTimezone: true }),
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    suspensionReason: text("suspension_reason"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawalReason: text("withdrawal_reason"),
    finalizedAt: timestamp("finalized_at", { withTimezone: true }),
    finalizedByUserId: uuid("finalized_by_user_id"),
    contractId: uuid("contract_id").references(() => contracts.id),
  },
  (table) => [
    index("award_decisions_lot").on(table.tenderId, table.lotId),
    uniqueIndex("award_decisions_one_current").on(table.tenderId, table.lotId).where(sql`status <> 'withdrawn'`),
  ],
);
