import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "../organisations/organisations.sql";
import { tenders } from "../tenders/tender.sql";
import type { OfferDraft, OfferVersionContent } from "./offer-content";

// Sealed until the opening (domain.md §5): no query outside app/domain/offers and
// app/domain/evaluation may read these tables, and those modules check the opening first.

export const offerStatuses = ["draft", "submitted", "withdrawn"] as const;
export const offerStatus = pgEnum("offer_status", offerStatuses);

export const admissibilities = ["pending", "admissible", "excluded"] as const;
export const admissibility = pgEnum("offer_admissibility", admissibilities);

/** One supplier's offer on one lot; its submitted versions are in offer_versions. */
export const offers = pgTable(
  "offers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    lotId: uuid("lot_id").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    status: offerStatus("status").notNull(),
    /** The working copy; after submission it starts as a copy of the submitted version. */
    draft: jsonb("draft").$type<OfferDraft>().notNull(),
    /** Number of the latest submitted version; null while never submitted. */
    submittedVersion: integer("submitted_version"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** Set when the tender changed materially after this offer was submitted (Prozorro practice). */
    needsReconfirmation: boolean("needs_reconfirmation").notNull().default(false),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    // The knock-out check after the opening.
    admissibility: admissibility("admissibility").notNull().default("pending"),
    exclusionReason: text("exclusion_reason"),
    admissibilityDecidedAt: timestamp("admissibility_decided_at", { withTimezone: true }),
    admissibilityDecidedByUserId: uuid("admissibility_decided_by_user_id"),
  },
  (table) => [uniqueIndex("offers_one_per_lot").on(table.tenderId, table.lotId, table.organisationId), index("offers_tender").on(table.tenderId, table.lotId)],
);

// Immutable: a trigger refuses UPDATE and DELETE.
export const offerVersions = pgTable(
  "offer_versions",
  {
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id),
    version: integer("version").notNull(),
    content: jsonb("content").$type<OfferVersionContent>().notNull(),
    /** SHA-256 (hex) of the canonical JSON of `content`: the receipt. */
    contentHash: text("content_hash").notNull(),
    totalPriceCents: bigint("total_price_cents", { mode: "number" }).notNull(),
    tenderVersion: integer("tender_version").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    submittedByUserId: uuid("submitted_by_user_id").notNull(),
    submittedByName: text("submitted_by_name").notNull(),
  },
  (table) => [primaryKey({ columns: [table.offerId, table.version] })],
);

export const offerEventKinds = ["created", "submitted", "withdrawn", "reconfirmationRequested"] as const;
export const offerEventKind = pgEnum("offer_event_kind", offerEventKinds);

// The offer's own trail. It is not in audit_log, which the admin reads: before the opening even
// the number of these rows would tell how many offers exist. Immutable like the versions.
export const offerEvents = pgTable(
  "offer_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id),
    kind: offerEventKind("kind").notNull(),
    version: integer("version"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorName: text("actor_name").notNull(),
    note: text("note"),
  },
  (table) => [index("offer_events_offer").on(table.offerId, table.occurredAt)],
);
