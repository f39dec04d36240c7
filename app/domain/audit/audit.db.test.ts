import { eq, sql } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { caught } from "../../../test/factories/errors";
import { ForbiddenError } from "../errors";
import { systemActor } from "../identity/roles";
import { auditLog } from "./audit.sql";
import { listAuditEntries, recordAudit } from "./audit.server";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));

async function writeEntry(entityId = "e-1", summary = "Iets gebeurd") {
  const { db } = database();
  await recordAudit(db, clock, { actor: systemActor, action: "test.happened", entityType: "test", entityId, summary });
}

/** The message of the error a refused statement raised, wherever the driver put it. */
function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as { message?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.message) parts.push(current.message);
  }
  return parts.join(" | ");
}

test("an audit row records who did what, when, to which entity", async () => {
  const { db } = database();
  const user = await createTestUser(db, { roles: ["admin"], name: "Ada Beheerder" });
  await recordAudit(db, clock, {
    actor: user,
    action: "thing.changed",
    entityType: "thing",
    entityId: "42",
    summary: "Ding gewijzigd",
    changes: { colour: { from: "rood", to: "blauw" } },
  });
  const [row] = await db.select().from(auditLog);
  expect(row).toMatchObject({
    actorUserId: user.id,
    actorName: "Ada Beheerder",
    action: "thing.changed",
    entityType: "thing",
    entityId: "42",
    summary: "Ding gewijzigd",
    changes: { colour: { from: "rood", to: "blauw" } },
  });
  expect(Math.abs(row!.occurredAt.getTime() - clock.now().getTime())).toBeLessThan(5_000);
});

test("the system acts without a user id but with a name", async () => {
  await writeEntry();
  const [row] = await database().db.select().from(auditLog);
  expect(row).toMatchObject({ actorUserId: null, actorName: "Systeem", changes: null });
});

test("an audit row cannot be changed", async () => {
  const { db } = database();
  await writeEntry("e-1", "Origineel");
  const error = await caught(() => db.update(auditLog).set({ summary: "Vervalst" }).where(eq(auditLog.entityId, "e-1")));
  expect(messageChain(error)).toContain("audit_log is append-only: UPDATE refused");
  const [row] = await db.select().from(auditLog);
  expect(row!.summary).toBe("Origineel");
});

test("an audit row cannot be deleted", async () => {
  const { db } = database();
  await writeEntry("e-1");
  await writeEntry("e-2");
  const error = await caught(() => db.delete(auditLog).where(eq(auditLog.entityId, "e-1")));
  expect(messageChain(error)).toContain("audit_log is append-only: DELETE refused");
  expect(await db.select().from(auditLog)).toHaveLength(2);
});

test("not even a bulk delete of the whole table passes", async () => {
  const { db } = database();
  await writeEntry();
  await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
  expect(await db.select().from(auditLog)).toHaveLength(1);
});

test("an audit row written in a transaction that rolls back disappears with the change", async () => {
  const { db } = database();
  await expect(
    db.transaction(async (tx) => {
      await recordAudit(tx, clock, { actor: systemActor, action: "test.happened", entityType: "test", entityId: "x", summary: "x" });
      throw new Error("the change failed");
    }),
  ).rejects.toThrow("the change failed");
  expect(await db.select().from(auditLog)).toHaveLength(0);
});

describe("reading the audit log", () => {
  test("needs the read:audit permission, which only administrators have", async () => {
    const { db } = database();
    await writeEntry();
    const organisation = await createTestOrganisation(db);
    const others = [
      await createTestUser(db, { roles: ["projectgroup", "contractManager", "assessor"] }),
      await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id }),
    ];
    for (const actor of others) {
      await expect(listAuditEntries(db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
    const admin = await createTestUser(db, { roles: ["admin"] });
    expect(await listAuditEntries(db, admin)).toHaveLength(1);
  });

  test("lists the newest first and filters by entity", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    await recordAudit(db, clock, { actor: admin, action: "a", entityType: "user", entityId: "u1", summary: "eerste" });
    clock.advance(60_000);
    await recordAudit(db, clock, { actor: admin, action: "b", entityType: "organisation", entityId: "o1", summary: "tweede" });
    clock.advance(60_000);
    await recordAudit(db, clock, { actor: admin, action: "c", entityType: "user", entityId: "u2", summary: "derde" });

    expect((await listAuditEntries(db, admin)).map((row) => row.summary)).toEqual(["derde", "tweede", "eerste"]);
    expect((await listAuditEntries(db, admin, { entityType: "user" })).map((row) => row.summary)).toEqual(["derde", "eerste"]);
    expect((await listAuditEntries(db, admin, { entityType: "user", entityId: "u1" })).map((row) => row.summary)).toEqual(["eerste"]);
    expect((await listAuditEntries(db, admin, { limit: 2 })).map((row) => row.summary)).toEqual(["derde", "tweede"]);
  });

  test("rows written at the same moment come in the order they were written, newest first", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const frozen = { now: () => new Date("2026-03-02T09:00:00Z") };
    for (const summary of ["een", "twee", "drie"]) {
      await recordAudit(db, frozen, { actor: admin, action: "x", entityType: "t", entityId: "1", summary });
    }
    expect((await listAuditEntries(db, admin)).map((row) => row.summary)).toEqual(["drie", "twee", "een"]);
  });
});
