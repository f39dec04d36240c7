import { asc, eq, sql } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import type { Db } from "../../db/types";
import { fundingAllocations } from "../finance/funding.sql";
import { kpiDefinitions } from "../performance/kpi-catalogue.sql";
import { housingQuotas, municipalities, regions } from "../regions/regions.sql";
import { printedFundingTotals } from "./framework-figures";
import { seedReferenceData } from "./seed-reference-data.server";

const database = useTestDatabase();

// Figures 3 and 4 of the Beleidskader Inburgering 2021–2025 Westfriesland, as printed.
const printedHousingQuota: Record<string, [number, number, number]> = {
  Drechterland: [7, 8, 15],
  Enkhuizen: [6, 7, 13],
  Hoorn: [23, 27, 50],
  Koggenland: [8, 9, 17],
  Medemblik: [14, 17, 31],
  Opmeer: [4, 5, 9],
  "Stede Broec": [7, 8, 15],
};
const printedFundingByMunicipality: Record<string, number> = {
  Drechterland: 182_892,
  Enkhuizen: 183_596,
  Hoorn: 805_890,
  Koggenland: 212_205,
  Medemblik: 425_513,
  Opmeer: 109_034,
  "Stede Broec": 208_206,
};

async function rowCounts(db: Db) {
  const count = async (table: typeof regions | typeof municipalities | typeof housingQuotas | typeof fundingAllocations | typeof kpiDefinitions) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return {
    regions: await count(regions),
    municipalities: await count(municipalities),
    housingQuotas: await count(housingQuotas),
    fundingAllocations: await count(fundingAllocations),
    kpiDefinitions: await count(kpiDefinitions),
  };
}

test("the seven municipalities of Westfriesland form one region", async () => {
  const { db } = database();
  const rows = await db
    .select({ region: regions.name, code: regions.code, name: municipalities.name, cbsCode: municipalities.cbsCode })
    .from(municipalities)
    .innerJoin(regions, eq(regions.id, municipalities.regionId))
    .orderBy(asc(municipalities.name));
  expect(rows.map((row) => row.name)).toEqual(["Drechterland", "Enkhuizen", "Hoorn", "Koggenland", "Medemblik", "Opmeer", "Stede Broec"]);
  expect(new Set(rows.map((row) => `${row.code}/${row.region}`))).toEqual(new Set(["westfriesland/Westfriesland"]));
  expect(rows.find((row) => row.name === "Hoorn")?.cbsCode).toBe("GM0405");
});

test("the housing quota 2020 adds up to the printed 69 + 81 = 150, per municipality as in figure 3", async () => {
  const { db } = database();
  const rows = await db
    .select({ name: municipalities.name, year: housingQuotas.year, half: housingQuotas.half, persons: housingQuotas.persons })
    .from(housingQuotas)
    .innerJoin(municipalities, eq(municipalities.id, housingQuotas.municipalityId));
  expect(rows.every((row) => row.year === 2020)).toBe(true);
  const firstHalf = rows.filter((row) => row.half === 1).reduce((sum, row) => sum + row.persons, 0);
  const secondHalf = rows.filter((row) => row.half === 2).reduce((sum, row) => sum + row.persons, 0);
  expect([firstHalf, secondHalf, firstHalf + secondHalf]).toEqual([69, 81, 150]);

  const perMunicipality: Record<string, [number, number, number]> = {};
  for (const row of rows) {
    const figures = (perMunicipality[row.name] ??= [0, 0, 0]);
    figures[row.half - 1] = row.persons;
    figures[2] += row.persons;
  }
  expect(perMunicipality).toEqual(printedHousingQuota);
});

test("the funding per year and in total equals the printed totals of figure 4, to the cent", async () => {
  const { db } = database();
  const perYear = await db
    .select({ year: fundingAllocations.year, cents: sql<string>`sum(${fundingAllocations.amountCents})::text` })
    .from(fundingAllocations)
    .groupBy(fundingAllocations.year)
    .orderBy(fundingAllocations.year);
  expect(perYear.map((row) => [row.year, Number(row.cents)])).toEqual([
    [2020, 42_232_300],
    [2021, 30_083_600],
    [2022, 66_861_700],
    [2023, 73_556_000],
  ]);
  const [total] = await db.select({ cents: sql<string>`sum(${fundingAllocations.amountCents})::text` }).from(fundingAllocations);
  expect(Number(total!.cents)).toBe(212_733_600);
  // and the constants the dashboards check against agree with the seed
  expect(printedFundingTotals).toEqual({ 2020: 422_323, 2021: 300_836, 2022: 668_617, 2023: 735_560, all: 2_127_336 });
});

test("2020 is implementation money and 2021–2023 execution money, and each municipality's total is as printed", async () => {
  const { db } = database();
  const rows = await db
    .select({ name: municipalities.name, year: fundingAllocations.year, kind: fundingAllocations.kind, cents: fundingAllocations.amountCents })
    .from(fundingAllocations)
    .innerJoin(municipalities, eq(municipalities.id, fundingAllocations.municipalityId));
  expect(rows).toHaveLength(28);
  expect(new Set(rows.filter((row) => row.year === 2020).map((row) => row.kind))).toEqual(new Set(["implementation"]));
  expect(new Set(rows.filter((row) => row.year > 2020).map((row) => row.kind))).toEqual(new Set(["execution"]));
  const totals: Record<string, number> = {};
  for (const row of rows) totals[row.name] = (totals[row.name] ?? 0) + row.cents;
  expect(totals).toEqual(Object.fromEntries(Object.entries(printedFundingByMunicipality).map(([name, euros]) => [name, euros * 100])));
  expect(rows.find((row) => row.name === "Hoorn" && row.year === 2023)?.cents).toBe(28_497_000);
});

test("the KPI catalogue holds the eleven policy goals of §6, with the Z-route target of 90 % from §6.2", async () => {
  const { db } = database();
  const rows = await db.select().from(kpiDefinitions);
  expect(rows).toHaveLength(11);
  const byCode = Object.fromEntries(rows.map((row) => [row.code, row]));
  expect(byCode["completedInTime.z"]).toMatchObject({ learningRoute: "z", unit: "percent", direction: "higherIsBetter" });
  // numeric(9,4) is read back as an exact decimal string
  expect(byCode["completedInTime.z"]!.target).toBe("90.0000");
  expect(byCode["completedInTime.z"]!.note).toContain("§6.2");
  expect(Number(byCode["completedInTime.b1"]!.target)).toBe(75);
  expect(Number(byCode["completedInTime.education"]!.target)).toBe(80);
  expect(byCode["clientSatisfaction"]).toMatchObject({ unit: "score", learningRoute: null });
  expect(Number(byCode["clientSatisfaction"]!.target)).toBe(7);
  expect(byCode["withinNationalFunding"]!.direction).toBe("lowerIsBetter");
  expect(rows.filter((row) => row.direction === "lowerIsBetter")).toHaveLength(1);
});

test("seeding again adds nothing and keeps edits made in the portal", async () => {
  const { db } = database();
  const before = await rowCounts(db);
  expect(before).toEqual({ regions: 1, municipalities: 7, housingQuotas: 14, fundingAllocations: 28, kpiDefinitions: 11 });
  const [kpi] = await db.select().from(kpiDefinitions).where(eq(kpiDefinitions.code, "clientSatisfaction"));
  await db.update(kpiDefinitions).set({ target: "7.5" }).where(eq(kpiDefinitions.code, "clientSatisfaction"));
  try {
    await seedReferenceData(db);
    await seedReferenceData(db);
    expect(await rowCounts(db)).toEqual(before);
    const [after] = await db.select().from(kpiDefinitions).where(eq(kpiDefinitions.code, "clientSatisfaction"));
    expect(Number(after!.target)).toBe(7.5);
  } finally {
    // reference tables survive the reset between tests
    await db.update(kpiDefinitions).set({ target: kpi!.target }).where(eq(kpiDefinitions.code, "clientSatisfaction"));
  }
});
