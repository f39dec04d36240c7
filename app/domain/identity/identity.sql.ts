import { boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid, bigserial } from "drizzle-orm/pg-core";
import { organisations } from "../organisations/organisations.sql";
import { municipalities } from "../regions/regions.sql";

export const roles = ["admin", "projectgroup", "assessor", "contractManager", "supplier", "municipalityViewer"] as const;
export const role = pgEnum("role", roles);

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  // stored lower-case: one person, one account, however the address is typed
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  // a supplier user belongs to exactly one organisation, a municipality viewer to one municipality
  organisationId: uuid("organisation_id").references(() => organisations.id),
  municipalityId: uuid("municipality_id").references(() => municipalities.id),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.role] })],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the token in the cookie: a copy of this table opens no sessions
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
  },
  (table) => [index("sessions_user").on(table.userId)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("login_attempts_email_time").on(table.email, table.attemptedAt),
    index("login_attempts_ip_time").on(table.ipAddress, table.attemptedAt),
  ],
);
