import { asc, eq, sql } from "drizzle-orm";
import { caught, validationMessages } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser, TEST_PASSWORD } from "../../../test/factories/identity";
import { registrationInput } from "../../../test/factories/organisations";
import { useTestDatabase } from "../../../test/setup/test-database";
import type { Db } from "../../db/types";
import { createMovableClock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { RuleViolation } from "../errors";
import { userRoles, users } from "../identity/identity.sql";
import { logIn } from "../identity/sessions.server";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import { assertOrganisationMaySubmit } from "./organisations.server";
import { organisations } from "./organisations.sql";
import { MAX_REGISTRATIONS_PER_IP, registerSupplier, REGISTRATION_WINDOW_MS } from "./registration.server";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));
const from = { ipAddress: "198.51.100.7" };

async function counts(db: Db) {
  const n = async (table: typeof organisations | typeof users | typeof auditLog | typeof mailOutbox) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { organisations: await n(organisations), users: await n(users), audit: await n(auditLog), mail: await n(mailOutbox) };
}

test("a supplier registers its organisation and first user: pending, a supplier account that can log in, audited", async () => {
  const { db } = database();
  const input = registrationInput({ name: "Taalcentrum Medemblik", kvkNumber: "81234567", postalCode: "1671bb", userEmail: "Fatima@Taalcentrum.test" });

  const registration = await registerSupplier(db, clock, input, from);

  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, registration.organisationId));
  expect(organisation).toMatchObject({ name: "Taalcentrum Medemblik", kvkNumber: "81234567", postalCode: "1671 BB", verificationStatus: "pending", verifiedAt: null, active: true });
  const [user] = await db.select().from(users).where(eq(users.id, registration.userId));
  expect(user).toMatchObject({ email: "fatima@taalcentrum.test", name: "Fatima Yilmaz", organisationId: organisation!.id, active: true });
  expect(user!.passwordHash).not.toContain(TEST_PASSWORD);
  expect(await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user!.id))).toEqual([{ role: "supplier" }]);

  const login = await logIn(db, clock, { email: "fatima@taalcentrum.test", password: TEST_PASSWORD, ipAddress: "198.51.100.7" });
  expect(login).toMatchObject({ ok: true, actor: { roles: ["supplier"], organisationId: organisation!.id } });

  const audit = await db.select().from(auditLog).where(eq(auditLog.actorUserId, user!.id)).orderBy(asc(auditLog.id));
  expect(audit.map((row) => [row.action, row.entityId])).toEqual([
    ["organisation.registered", organisation!.id],
    ["user.registered", user!.id],
    ["session.loggedIn", user!.id],
  ]);
  expect(audit[0]!.summary).toContain("wacht op verificatie");
  expect(audit[0]!.changes).toMatchObject({ kvkNumber: "81234567", registeredBy: "fatima@taalcentrum.test" });
  expect(JSON.stringify(audit)).not.toContain("198.51.100.7");
});

test("a freshly registered organisation may not submit offers until it is verified", async () => {
  const { db } = database();
  const registration = await registerSupplier(db, clock, registrationInput(), from);
  const error = await caught(() => assertOrganisationMaySubmit(db, registration.organisationId));
  expect(error).toBeInstanceOf(RuleViolation);
  expect(error).toMatchObject({ code: "organisation.notVerified" });
  expect((error as Error).message).toContain("nog niet geverifieerd");
});

test("every active administrator gets a notification and a mail about the registration; nobody else does", async () => {
  const { db } = database();
  const ada = await createTestUser(db, { roles: ["admin"], email: "ada@westfriesland.test" });
  const bob = await createTestUser(db, { roles: ["admin", "projectgroup"], email: "bob@westfriesland.test" });
  await createTestUser(db, { roles: ["admin"], email: "oud@westfriesland.test", active: false });
  await createTestUser(db, { roles: ["projectgroup"], email: "pg@westfriesland.test" });

  const registration = await registerSupplier(db, clock, registrationInput({ name: "Taalcentrum Medemblik", kvkNumber: "81234567" }), from);

  const inApp = await db.select().from(notifications).orderBy(asc(notifications.userId));
  expect(inApp.map((row) => row.userId).sort()).toEqual([ada.id, bob.id].sort());
  expect(inApp[0]).toMatchObject({ title: "Nieuwe registratie: Taalcentrum Medemblik", link: `/beheer/organisaties/${registration.organisationId}` });
  expect(inApp[0]!.body).toContain("KvK 81234567");
  const mails = await db.select().from(mailOutbox);
  expect(mails.map((mail) => mail.recipient).sort()).toEqual(["ada@westfriesland.test", "bob@westfriesland.test"]);
});

test.each([
  ["1234567", "too short"],
  ["123456789", "too long"],
  ["1234567a", "with a letter"],
])("KvK number %s (%s) is refused with a Dutch message, and nothing is written", async (kvkNumber) => {
  const { db } = database();
  const before = await counts(db);
  expect(await validationMessages(() => registerSupplier(db, clock, registrationInput({ kvkNumber }), from))).toEqual({
    kvkNumber: ["Het KvK-nummer bestaat uit precies 8 cijfers."],
  });
  expect(await counts(db)).toEqual(before);
});

test("every missing or wrong field is reported at once, in Dutch, on its own field", async () => {
  const { db } = database();
  const messages = await validationMessages(() =>
    registerSupplier(
      db,
      clock,
      registrationInput({ kind: "publicBody" as never, name: " ", postalCode: "0123 AB", contactEmail: "geen-adres", userName: "", userEmail: "x@", password: "kort" }),
      from,
    ),
  );
  expect(messages).toEqual({
    kind: ["Kies of uw organisatie een taalschool of een vrijwilligersorganisatie is."],
    name: ["Vul de naam in."],
    postalCode: ["Vul een Nederlandse postcode in, bijvoorbeeld 1621 AB."],
    contactEmail: ["Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."],
    userName: ["Vul uw naam in."],
    userEmail: ["Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."],
    password: ["Het wachtwoord moet minstens 12 tekens lang zijn."],
  });
});

test("a KvK number that is already registered is refused on the KvK field, and nothing is written", async () => {
  const { db } = database();
  await createTestOrganisation(db, { kvkNumber: "71234508", name: "Taalinstituut De Horn" });
  const before = await counts(db);

  const error = await caught(() => registerSupplier(db, clock, registrationInput({ kvkNumber: "71234508" }), from));

  expect(error).toBeInstanceOf(RuleViolation);
  expect(error).toMatchObject({ code: "registration.duplicateKvk", field: "kvkNumber" });
  expect((error as Error).message).toContain("Organisatie met KvK-nummer 71234508 is al geregistreerd");
  expect(await counts(db)).toEqual(before);
});

test("an e-mail address that already has an account is refused on the user's e-mail field, and nothing is written", async () => {
  const { db } = database();
  await createTestUser(db, { roles: ["projectgroup"], email: "petra@westfriesland.test" });
  const before = await counts(db);

  const error = await caught(() => registerSupplier(db, clock, registrationInput({ userEmail: "Petra@Westfriesland.test" }), from));

  expect(error).toMatchObject({ code: "registration.duplicateEmail", field: "userEmail" });
  expect((error as Error).message).toBe("Er is al een account met e-mailadres petra@westfriesland.test. Log in met dat account, of gebruik een ander e-mailadres.");
  expect(await counts(db)).toEqual(before);
});

test("two registrations of the same KvK number at once: one succeeds, the other is told it exists", async () => {
  const { db } = database();
  const results = await Promise.allSettled([
    registerSupplier(db, clock, registrationInput({ kvkNumber: "81234567", name: "Eerste" }), from),
    registerSupplier(db, clock, registrationInput({ kvkNumber: "81234567", name: "Tweede" }), from),
  ]);
  expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  const refused = results.find((result) => result.status === "rejected");
  expect(refused!.reason).toMatchObject({ code: "registration.duplicateKvk", field: "kvkNumber" });
  expect(await counts(db)).toMatchObject({ organisations: 1, users: 1 });
});

test("one address may try only a limited number of registrations an hour; refused tries count too; others are not affected", async () => {
  const { db } = database();
  await createTestOrganisation(db, { kvkNumber: "71234508" });
  for (let attempt = 0; attempt < MAX_REGISTRATIONS_PER_IP - 1; attempt += 1) {
    await caught(() => registerSupplier(db, clock, registrationInput({ kvkNumber: "71234508" }), from));
  }
  await registerSupplier(db, clock, registrationInput(), from);
  const before = await counts(db);

  const error = await caught(() => registerSupplier(db, clock, registrationInput(), from));

  expect(error).toMatchObject({ code: "registration.throttled", field: undefined });
  expect((error as Error).message).toContain("te veel registraties");
  expect(await counts(db)).toEqual(before);
  await registerSupplier(db, clock, registrationInput(), { ipAddress: "203.0.113.9" });

  clock.advance(REGISTRATION_WINDOW_MS);
  await registerSupplier(db, clock, registrationInput(), from);
});
