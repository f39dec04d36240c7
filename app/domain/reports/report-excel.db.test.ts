import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { caught } from "../../../test/factories/errors";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { activateContract, createContract, setYearBudget } from "../contracts/contracts.server";
import type { ContractForm } from "../contracts/contract-schemas";
import { ForbiddenError, NotFoundError } from "../errors";
import { figureDefinitions, type FigureKey } from "./report-figures";
import { reportRowKey } from "./report-validation";
import { progressReportFigures, reportingPeriods } from "./report.sql";
import { FIGURES_SHEET, workbookProblemMessage } from "./report-workbook.server";
import { getReportTemplate, importReportWorkbook } from "./report-excel.server";
import { ensureReportingPeriods, getPeriodReport, saveReportDraft } from "./reports.server";

// The Excel route of a progress report through the database (issue 6 item 4): the template is
// downloaded pre-filled with the draft, filled in with exceljs as a supplier would, and imported
// into the draft; a bad workbook saves nothing; only the contract's own supplier imports.

const database = useTestDatabase();


function contractForm(supplierOrganisationId: string, contractManagerUserId: string): ContractForm {
  return reportingContractForm(supplierOrganisationId, contractManagerUserId, { number: `WF-XLS-${Math.random().toString(36).slice(2, 8)}` });
}

const narrative = testNarrative;

async function setup() {
  const { db } = database();
  const clock = createMovableClock(new Date("2024-11-10T10:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id, name: "Sanne School" });
  const otherOrganisation = await createTestOrganisation(db);
  const otherSupplier = await createTestUser(db, { roles: ["supplier"], organisationId: otherOrganisation.id });
  const { id: contractId } = await createContract(db, clock, manager, contractForm(organisation.id, manager.id));
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00 }, null);
  await activateContract(db, clock, manager, contractId);
  await ensureReportingPeriods(db, clock, contractId);
  const [period] = await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, "2024-K3")));
  return { db, clock, manager, supplier, otherSupplier, contractId, period: period! };
}

/** Consistent figures for data row `index` (the amount in euros, as typed in Excel). */
function figuresFor(index: number): Partial<Record<FigureKey, number>> {
  return {
    started: 3 + index,
    active: 20 + index,
    endedObligationMet: 1,
    endedWork: index % 3,
    endedEducation: 0,
    endedMoved: 0,
    endedExemption: 0,
    endedOther: 0,
    cohortTermEnded: 10,
    cohortMetInTime: 8,
    achievedKnm: 4,
    achievedMap: 3,
    achievedPvt: 2,
    achievedExamB1: 2,
    achievedExamA2: 1,
    achievedDiploma: 0,
    hoursOffered: 400,
    hoursAttended: 350,
    hoursAbsent: 50,
    cohortYearOne: 6,
    cohortYearOneWorkContact: 4,
    participatingLocally: 5,
    outflowCohort: 12,
    outflowWork: 5,
    outflowEducation: 2,
    surveyRespondents: 9,
    surveyMeanScore: 7.25,
    invoicedCents: 1234.56 + index,
  };
}

/** The template opened as a supplier would: figure columns by the hidden key row, data rows from row 7. */
async function openTemplate(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(FIGURES_SHEET)!;
  const columns = new Map<string, number>();
  sheet.getRow(4).eachCell((cell, column) => columns.set(String(cell.value), column));
  const dataRows: number[] = [];
  for (let row = 7; row <= sheet.rowCount; row += 1) if (sheet.getRow(row).getCell(1).value) dataRows.push(row);
  return { workbook, sheet, columns, dataRows };
}

async function filledWorkbook(bytes: Uint8Array, change?: (sheet: ExcelJS.Worksheet, columns: Map<string, number>, dataRows: number[]) => void) {
  const { workbook, sheet, columns, dataRows } = await openTemplate(bytes);
  dataRows.forEach((row, index) => {
    for (const [key, value] of Object.entries(figuresFor(index))) sheet.getRow(row).getCell(columns.get(key)!).value = value;
  });
  change?.(sheet, columns, dataRows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

test("template download → fill → import: the draft holds exactly the values typed, the narrative stays", async () => {
  const { db, clock, supplier, manager, period } = await setup();
  const before = await getPeriodReport(db, clock, supplier, period.id);
  const first = before.formRows[0]!;
  await saveReportDraft(db, clock, supplier, period.id, { rows: [{ ...first, figures: { started: 42 } }], narrative, source: "form" });

  const template = await getReportTemplate(db, clock, supplier, period.id);
  expect(template.fileName).toMatch(/^Voortgangsrapportage-WF-XLS-[a-z0-9]+-2024-K3\.xlsx$/);
  const opened = await openTemplate(template.bytes);
  // a row per municipality × route × target group, pre-filled with the draft
  expect(opened.dataRows).toHaveLength(before.formRows.length);
  expect(opened.sheet.getRow(7).getCell(1).value).toBe(first.municipalityName);
  expect(opened.sheet.getRow(7).getCell(opened.columns.get("started")!).value).toBe(42);
  // the contract manager may download it too
  expect((await getReportTemplate(db, clock, manager, period.id)).bytes.byteLength).toBeGreaterThan(0);

  const result = await importReportWorkbook(db, clock, supplier, period.id, await filledWorkbook(template.bytes));
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.warnings).toEqual([]);
  expect(result.rows).toHaveLength(before.formRows.length);

  const after = await getPeriodReport(db, clock, supplier, period.id);
  const draft = after.report!.versions.at(-1)!;
  expect(after.report!.versions).toHaveLength(1);
  expect(draft.status).toBe("draft");
  expect(draft.source).toBe("excel");
  expect(draft.narrative).toEqual(narrative);
  const saved = new Map(draft.rows.map((row) => [reportRowKey(row), row.figures]));
  before.formRows.forEach((row, index) => {
    const figures = saved.get(reportRowKey(row));
    const typed = figuresFor(index);
    for (const definition of figureDefinitions) {
      const expected = typed[definition.key];
      const value = figures?.[definition.key] ?? null;
      if (expected === undefined) expect(value, definition.key).toBeNull();
      else if (definition.key === "invoicedCents") expect(value, definition.key).toBe(Math.round(expected * 100));
      else expect(value, definition.key).toBe(expected);
    }
  });

  // downloading again gives back exactly the same figures
  const again = await openTemplate((await getReportTemplate(db, clock, supplier, period.id)).bytes);
  again.dataRows.forEach((row, index) => {
    for (const [key, value] of Object.entries(figuresFor(index))) expect(again.sheet.getRow(row).getCell(again.columns.get(key)!).value, key).toBe(value);
  });
});

test("a bad workbook returns every problem with its cell and saves nothing", async () => {
  const { db, clock, supplier, period } = await setup();
  const page = await getPeriodReport(db, clock, supplier, period.id);
  await saveReportDraft(db, clock, supplier, period.id, { rows: [{ ...page.formRows[0]!, figures: { started: 42 } }], narrative, source: "form" });
  const draftBefore = (await getPeriodReport(db, clock, supplier, period.id)).report!.versions.at(-1)!;
  const template = await getReportTemplate(db, clock, supplier, period.id);

  let outflowCell = "";
  let textCell = "";
  const bad = await filledWorkbook(template.bytes, (sheet, columns, dataRows) => {
    const outflow = sheet.getRow(dataRows[0]!).getCell(columns.get("outflowWork")!);
    outflow.value = 99; // above "Cohort drie jaar na de start" (12)
    outflowCell = outflow.address;
    const text = sheet.getRow(dataRows[1]!).getCell(columns.get("started")!);
    text.value = "twaalf";
    textCell = text.address;
  });
  const result = await importReportWorkbook(db, clock, supplier, period.id, bad);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const messages = result.problems.map(workbookProblemMessage);
  const first = page.formRows[0]!;
  expect(messages.some((message) => message.startsWith(`Blad Cijfers, cel ${outflowCell} (${first.municipalityName}, B1-route, `) && message.includes("Waarvan aan het werk"))).toBe(true);
  expect(messages.some((message) => message.startsWith(`Blad Cijfers, cel ${textCell} `) && message.includes("twaalf"))).toBe(true);

  // not an Excel file at all
  const notExcel = await importReportWorkbook(db, clock, supplier, period.id, new TextEncoder().encode("Gemeente;Gestart\nHoorn;12\n"));
  expect(notExcel.ok).toBe(false);
  if (!notExcel.ok) expect(notExcel.problems.map(workbookProblemMessage).join(" ")).toMatch(/geen Excel-werkmap/);

  // the draft is exactly as it was
  const draftAfter = (await getPeriodReport(db, clock, supplier, period.id)).report!.versions.at(-1)!;
  expect(draftAfter.source).toBe("form");
  expect(draftAfter.rows).toEqual(draftBefore.rows);
  expect(await db.select().from(progressReportFigures).where(eq(progressReportFigures.versionId, draftAfter.id))).toHaveLength(1);
});

test("another supplier cannot download or import; a contract manager cannot import", async () => {
  const { db, clock, supplier, otherSupplier, manager, period } = await setup();
  const template = await getReportTemplate(db, clock, supplier, period.id);
  const filled = await filledWorkbook(template.bytes);
  expect(await caught(() => getReportTemplate(db, clock, otherSupplier, period.id))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => importReportWorkbook(db, clock, otherSupplier, period.id, filled))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => importReportWorkbook(db, clock, manager, period.id, filled))).toBeInstanceOf(ForbiddenError);
  expect((await getPeriodReport(db, clock, supplier, period.id)).report).toBeNull();
});
