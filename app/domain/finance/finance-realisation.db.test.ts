import { and, eq } from "drizzle-orm";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createMovableClock } from "../../utils/clock.server";
import { activateContract, createContract, setYearBudget } from "../contracts/contracts.server";
import { reportingPeriods } from "../reports/report.sql";
import { reviewReport, saveReportDraft, submitReport, type ReportFigureRow } from "../reports/reports.server";
import { fundingAllocations } from "./funding.sql";
import { getFinanceOverview, setProvisionsFunding } from "./finance.server";

// Realisation (issue 6: accepted reports feed the finance view): what suppliers invoiced in their
// accepted progress reports, per municipality and year.

const database = useTestDatabase();

beforeEach(async () => {
  await database().db.delete(fundingAllocations).where(eq(fundingAllocations.kind, "provisions"));
});

function invoiced(municipality: string, cents: number): ReportFigureRow {
  return { municipalityId: municipality, learningRoute: "b1", targetGroup: "asylumMigrant", figures: { started: 1, active: 5, invoicedCents: cents } };
}

test("accepted reports' invoices are the realisation per municipality and year; a returned report's are not; leerroute invoices reduce the provisions carried over", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2024-01-02T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const hoorn = await municipalityId(db, "Hoorn");
  const opmeer = await municipalityId(db, "Opmeer");
  const { id: contractId } = await createContract(db, clock, manager, reportingContractForm(organisation.id, manager.id, { startDate: "2024-01-01" }));
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 50_000_00, cells: [
    { municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 10, amountCents: 40_000_00 },
    { municipalityId: opmeer, targetGroup: "asylumMigrant", volume: 2, amountCents: 10_000_00 },
  ] }, null);
  await activateContract(db, clock, manager, contractId);
  await setProvisionsFunding(db, clock, manager, { municipalityId: hoorn, year: 2024, amountCents: 30_000_00 });
  await setProvisionsFunding(db, clock, manager, { municipalityId: hoorn, year: 2025, amountCents: 30_000_00 });

  const periodId = async (label: string) => (await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label))))[0]!.id;
  const report = async (label: string, rows: ReportFigureRow[], decision: "accept" | "return") => {
    const { reportId } = await saveReportDraft(db, clock, supplier, await periodId(label), { rows, narrative: testNarrative, source: "form" });
    await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Testcijfers." });
    await reviewReport(db, clock, manager, reportId, decision === "accept" ? { decision } : { decision, comments: { money: "Factuur ontbreekt." } });
  };
  clock.set(new Date("2024-10-05T09:00:00Z"));
  await report("2024-K1", [invoiced(hoorn, 12_000_00), invoiced(opmeer, 2_500_50)], "accept");
  await report("2024-K2", [invoiced(hoorn, 9_000_00)], "accept");
  await report("2024-K3", [invoiced(hoorn, 99_000_00)], "return");

  const overview = await getFinanceOverview(db, manager);
  expect(overview.realisationAvailable).toBe(true);
  const yearOf = (name: string, year: number) => overview.municipalities.find((account) => account.name === name)!.years.find((row) => row.year === year)!;
  expect(yearOf("Hoorn", 2024).realisationCents).toBe(21_000_00);
  expect(yearOf("Opmeer", 2024).realisationCents).toBe(2_500_50);
  expect(overview.region.years.find((row) => row.year === 2024)!.realisationCents).toBe(23_500_50);
  // spending is the larger of commitments (40.000) and realisation (21.000)
  expect(yearOf("Hoorn", 2024).spendingCents).toBe(40_000_00);
  // the B1 contract invoiced 21.000 of Hoorn's 30.000 provisions: 9.000 is carried into 2025
  expect(yearOf("Hoorn", 2025).provisionsCarryOverCents).toBe(9_000_00);
});
