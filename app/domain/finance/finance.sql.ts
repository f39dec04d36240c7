import { bigint, integer, numeric, pgTable, text, uuid } from "drizzle-orm/pg-core";

// Reference budget lines of the framework's cost estimates (figures 5 and 6), seeded as printed
// (amounts in whole euros as cents; hours, persons and rates as printed), never recomputed.
export const referenceBudgetLines = pgTable("reference_budget_lines", {
  id: uuid("id").primaryKey().defaultRandom(),
  figure: text("figure").notNull(),
  position: integer("position").notNull(),
  label: text("label").notNull(),
  hours: numeric("hours", { precision: 10, scale: 2 }),
  persons: integer("persons"),
  rateCents: bigint("rate_cents", { mode: "number" }),
  /** null where the framework prints "PM" (pro memorie). */
  amountCents: bigint("amount_cents", { mode: "number" }),
});
