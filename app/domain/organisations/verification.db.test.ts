import { asc, eq } from "drizzle-orm";
import { caught, validationMessages } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { registerTestSupplier } from "../../../test/factories/organisations";
import { useTestDatabase } from "../../../test/setup/test-database";
import type { Db } from "../../db/types";
import { createMovableClock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import type { Actor } from "../identity/roles";
import { seedDemoData } from "../demo/seed-demo-data.server";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import { organisations } from "./organisations.sql";
import {
  assertOrganisationMaySubmit,
  createOrganisation,
  getOrganisation,
  listOrganisationMembers,
  rejectOrganisation,
  setOrganisationActive,
  verifyOrganisation,
} from "./organisations.server";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));

async function admin(db: Db): Promise<Actor> {
  return createTestUser(db, { roles: ["admin"], name: "Ada Beheerder", email: "ada@westfriesland.test" });
}

async function auditOf(db: Db, entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.id));
}

async function mailsTo(db: Db, recipient: string) {
  return db.select().from(mailOutbox).where(eq(mailOutbox.recipient, recipient));
}

describe("assertOrganisationMaySubmit", () => {
  test("a verified, active organisation may submit", async () => {
    const { db } = database();
    const organisation = await createTestOrganisation(db);
    await expect(assertOrganisationMaySubmit(db, organisation.id)).resolves.toBeUndefined();
  });

  test.each([
    [{ verificationStatus: "pending" as const }, "organisation.notVerified", "nog niet geverifieerd"],
    [{ verificationStatus: "rejected" as const, rejectionReason: "Onbekend KvK-nummer" }, "organisation.rejected", "is afgewezen"],
    [{ active: false }, "organisation.inactive", "niet actief"],
    [{ active: false, verificationStatus: "pending" as const }, "organisation.inactive", "niet actief"],
  ])("an organisation with %o is refused (%s)", async (state, code, text) => {
    const { db } = database();
    const organisation = await createTestOrganisation(db, state);
    const error = await caught(() => assertOrganisationMaySubmit(db, organisation.id));
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(text);
  });

  test("an unknown organisation is not found", async () => {
    const { db } = database();
    await expect(assertOrganisationMaySubmit(db, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
  });
});

test("an organisation an administrator adds is verified at once, by that administrator", async () => {
  const { db } = database();
  const actor = await admin(db);
  const organisation = await createOrganisation(db, clock, actor, {
    kind: "languageSchool",
    name: "Taalschool De Brug",
    kvkNumber: "12345678",
    street: "Grote Noord 1",
    postalCode: "1621 AB",
    city: "Hoorn",
    contactName: "Fatima de Vries",
    contactEmail: "info@debrug.nl",
    contactPhone: null,
  });
  expect(organisation).toMatchObject({ verificationStatus: "verified", verifiedAt: organisation.createdAt, verifiedByUserId: actor.id });
  await expect(assertOrganisationMaySubmit(db, organisation.id)).resolves.toBeUndefined();
});

test("an administrator verifies a pending registration: it may submit, it is audited, and its users are told in-app and by mail", async () => {
  const { db } = database();
  const actor = await admin(db);
  const registration = await registerTestSupplier(db, clock, { name: "Taalcentrum Medemblik", userEmail: "fatima@taalcentrum.test" });
  clock.advance(60 * 60_000);

  const verified = await verifyOrganisation(db, clock, actor, registration.organisationId);

  expect(verified).toMatchObject({ verificationStatus: "verified", verifiedByUserId: actor.id, rejectionReason: null });
  expect(Math.abs(verified.verifiedAt!.getTime() - clock.now().getTime())).toBeLessThan(5_000);
  expect(verified.verifiedAt!.getTime() - verified.createdAt.getTime()).toBeGreaterThanOrEqual(60 * 60_000);
  await expect(assertOrganisationMaySubmit(db, registration.organisationId)).resolves.toBeUndefined();
  const audit = await auditOf(db, registration.organisationId);
  expect(audit.at(-1)).toMatchObject({ action: "organisation.verified", actorUserId: actor.id, actorName: "Ada Beheerder" });
  expect(audit.at(-1)!.summary).toContain("Taalcentrum Medemblik");
  const told = await db.select().from(notifications).where(eq(notifications.userId, registration.userId));
  expect(told).toMatchObject([{ title: "Uw organisatie is geverifieerd", link: "/organisatie" }]);
  expect(await mailsTo(db, "fatima@taalcentrum.test")).toMatchObject([{ subject: "Uw organisatie is geverifieerd", status: "pending" }]);
});

test("verifying twice is refused and not audited again", async () => {
  const { db } = database();
  const actor = await admin(db);
  const registration = await registerTestSupplier(db, clock);
  await verifyOrganisation(db, clock, actor, registration.organisationId);
  const error = await caught(() => verifyOrganisation(db, clock, actor, registration.organisationId));
  expect(error).toMatchObject({ code: "organisation.alreadyVerified" });
  expect((await auditOf(db, registration.organisationId)).filter((row) => row.action === "organisation.verified")).toHaveLength(1);
});

test("an administrator rejects a registration with a reason: it may not submit, the reason is kept, audited and sent to its users", async () => {
  const { db } = database();
  const actor = await admin(db);
  const registration = await registerTestSupplier(db, clock, { userEmail: "fatima@taalcentrum.test" });

  const rejected = await rejectOrganisation(db, clock, actor, registration.organisationId, { reason: "  Het KvK-nummer hoort bij een andere onderneming.  " });

  expect(rejected).toMatchObject({ verificationStatus: "rejected", rejectionReason: "Het KvK-nummer hoort bij een andere onderneming.", verifiedAt: null });
  await expect(assertOrganisationMaySubmit(db, registration.organisationId)).rejects.toMatchObject({ code: "organisation.rejected" });
  const audit = await auditOf(db, registration.organisationId);
  expect(audit.at(-1)).toMatchObject({ action: "organisation.rejected", actorUserId: actor.id });
  expect(audit.at(-1)!.changes).toMatchObject({ rejectionReason: "Het KvK-nummer hoort bij een andere onderneming." });
  const [mail] = await mailsTo(db, "fatima@taalcentrum.test");
  expect(mail!.subject).toBe("Registratie van uw organisatie afgewezen");
  expect(mail!.bodyText).toContain("Reden: Het KvK-nummer hoort bij een andere onderneming.");
  expect(await db.select().from(notifications).where(eq(notifications.userId, registration.userId))).toHaveLength(1);
});

test("a rejection without a reason is refused, and the registration stays pending", async () => {
  const { db } = database();
  const actor = await admin(db);
  const registration = await registerTestSupplier(db, clock);
  expect(await validationMessages(() => rejectOrganisation(db, clock, actor, registration.organisationId, { reason: "   " }))).toEqual({
    reason: ["Vul de reden van de afwijzing in."],
  });
  expect((await getOrganisation(db, actor, registration.organisationId)).verificationStatus).toBe("pending");
  expect((await auditOf(db, registration.organisationId)).map((row) => row.action)).toEqual(["organisation.registered"]);
});

test("a verified organisation cannot be rejected afterwards (it is deactivated instead); a rejected one can still be verified", async () => {
  const { db } = database();
  const actor = await admin(db);
  const verified = await createTestOrganisation(db);
  await expect(rejectOrganisation(db, clock, actor, verified.id, { reason: "Te laat bedacht" })).rejects.toMatchObject({ code: "organisation.notPending" });

  const registration = await registerTestSupplier(db, clock);
  await rejectOrganisation(db, clock, actor, registration.organisationId, { reason: "KvK-uittreksel ontbreekt" });
  await expect(rejectOrganisation(db, clock, actor, registration.organisationId, { reason: "Nogmaals" })).rejects.toMatchObject({ code: "organisation.notPending" });
  const reconsidered = await verifyOrganisation(db, clock, actor, registration.organisationId);
  expect(reconsidered).toMatchObject({ verificationStatus: "verified", rejectionReason: null });
  expect((await auditOf(db, registration.organisationId)).at(-1)!.summary).toContain("na een eerdere afwijzing");
});

test("a deactivated organisation may not submit even when verified", async () => {
  const { db } = database();
  const actor = await admin(db);
  const registration = await registerTestSupplier(db, clock);
  await verifyOrganisation(db, clock, actor, registration.organisationId);
  await setOrganisationActive(db, clock, actor, registration.organisationId, false);
  await expect(assertOrganisationMaySubmit(db, registration.organisationId)).rejects.toMatchObject({ code: "organisation.inactive" });
});

test("only administrators verify or reject, and unknown organisations are not found", async () => {
  const { db } = database();
  const registration = await registerTestSupplier(db, clock);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: registration.organisationId });
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"] });
  for (const actor of [supplier, projectgroup]) {
    await expect(verifyOrganisation(db, clock, actor, registration.organisationId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rejectOrganisation(db, clock, actor, registration.organisationId, { reason: "Nee" })).rejects.toBeInstanceOf(ForbiddenError);
  }
  expect((await auditOf(db, registration.organisationId)).map((row) => row.action)).toEqual(["organisation.registered"]);
  const actor = await admin(db);
  await expect(verifyOrganisation(db, clock, actor, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
  await expect(rejectOrganisation(db, clock, actor, "00000000-0000-4000-8000-000000000000", { reason: "Nee" })).rejects.toBeInstanceOf(NotFoundError);
});

test("an organisation's people are listed for administrators and for its own users, not for others", async () => {
  const { db } = database();
  const actor = await admin(db);
  const registration = await registerTestSupplier(db, clock, { userName: "Fatima Yilmaz" });
  const outsider = await createTestUser(db, { roles: ["supplier"], organisationId: (await createTestOrganisation(db)).id });
  const own = await createTestUser(db, { roles: ["supplier"], organisationId: registration.organisationId, name: "Youssef Amrani" });

  expect((await listOrganisationMembers(db, actor, registration.organisationId)).map((member) => member.name)).toEqual(["Fatima Yilmaz", "Youssef Amrani"]);
  expect(await listOrganisationMembers(db, own, registration.organisationId)).toHaveLength(2);
  await expect(listOrganisationMembers(db, outsider, registration.organisationId)).rejects.toBeInstanceOf(ForbiddenError);
});

test("the demo suppliers stay verified: they may submit offers", async () => {
  const { db } = database();
  await seedDemoData(db, clock);
  const rows = await db.select({ id: organisations.id, status: organisations.verificationStatus }).from(organisations);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.status).toBe("verified");
    await expect(assertOrganisationMaySubmit(db, row.id)).resolves.toBeUndefined();
  }
});
