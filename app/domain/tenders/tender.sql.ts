import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.sql";
import { organisations } from "../organisations/organisations.sql";
import type { TenderContent } from "./tender-content";

export const tenderStatuses = ["draft", "published", "cancelled"] as const;
export const tenderStatus = pgEnum("tender_status", tenderStatuses);

export const tenders = pgTable(
  "tenders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull(),
    status: tenderStatus("status").notNull(),
    /** The working copy the projectgroep edits; published versions are frozen in tender_versions. */
    draft: jsonb("draft").$type<TenderContent>().notNull(),
    /** Last published version number; null while never published. */
    publishedVersion: integer("published_version"),
    // Copied from the latest published version, for lists, filters and deadline checks.
    title: text("title").notNull(),
    questionDeadline: timestamp("question_deadline", { withTimezone: true }),
    submissionDeadline: timestamp("submission_deadline", { withTimezone: true }),
    learningRoutes: text("learning_routes").array().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdByUserId: uuid("created_by_user_id").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancellationReason: text("cancellation_reason"),
  },
  (table) => [uniqueIndex("tenders_reference").on(table.reference)],
);

// Immutable: a trigger refuses UPDATE and DELETE (migration 0003).
export const tenderVersions = pgTable(
  "tender_versions",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    version: integer("version").notNull(),
    content: jsonb("content").$type<TenderContent>().notNull(),
    changeNote: text("change_note"),
    /** Lots, price components, requirements or criteria changed against the previous version. */
    materialChange: boolean("material_change").notNull(),
    deadlineExtended: boolean("deadline_extended").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    publishedByUserId: uuid("published_by_user_id").notNull(),
    publishedByName: text("published_by_name").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenderId, table.version] })],
);

export const tenderInterests = pgTable(
  "tender_interests",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenderId, table.userId] })],
);

export const questionStatuses = ["open", "answered", "merged"] as const;
export const questionStatus = pgEnum("question_status", questionStatuses);

export const tenderQuestions = pgTable(
  "tender_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    // The asker is never shown to other suppliers (only to the projectgroep and the asker's own organisation).
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    askedByUserId: uuid("asked_by_user_id").notNull(),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
    lotId: uuid("lot_id"),
    documentReference: text("document_reference"),
    text: text("text").notNull(),
    status: questionStatus("status").notNull(),
    answer: text("answer"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    answeredByUserId: uuid("answered_by_user_id"),
    /** A duplicate is merged into another question and answered there. */
    mergedIntoQuestionId: uuid("merged_into_question_id"),
    /** Theme under which the NvI groups the question (e.g. "Perceel 1", "Planning"). */
    topic: text("topic"),
    /** Number in the Nota van Inlichtingen, given when first published. */
    noticeNumber: integer("notice_number"),
    publishedInNoticeVersion: integer("published_in_notice_version"),
  },
  (table) => [index("tender_questions_tender").on(table.tenderId, table.askedAt)],
);

export interface InformationNoticeEntry {
  number: number;
  topic: string;
  lotTitle: string | null;
  documentReference: string | null;
  question: string;
  answer: string;
}

// Immutable like tender versions.
export const informationNotices = pgTable(
  "information_notices",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    version: integer("version").notNull(),
    entries: jsonb("entries").$type<InformationNoticeEntry[]>().notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    publishedByUserId: uuid("published_by_user_id").notNull(),
    publishedByName: text("published_by_name").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenderId, table.version] })],
);
