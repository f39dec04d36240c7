import { pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contracts } from "../contracts/contract.sql";
import { municipalities } from "../regions/regions.sql";

export const localOfferingCategories = ["participation", "careAndSupport", "language", "financial"] as const;
export const localOfferingCategory = pgEnum("local_offering_category", localOfferingCategories);

export const localProviderKinds = ["municipality", "library", "welfareOrganisation"] as const;
export const localProviderKind = pgEnum("local_provider_kind", localProviderKinds);

// Appendix 1 of the framework: what each municipality offers locally (a snapshot, kept editable).
export const localOfferings = pgTable("local_offerings", {
  id: uuid("id").primaryKey().defaultRandom(),
  municipalityId: uuid("municipality_id")
    .notNull()
    .references(() => municipalities.id),
  category: localOfferingCategory("category").notNull(),
  providerKind: localProviderKind("provider_kind").notNull(),
  providerName: text("provider_name").notNull(),
  description: text("description").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

// Contracts linked to local offerings, for the local-connection goal.
export const contractLocalOfferings = pgTable(
  "contract_local_offerings",
  {
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    localOfferingId: uuid("local_offering_id")
      .notNull()
      .references(() => localOfferings.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.contractId, table.localOfferingId] })],
);
