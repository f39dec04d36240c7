import { eq } from "drizzle-orm";
import type { Db } from "../../app/db/types";
import { userRoles, users } from "../../app/domain/identity/identity.sql";
import { hashPassword } from "../../app/domain/identity/password.server";
import type { Actor, Role } from "../../app/domain/identity/roles";
import { organisations } from "../../app/domain/organisations/organisations.sql";
import { municipalities } from "../../app/domain/regions/regions.sql";

export const TEST_PASSWORD = "correct-horse-battery";

// scrypt at production cost takes a few hundred ms; tests hash the shared password once
let testPasswordHash: Promise<string> | undefined;
function sharedHash() {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return testPasswordHash;
}

let sequence = 0;

export async function createTestOrganisation(
  db: Db,
  overrides: Partial<typeof organisations.$inferInsert> = {},
) {
  sequence += 1;
  const [organisation] = await db
    .insert(organisations)
    .values({
      kind: "languageSchool",
      name: `Testtaalschool ${sequence}`,
      kvkNumber: String(10_000_000 + sequence * 7919).slice(0, 8),
      street: "Teststraat 1",
      postalCode: "1621 AA",
      city: "Hoorn",
      contactName: "Test Contact",
      contactEmail: `contact${sequence}@test.test`,
      createdAt: new Date("2026-01-01T09:00:00Z"),
      ...overrides,
    })
    .returning();
  return organisation!;
}

export async function municipalityId(db: Db, name: string): Promise<string> {
  const [row] = await db.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.name, name));
  if (!row) throw new Error(`unknown municipality ${name}`);
  return row.id;
}

/** Inserts a user with the given roles and returns it as the Actor domain functions expect. */
export async function createTestUser(
  db: Db,
  options: { roles: Role[]; email?: string; name?: string; organisationId?: string; municipalityId?: string; active?: boolean },
): Promise<Actor> {
  sequence += 1;
  const email = options.email ?? `gebruiker${sequence}@test.test`;
  const [user] = await db
    .insert(users)
    .values({
      email,
      name: options.name ?? `Gebruiker ${sequence}`,
      passwordHash: await sharedHash(),
      organisationId: options.organisationId ?? null,
      municipalityId: options.municipalityId ?? null,
      active: options.active ?? true,
      createdAt: new Date("2026-01-01T09:00:00Z"),
    })
    .returning();
  await db.insert(userRoles).values(options.roles.map((role) => ({ userId: user!.id, role })));
  return {
    id: user!.id,
    name: user!.name,
    email,
    roles: options.roles,
    organisationId: user!.organisationId,
    municipalityId: user!.municipalityId,
  };
}
