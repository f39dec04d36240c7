import { eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { userRoles, users } from "../identity/identity.sql";
import { hashPassword } from "../identity/password.server";
import { systemActor } from "../identity/roles";
import { organisations } from "../organisations/organisations.sql";
import { municipalities } from "../regions/regions.sql";
import { DEMO_PASSWORD, demoAccounts, demoOrganisations } from "./demo-accounts";

/**
 * Demo organisations and one account per role. Runs on the first start of an empty embedded
 * database, or on purpose with `npm run seed`; never by itself on a DATABASE_URL database.
 * Skips what exists, so running it twice is harmless.
 */
export async function seedDemoData(db: Db, clock: Clock): Promise<void> {
  // Every demo account shares the published demo password: hashing it once keeps start-up fast.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const organisationIds = new Map<string, string>();
    for (const { key, ...organisation } of demoOrganisations) {
      const [existing] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.kvkNumber, organisation.kvkNumber));
      if (existing) {
        organisationIds.set(key, existing.id);
        continue;
      }
      const [created] = await tx.insert(organisations).values({ ...organisation, createdAt: clock.now() }).returning({ id: organisations.id });
      organisationIds.set(key, created!.id);
      await recordAudit(tx, clock, {
        actor: systemActor,
        action: "organisation.created",
        entityType: "organisation",
        entityId: created!.id,
        summary: `Demo-organisatie ${organisation.name} aangemaakt`,
      });
    }

    const municipalityRows = await tx.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);
    const municipalityIds = new Map(municipalityRows.map((row) => [row.name, row.id]));

    for (const account of demoAccounts) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, account.email));
      if (existing) continue;
      const [user] = await tx
        .insert(users)
        .values({
          email: account.email,
          name: account.name,
          passwordHash,
          organisationId: account.organisationKey ? organisationIds.get(account.organisationKey) : null,
          municipalityId: account.municipalityName ? municipalityIds.get(account.municipalityName) : null,
          createdAt: clock.now(),
        })
        .returning({ id: users.id });
      await tx.insert(userRoles).values(account.roles.map((role) => ({ userId: user!.id, role })));
      await recordAudit(tx, clock, {
        actor: systemActor,
        action: "user.created",
        entityType: "user",
        entityId: user!.id,
        summary: `Demo-account ${account.email} aangemaakt (${account.description})`,
      });
    }
  });
}
