import { numeric, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";

export const learningRoutes = ["b1", "education", "z"] as const;
export const learningRoute = pgEnum("learning_route", learningRoutes);

export const kpiDirections = ["higherIsBetter", "lowerIsBetter"] as const;
export const kpiDirection = pgEnum("kpi_direction", kpiDirections);

export const kpiUnits = ["percent", "score"] as const;
export const kpiUnit = pgEnum("kpi_unit", kpiUnits);

// The KPI catalogue of the policy goals (§6). Contracts pick KPIs from here and keep the source.
// The target is numeric (exact decimal, read as a string) so that 75 % is never 0.7499999.
export const kpiDefinitions = pgTable("kpi_definitions", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  definition: text("definition").notNull(),
  // null: the KPI applies to every leerroute (or to none, for finance and ontzorgen)
  learningRoute: learningRoute("learning_route"),
  scope: text("scope").notNull(),
  unit: kpiUnit("unit").notNull(),
  target: numeric("target", { precision: 9, scale: 4 }).notNull(),
  direction: kpiDirection("direction").notNull(),
  source: text("source").notNull(),
  note: text("note"),
});
