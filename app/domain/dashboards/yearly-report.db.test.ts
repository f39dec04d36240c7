import { and, eq } from "drizzle-orm";
import { useTestDatabase } from "../../../test/setup/test-database";
import { pdfText } from "../../../test/setup/pdf-text";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { createMovableClock } from "../../utils/clock.server";
import { activateContract, addCatalogueKpi, createContract, setYearBudget } from "../contracts/contracts.server";
import { ForbiddenError } from "../errors";
import { reportingPeriods } from "../reports/report.sql";
import { ensureReportingPeriods, reviewReport, saveReportDraft, submitReport, type ReportFigureRow } from "../reports/reports.server";
import { produceYearlyReport } from "./yearly-report.server";

const database = useTestDatabase();

const noOutflow = { endedObligationMet: 0, endedWork: 0, endedEducation: 0, endedMoved: 0, endedExemption: 0, endedOther: 0 };

/**
 * One accepted 2025-K1 report of a B1 contract: Hoorn 12 started (9 of 10 in time), Medemblik 6
 * (4 of 6), Opmeer 3 (3 of 4). Region: 16 of 20 in time = 80,0 %.
 */
async function setup() {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-05T10:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const { id: contractId } = await createContract(db, clock, manager, reportingContractForm(organisation.id, manager.id, { startDate: "2025-01-01", endDate: "2026-12-31" }));
  await setYearBudget(db, clock, manager, contractId, { year: 2025, totalCents: 100_000_00 }, null);
  await addCatalogueKpi(db, clock, manager, contractId, "completedInTime.b1", null);
  await activateContract(db, clock, manager, contractId);
  clock.set(new Date("2025-10-02T10:00:00Z"));
  await ensureReportingPeriods(db, clock, contractId);
  const [hoorn, medemblik, opmeer] = await Promise.all(["Hoorn", "Medemblik", "Opmeer"].map((name) => municipalityId(db, name)));
  const row = (municipality: string, started: number, termEnded: number, metInTime: number): ReportFigureRow => ({
    municipalityId: municipality,
    learningRoute: "b1",
    targetGroup: "asylumMigrant",
    figures: { started, active: started, ...noOutflow, cohortTermEnded: termEnded, cohortMetInTime: metInTime },
  });
  const [period] = await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, "2025-K1")));
  const { reportId } = await saveReportDraft(db, clock, supplier, period!.id, {
    rows: [row(hoorn!, 12, 10, 9), row(medemblik!, 6, 6, 4), row(opmeer!, 3, 4, 3)],
    narrative: testNarrative,
    source: "form",
  });
  await submitReport(db, clock, supplier, reportId);
  await reviewReport(db, clock, manager, reportId, { decision: "accept" });
  return { db, clock, manager, opmeer: opmeer! };
}

test("the yearly report suppresses a small count of one municipality, and shows the regional KPI", async () => {
  const { db, clock, manager } = await setup();
  const report = await produceYearlyReport(db, clock, manager, 2025);
  expect(report.fileName).toBe("voortgangsrapportage-inburgering-2025.pdf");
  const text = pdfText(report.bytes);

  expect(text).toContain("Voortgangsrapportage inburgering 2025");
  expect(text).toContain("Datum van productie 2 oktober 2025");
  expect(text).toContain("Kleine aantallen (minder dan 5) zijn onderdrukt en weergegeven als “< 5”; een cijfer dat niet getoond wordt omdat anders een klein aantal uit het totaal te berekenen is, staat als “x”.");
  // Opmeer started 3: suppressed, never printed; Hoorn's 12 is shown; Medemblik's 6 is the second
  // cell ("x", not "< 5": it is not small), or the regional 21 would give Opmeer's 3 away
  expect(text).toMatch(/Gemeente Gestart Actief Uitgestroomd .*Hoorn 12 12 0/);
  expect(text).toMatch(/Opmeer < 5 < 5/);
  expect(text).not.toMatch(/Opmeer 3 3/);
  expect(text).toMatch(/Medemblik x x 0/);
  expect(text).not.toMatch(/Medemblik 6 6/);
  // the region as a whole: 16 of 20 in time
  expect(text).toContain("Voldaan binnen wettelijke termijn (B1-route) minimaal 75 % 80,0 % behaald");
});

test("without a year the report is of the dashboard's year", async () => {
  const { db, clock, manager } = await setup();
  const report = await produceYearlyReport(db, clock, manager);
  expect(report.year).toBe(2025);
  expect(pdfText(report.bytes)).toContain("Voortgangsrapportage inburgering 2025");
});

test("a municipality viewer gets the same regional public document", async () => {
  const { db, clock, manager, opmeer } = await setup();
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: opmeer });
  const own = pdfText((await produceYearlyReport(db, clock, viewer, 2025)).bytes);
  const regional = pdfText((await produceYearlyReport(db, clock, manager, 2025)).bytes);
  expect(own).toMatch(/Hoorn 12 12 0/);
  // its own small number is suppressed too: the document is public
  expect(own).toMatch(/Opmeer < 5 < 5/);
  expect(own).toBe(regional);
});

test("a supplier may not produce the report", async () => {
  const { db, clock } = await setup();
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  await expect(produceYearlyReport(db, clock, supplier, 2025)).rejects.toBeInstanceOf(ForbiddenError);
});
