import { and, eq, sql } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { caught, validationMessages } from "../../../test/factories/errors";
import type { Db } from "../../db/types";
import { auditLog } from "../audit/audit.sql";
import { contracts } from "../contracts/contract.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import type { Actor } from "../identity/roles";
import { municipalityFigures } from "../reference-data/framework-figures";
import { appendix1 } from "./appendix-1";
import type { LocalOfferingInput } from "./local-offering-schemas";
import { contractLocalOfferings, localOfferings } from "./local-offering.sql";
import {
  createLocalOffering,
  getLocalOffering,
  linkLocalOfferingToContract,
  listLocalOfferingHistory,
  listLocalOfferings,
  listLocalOfferingsForContract,
  removeLocalOffering,
  seedLocalOfferings,
  unlinkLocalOfferingFromContract,
  updateLocalOffering,
} from "./local-offerings.server";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

async function counts(db: Db) {
  const count = async (table: typeof localOfferings | typeof auditLog | typeof contractLocalOfferings) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { offerings: await count(localOfferings), audit: await count(auditLog), links: await count(contractLocalOfferings) };
}

async function input(db: Db, overrides: Partial<LocalOfferingInput> = {}): Promise<LocalOfferingInput> {
  return {
    municipalityId: await municipalityId(db, "Enkhuizen"),
    category: "language",
    providerKind: "library",
    providerName: "Bibliotheek Enkhuizen",
    description: "Taalcafé op dinsdagmiddag",
    ...overrides,
  };
}

function manager(db: Db): Promise<Actor> {
  return createTestUser(db, { roles: ["projectgroup"], name: "Piet Projectgroep" });
}

/** The minimum a contracts row needs, for the link between a contract and an offering. */
async function createContractRow(db: Db, number = "WF-2026-001") {
  const supplier = await createTestOrganisation(db);
  const [contract] = await db
    .insert(contracts)
    .values({
      number,
      title: "B1-route Westfriesland",
      kind: "tender",
      status: "active",
      supplierOrganisationId: supplier.id,
      startDate: "2026-01-01",
      endDate: "2027-12-31",
      ceilingAmountCents: 100_000_00,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    })
    .returning();
  return contract!;
}

describe("seeding from appendix 1", () => {
  test("an empty table is filled with the 163 offerings of appendix 1, per municipality as in the appendix", async () => {
    const { db } = database();

    expect(await seedLocalOfferings(db, clock)).toEqual({ inserted: 163 });

    expect(appendix1).toHaveLength(163);
    const perMunicipality = await db
      .select({ name: sql<string>`m.name`, n: sql<number>`count(*)::int` })
      .from(sql`local_offerings o join municipalities m on m.id = o.municipality_id`)
      .groupBy(sql`m.name`);
    const expected = Object.fromEntries(municipalityFigures.map((figures) => [figures.name, appendix1.filter((row) => row.municipality === figures.name).length]));
    expect(Object.fromEntries(perMunicipality.map((row) => [row.name, row.n]))).toEqual(expected);
    // every municipality of the region has its part of the appendix
    expect(Object.values(expected).every((n) => n > 0)).toBe(true);
    expect(expected).toMatchObject({ Hoorn: 22, Koggenland: 27, "Stede Broec": 21 });
  });

  test("the rows keep what the appendix says, with categories and provider kinds mapped", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);

    const hoorn = await listLocalOfferings(db, actor, { municipalityId: await municipalityId(db, "Hoorn") });
    expect(hoorn.filter((row) => row.description === "fietsles voor vrouwen")).toEqual([
      expect.objectContaining({ municipalityName: "Hoorn", category: "participation", providerKind: "welfareOrganisation", providerName: "Stichting Netwerk" }),
    ]);
    // a quoted field with commas in the CSV arrives whole
    expect(hoorn).toContainEqual(
      expect.objectContaining({
        category: "financial",
        providerKind: "welfareOrganisation",
        description: "Project Stand by (budgetbegeleiding door planmaatjes, ondersteuning door buurtmaatjes)",
      }),
    );
    const enkhuizen = await listLocalOfferings(db, actor, { municipalityId: await municipalityId(db, "Enkhuizen"), providerKind: "library" });
    expect(enkhuizen.every((row) => row.providerName === "Bibliotheek")).toBe(true);
  });

  test("seeding again adds nothing, and edits made in the portal survive it", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);
    const [first] = await listLocalOfferings(db, actor, { search: "fietsles voor vrouwen" });
    await updateLocalOffering(db, clock, actor, first!.id, { ...first!, description: "Fietsles voor vrouwen (op zaterdag)" });

    expect(await seedLocalOfferings(db, clock)).toEqual({ inserted: 0 });

    expect((await counts(db)).offerings).toBe(163);
    expect((await getLocalOffering(db, actor, first!.id)).description).toBe("Fietsles voor vrouwen (op zaterdag)");
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "localOffering.seededFromAppendix1"))).toHaveLength(1);
  });

  test("a list emptied in the portal is not filled again at the next start", async () => {
    const { db } = database();
    await seedLocalOfferings(db, clock);
    // as if every line had been removed in the portal, one by one
    await db.delete(localOfferings);

    expect(await seedLocalOfferings(db, clock)).toEqual({ inserted: 0 });
    expect((await counts(db)).offerings).toBe(0);
  });

  test("two starts at the same moment seed once", async () => {
    const { db } = database();
    const results = await Promise.all([seedLocalOfferings(db, clock), seedLocalOfferings(db, clock)]);
    expect(results.map((result) => result.inserted).sort()).toEqual([0, 163]);
    expect((await counts(db)).offerings).toBe(163);
  });
});

describe("the list and its filters", () => {
  test("without filters: everything, by municipality, then the categories in the order of the appendix", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);

    const all = await listLocalOfferings(db, actor);

    expect(all).toHaveLength(163);
    const municipalityOrder = [...new Set(all.map((row) => row.municipalityName))];
    expect(municipalityOrder).toEqual([...municipalityFigures.map((figures) => figures.name)].sort());
    const hoornCategories = [...new Set(all.filter((row) => row.municipalityName === "Hoorn").map((row) => row.category))];
    expect(hoornCategories).toEqual(["participation", "careAndSupport", "language", "financial"]);
  });

  test("filters by municipality, category and provider kind, alone and together", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);
    const expected = (predicate: (row: (typeof appendix1)[number]) => boolean) => appendix1.filter(predicate).length;

    expect(await listLocalOfferings(db, actor, { municipalityId: await municipalityId(db, "Opmeer") })).toHaveLength(expected((row) => row.municipality === "Opmeer"));
    expect(await listLocalOfferings(db, actor, { category: "language" })).toHaveLength(expected((row) => row.category === "language"));
    expect(await listLocalOfferings(db, actor, { providerKind: "library" })).toHaveLength(expected((row) => row.providerKind === "library"));
    const together = await listLocalOfferings(db, actor, {
      municipalityId: await municipalityId(db, "Medemblik"),
      category: "careAndSupport",
      providerKind: "municipality",
    });
    expect(together).toHaveLength(
      expected((row) => row.municipality === "Medemblik" && row.category === "careAndSupport" && row.providerKind === "municipality"),
    );
    expect(together.length).toBeGreaterThan(0);
    expect(together.every((row) => row.municipalityName === "Medemblik" && row.category === "careAndSupport" && row.providerKind === "municipality")).toBe(true);
  });

  test("search finds every word, in provider or description, regardless of case", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);

    const bike = await listLocalOfferings(db, actor, { search: "FIETSLES" });
    expect(bike.map((row) => `${row.municipalityName}: ${row.description}`)).toEqual([
      "Hoorn: fietsles voor vrouwen",
      "Koggenland: Fietsles",
      "Opmeer: fietslessen (bij voldoende aanmeldingen en budget)",
    ]);
    expect(await listLocalOfferings(db, actor, { search: "  fietsles   vrouwen " })).toHaveLength(1);
    // one word in the provider, one in the description
    expect((await listLocalOfferings(db, actor, { search: "netwerk fietsles" })).map((row) => row.municipalityName)).toEqual(["Hoorn", "Koggenland"]);
    expect(await listLocalOfferings(db, actor, { search: "fietsles", municipalityId: await municipalityId(db, "Opmeer") })).toHaveLength(1);
    expect(await listLocalOfferings(db, actor, { search: "fietsles", category: "financial" })).toEqual([]);
  });

  test("search characters that SQL treats as wildcards are searched for literally", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);
    expect(await listLocalOfferings(db, actor, { search: "%" })).toEqual([]);
    expect(await listLocalOfferings(db, actor, { search: "_" })).toEqual([]);
    await createLocalOffering(db, clock, actor, await input(db, { description: "Korting 50% op zwemles" }));
    expect((await listLocalOfferings(db, actor, { search: "50%" })).map((row) => row.description)).toEqual(["Korting 50% op zwemles"]);
  });

  test("filter values that are not options are ignored rather than failing", async () => {
    const { db } = database();
    const actor = await manager(db);
    await seedLocalOfferings(db, clock);
    const ignored = await listLocalOfferings(db, actor, {
      municipalityId: "not-a-uuid",
      category: "bakery" as never,
      providerKind: "" as never,
      search: "   ",
    });
    expect(ignored).toHaveLength(163);
  });
});

describe("who may read and who may change", () => {
  test("a supplier may neither read nor change the local offerings", async () => {
    const { db } = database();
    const offering = await createLocalOffering(db, clock, await manager(db), await input(db));
    const organisation = await createTestOrganisation(db);
    const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
    const before = await counts(db);

    await expect(listLocalOfferings(db, supplier)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getLocalOffering(db, supplier, offering.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listLocalOfferingHistory(db, supplier, offering.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createLocalOffering(db, clock, supplier, await input(db))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateLocalOffering(db, clock, supplier, offering.id, await input(db))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeLocalOffering(db, clock, supplier, offering.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts(db)).toEqual(before);
  });

  test("an assessor, an administrator and a municipality viewer may read but not change", async () => {
    const { db } = database();
    const offering = await createLocalOffering(db, clock, await manager(db), await input(db));
    const readers = [
      await createTestUser(db, { roles: ["assessor"] }),
      await createTestUser(db, { roles: ["admin"] }),
      await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") }),
    ];
    const before = await counts(db);

    for (const reader of readers) {
      expect(await listLocalOfferings(db, reader)).toHaveLength(1);
      expect((await getLocalOffering(db, reader, offering.id)).municipalityName).toBe("Enkhuizen");
      await expect(createLocalOffering(db, clock, reader, await input(db))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updateLocalOffering(db, clock, reader, offering.id, await input(db, { providerName: "Anders" }))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeLocalOffering(db, clock, reader, offering.id)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await counts(db)).toEqual(before);
  });

  test("a contract manager may change the list as the project group may", async () => {
    const { db } = database();
    const contractManager = await createTestUser(db, { roles: ["contractManager"] });
    const offering = await createLocalOffering(db, clock, contractManager, await input(db));
    await updateLocalOffering(db, clock, contractManager, offering.id, await input(db, { providerName: "De Bibliotheek Westfriesland" }));
    expect((await getLocalOffering(db, contractManager, offering.id)).providerName).toBe("De Bibliotheek Westfriesland");
  });
});

describe("changing the list", () => {
  test("adding an offering stores it trimmed and is audited", async () => {
    const { db } = database();
    const actor = await manager(db);

    const created = await createLocalOffering(db, clock, actor, await input(db, { providerName: "  Bibliotheek Enkhuizen ", description: " Taalcafé op dinsdagmiddag " }));

    expect(created).toMatchObject({ category: "language", providerKind: "library", providerName: "Bibliotheek Enkhuizen", description: "Taalcafé op dinsdagmiddag" });
    expect(created.updatedAt).toEqual(created.createdAt);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "localOffering.created", entityType: "localOffering", actorUserId: actor.id, actorName: "Piet Projectgroep" });
    expect(audit[0]!.summary).toBe('Aanbod "Taalcafé op dinsdagmiddag" van Bibliotheek Enkhuizen toegevoegd bij Enkhuizen (Taal)');
    expect(audit[0]!.changes).toMatchObject({ municipality: "Enkhuizen", providerName: "Bibliotheek Enkhuizen" });
  });

  test("an incomplete offering is refused with Dutch messages and nothing is written", async () => {
    const { db } = database();
    const actor = await manager(db);
    const before = await counts(db);
    expect(
      await validationMessages(() =>
        createLocalOffering(db, clock, actor, { municipalityId: "", category: "bakery", providerKind: undefined, providerName: " ", description: "" } as never),
      ),
    ).toEqual({
      municipalityId: ["Kies de gemeente."],
      category: ["Kies de categorie."],
      providerKind: ["Kies het soort aanbieder."],
      providerName: ["Vul de naam van de aanbieder in."],
      description: ["Vul het aanbod in."],
    });
    expect(await counts(db)).toEqual(before);
  });

  test("a municipality outside the region is refused on the municipality field", async () => {
    const { db } = database();
    const actor = await manager(db);
    const error = await caught(async () => createLocalOffering(db, clock, actor, await input(db, { municipalityId: UNKNOWN_ID })));
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code: "localOffering.unknownMunicipality", field: "municipalityId", message: "Kies een van de zeven gemeenten." });
    expect((await counts(db)).offerings).toBe(0);
  });

  test("an update records exactly what changed, naming the municipalities", async () => {
    const { db } = database();
    const actor = await manager(db);
    const created = await createLocalOffering(db, clock, actor, await input(db));
    clock.advance(60_000);

    const updated = await updateLocalOffering(db, clock, actor, created.id, await input(db, { municipalityId: await municipalityId(db, "Hoorn"), providerName: "Bibliotheek Hoorn" }));

    expect(updated).toMatchObject({ id: created.id, providerName: "Bibliotheek Hoorn", createdAt: created.createdAt });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "localOffering.updated"));
    expect(audit).toMatchObject({ entityType: "localOffering", entityId: created.id, actorUserId: actor.id });
    expect(audit!.changes).toEqual({
      municipalityId: { from: await municipalityId(db, "Enkhuizen"), to: await municipalityId(db, "Hoorn") },
      municipality: { from: "Enkhuizen", to: "Hoorn" },
      providerName: { from: "Bibliotheek Enkhuizen", to: "Bibliotheek Hoorn" },
    });
    expect(audit!.summary).toBe('Aanbod "Taalcafé op dinsdagmiddag" van Bibliotheek Hoorn gewijzigd (gemeente, aanbieder)');
  });

  test("removing an offering deletes it and the trail keeps what it said", async () => {
    const { db } = database();
    const actor = await manager(db);
    const created = await createLocalOffering(db, clock, actor, await input(db));

    await removeLocalOffering(db, clock, actor, created.id);

    await expect(getLocalOffering(db, actor, created.id)).rejects.toBeInstanceOf(NotFoundError);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "localOffering.removed"));
    expect(audit).toMatchObject({ entityType: "localOffering", entityId: created.id, actorUserId: actor.id });
    expect(audit!.summary).toBe('Aanbod "Taalcafé op dinsdagmiddag" van Bibliotheek Enkhuizen verwijderd bij Enkhuizen');
    expect(audit!.changes).toMatchObject({ municipality: "Enkhuizen", description: "Taalcafé op dinsdagmiddag" });
  });

  test("the history of an offering lists its own changes, newest first", async () => {
    const { db } = database();
    const actor = await manager(db);
    const created = await createLocalOffering(db, clock, actor, await input(db));
    const other = await createLocalOffering(db, clock, actor, await input(db, { description: "Ander aanbod" }));
    clock.advance(60_000);
    await updateLocalOffering(db, clock, actor, created.id, await input(db, { providerName: "Bibliotheek Westfriesland" }));

    const history = await listLocalOfferingHistory(db, actor, created.id);

    expect(history.map((entry) => entry.summary)).toEqual([
      'Aanbod "Taalcafé op dinsdagmiddag" van Bibliotheek Westfriesland gewijzigd (aanbieder)',
      'Aanbod "Taalcafé op dinsdagmiddag" van Bibliotheek Enkhuizen toegevoegd bij Enkhuizen (Taal)',
    ]);
    expect(await listLocalOfferingHistory(db, actor, other.id)).toHaveLength(1);
    // the history is for those who keep the list; an assessor reads the list but not its trail
    await expect(listLocalOfferingHistory(db, await createTestUser(db, { roles: ["assessor"] }), created.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("changing or removing an unknown offering is not found and writes nothing", async () => {
    const { db } = database();
    const actor = await manager(db);
    await expect(getLocalOffering(db, actor, UNKNOWN_ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateLocalOffering(db, clock, actor, UNKNOWN_ID, await input(db))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeLocalOffering(db, clock, actor, UNKNOWN_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect((await counts(db)).audit).toBe(0);
  });
});

describe("links between contracts and local offerings", () => {
  test("an offering linked to a contract cannot be removed; once unlinked it can", async () => {
    const { db } = database();
    const actor = await manager(db);
    const contractManager = await createTestUser(db, { roles: ["contractManager"] });
    const offering = await createLocalOffering(db, clock, actor, await input(db));
    const contract = await createContractRow(db, "WF-2026-007");
    await linkLocalOfferingToContract(db, clock, contractManager, contract.id, offering.id);
    const before = await counts(db);

    const error = await caught(() => removeLocalOffering(db, clock, actor, offering.id));

    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code: "localOffering.linkedToContract" });
    expect((error as RuleViolation).message).toBe(
      "Dit aanbod is gekoppeld aan contract WF-2026-007 en kan niet worden verwijderd. Ontkoppel het eerst bij dat contract.",
    );
    expect(await counts(db)).toEqual(before);

    await unlinkLocalOfferingFromContract(db, clock, contractManager, contract.id, offering.id);
    await removeLocalOffering(db, clock, actor, offering.id);
    expect((await counts(db)).offerings).toBe(0);
  });

  test("the refusal names every contract the offering is linked to", async () => {
    const { db } = database();
    const contractManager = await createTestUser(db, { roles: ["contractManager"] });
    const offering = await createLocalOffering(db, clock, contractManager, await input(db));
    for (const number of ["WF-2026-002", "WF-2026-001"]) {
      await linkLocalOfferingToContract(db, clock, contractManager, (await createContractRow(db, number)).id, offering.id);
    }
    const error = await caught(() => removeLocalOffering(db, clock, contractManager, offering.id));
    expect((error as RuleViolation).message).toBe(
      "Dit aanbod is gekoppeld aan de contracten WF-2026-001, WF-2026-002 en kan niet worden verwijderd. Ontkoppel het eerst bij die contracten.",
    );
  });

  test("linking is audited on the contract, listed with the contract, and linking twice changes nothing", async () => {
    const { db } = database();
    const contractManager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
    const offering = await createLocalOffering(db, clock, contractManager, await input(db));
    await createLocalOffering(db, clock, contractManager, await input(db, { description: "Niet gekoppeld" }));
    const contract = await createContractRow(db);

    await linkLocalOfferingToContract(db, clock, contractManager, contract.id, offering.id);
    await linkLocalOfferingToContract(db, clock, contractManager, contract.id, offering.id);

    expect((await listLocalOfferingsForContract(db, contractManager, contract.id)).map((row) => row.description)).toEqual(["Taalcafé op dinsdagmiddag"]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "contract"), eq(auditLog.entityId, contract.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "contract.localOfferingLinked", actorName: "Carla Contract", changes: { localOfferingId: offering.id } });
    expect(audit[0]!.summary).toBe('Contract WF-2026-001 gekoppeld aan lokaal aanbod "Taalcafé op dinsdagmiddag" van Bibliotheek Enkhuizen (Enkhuizen)');

    await unlinkLocalOfferingFromContract(db, clock, contractManager, contract.id, offering.id);
    await unlinkLocalOfferingFromContract(db, clock, contractManager, contract.id, offering.id);
    expect(await listLocalOfferingsForContract(db, contractManager, contract.id)).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "contract.localOfferingUnlinked"))).toHaveLength(1);
  });

  test("only those who manage contracts link, and unknown contracts or offerings are not found", async () => {
    const { db } = database();
    const projectgroup = await manager(db);
    const contractManager = await createTestUser(db, { roles: ["contractManager"] });
    const assessor = await createTestUser(db, { roles: ["assessor"] });
    const offering = await createLocalOffering(db, clock, projectgroup, await input(db));
    const contract = await createContractRow(db);
    const before = await counts(db);

    // the project group keeps the list of offerings, but linking is part of managing a contract
    await expect(linkLocalOfferingToContract(db, clock, projectgroup, contract.id, offering.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(unlinkLocalOfferingFromContract(db, clock, projectgroup, contract.id, offering.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listLocalOfferingsForContract(db, assessor, contract.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(linkLocalOfferingToContract(db, clock, contractManager, UNKNOWN_ID, offering.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(linkLocalOfferingToContract(db, clock, contractManager, contract.id, UNKNOWN_ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listLocalOfferingsForContract(db, contractManager, UNKNOWN_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts(db)).toEqual(before);
  });
});
