import { sql } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { caught } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { ForbiddenError } from "../errors";
import { referenceBudgetLines } from "./finance.sql";
import { getReferenceBudget } from "./finance.server";
import { printedReferenceBudgetTotals, referenceBudgetLineSeeds, seedReferenceBudgetLines } from "./reference-budget";

const database = useTestDatabase();

async function sumByFigure(figure: string) {
  const [row] = await database()
    .db.select({ cents: sql<string>`coalesce(sum(${referenceBudgetLines.amountCents}), 0)::text` })
    .from(referenceBudgetLines)
    .where(sql`${referenceBudgetLines.figure} = ${figure}`);
  return Number(row!.cents);
}

test("the seeded lines of figures 5 and 6 add up to exactly the printed totals", async () => {
  const { db } = database();
  await seedReferenceBudgetLines(db);

  expect(await sumByFigure("5")).toBe(434_330_00);
  expect(await sumByFigure("6")).toBe(1_243_503_00);
  expect(printedReferenceBudgetTotals).toEqual({ implementation: 434_330, execution: 1_243_503 });
});

test("seeding the reference budget twice leaves one set of lines", async () => {
  const { db } = database();
  await seedReferenceBudgetLines(db);
  await seedReferenceBudgetLines(db);

  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(referenceBudgetLines);
  expect(row!.n).toBe(referenceBudgetLineSeeds.length);
});

test("the reference budget shows the lines as printed, with PM for ICT and the printed totals", async () => {
  const { db } = database();
  await seedReferenceBudgetLines(db);
  const reader = await createTestUser(db, { roles: ["projectgroup"] });

  const budget = await getReferenceBudget(db, reader);

  expect(budget.implementation.lines.map((line) => [line.label, line.amountCents])).toEqual([
    ["Beleid en processen (2,7 × 1,5 × € 98.600)", 399_330_00],
    ["Communicatie", 10_000_00],
    ["Training", 25_000_00],
    ["ICT", null],
  ]);
  expect(budget.implementation).toMatchObject({ totalCents: 434_330_00, printedTotalCents: 434_330_00 });
  expect(budget.execution.lines.map((line) => [line.label, Number(line.hours ?? NaN), line.persons, line.rateCents, line.amountCents])).toEqual([
    ["Brede intake", 11.5, 210, 65_00, 156_975_00],
    ["Monitoren voortgang PIP", 26, 210, 65_00, 354_900_00],
    ["Lokaal netwerk", 400, null, 65_00, 26_000_00],
    ["Administratie & onvoorzien (10 %)", NaN, null, null, 53_788_00],
    ["Maatschappelijke begeleiding", 80, 105, 65_00, 546_000_00],
    ["Tolkkosten", 7, 210, 72_00, 105_840_00],
  ]);
  expect(budget.execution).toMatchObject({ totalCents: 1_243_503_00, printedTotalCents: 1_243_503_00 });
});

test("a supplier may not read the reference budget", async () => {
  const { db } = database();
  await seedReferenceBudgetLines(db);
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });

  expect(await caught(() => getReferenceBudget(db, supplier))).toBeInstanceOf(ForbiddenError);
});
