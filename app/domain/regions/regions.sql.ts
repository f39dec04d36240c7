import { integer, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// A region is a first-class entity: tenders may span municipalities of several regions
// (the onderwijsroute is bought jointly with Alkmaar and Kop van Noord-Holland).
export const regions = pgTable("regions", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
});

export const municipalities = pgTable("municipalities", {
  id: uuid("id").primaryKey().defaultRandom(),
  regionId: uuid("region_id")
    .notNull()
    .references(() => regions.id),
  // CBS municipality code (GM0405 for Hoorn): the key other national data sets use.
  cbsCode: text("cbs_code").notNull().unique(),
  name: text("name").notNull().unique(),
});

// Taakstelling: persons with a residence permit a municipality must house per half year.
export const housingQuotas = pgTable(
  "housing_quotas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    year: integer("year").notNull(),
    half: smallint("half").notNull(),
    persons: integer("persons").notNull(),
    source: text("source").notNull(),
  },
  (table) => [uniqueIndex("housing_quotas_municipality_period").on(table.municipalityId, table.year, table.half)],
);
