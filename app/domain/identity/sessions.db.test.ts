import { eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, TEST_PASSWORD } from "../../../test/factories/identity";
import { auditLog } from "../audit/audit.sql";
import { setOrganisationActive } from "../organisations/organisations.server";
import { loginAttempts, sessions } from "./identity.sql";
import { actorForSession, logIn, logOut, purgeExpiredSessions } from "./sessions.server";

// cheap hashes in the production format; verification is the real one (see the helper)
vi.mock("./password.server", async (importOriginal) => (await import("../../../test/setup/fast-password-hashing")).cheapPasswordHashingModule(importOriginal));

const database = useTestDatabase();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WRONG_PASSWORD = "not-the-right-password";

function startClock() {
  return createMovableClock(new Date("2026-03-02T09:00:00Z"));
}

async function signedIn(email: string, clock = startClock(), ipAddress = "10.0.0.1") {
  const { db } = database();
  const result = await logIn(db, clock, { email, password: TEST_PASSWORD, ipAddress });
  if (!result.ok) throw new Error(`log-in failed: ${result.reason}`);
  return result;
}

test("a user with the right password gets a session that identifies them", async () => {
  const { db } = database();
  const clock = startClock();
  const user = await createTestUser(db, { roles: ["contractManager"], email: "carla@test.test" });
  const result = await logIn(db, clock, { email: "Carla@Test.test ", password: TEST_PASSWORD, ipAddress: "10.0.0.1" });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const actor = await actorForSession(db, clock, result.sessionToken);
  expect(actor?.id).toBe(user.id);
  expect(actor?.roles).toEqual(["contractManager"]);
});

test("a successful log-in writes an audit row and stores only a hash of the session token", async () => {
  const { db } = database();
  const clock = startClock();
  const user = await createTestUser(db, { roles: ["projectgroup"], name: "Pieter Projectgroep" });
  const result = await signedIn(user.email, clock);

  const rows = await db.select().from(auditLog);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    action: "session.loggedIn",
    actorUserId: user.id,
    actorName: "Pieter Projectgroep",
    entityType: "user",
    entityId: user.id,
  });
  expect(Math.abs(rows[0]!.occurredAt.getTime() - clock.now().getTime())).toBeLessThan(5_000);

  const stored = await db.select().from(sessions).where(eq(sessions.userId, user.id));
  expect(stored).toHaveLength(1);
  expect(stored[0]!.tokenHash).not.toBe(result.sessionToken);
  expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  expect(stored[0]!.ipAddress).toBe("10.0.0.1");
});

test("a wrong password is refused as invalid credentials and opens no session", async () => {
  const { db } = database();
  const user = await createTestUser(db, { roles: ["assessor"] });
  const result = await logIn(db, startClock(), { email: user.email, password: WRONG_PASSWORD, ipAddress: "10.0.0.1" });
  expect(result).toEqual({ ok: false, reason: "invalidCredentials" });
  expect(await db.select().from(sessions)).toHaveLength(0);
  expect(await db.select().from(auditLog)).toHaveLength(0);
  const attempts = await db.select().from(loginAttempts);
  expect(attempts).toMatchObject([{ email: user.email, ipAddress: "10.0.0.1", succeeded: false }]);
});

test("an unknown e-mail address gets the same answer as a wrong password", async () => {
  const { db } = database();
  await createTestUser(db, { roles: ["assessor"], email: "bestaat@test.test" });
  const result = await logIn(db, startClock(), { email: "bestaat-niet@test.test", password: TEST_PASSWORD, ipAddress: "10.0.0.1" });
  expect(result).toEqual({ ok: false, reason: "invalidCredentials" });
  expect(await db.select().from(sessions)).toHaveLength(0);
});

test("a deactivated user cannot log in, even with the right password", async () => {
  const { db } = database();
  const user = await createTestUser(db, { roles: ["contractManager"], active: false });
  const result = await logIn(db, startClock(), { email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.1" });
  expect(result).toEqual({ ok: false, reason: "invalidCredentials" });
  expect(await db.select().from(sessions)).toHaveLength(0);
});

test("when its organisation is deactivated, a supplier's session stops working and it cannot log in again", async () => {
  const { db } = database();
  const clock = startClock();
  const admin = await createTestUser(db, { roles: ["admin"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const { sessionToken } = await signedIn(supplier.email, clock);
  expect((await actorForSession(db, clock, sessionToken))?.id).toBe(supplier.id);

  await setOrganisationActive(db, clock, admin, organisation.id, false);

  expect(await actorForSession(db, clock, sessionToken)).toBeNull();
  const again = await logIn(db, clock, { email: supplier.email, password: TEST_PASSWORD, ipAddress: "10.0.0.1" });
  expect(again).toEqual({ ok: false, reason: "invalidCredentials" });
});

test("an unknown session token identifies nobody", async () => {
  const { db } = database();
  expect(await actorForSession(db, startClock(), "no-such-token")).toBeNull();
});

describe("throttling", () => {
  test("five failures for one account within 15 minutes block it, even with the right password, until the oldest leaves the window", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["contractManager"], email: "carla@test.test" });
    const colleague = await createTestUser(db, { roles: ["contractManager"] });

    // four failures from different addresses, in any spelling of the address: still the same account
    const firstFour = await Promise.all(
      ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].map((ipAddress) =>
        logIn(db, clock, { email: "CARLA@test.test", password: WRONG_PASSWORD, ipAddress }),
      ),
    );
    expect(firstFour.every((result) => !result.ok && result.reason === "invalidCredentials")).toBe(true);
    clock.advance(MINUTE);
    // the fifth failure is still judged on the password
    expect(await logIn(db, clock, { email: user.email, password: WRONG_PASSWORD, ipAddress: "10.0.0.5" })).toEqual({
      ok: false,
      reason: "invalidCredentials",
    });

    clock.advance(4 * MINUTE);
    const blocked = await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.9" });
    expect(blocked).toEqual({ ok: false, reason: "throttled", retryAfterMinutes: 10 });

    // the block is per account: a colleague on the same address signs in
    expect((await logIn(db, clock, { email: colleague.email, password: TEST_PASSWORD, ipAddress: "10.0.0.9" })).ok).toBe(true);

    clock.advance(10 * MINUTE);
    const afterWindow = await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.9" });
    expect(afterWindow.ok).toBe(true);
  });

  test("a throttled attempt is not counted as another failure", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["assessor"] });
    await db.insert(loginAttempts).values(
      Array.from({ length: 5 }, () => ({ email: user.email, ipAddress: "10.0.0.1", succeeded: false, attemptedAt: clock.now() })),
    );
    for (let attempt = 0; attempt < 3; attempt += 1) {
      clock.advance(MINUTE);
      const result = await logIn(db, clock, { email: user.email, password: WRONG_PASSWORD, ipAddress: "10.0.0.1" });
      expect(result).toMatchObject({ ok: false, reason: "throttled" });
    }
    expect(await db.select().from(loginAttempts)).toHaveLength(5);
    clock.advance(12 * MINUTE);
    expect((await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.1" })).ok).toBe(true);
  });

  test("twenty failures from one address across different accounts block that address for every account", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["projectgroup"] });
    // 19 earlier failures are written directly (each real attempt costs a full scrypt run);
    // the twentieth goes through logIn, so the test also shows that logIn records the address
    await db.insert(loginAttempts).values(
      Array.from({ length: 19 }, (_, index) => ({
        email: `raden${index}@test.test`,
        ipAddress: "192.0.2.7",
        succeeded: false,
        attemptedAt: clock.now(),
      })),
    );
    clock.advance(2 * MINUTE);
    const twentieth = await logIn(db, clock, { email: "raden19@test.test", password: WRONG_PASSWORD, ipAddress: "192.0.2.7" });
    expect(twentieth).toEqual({ ok: false, reason: "invalidCredentials" });

    clock.advance(MINUTE);
    const blocked = await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "192.0.2.7" });
    expect(blocked).toEqual({ ok: false, reason: "throttled", retryAfterMinutes: 12 });

    // another address is not affected
    expect((await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "192.0.2.8" })).ok).toBe(true);
  });

  test("failures older than the 15-minute window do not count", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["assessor"] });
    await db.insert(loginAttempts).values(
      Array.from({ length: 25 }, () => ({
        email: user.email,
        ipAddress: "10.0.0.1",
        succeeded: false,
        attemptedAt: new Date(clock.now().getTime() - 15 * MINUTE - 1000),
      })),
    );
    expect((await logIn(db, clock, { email: user.email, password: TEST_PASSWORD, ipAddress: "10.0.0.1" })).ok).toBe(true);
  });
});

describe("session expiry", () => {
  test("a session ends after 30 minutes without activity", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["contractManager"] });
    const { sessionToken } = await signedIn(user.email, clock);

    clock.advance(30 * MINUTE);
    expect(await actorForSession(db, clock, sessionToken)).toBeNull();
    // the expired session is removed, so turning the clock back does not revive it
    expect(await db.select().from(sessions)).toHaveLength(0);
    clock.set(new Date("2026-03-02T09:10:00Z"));
    expect(await actorForSession(db, clock, sessionToken)).toBeNull();
  });

  test("activity within the idle window keeps the session alive", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["contractManager"] });
    const { sessionToken } = await signedIn(user.email, clock);
    const lastSeen = async () => (await db.select().from(sessions))[0]!.lastSeenAt.getTime();
    const loggedInAt = await lastSeen();

    clock.advance(30_000);
    expect((await actorForSession(db, clock, sessionToken))?.id).toBe(user.id);
    // lastSeenAt is written at most once a minute
    expect(await lastSeen()).toBe(loggedInAt);

    clock.advance(20 * MINUTE);
    expect((await actorForSession(db, clock, sessionToken))?.id).toBe(user.id);
    expect(await lastSeen()).toBeGreaterThanOrEqual(loggedInAt + 20 * MINUTE);

    // 50 minutes after log-in, 29 after the last activity
    clock.advance(29 * MINUTE);
    expect((await actorForSession(db, clock, sessionToken))?.id).toBe(user.id);

    clock.advance(30 * MINUTE);
    expect(await actorForSession(db, clock, sessionToken)).toBeNull();
  });

  test("a session ends 10 hours after log-in, however active its user", async () => {
    const { db } = database();
    const clock = startClock();
    const user = await createTestUser(db, { roles: ["projectgroup"] });
    const { sessionToken } = await signedIn(user.email, clock);

    // a request every 25 minutes, up to 9 h 35 min after log-in
    for (let elapsed = 25; elapsed < 600; elapsed += 25) {
      clock.advance(25 * MINUTE);
      expect((await actorForSession(db, clock, sessionToken))?.id, `after ${elapsed} minutes`).toBe(user.id);
    }
    // 10 h after log-in, 25 minutes after the last request
    clock.advance(25 * MINUTE);
    expect(await actorForSession(db, clock, sessionToken)).toBeNull();
  });
});

test("logging out ends the session and writes an audit row", async () => {
  const { db } = database();
  const clock = startClock();
  const user = await createTestUser(db, { roles: ["assessor"], name: "Anna Beoordelaar" });
  const { sessionToken } = await signedIn(user.email, clock);
  const other = await signedIn(user.email, clock);

  await logOut(db, clock, sessionToken);

  expect(await actorForSession(db, clock, sessionToken)).toBeNull();
  // only the session that logged out ends: the same user's other browser stays signed in
  expect((await actorForSession(db, clock, other.sessionToken))?.id).toBe(user.id);
  const rows = await db.select().from(auditLog).where(eq(auditLog.action, "session.loggedOut"));
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actorUserId: user.id, actorName: "Anna Beoordelaar", entityType: "user", entityId: user.id });
});

test("logging out with an unknown or already ended session changes nothing", async () => {
  const { db } = database();
  const clock = startClock();
  const user = await createTestUser(db, { roles: ["assessor"] });
  const { sessionToken } = await signedIn(user.email, clock);
  await logOut(db, clock, sessionToken);
  await logOut(db, clock, sessionToken);
  await logOut(db, clock, "no-such-token");
  expect(await db.select().from(auditLog).where(eq(auditLog.action, "session.loggedOut"))).toHaveLength(1);
});

test("housekeeping forgets sessions and log-in attempts older than a day and keeps recent ones", async () => {
  const { db } = database();
  const clock = startClock();
  const user = await createTestUser(db, { roles: ["assessor"] });
  const now = clock.now().getTime();
  const old = new Date(now - 25 * HOUR);
  const recent = new Date(now - HOUR);
  await db.insert(sessions).values([
    { tokenHash: "old", userId: user.id, createdAt: old, lastSeenAt: old },
    { tokenHash: "recent", userId: user.id, createdAt: recent, lastSeenAt: recent },
  ]);
  await db.insert(loginAttempts).values([
    { email: user.email, ipAddress: "10.0.0.1", succeeded: false, attemptedAt: old },
    { email: user.email, ipAddress: "10.0.0.1", succeeded: false, attemptedAt: recent },
  ]);

  await purgeExpiredSessions(db, clock);

  expect((await db.select().from(sessions)).map((row) => row.tokenHash)).toEqual(["recent"]);
  expect((await db.select().from(loginAttempts)).map((row) => row.attemptedAt.getTime())).toEqual([recent.getTime()]);
});
