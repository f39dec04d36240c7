import { and, eq } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { caught } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import type { Db } from "../../db/types";
import { createMovableClock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { contractBudgets, contracts, contractStatuses } from "../contracts/contract.sql";
import { ForbiddenError, RuleViolation } from "../errors";
import type { Actor } from "../identity/roles";
import { printedFundingTotals } from "../reference-data/framework-figures";
import { fundingAllocations } from "./funding.sql";
import { getFinanceOverview, setProvisionsFunding, type FinanceOverview } from "./finance.server";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));

// funding_allocations is reference data that survives the reset between tests: remove what a
// test entered, so every test starts from figure 4 alone
beforeEach(async () => {
  await database().db.delete(fundingAllocations).where(eq(fundingAllocations.kind, "provisions"));
});

const contractManager = (db: Db) => createTestUser(db, { roles: ["contractManager"], name: "Carla Contractmanager" });

let contractSequence = 0;
async function contractWithBudgets(
  db: Db,
  status: (typeof contractStatuses)[number],
  budgets: { municipality: string; year: number; amountCents: number; targetGroup?: string }[],
) {
  contractSequence += 1;
  const supplier = await createTestOrganisation(db);
  const [contract] = await db
    .insert(contracts)
    .values({
      number: `WF-TEST-${contractSequence}`,
      title: `Testcontract ${contractSequence}`,
      kind: "tender",
      status,
      supplierOrganisationId: supplier.id,
      startDate: "2021-01-01",
      endDate: "2024-12-31",
      ceilingAmountCents: 10_000_000_00,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    })
    .returning();
  for (const budget of budgets) {
    await db.insert(contractBudgets).values({
      contractId: contract!.id,
      municipalityId: await municipalityId(db, budget.municipality),
      year: budget.year,
      targetGroup: budget.targetGroup ?? "asylum",
      volume: 1,
      amountCents: budget.amountCents,
    });
  }
  return contract!;
}

function account(overview: FinanceOverview, name: string) {
  const found = overview.municipalities.find((row) => row.name === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

function yearOf(years: FinanceOverview["region"]["years"], year: number) {
  const found = years.find((row) => row.year === year);
  if (!found) throw new Error(`no year ${year}`);
  return found;
}

test("the regional funding adds up to figure 4's printed € 2.127.336,00, per year as printed", async () => {
  const { db } = database();
  const overview = await getFinanceOverview(db, await createTestUser(db, { roles: ["projectgroup"] }));

  expect(overview.regionName).toBe("Westfriesland");
  expect(overview.municipalities).toHaveLength(7);
  expect(overview.years).toEqual([2020, 2021, 2022, 2023]);
  expect(overview.region.total.totalFundingCents).toBe(2_127_336_00);
  expect(overview.region.total.totalFundingCents).toBe(printedFundingTotals.all * 100);
  expect(overview.region.total.fundingCents).toEqual({ implementation: 422_323_00, execution: 1_705_013_00, provisions: 0 });
  for (const year of [2020, 2021, 2022, 2023] as const) {
    expect(yearOf(overview.region.years, year).totalFundingCents).toBe(printedFundingTotals[year] * 100);
  }
  expect(account(overview, "Hoorn").total.totalFundingCents).toBe(805_890_00);
  expect(overview.realisationAvailable).toBe(false);
  expect(overview.region.total.realisationCents).toBe(0);
});

test("a municipality viewer of Opmeer sees only Opmeer and the regional totals", async () => {
  const { db } = database();
  await contractWithBudgets(db, "active", [
    { municipality: "Opmeer", year: 2022, amountCents: 10_000_00 },
    { municipality: "Hoorn", year: 2022, amountCents: 90_000_00 },
  ]);
  const opmeer = await municipalityId(db, "Opmeer");
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: opmeer });

  const overview = await getFinanceOverview(db, viewer);

  expect(overview.municipalities.map((row) => row.municipalityId)).toEqual([opmeer]);
  expect(overview.municipalities[0]!.total.totalFundingCents).toBe(109_034_00);
  expect(yearOf(overview.municipalities[0]!.years, 2022).commitmentsCents).toBe(10_000_00);
  // the regional totals still count every municipality
  expect(overview.region.total.totalFundingCents).toBe(2_127_336_00);
  expect(yearOf(overview.region.years, 2022).commitmentsCents).toBe(100_000_00);
  expect(JSON.stringify(overview)).not.toMatch(/Hoorn|Drechterland|Enkhuizen|Koggenland|Medemblik|Stede Broec/);

  const filtered = await getFinanceOverview(db, viewer, { year: 2022 });
  expect(filtered.municipalities.map((row) => row.name)).toEqual(["Opmeer"]);
});

test("a supplier, and a municipality viewer without a municipality, may not read the finances", async () => {
  const { db } = database();
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const viewerWithoutMunicipality = await createTestUser(db, { roles: ["municipalityViewer"] });

  expect(await caught(() => getFinanceOverview(db, supplier))).toBeInstanceOf(ForbiddenError);
  expect(await caught(() => getFinanceOverview(db, viewerWithoutMunicipality))).toBeInstanceOf(ForbiddenError);
});

test("commitments of active and ended contracts count per municipality; draft and terminated ones do not", async () => {
  const { db } = database();
  await contractWithBudgets(db, "active", [
    { municipality: "Hoorn", year: 2022, amountCents: 50_000_00, targetGroup: "asylum" },
    { municipality: "Hoorn", year: 2022, amountCents: 20_000_00, targetGroup: "family" },
    { municipality: "Medemblik", year: 2022, amountCents: 30_000_00 },
  ]);
  await contractWithBudgets(db, "ended", [{ municipality: "Hoorn", year: 2021, amountCents: 5_000_00 }]);
  await contractWithBudgets(db, "draft", [{ municipality: "Hoorn", year: 2022, amountCents: 999_999_00 }]);
  await contractWithBudgets(db, "terminated", [{ municipality: "Medemblik", year: 2022, amountCents: 888_888_00 }]);

  const overview = await getFinanceOverview(db, await contractManager(db));

  expect(yearOf(account(overview, "Hoorn").years, 2022).commitmentsCents).toBe(70_000_00);
  expect(yearOf(account(overview, "Hoorn").years, 2021).commitmentsCents).toBe(5_000_00);
  expect(yearOf(account(overview, "Medemblik").years, 2022).commitmentsCents).toBe(30_000_00);
  expect(yearOf(account(overview, "Opmeer").years, 2022).commitmentsCents).toBe(0);
  expect(yearOf(overview.region.years, 2022).commitmentsCents).toBe(100_000_00);
  expect(overview.region.total.commitmentsCents).toBe(105_000_00);
});

test("binnen rijksbijdragen: met at 100 %, at risk up to 110 %, missed above, no data without funding", async () => {
  const { db } = database();
  // 2021 execution money (figure 4): Opmeer 15.101, Enkhuizen 25.893, Hoorn 116.550
  await contractWithBudgets(db, "active", [
    { municipality: "Opmeer", year: 2021, amountCents: 15_101_00 },
    { municipality: "Enkhuizen", year: 2021, amountCents: 28_482_30 },
    { municipality: "Hoorn", year: 2021, amountCents: 128_205_01 },
    { municipality: "Drechterland", year: 2024, amountCents: 1_000_00 },
  ]);

  const overview = await getFinanceOverview(db, await contractManager(db));

  expect(yearOf(account(overview, "Opmeer").years, 2021)).toMatchObject({ spendingCents: 15_101_00, spendingPercent: 100, status: "met" });
  expect(yearOf(account(overview, "Enkhuizen").years, 2021)).toMatchObject({ spendingPercent: 110, status: "atRisk" });
  expect(yearOf(account(overview, "Hoorn").years, 2021)).toMatchObject({ spendingPercent: 110, status: "missed" });
  expect(yearOf(account(overview, "Drechterland").years, 2024)).toMatchObject({ totalFundingCents: 0, spendingPercent: null, status: "noData" });
  expect(yearOf(account(overview, "Koggenland").years, 2021)).toMatchObject({ spendingCents: 0, spendingPercent: 0, status: "met" });
  // the region pools the money: 171.788,31 spent of 300.836 is within the funding
  expect(yearOf(overview.region.years, 2021)).toMatchObject({ spendingCents: 171_788_31, status: "met" });
  expect(yearOf(overview.region.years, 2024).status).toBe("noData");
  expect(overview.availableYears).toEqual([2020, 2021, 2022, 2023, 2024]);
  // over all years, spending in a year without funding gets no verdict instead of a false "missed"
  expect(account(overview, "Drechterland").total).toMatchObject({ unfundedSpending: true, spendingPercent: null, status: "noData" });
  expect(overview.region.total).toMatchObject({ unfundedSpending: true, status: "noData" });
  expect(account(overview, "Hoorn").total).toMatchObject({ unfundedSpending: false, status: "met" });
});

test("the regional status follows the pooled money: missed when the region spends more than 110 %", async () => {
  const { db } = database();
  await contractWithBudgets(db, "active", [{ municipality: "Hoorn", year: 2020, amountCents: 422_323_00 * 2 }]);

  const overview = await getFinanceOverview(db, await contractManager(db), { year: 2020 });

  expect(overview.years).toEqual([2020]);
  expect(overview.region.years[0]).toMatchObject({ status: "missed", spendingPercent: 200 });
  expect(overview.region.total.status).toBe("missed");
});

test("a contract manager enters the provisions budget; it is upserted, audited, and carried over to the next year", async () => {
  const { db } = database();
  const manager = await contractManager(db);
  const opmeer = await municipalityId(db, "Opmeer");

  const first = await setProvisionsFunding(db, clock, manager, { municipalityId: opmeer, year: 2022, amountCents: 40_000_00 });
  const second = await setProvisionsFunding(db, clock, manager, { municipalityId: opmeer, year: 2022, amountCents: 45_500_50 });

  expect(second.id).toBe(first.id);
  const rows = await db
    .select()
    .from(fundingAllocations)
    .where(and(eq(fundingAllocations.municipalityId, opmeer), eq(fundingAllocations.kind, "provisions")));
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ year: 2022, amountCents: 45_500_50, source: "Ingevoerd door Carla Contractmanager" });

  const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, first.id)).orderBy(auditLog.id);
  expect(audit.map((row) => row.action)).toEqual(["funding.provisionsSet", "funding.provisionsChanged"]);
  expect(audit[0]).toMatchObject({ actorUserId: manager.id, actorName: "Carla Contractmanager", entityType: "fundingAllocation" });
  expect(audit[0]!.changes).toMatchObject({ year: 2022, amountCents: { from: null, to: 40_000_00 } });
  expect(audit[1]!.changes).toMatchObject({ amountCents: { from: 40_000_00, to: 45_500_50 } });
  expect(audit[1]!.summary.replace(/\u00a0/g, " ")).toBe("Middelen inburgeringsvoorzieningen 2022 van Opmeer: € 45.500,50 (was € 40.000,00)");

  const overview = await getFinanceOverview(db, manager);
  const opmeerAccount = account(overview, "Opmeer");
  expect(yearOf(opmeerAccount.years, 2022).fundingCents.provisions).toBe(45_500_50);
  expect(yearOf(opmeerAccount.years, 2022).totalFundingCents).toBe(33_562_00 + 45_500_50);
  // no realisation yet, so the whole budget is unspent and carried over, capped at 100 %
  expect(yearOf(opmeerAccount.years, 2023).provisionsCarryOverCents).toBe(45_500_50);
  expect(yearOf(opmeerAccount.years, 2022).provisionsCarryOverCents).toBe(0);
  expect(yearOf(overview.region.years, 2023).provisionsCarryOverCents).toBe(45_500_50);
  // carry-over is earlier money: the goal measures a year against that year's own funding
  expect(yearOf(opmeerAccount.years, 2023).totalFundingCents).toBe(36_922_00);
});

test.each([["projectgroup"], ["municipalityViewer"], ["admin"]] as const)("a %s may not enter a provisions budget", async (role) => {
  const { db } = database();
  const opmeer = await municipalityId(db, "Opmeer");
  const actor: Actor = await createTestUser(db, { roles: [role], municipalityId: role === "municipalityViewer" ? opmeer : undefined });

  expect(await caught(() => setProvisionsFunding(db, clock, actor, { municipalityId: opmeer, year: 2022, amountCents: 1_00 }))).toBeInstanceOf(ForbiddenError);
  expect(await db.select().from(fundingAllocations).where(eq(fundingAllocations.kind, "provisions"))).toHaveLength(0);
});

test.each([
  { year: 2022, amountCents: -1, field: "amountCents", message: "Het bedrag kan niet negatief zijn." },
  { year: 2019, amountCents: 1_00, field: "year", message: "Vul een jaar in van 2020 tot en met 2040." },
  { year: 2041, amountCents: 1_00, field: "year", message: "Vul een jaar in van 2020 tot en met 2040." },
])("a provisions budget of $amountCents cents for $year is refused in Dutch and nothing is written", async ({ year, amountCents, field, message }) => {
  const { db } = database();
  const manager = await contractManager(db);
  const opmeer = await municipalityId(db, "Opmeer");
  const error = await caught(() => setProvisionsFunding(db, clock, manager, { municipalityId: opmeer, year, amountCents }));

  expect(error).toBeInstanceOf(RuleViolation);
  expect((error as RuleViolation).problems).toEqual([{ field, message }]);
  expect(await db.select().from(fundingAllocations).where(eq(fundingAllocations.kind, "provisions"))).toHaveLength(0);
  expect(await db.select().from(auditLog)).toHaveLength(0);
});
