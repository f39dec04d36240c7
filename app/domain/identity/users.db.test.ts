import { eq, sql } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId, TEST_PASSWORD } from "../../../test/factories/identity";
import { caught, validationMessages } from "../../../test/factories/errors";
import type { Db } from "../../db/types";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { setOrganisationActive } from "../organisations/organisations.server";
import { sessions, userRoles, users } from "./identity.sql";
import type { Actor, Role } from "./roles";
import { actorForSession, logIn } from "./sessions.server";
import { assignRoles, createUser, getUser, listUsers, loadActor, setUserActive } from "./users.server";
import type { NewUserInput } from "./user-schemas";

// cheap hashes in the production format; verification is the real one (see the helper)
vi.mock("./password.server", async (importOriginal) => (await import("../../../test/setup/fast-password-hashing")).cheapPasswordHashingModule(importOriginal));

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));
const NEW_PASSWORD = "lang-genoeg-wachtwoord";

function newUser(overrides: Partial<NewUserInput> = {}): NewUserInput {
  return {
    name: "Carla Contractmanager",
    email: "carla@westfriesland.nl",
    password: NEW_PASSWORD,
    roles: ["contractManager"],
    organisationId: null,
    municipalityId: null,
    ...overrides,
  };
}

async function counts(db: Db) {
  const count = async (table: typeof users | typeof userRoles | typeof auditLog) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { users: await count(users), userRoles: await count(userRoles), audit: await count(auditLog) };
}

async function openSession(db: Db, email: string) {
  const result = await logIn(db, clock, { email, password: TEST_PASSWORD, ipAddress: "10.0.0.1" });
  if (!result.ok) throw new Error(`log-in failed: ${result.reason}`);
  return result.sessionToken;
}

describe("creating a user", () => {
  test("an administrator creates a user with roles, who can then log in, and the creation is audited", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"], name: "Ada Beheerder" });

    const created = await createUser(
      db,
      clock,
      admin,
      newUser({ email: "  Carla@Westfriesland.NL ", roles: ["projectgroup", "contractManager"] }),
    );

    expect(created).toMatchObject({
      name: "Carla Contractmanager",
      email: "carla@westfriesland.nl",
      active: true,
      roles: ["projectgroup", "contractManager"],
      organisationId: null,
      municipalityId: null,
    });
    const [stored] = await db.select().from(users).where(eq(users.id, created.id));
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
    expect(stored!.passwordHash).not.toContain(NEW_PASSWORD);

    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "user.created", entityType: "user", actorUserId: admin.id, actorName: "Ada Beheerder" });
    expect(audit[0]!.summary).toContain("carla@westfriesland.nl");
    expect(audit[0]!.changes).toMatchObject({ email: "carla@westfriesland.nl", roles: ["projectgroup", "contractManager"] });
    expect(JSON.stringify(audit[0]!.changes)).not.toContain(NEW_PASSWORD);

    const login = await logIn(db, clock, { email: "carla@westfriesland.nl", password: NEW_PASSWORD, ipAddress: "10.0.0.1" });
    expect(login.ok && login.actor.roles).toEqual(["projectgroup", "contractManager"]);
  });

  test("the user and its audit row are written in one transaction: when the audit row fails, no user remains", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const before = await counts(db);
    await db.execute(sql.raw(`create or replace function test_refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit refused by test'; end; $$`));
    await db.execute(sql.raw(`create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit()`));
    try {
      await expect(createUser(db, clock, admin, newUser())).rejects.toThrow();
    } finally {
      await db.execute(sql.raw(`drop trigger test_refuse_audit on audit_log`));
      await db.execute(sql.raw(`drop function test_refuse_audit()`));
    }
    expect(await counts(db)).toEqual(before);
  });

  test("an e-mail address already in use, in another case, is refused on the e-mail field and nothing is written", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    await createTestUser(db, { roles: ["assessor"], email: "carla@westfriesland.nl" });
    const before = await counts(db);

    const error = await caught(() => createUser(db, clock, admin, newUser({ email: "CARLA@Westfriesland.nl" })));

    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code: "user.duplicateEmail", field: "email" });
    expect((error as RuleViolation).message).toContain("carla@westfriesland.nl");
    expect(await counts(db)).toEqual(before);
  });

  test("two administrators creating the same account at once: one succeeds, the other is told the address is taken", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const before = await counts(db);
    const results = await Promise.allSettled([
      createUser(db, clock, admin, newUser({ name: "Eerste" })),
      createUser(db, clock, admin, newUser({ name: "Tweede", email: "CARLA@westfriesland.nl" })),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((result) => result.status === "rejected");
    expect(refused!.reason).toBeInstanceOf(RuleViolation);
    expect(refused!.reason).toMatchObject({ code: "user.duplicateEmail", field: "email" });
    expect(await counts(db)).toEqual({ users: before.users + 1, userRoles: before.userRoles + 1, audit: before.audit + 1 });
  });

  test("a supplier needs an organisation", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const before = await counts(db);
    const messages = await validationMessages(() => createUser(db, clock, admin, newUser({ roles: ["supplier"] })));
    expect(messages).toEqual({ organisationId: ["Kies de organisatie van deze aanbieder."] });
    expect(await counts(db)).toEqual(before);
  });

  test("a municipality viewer needs a municipality", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const messages = await validationMessages(() => createUser(db, clock, admin, newUser({ roles: ["municipalityViewer"] })));
    expect(messages).toEqual({ municipalityId: ["Kies de gemeente van deze gebruiker."] });
  });

  test("a supplier cannot hold another role as well", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const organisation = await createTestOrganisation(db);
    const before = await counts(db);
    const messages = await validationMessages(() =>
      createUser(db, clock, admin, newUser({ roles: ["supplier", "assessor"], organisationId: organisation.id })),
    );
    expect(messages).toEqual({ roles: ["Een aanbieder kan geen andere rollen hebben."] });
    expect(await counts(db)).toEqual(before);
  });

  test("a user needs at least one role", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const messages = await validationMessages(() => createUser(db, clock, admin, newUser({ roles: [] })));
    expect(messages.roles).toEqual(["Kies minstens één rol."]);
  });

  test("a password shorter than 12 characters is refused with a Dutch message", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const messages = await validationMessages(() => createUser(db, clock, admin, newUser({ password: "elf-tekens!" })));
    expect(messages).toEqual({ password: ["Het wachtwoord moet minstens 12 tekens lang zijn."] });
  });

  test("a malformed e-mail address is refused with a Dutch message", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const messages = await validationMessages(() => createUser(db, clock, admin, newUser({ email: "carla@" })));
    expect(messages).toEqual({ email: ["Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."] });
  });

  test("a supplier is linked to its organisation and a municipality viewer to its municipality; other roles keep no link", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const organisation = await createTestOrganisation(db, { name: "Taalschool De Brug" });
    const hoorn = await municipalityId(db, "Hoorn");

    const supplier = await createUser(db, clock, admin, newUser({ email: "s@brug.nl", roles: ["supplier"], organisationId: organisation.id }));
    const viewer = await createUser(db, clock, admin, newUser({ email: "v@hoorn.nl", roles: ["municipalityViewer"], municipalityId: hoorn }));
    const assessor = await createUser(
      db,
      clock,
      admin,
      newUser({ email: "a@regio.nl", roles: ["assessor"], organisationId: organisation.id, municipalityId: hoorn }),
    );

    expect(supplier).toMatchObject({ organisationId: organisation.id, organisationName: "Taalschool De Brug", municipalityId: null });
    expect(viewer).toMatchObject({ municipalityId: hoorn, municipalityName: "Hoorn", organisationId: null });
    expect(assessor).toMatchObject({ organisationId: null, municipalityId: null });
  });

  test("a supplier cannot be tied to an unknown or deactivated organisation", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const organisation = await createTestOrganisation(db, { active: false });
    const before = await counts(db);
    for (const organisationId of [organisation.id, "00000000-0000-4000-8000-000000000000"]) {
      const error = await caught(() => createUser(db, clock, admin, newUser({ roles: ["supplier"], organisationId })));
      expect(error).toBeInstanceOf(RuleViolation);
      expect(error).toMatchObject({ code: "user.unknownOrganisation", field: "organisationId" });
    }
    expect(await counts(db)).toEqual(before);
  });
});

describe("only administrators manage users", () => {
  const nonAdminRoles: Role[] = ["projectgroup", "assessor", "contractManager", "supplier", "municipalityViewer"];

  async function nonAdmin(db: Db, role: Role): Promise<Actor> {
    if (role === "supplier") return createTestUser(db, { roles: [role], organisationId: (await createTestOrganisation(db)).id });
    if (role === "municipalityViewer") return createTestUser(db, { roles: [role], municipalityId: await municipalityId(db, "Opmeer") });
    return createTestUser(db, { roles: [role] });
  }

  test.each(nonAdminRoles)("a %s cannot create, list, re-role, deactivate or read other users", async (role) => {
    const { db } = database();
    const actor = await nonAdmin(db, role);
    const target = await createTestUser(db, { roles: ["assessor"] });
    const before = await counts(db);

    await expect(createUser(db, clock, actor, newUser())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listUsers(db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assignRoles(db, clock, actor, target.id, { roles: ["admin"], organisationId: null, municipalityId: null })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(setUserActive(db, clock, actor, target.id, false)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getUser(db, actor, target.id)).rejects.toBeInstanceOf(ForbiddenError);
    // nor grant themselves more
    await expect(assignRoles(db, clock, actor, actor.id, { roles: ["admin"], organisationId: null, municipalityId: null })).rejects.toBeInstanceOf(
      ForbiddenError,
    );

    expect(await counts(db)).toEqual(before);
    expect((await loadActor(db, target.id))?.roles).toEqual(["assessor"]);
    expect((await loadActor(db, actor.id))?.roles).toEqual([role]);
  });

  test("any user may read their own account", async () => {
    const { db } = database();
    const actor = await nonAdmin(db, "supplier");
    expect((await getUser(db, actor, actor.id)).id).toBe(actor.id);
  });
});

test("an administrator lists every user by name, with roles in a fixed order and the names of their links", async () => {
  const { db } = database();
  const admin = await createTestUser(db, { roles: ["admin"], name: "Bram Beheerder" });
  const organisation = await createTestOrganisation(db, { name: "Taalschool Noord" });
  await createTestUser(db, { roles: ["supplier"], name: "Zara Aanbieder", organisationId: organisation.id });
  await createTestUser(db, { roles: ["contractManager", "projectgroup"], name: "Anna Projectgroep" });
  await createTestUser(db, { roles: ["municipalityViewer"], name: "Mo Gemeente", municipalityId: await municipalityId(db, "Enkhuizen") });

  const list = await listUsers(db, admin);

  expect(list.map((user) => user.name)).toEqual(["Anna Projectgroep", "Bram Beheerder", "Mo Gemeente", "Zara Aanbieder"]);
  expect(list[0]!.roles).toEqual(["projectgroup", "contractManager"]);
  expect(list[2]!.municipalityName).toBe("Enkhuizen");
  expect(list[3]!.organisationName).toBe("Taalschool Noord");
});

test("reading an unknown user is not found", async () => {
  const { db } = database();
  const admin = await createTestUser(db, { roles: ["admin"] });
  await expect(getUser(db, admin, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
});

describe("assigning roles", () => {
  test("new roles replace the old ones, the supplier's organisation link is cleared, its sessions end, and the change is audited", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const organisation = await createTestOrganisation(db);
    const user = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id, name: "Sam Wisselaar" });
    const sessionToken = await openSession(db, user.email);

    const updated = await assignRoles(db, clock, admin, user.id, {
      roles: ["contractManager", "assessor"],
      organisationId: organisation.id,
      municipalityId: null,
    });

    expect(updated.roles).toEqual(["assessor", "contractManager"]);
    expect(updated.organisationId).toBeNull();
    const roleRows = await db.select().from(userRoles).where(eq(userRoles.userId, user.id));
    expect(roleRows.map((row) => row.role).sort()).toEqual(["assessor", "contractManager"]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect(await actorForSession(db, clock, sessionToken)).toBeNull();

    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "user.rolesAssigned"));
    expect(audit).toMatchObject({ entityType: "user", entityId: user.id, actorUserId: admin.id });
    expect(audit!.changes).toEqual({
      roles: { from: ["supplier"], to: ["contractManager", "assessor"] },
      organisationId: { from: organisation.id, to: null },
      municipalityId: { from: null, to: null },
    });
    expect(audit!.summary).toContain("Aanbieder");
    expect(audit!.summary).toContain("Beoordelaar, Contractmanager");
  });

  test("the new roles apply at the next log-in", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const user = await createTestUser(db, { roles: ["assessor"] });
    await assignRoles(db, clock, admin, user.id, { roles: ["projectgroup"], organisationId: null, municipalityId: null });
    const token = await openSession(db, user.email);
    expect((await actorForSession(db, clock, token))?.roles).toEqual(["projectgroup"]);
  });

  test("an administrator cannot take away their own administrator role, but may add roles to themselves", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });

    const error = await caught(() => assignRoles(db, clock, admin, admin.id, { roles: ["projectgroup"], organisationId: null, municipalityId: null }));
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code: "user.ownAdminRole", field: "roles" });
    expect((await loadActor(db, admin.id))?.roles).toEqual(["admin"]);
    expect(await db.select().from(auditLog)).toHaveLength(0);

    const updated = await assignRoles(db, clock, admin, admin.id, { roles: ["admin", "projectgroup"], organisationId: null, municipalityId: null });
    expect(updated.roles).toEqual(["admin", "projectgroup"]);
  });

  test("another administrator may take away an administrator role", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const other = await createTestUser(db, { roles: ["admin"] });
    const updated = await assignRoles(db, clock, admin, other.id, { roles: ["assessor"], organisationId: null, municipalityId: null });
    expect(updated.roles).toEqual(["assessor"]);
  });

  test("the same rules on roles and links apply as when creating a user", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const user = await createTestUser(db, { roles: ["assessor"] });
    expect(
      await validationMessages(() => assignRoles(db, clock, admin, user.id, { roles: ["supplier"], organisationId: null, municipalityId: null })),
    ).toEqual({ organisationId: ["Kies de organisatie van deze aanbieder."] });
    expect(
      await validationMessages(() =>
        assignRoles(db, clock, admin, user.id, { roles: ["municipalityViewer"], organisationId: null, municipalityId: null }),
      ),
    ).toEqual({ municipalityId: ["Kies de gemeente van deze gebruiker."] });
    expect((await loadActor(db, user.id))?.roles).toEqual(["assessor"]);
  });

  test("assigning roles to an unknown user is not found and writes nothing", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const before = await counts(db);
    await expect(
      assignRoles(db, clock, admin, "00000000-0000-4000-8000-000000000000", { roles: ["assessor"], organisationId: null, municipalityId: null }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts(db)).toEqual(before);
  });
});

describe("deactivating and reactivating", () => {
  test("deactivating a user ends their sessions, keeps them out, and is audited", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const user = await createTestUser(db, { roles: ["contractManager"], name: "Kees Vertrokken" });
    const sessionToken = await openSession(db, user.email);

    await setUserActive(db, clock, admin, user.id, false);

    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect(await actorForSession(db, clock, sessionToken)).toBeNull();
    expect(await loadActor(db, user.id)).toBeNull();
    expect((await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.1" })).ok).toBe(false);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "user.deactivated"));
    expect(audit).toMatchObject({ entityId: user.id, actorUserId: admin.id });
    expect(audit!.summary).toContain("Kees Vertrokken");
  });

  test("a reactivated user can log in again", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const user = await createTestUser(db, { roles: ["contractManager"], active: false });

    await setUserActive(db, clock, admin, user.id, true);

    expect((await getUser(db, admin, user.id)).active).toBe(true);
    await openSession(db, user.email);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "user.reactivated"))).toHaveLength(1);
  });

  test("an administrator cannot deactivate their own account", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const sessionToken = await openSession(db, admin.email);

    const error = await caught(() => setUserActive(db, clock, admin, admin.id, false));

    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code: "user.deactivateSelf" });
    expect((await actorForSession(db, clock, sessionToken))?.id).toBe(admin.id);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "user.deactivated"))).toHaveLength(0);
  });

  test("deactivating an unknown user is not found", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    await expect(setUserActive(db, clock, admin, "00000000-0000-4000-8000-000000000000", false)).rejects.toBeInstanceOf(NotFoundError);
  });
});

test("a signed-in supplier whose organisation is deactivated is no longer loaded as an actor", async () => {
  const { db } = database();
  const admin = await createTestUser(db, { roles: ["admin"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  expect((await loadActor(db, supplier.id))?.organisationId).toBe(organisation.id);
  await setOrganisationActive(db, clock, admin, organisation.id, false);
  expect(await loadActor(db, supplier.id)).toBeNull();
});
