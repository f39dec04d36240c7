// `npm run create-admin -- <e-mail> "<naam>"`: the first administrator of a new PostgreSQL
// installation (where no demo accounts are seeded). The password is read from ADMIN_PASSWORD.
import { closeDatabase, openDatabase } from "../app/db.server";
import { userRoles, users } from "../app/db/schema";
import { hashPassword } from "../app/domain/identity/password.server";
import { newUserSchema } from "../app/domain/identity/user-schemas";
import { recordAudit } from "../app/domain/audit/audit.server";
import { systemActor } from "../app/domain/identity/roles";
import { systemClock } from "../app/utils/clock.server";

const [email, name] = process.argv.slice(2);
const parsed = newUserSchema.safeParse({ email, name, password: process.env.ADMIN_PASSWORD ?? "", roles: ["admin"], organisationId: "", municipalityId: "" });
if (!parsed.success) {
  console.error("Gebruik: ADMIN_PASSWORD='…' npm run create-admin -- naam@gemeente.nl \"Naam Achternaam\"");
  for (const issue of parsed.error.issues) console.error(`- ${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
const handle = await openDatabase();
const passwordHash = await hashPassword(parsed.data.password);
await handle.db.transaction(async (tx) => {
  const [user] = await tx
    .insert(users)
    .values({ email: parsed.data.email, name: parsed.data.name, passwordHash, createdAt: systemClock.now() })
    .returning({ id: users.id });
  await tx.insert(userRoles).values({ userId: user!.id, role: "admin" });
  await recordAudit(tx, systemClock, {
    actor: systemActor,
    action: "user.created",
    entityType: "user",
    entityId: user!.id,
    summary: `Beheerder ${parsed.data.email} aangemaakt vanaf de opdrachtregel`,
  });
});
console.log(`Beheerder ${parsed.data.email} aangemaakt.`);
await closeDatabase();
