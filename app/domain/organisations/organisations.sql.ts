import { bigserial, boolean, char, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organisationKinds = ["languageSchool", "volunteerOrganisation", "publicBody"] as const;
export const organisationKind = pgEnum("organisation_kind", organisationKinds);

export const verificationStatuses = ["pending", "verified", "rejected"] as const;
export const verificationStatus = pgEnum("organisation_verification_status", verificationStatuses);

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
  /** A self-registered supplier is pending until an admin has checked it; only verified ones may submit offers. */
  verificationStatus: verificationStatus("verification_status").notNull().default("verified"),
  verifiedAt: timestamp("verified_at", { withTimezone: true }),
  verifiedByUserId: uuid("verified_by_user_id"),
  rejectionReason: text("rejection_reason"),
});

/** A supplier user's invitation of a colleague; the link carries a token whose SHA-256 is kept here. */
export const organisationInvitations = pgTable(
  "organisation_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByUserId: uuid("invited_by_user_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedUserId: uuid("accepted_user_id"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("organisation_invitations_organisation").on(table.organisationId)],
);

/**
 * Self-registrations per client address, for throttling: registering is public, hashes a password
 * and mails the administrators, so one address may only try a few times an hour.
 */
export const registrationAttempts = pgTable(
  "registration_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ipAddress: text("ip_address").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("registration_attempts_ip_time").on(table.ipAddress, table.attemptedAt)],
);
