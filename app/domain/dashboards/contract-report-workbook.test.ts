import { inflateRawSync } from "node:zlib";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { ContractPeriodKpiRow, Dashboard, DashboardKpiDefinition, KpiMeasurement } from "./dashboard-model";
import { withFilterDatabaseNames, writeContractReportWorkbook, type ContractReportData, type ContractReportFigure } from "./contract-report-workbook.server";

const HOORN = "11111111-1111-4111-8111-111111111111";
const SUPPLIER = "22222222-2222-4222-8222-222222222222";
const CONTRACT = "33333333-3333-4333-8333-333333333333";

const completedInTime: DashboardKpiDefinition = {
  code: "completedInTime.b1",
  name: "Voldaan binnen wettelijke termijn (B1-route)",
  unit: "percent",
  target: "75.0000",
  targetDisplay: "≥ 75 %",
  direction: "higherIsBetter",
  learningRoute: "b1",
};
const satisfaction: DashboardKpiDefinition = { code: "clientSatisfaction", name: "Klantbeleving", unit: "score", target: "7.0000", targetDisplay: "≥ 7", direction: "higherIsBetter", learningRoute: null };

const measured = (numerator: string, denominator: string, value: number | null, display: string, status: KpiMeasurement["status"], suppressed = false): KpiMeasurement => ({
  numerator,
  denominator,
  value,
  display,
  status,
  suppressed,
  suppression: suppressed ? "small" : null,
});

function dashboard(): Dashboard {
  const noKpis = { byLearningRoute: [], bySupplier: [], byContract: [], byMunicipality: [], byTargetGroup: [] };
  return {
    filters: { year: 2025, municipalityId: HOORN, supplierOrganisationId: SUPPLIER },
    year: 2025,
    ownMunicipality: null,
    options: {
      years: [2024, 2025],
      periods: ["2025-K1", "2025-K2"],
      municipalities: [{ value: HOORN, label: "Hoorn" }],
      learningRoutes: [{ value: "b1", label: "B1-route" }],
      targetGroups: [{ value: "asylumMigrant", label: "Asielmigranten" }],
      suppliers: [{ value: SUPPLIER, label: "Taalschool West" }],
      contracts: [{ value: CONTRACT, label: "WF-2025-001 Leerroute B1" }],
    },
    kpis: [],
    breakdowns: noKpis,
    timeliness: [],
    money: {
      rows: [{ municipalityId: HOORN, municipalityName: "Hoorn", year: 2025, fundingCents: { implementation: 12_345_67, execution: 100_000_00, provisions: 50_000_00 }, committedCents: 80_000_00, realisedCents: 1_234_56 }],
      regionTotal: { year: 2025, fundingCents: { implementation: 12_345_67, execution: 100_000_00, provisions: 50_000_00 }, committedCents: 80_000_00, realisedCents: 1_234_56 },
    },
    pages: { byMunicipality: { page: 1, pageCount: 1, totalRows: 0, firstRow: 0, lastRow: 0 }, money: { page: 1, pageCount: 1, totalRows: 1, firstRow: 1, lastRow: 1 } },
    performancePayment: [
      { contractId: CONTRACT, contractNumber: "WF-2025-001", supplierName: "Taalschool West", year: 2025, mode: "shadow", commitmentCents: 100_000_00, atStakeCents: 10_000_00, payoutCents: 8_333_33, withheldCents: 1_666_67, weightedScorePercent: "83,33 %", noDataKpis: 1 },
    ],
  };
}

const kpiRows: ContractPeriodKpiRow[] = [
  { contractId: CONTRACT, contractNumber: "WF-2025-001", supplierName: "Taalschool West", periodLabel: "2025-K1", periodStart: "2025-01-01", kpi: completedInTime, measurement: measured("41", "57.5", 71.3, "71,3 %", "atRisk") },
  { contractId: CONTRACT, contractNumber: "WF-2025-001", supplierName: "Taalschool West", periodLabel: "2025-K1", periodStart: "2025-01-01", kpi: satisfaction, measurement: measured("74", "10", 7.4, "7,4", "met") },
  { contractId: CONTRACT, contractNumber: "WF-2025-001", supplierName: "Taalschool West", periodLabel: "2025-K2", periodStart: "2025-04-01", kpi: completedInTime, measurement: measured("2", "3", null, "< 5", "noData", true) },
];

function figures(): ContractReportFigure[] {
  const base = { contractNumber: "WF-2025-001", supplierName: "Taalschool West", periodLabel: "2025-K1", periodStart: "2025-01-01", municipalityName: "Hoorn", learningRoute: "b1", targetGroup: "asylumMigrant" };
  return [
    { ...base, figureKey: "started", value: 7 },
    { ...base, figureKey: "surveyMeanScore", value: 7.25 },
    { ...base, figureKey: "invoicedCents", value: 123_456 },
  ];
}

async function* slowly<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

function data(overrides: Partial<ContractReportData> = {}): ContractReportData {
  return {
    dashboard: dashboard(),
    contracts: [
      { id: CONTRACT, number: "WF-2025-001", title: "Leerroute B1", kind: "tender", status: "active", supplierName: "Taalschool West", learningRoute: "b1", startDate: "2025-01-01", endDate: "2026-12-31", ceilingAmountCents: 1_234_567_89 },
    ],
    kpiRows,
    figures: slowly(figures()),
    exportedAt: new Date("2025-10-02T10:30:00Z"),
    ...overrides,
  };
}

async function written(input: ContractReportData): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  await writeContractReportWorkbook(output, input);
  return Buffer.concat(chunks);
}

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** One part of the zip, by its local file header (the writer stores deflated entries). */
function zipPart(zip: Buffer, name: string): string {
  for (let offset = 0; offset + 30 < zip.length; ) {
    offset = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), offset);
    if (offset < 0) break;
    const method = zip.readUInt16LE(offset + 8);
    const nameLength = zip.readUInt16LE(offset + 26);
    const extraLength = zip.readUInt16LE(offset + 28);
    const entryName = zip.subarray(offset + 30, offset + 30 + nameLength).toString("utf8");
    const start = offset + 30 + nameLength + extraLength;
    if (entryName === name) {
      // streamed entries carry their size in a data descriptor: inflate until the stream ends
      return method === 8 ? inflateRawSync(zip.subarray(start), { finishFlush: 2 }).toString("utf8") : zip.subarray(start).toString("utf8");
    }
    offset = start;
  }
  throw new Error(`${name} niet gevonden`);
}

const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

test("the workbook has the five sheets, in order, each with its Dutch headers and a frozen header row", async () => {
  const workbook = await read(await written(data()));
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Overzicht", "KPIs", "Rapportages", "Financiën", "Prestatiebekostiging"]);
  expect(values(workbook.getWorksheet("KPIs")!.getRow(1))).toEqual(["Contractnummer", "Aanbieder", "Periode", "Begin periode", "KPI", "Leerroute", "Eenheid", "Richting", "Doel", "Behaald", "Teller", "Noemer", "Status"]);
  expect(values(workbook.getWorksheet("Rapportages")!.getRow(1))).toEqual(["Contractnummer", "Aanbieder", "Periode", "Gemeente", "Leerroute", "Doelgroep", "Cijfer", "Waarde"]);
  for (const name of ["KPIs", "Rapportages", "Financiën", "Prestatiebekostiging"]) {
    expect(workbook.getWorksheet(name)!.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  }
  expect(workbook.getWorksheet("Overzicht")!.views[0]).toMatchObject({ state: "frozen", ySplit: 7 });
  expect(workbook.getWorksheet("Rapportages")!.getColumn(7).width).toBe(46);
});

test("the overview names the year, the filters in Dutch, the export time in Amsterdam and the contracts", async () => {
  const sheet = (await read(await written(data()))).getWorksheet("Overzicht")!;
  expect(sheet.getCell("A1").value).toBe("Contractrapportage 2025");
  expect(sheet.getCell("A3").value).toBe("Filters: jaar 2025, gemeente Hoorn, aanbieder Taalschool West");
  // 10:30 UTC is 12:30 in Amsterdam (summer time); the cell holds the wall-clock time
  expect(sheet.getCell("B4").value).toEqual(new Date("2025-10-02T12:30:00Z"));
  expect(sheet.getCell("B4").numFmt).toBe("dd-mm-yyyy hh:mm");
  expect(values(sheet.getRow(7))).toEqual(["Contractnummer", "Omschrijving", "Soort", "Aanbieder", "Leerroute", "Startdatum", "Einddatum", "Plafondbedrag", "Status"]);
  const contract = sheet.getRow(8);
  expect(values(contract)).toEqual(["WF-2025-001", "Leerroute B1", "Aanbesteding", "Taalschool West", "B1-route", new Date("2025-01-01T00:00:00Z"), new Date("2026-12-31T00:00:00Z"), 1_234_567.89, "Actief"]);
  expect(contract.getCell(6).numFmt).toBe("dd-mm-yyyy");
  expect(contract.getCell(8).numFmt).toBe("[$€-413] #,##0.00");
});

test("KPIs are real percentage and score cells; a suppressed value shows its text", async () => {
  const sheet = (await read(await written(data()))).getWorksheet("KPIs")!;
  const share = sheet.getRow(2);
  expect(values(share)).toEqual(["WF-2025-001", "Taalschool West", "2025-K1", new Date("2025-01-01T00:00:00Z"), "Voldaan binnen wettelijke termijn (B1-route)", "B1-route", "Percentage", "Hoger is beter", 0.75, 0.713, 41, 57.5, "Risico"]);
  expect(share.getCell(9).numFmt).toBe("0.0%");
  expect(share.getCell(10).numFmt).toBe("0.0%");
  expect(share.getCell(4).numFmt).toBe("dd-mm-yyyy");
  const score = sheet.getRow(3);
  expect([score.getCell(9).value, score.getCell(10).value, score.getCell(10).numFmt, score.getCell(6).value]).toEqual([7, 7.4, "0.0", "Alle"]);
  const suppressed = sheet.getRow(4);
  expect([suppressed.getCell(10).value, suppressed.getCell(11).value, suppressed.getCell(12).value, suppressed.getCell(13).value]).toEqual(["< 5", null, null, "Geen data"]);
  expect(sheet.autoFilter).toBe("A1:M4");
});

test("Rapportages has one row per figure in long format, euros from cents, and an autofilter over every row", async () => {
  const sheet = (await read(await written(data()))).getWorksheet("Rapportages")!;
  expect(sheet.rowCount).toBe(4);
  expect(values(sheet.getRow(2))).toEqual(["WF-2025-001", "Taalschool West", "2025-K1", "Hoorn", "B1-route", "Asielmigranten (vergunninghouders)", "Gestart in de periode", 7]);
  expect(sheet.getRow(3).getCell(8).value).toBe(7.25);
  expect(sheet.getRow(3).getCell(8).numFmt).toBe("0.00");
  expect(sheet.getRow(4).getCell(7).value).toBe("Gefactureerd bedrag (euro)");
  expect(sheet.getRow(4).getCell(8).value).toBe(1234.56);
  expect(sheet.getRow(4).getCell(8).numFmt).toBe("[$€-413] #,##0.00");
  expect(sheet.autoFilter).toBe("A1:H4");
});

test("the hidden _xlnm._FilterDatabase names are in workbook.xml, for LibreOffice's filters", async () => {
  const bytes = await written(data());
  const workbookXml = zipPart(bytes, "xl/workbook.xml");
  expect(workbookXml).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">KPIs!$A$1:$M$4</definedName>`);
  expect(workbookXml).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="2" hidden="1">Rapportages!$A$1:$H$4</definedName>`);
  expect(workbookXml.indexOf("<definedNames>")).toBeGreaterThan(workbookXml.indexOf("</sheets>"));
  // exceljs reads it back as a name of the sheet (and keeps its own autofilter)
  const workbook = await read(bytes);
  expect(workbook.definedNames.model.map((name) => name.name)).toContain("_xlnm._FilterDatabase");
});

test("an empty Rapportages still gets a header-only filter", async () => {
  const bytes = await written(data({ figures: [] }));
  expect(zipPart(bytes, "xl/workbook.xml")).toContain(">Rapportages!$A$1:$H$1<");
  expect((await read(bytes)).getWorksheet("Rapportages")!.rowCount).toBe(1);
});

test("Financiën has the funding per stream, committed and realised, with the region total; Prestatiebekostiging the breakdown", async () => {
  const workbook = await read(await written(data()));
  const money = workbook.getWorksheet("Financiën")!;
  expect(values(money.getRow(1))).toEqual(["Gemeente", "Jaar", "Invoeringsgelden", "Uitvoeringsgelden", "Middelen inburgeringsvoorzieningen", "Rijksbijdragen totaal", "Vastgelegd (contractbudgetten)", "Gerealiseerd (gefactureerd)"]);
  expect(values(money.getRow(2))).toEqual(["Hoorn", 2025, 12_345.67, 100_000, 50_000, 162_345.67, 80_000, 1_234.56]);
  expect(money.getRow(2).getCell(3).numFmt).toBe("[$€-413] #,##0.00");
  expect(money.getRow(3).getCell(1).value).toBe("Regio Westfriesland");
  const performance = workbook.getWorksheet("Prestatiebekostiging")!;
  expect(values(performance.getRow(2))).toEqual(["WF-2025-001", "Taalschool West", 2025, "Schaduwberekening", 100_000, 10_000, 8_333.33, 1_666.67, 0.8333, 1]);
  expect(performance.getRow(2).getCell(9).numFmt).toBe("0.00%");
});

test("withFilterDatabaseNames adds to existing defined names and escapes quoted sheet names", () => {
  const names = [{ sheetIndex: 3, sheetName: "Financiën & co", range: "$A$1:$B$2" }];
  expect(withFilterDatabaseNames(`<sheets/><definedNames><definedName name="x">A!$A$1</definedName></definedNames>`, names)).toBe(
    `<sheets/><definedNames><definedName name="x">A!$A$1</definedName><definedName name="_xlnm._FilterDatabase" localSheetId="3" hidden="1">'Financiën &amp; co'!$A$1:$B$2</definedName></definedNames>`,
  );
});
