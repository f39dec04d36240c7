import { eq, sql } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { caught, validationMessages } from "../../../test/factories/errors";
import type { Db } from "../../db/types";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import type { Actor } from "../identity/roles";
import type { OrganisationInput } from "./organisation-schemas";
import {
  createOrganisation,
  getOrganisation,
  listActiveOrganisations,
  listOrganisations,
  setOrganisationActive,
  updateOrganisation,
} from "./organisations.server";
import { organisations } from "./organisations.sql";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));

function input(overrides: Partial<OrganisationInput> = {}): OrganisationInput {
  return {
    kind: "languageSchool",
    name: "Taalschool De Brug",
    kvkNumber: "12345678",
    street: "Grote Noord 1",
    postalCode: "1621 AB",
    city: "Hoorn",
    contactName: "Fatima de Vries",
    contactEmail: "info@debrug.nl",
    contactPhone: null,
    ...overrides,
  };
}

async function counts(db: Db) {
  const count = async (table: typeof organisations | typeof auditLog) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { organisations: await count(organisations), audit: await count(auditLog) };
}

async function admin(db: Db): Promise<Actor> {
  return createTestUser(db, { roles: ["admin"], name: "Ada Beheerder" });
}

test("an administrator creates an organisation, normalised, and the creation is audited", async () => {
  const { db } = database();
  const actor = await admin(db);

  const created = await createOrganisation(db, clock, actor, input({ postalCode: "1621ab", contactEmail: "Info@DeBrug.nl" }));

  expect(created).toMatchObject({
    kind: "languageSchool",
    name: "Taalschool De Brug",
    kvkNumber: "12345678",
    postalCode: "1621 AB",
    contactEmail: "info@debrug.nl",
    contactPhone: null,
    active: true,
  });
  const [stored] = await db.select().from(organisations).where(eq(organisations.id, created.id));
  expect(stored!.postalCode).toBe("1621 AB");
  const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ action: "organisation.created", entityType: "organisation", actorUserId: actor.id, actorName: "Ada Beheerder" });
  expect(audit[0]!.summary).toBe("Taalschool Taalschool De Brug (KvK 12345678) aangemaakt");
  expect(audit[0]!.changes).toMatchObject({ kvkNumber: "12345678", postalCode: "1621 AB" });
});

test.each(["1234567", "123456789", "1234567a"])("KvK number %s is refused with a Dutch message and nothing is written", async (kvkNumber) => {
  const { db } = database();
  const actor = await admin(db);
  const before = await counts(db);
  expect(await validationMessages(() => createOrganisation(db, clock, actor, input({ kvkNumber })))).toEqual({
    kvkNumber: ["Het KvK-nummer bestaat uit precies 8 cijfers."],
  });
  expect(await counts(db)).toEqual(before);
});

test("a KvK number already registered is refused on the KvK field, and neither organisation nor audit row is written", async () => {
  const { db } = database();
  const actor = await admin(db);
  await createOrganisation(db, clock, actor, input());
  const before = await counts(db);

  const error = await caught(() => createOrganisation(db, clock, actor, input({ name: "Andere Taalschool" })));

  expect(error).toBeInstanceOf(RuleViolation);
  expect(error).toMatchObject({ code: "organisation.duplicateKvk", field: "kvkNumber" });
  expect((error as RuleViolation).message).toBe("Er is al een organisatie met KvK-nummer 12345678.");
  expect(await counts(db)).toEqual(before);
  expect(await db.select().from(organisations).where(eq(organisations.name, "Andere Taalschool"))).toHaveLength(0);
});

test("two administrators adding the same KvK number at once: one succeeds, the other is told it exists", async () => {
  const { db } = database();
  const actor = await admin(db);
  const results = await Promise.allSettled([
    createOrganisation(db, clock, actor, input({ name: "Eerste" })),
    createOrganisation(db, clock, actor, input({ name: "Tweede" })),
  ]);
  expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  const [refused] = results.filter((result) => result.status === "rejected");
  expect(refused!.reason).toBeInstanceOf(RuleViolation);
  expect(refused!.reason).toMatchObject({ code: "organisation.duplicateKvk", field: "kvkNumber" });
  expect(await counts(db)).toMatchObject({ organisations: 1, audit: 1 });
});

test("an update records exactly the fields that changed", async () => {
  const { db } = database();
  const actor = await admin(db);
  const created = await createOrganisation(db, clock, actor, input());
  clock.advance(60_000);

  const updated = await updateOrganisation(
    db,
    clock,
    actor,
    created.id,
    input({ name: "Taalschool De Nieuwe Brug", city: "Enkhuizen", contactPhone: "0228 123 456" }),
  );

  expect(updated).toMatchObject({ id: created.id, name: "Taalschool De Nieuwe Brug", city: "Enkhuizen", kvkNumber: "12345678" });
  const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "organisation.updated"));
  expect(audit).toMatchObject({ entityId: created.id, actorUserId: actor.id });
  expect(audit!.changes).toEqual({
    name: { from: "Taalschool De Brug", to: "Taalschool De Nieuwe Brug" },
    city: { from: "Hoorn", to: "Enkhuizen" },
    contactPhone: { from: null, to: "0228 123 456" },
  });
  expect(audit!.summary).toBe("Gegevens van Taalschool De Nieuwe Brug gewijzigd (name, city, contactPhone)");
});

test("an update without changes is still audited, as having no changes", async () => {
  const { db } = database();
  const actor = await admin(db);
  const created = await createOrganisation(db, clock, actor, input());
  await updateOrganisation(db, clock, actor, created.id, input());
  const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "organisation.updated"));
  expect(audit!.changes).toEqual({});
  expect(audit!.summary).toContain("geen wijzigingen");
});

test("an update may not take another organisation's KvK number, and leaves both as they were", async () => {
  const { db } = database();
  const actor = await admin(db);
  const first = await createOrganisation(db, clock, actor, input());
  const second = await createOrganisation(db, clock, actor, input({ name: "Tweede", kvkNumber: "87654321" }));
  const before = await counts(db);

  const error = await caught(() => updateOrganisation(db, clock, actor, second.id, input({ name: "Tweede, hernoemd", kvkNumber: "12345678" })));

  expect(error).toMatchObject({ code: "organisation.duplicateKvk", field: "kvkNumber" });
  expect(await counts(db)).toEqual(before);
  expect((await getOrganisation(db, actor, second.id)).name).toBe("Tweede");
  expect((await getOrganisation(db, actor, first.id)).kvkNumber).toBe("12345678");
});

test("updating an unknown organisation is not found", async () => {
  const { db } = database();
  const actor = await admin(db);
  await expect(updateOrganisation(db, clock, actor, "00000000-0000-4000-8000-000000000000", input())).rejects.toBeInstanceOf(NotFoundError);
});

test("a supplier reads its own organisation but not another one", async () => {
  const { db } = database();
  const own = await createTestOrganisation(db, { name: "Eigen school" });
  const other = await createTestOrganisation(db, { name: "Concurrent" });
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: own.id });

  expect((await getOrganisation(db, supplier, own.id)).name).toBe("Eigen school");
  await expect(getOrganisation(db, supplier, other.id)).rejects.toBeInstanceOf(ForbiddenError);
});

test("only administrators create, change, list or read every organisation", async () => {
  const { db } = database();
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const projectgroup = await createTestUser(db, { roles: ["projectgroup", "contractManager"] });
  const before = await counts(db);

  for (const actor of [supplier, projectgroup]) {
    await expect(createOrganisation(db, clock, actor, input())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateOrganisation(db, clock, actor, organisation.id, input())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setOrganisationActive(db, clock, actor, organisation.id, false)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listOrganisations(db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listActiveOrganisations(db, actor)).rejects.toBeInstanceOf(ForbiddenError);
  }
  await expect(getOrganisation(db, projectgroup, organisation.id)).rejects.toBeInstanceOf(ForbiddenError);
  expect(await counts(db)).toEqual(before);
  expect((await getOrganisation(db, supplier, organisation.id)).active).toBe(true);
});

test("reading an unknown organisation is not found", async () => {
  const { db } = database();
  const actor = await admin(db);
  await expect(getOrganisation(db, actor, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
});

test("deactivating an organisation is audited and removes it from the pick list, reactivating brings it back", async () => {
  const { db } = database();
  const actor = await admin(db);
  const organisation = await createOrganisation(db, clock, actor, input());
  await createOrganisation(db, clock, actor, input({ name: "Blijft actief", kvkNumber: "87654321" }));

  await setOrganisationActive(db, clock, actor, organisation.id, false);

  expect((await getOrganisation(db, actor, organisation.id)).active).toBe(false);
  expect((await listActiveOrganisations(db, actor)).map((row) => row.name)).toEqual(["Blijft actief"]);
  expect((await listOrganisations(db, actor)).map((row) => row.name)).toEqual(["Blijft actief", "Taalschool De Brug"]);
  const [deactivated] = await db.select().from(auditLog).where(eq(auditLog.action, "organisation.deactivated"));
  expect(deactivated).toMatchObject({ entityType: "organisation", entityId: organisation.id, actorUserId: actor.id });
  expect(deactivated!.summary).toBe("Taalschool De Brug gedeactiveerd");

  await setOrganisationActive(db, clock, actor, organisation.id, true);
  expect((await listActiveOrganisations(db, actor)).map((row) => row.name)).toEqual(["Blijft actief", "Taalschool De Brug"]);
  expect(await db.select().from(auditLog).where(eq(auditLog.action, "organisation.reactivated"))).toHaveLength(1);
});

test("deactivating an unknown organisation is not found and writes no audit row", async () => {
  const { db } = database();
  const actor = await admin(db);
  await expect(setOrganisationActive(db, clock, actor, "00000000-0000-4000-8000-000000000000", false)).rejects.toBeInstanceOf(NotFoundError);
  expect(await db.select().from(auditLog)).toHaveLength(0);
});
