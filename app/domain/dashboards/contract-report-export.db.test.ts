import { PassThrough } from "node:stream";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { activateContract, addCatalogueKpi, createContract, setYearBudget } from "../contracts/contracts.server";
import { ForbiddenError } from "../errors";
import type { Actor } from "../identity/roles";
import { reportingPeriods } from "../reports/report.sql";
import { ensureReportingPeriods, reviewReport, saveReportDraft, submitReport, type ReportFigureRow } from "../reports/reports.server";
import type { DashboardFilters } from "./dashboard-model";
import { getDashboard, listContractPeriodKpis } from "./dashboard.server";
import { exportContractReport, prepareContractReport } from "./contract-report-export.server";

const database = useTestDatabase();

const noOutflow = { endedObligationMet: 0, endedWork: 0, endedEducation: 0, endedMoved: 0, endedExemption: 0, endedOther: 0 };
const row = (municipality: string, targetGroup: ReportFigureRow["targetGroup"], figures: ReportFigureRow["figures"]): ReportFigureRow => ({
  municipalityId: municipality,
  learningRoute: "b1",
  targetGroup,
  figures: { started: 0, active: 0, ...noOutflow, ...figures },
});

/**
 * One B1 contract in 2025: K1 accepted (Hoorn twice, Opmeer once: 30 reported figures, 19 of
 * them Hoorn's), K2 submitted and returned (must not appear anywhere).
 */
async function scenario() {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-02T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const school = await createTestOrganisation(db, { name: "Taalschool Noord" });
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: school.id });
  const hoorn = await municipalityId(db, "Hoorn");
  const opmeer = await municipalityId(db, "Opmeer");
  const { id: contractId } = await createContract(db, clock, manager, reportingContractForm(school.id, manager.id, { number: "WF-X", title: "B1-route Westfriesland" }));
  await setYearBudget(
    db,
    clock,
    manager,
    contractId,
    {
      year: 2025,
      totalCents: 100_000_00,
      cells: [
        { municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 30, amountCents: 60_000_00 },
        { municipalityId: opmeer, targetGroup: "asylumMigrant", volume: 10, amountCents: 40_000_00 },
      ],
    },
    null,
  );
  await addCatalogueKpi(db, clock, manager, contractId, "completedInTime.b1", null);
  await activateContract(db, clock, manager, contractId);
  await ensureReportingPeriods(db, clock, contractId);
  const periodId = async (label: string) => (await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label))))[0]!.id;
  const submit = async (label: string, rows: ReportFigureRow[], at: string) => {
    clock.set(new Date(at));
    const { reportId } = await saveReportDraft(db, clock, supplier, await periodId(label), { rows, narrative: testNarrative, source: "form" });
    await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Instroom en uitstroom buiten de rapportage om." });
    return reportId;
  };
  const k1 = await submit(
    "2025-K1",
    [
      row(hoorn, "asylumMigrant", { started: 5, active: 30, cohortTermEnded: 30, cohortMetInTime: 22, invoicedCents: 12_000_00 }),
      row(hoorn, "familyMigrant", { started: 2, active: 3 }),
      row(opmeer, "asylumMigrant", { started: 1, active: 4, cohortTermEnded: 8, cohortMetInTime: 6, invoicedCents: 3_000_00 }),
    ],
    "2025-04-20T10:00:00Z",
  );
  await reviewReport(db, clock, manager, k1, { decision: "accept" });
  const k2 = await submit("2025-K2", [row(hoorn, "asylumMigrant", { started: 99, active: 99 })], "2025-07-20T10:00:00Z");
  await reviewReport(db, clock, manager, k2, { decision: "return", comments: { flow: "Klopt de instroom?" } });
  clock.set(new Date("2025-11-05T09:00:00Z"));
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: hoorn });
  return { db, clock, manager, viewer, hoorn, opmeer };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

async function exported(s: Scenario, actor: Actor, filters: DashboardFilters): Promise<ExcelJS.Workbook> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  await exportContractReport(s.db, s.clock, actor, filters, output);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

const dataRows = (sheet: ExcelJS.Worksheet) => sheet.getRows(2, Math.max(0, sheet.rowCount - 1)) ?? [];

test("the KPIs sheet shows exactly listContractPeriodKpis's figures, and the file name has the dashboard's year", async () => {
  const s = await scenario();
  const filters: DashboardFilters = { year: 2025 };
  const kpiRows = await listContractPeriodKpis(s.db, s.clock, s.manager, filters);
  expect(kpiRows.length).toBeGreaterThan(0);
  const workbook = await exported(s, s.manager, filters);
  const sheet = workbook.getWorksheet("KPIs")!;
  expect(
    dataRows(sheet).map((excelRow) => ({ contract: excelRow.getCell(1).value, period: excelRow.getCell(3).value, kpi: excelRow.getCell(5).value, achieved: excelRow.getCell(10).value, status: excelRow.getCell(13).value })),
  ).toEqual(
    kpiRows.map((kpiRow) => ({
      contract: kpiRow.contractNumber,
      period: kpiRow.periodLabel,
      kpi: kpiRow.kpi.name,
      achieved:
        kpiRow.measurement.suppressed || kpiRow.measurement.value === null
          ? kpiRow.measurement.display
          : kpiRow.kpi.unit === "percent"
            ? Number((kpiRow.measurement.value / 100).toPrecision(12))
            : kpiRow.measurement.value,
      status: expect.any(String),
    })),
  );
  // K1: 22 + 6 of 30 + 8 met in time
  const completedInTime = kpiRows.find((kpiRow) => kpiRow.kpi.code === "completedInTime.b1" && kpiRow.periodLabel === "2025-K1")!;
  const k1 = dataRows(sheet).find((excelRow) => excelRow.getCell(3).value === "2025-K1" && excelRow.getCell(5).value === completedInTime.kpi.name);
  expect(k1?.getCell(10).value).toBeCloseTo(28 / 38, 10);
  expect(k1?.getCell(10).numFmt).toBe("0.0%");

  const dashboard = await getDashboard(s.db, s.clock, s.manager, filters);
  const prepared = await prepareContractReport(s.db, s.clock, s.manager, {});
  expect(prepared.fileName).toBe(`contractrapportage-${dashboard.year}.xlsx`);
  expect(workbook.getWorksheet("Overzicht")!.getCell("A1").value).toBe(`Contractrapportage ${dashboard.year}`);
  expect(workbook.getWorksheet("Financiën")!.rowCount).toBe(dashboard.money.rows.length + 2);
  expect(workbook.getWorksheet("Prestatiebekostiging")!.rowCount).toBe(Math.max(1, dashboard.performancePayment.length) + 1);
});

test("Rapportages lists every reported figure of the accepted reports only, one per row", async () => {
  const s = await scenario();
  const workbook = await exported(s, s.manager, { year: 2025 });
  const rows = dataRows(workbook.getWorksheet("Rapportages")!);
  expect(rows).toHaveLength(30);
  expect(new Set(rows.map((excelRow) => excelRow.getCell(3).value))).toEqual(new Set(["2025-K1"]));
  expect(new Set(rows.map((excelRow) => excelRow.getCell(4).value))).toEqual(new Set(["Hoorn", "Opmeer"]));
  const invoiced = rows.filter((excelRow) => excelRow.getCell(7).value === "Gefactureerd bedrag (euro)").map((excelRow) => [excelRow.getCell(4).value, excelRow.getCell(8).value]);
  expect(invoiced).toEqual([
    ["Hoorn", 12_000],
    ["Opmeer", 3_000],
  ]);
  expect(rows.some((excelRow) => excelRow.getCell(8).value === 99)).toBe(false);
  const overview = workbook.getWorksheet("Overzicht")!;
  expect(overview.getCell("A8").value).toBe("WF-X");
  expect(overview.getCell("H8").value).toBe(1_000_000);
});

test("the dashboard's filters narrow Rapportages: a target group, a period", async () => {
  const s = await scenario();
  const family = dataRows((await exported(s, s.manager, { year: 2025, targetGroup: "familyMigrant" })).getWorksheet("Rapportages")!);
  expect(family).toHaveLength(8);
  expect(dataRows((await exported(s, s.manager, { year: 2025, periodLabel: "2025-K2" })).getWorksheet("Rapportages")!)).toHaveLength(0);
});

test("a municipality viewer's export holds only its own municipality's figures, and another municipality is refused", async () => {
  const s = await scenario();
  const workbook = await exported(s, s.viewer, { year: 2025 });
  const rows = dataRows(workbook.getWorksheet("Rapportages")!);
  expect(rows).toHaveLength(19);
  expect(new Set(rows.map((excelRow) => excelRow.getCell(4).value))).toEqual(new Set(["Hoorn"]));
  expect(String(workbook.getWorksheet("Overzicht")!.getCell("A3").value)).toContain("gemeente Hoorn");
  await expect(prepareContractReport(s.db, s.clock, s.viewer, { year: 2025, municipalityId: s.opmeer })).rejects.toBeInstanceOf(ForbiddenError);
});
