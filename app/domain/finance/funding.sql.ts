import { bigint, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { municipalities } from "../regions/regions.sql";

export const fundingKinds = ["implementation", "execution", "provisions"] as const;
export const fundingKind = pgEnum("funding_kind", fundingKinds);

// Rijksbijdragen per municipality, year and stream, in integer euro cents, seeded as printed.
export const fundingAllocations = pgTable(
  "funding_allocations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    year: integer("year").notNull(),
    kind: fundingKind("kind").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    source: text("source").notNull(),
  },
  (table) => [uniqueIndex("funding_allocations_municipality_year_kind").on(table.municipalityId, table.year, table.kind)],
);
