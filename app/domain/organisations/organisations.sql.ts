import { boolean, char, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organisationKinds = ["languageSchool", "volunteerOrganisation", "publicBody"] as const;
export const organisationKind = pgEnum("organisation_kind", organisationKinds);

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: organisationKind("kind").notNull(),
  name: text("name").notNull(),
  kvkNumber: char("kvk_number", { length: 8 }).notNull().unique(),
  street: text("street").notNull(),
  postalCode: text("postal_code").notNull(),
  city: text("city").notNull(),
  contactName: text("contact_name").notNull(),
  contactEmail: text("contact_email").notNull(),
  contactPhone: text("contact_phone"),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});
