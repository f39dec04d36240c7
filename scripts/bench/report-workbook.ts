// Benchmark of the Excel upload of a progress report (issue 6, "Done when"): a filled template for
// 7 municipalities × 3 leerroutes × 2 target groups with every figure (WerkSaam, so the WerkSaam
// figures too), read and validated by parseReportWorkbook (zip guard, exceljs, key mapping and
// validateReportFigures) 20 times after 3 warm-up runs. Usage: npm run bench:report-workbook
// Target: median under 500 ms. Environment: BENCH_RUNS, BENCH_WARMUP.
import ExcelJS from "exceljs";
import { figureDefinitions, learningRouteLabels, learningRoutes, type FigureKey } from "../../app/domain/reports/report-figures";
import { reportedFigures, reportRowKey, type ReportRowKey } from "../../app/domain/reports/report-validation";
import { buildReportTemplate, FIGURES_SHEET, parseReportWorkbook, workbookProblemMessage } from "../../app/domain/reports/report-workbook.server";
import { targetGroupLabels, targetGroups } from "../../app/domain/tenders/tender-content";

const runs = Number(process.env.BENCH_RUNS ?? 20);
const warmUp = Number(process.env.BENCH_WARMUP ?? 3);
const TARGET_MEDIAN_MS = 500;
const names = ["Drechterland", "Enkhuizen", "Hoorn", "Koggenland", "Medemblik", "Opmeer", "Stede Broec"];

const rows = names.flatMap((municipalityName, index) =>
  learningRoutes.flatMap((learningRoute) =>
    targetGroups.map((targetGroup) => ({
      municipalityName,
      learningRouteLabel: learningRouteLabels[learningRoute],
      targetGroupLabel: targetGroupLabels[targetGroup],
      key: { municipalityId: `00000000-0000-4000-8000-00000000000${index + 1}`, learningRoute, targetGroup } satisfies ReportRowKey,
    })),
  ),
);

/** Consistent figures for every column; 10 active before, so the flow adds up. */
function figuresFor(index: number): Record<FigureKey, number> {
  const values = Object.fromEntries(figureDefinitions.map((definition) => [definition.key, 1])) as Record<FigureKey, number>;
  return {
    ...values,
    started: 4,
    endedObligationMet: 1,
    endedWork: 1,
    active: 10 + 4 - 6,
    cohortTermEnded: 10,
    cohortMetInTime: 8,
    hoursOffered: 1600,
    hoursAttended: 1400,
    hoursAbsent: 150,
    cohortYearOne: 12,
    cohortYearOneWorkContact: 10,
    outflowCohort: 9,
    outflowWork: 4,
    outflowEducation: 2,
    surveyRespondents: 7,
    surveyMeanScore: 7.43,
    unburdeningCohort: 6,
    financiallySelfReliant: 5,
    invoicedCents: 1_234_567 + index,
  };
}

const template = await buildReportTemplate({
  contractNumber: "WF-DVO-2022-01",
  contractTitle: "Dienstverleningsovereenkomst inburgering WerkSaam",
  supplierName: "WerkSaam Westfriesland",
  periodLabel: "2025-K3",
  periodStart: "2025-07-01",
  periodEnd: "2025-09-30",
  werksaam: true,
  rows,
});
// filled as a user would: cells found by their visible header, amounts in euros
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.load(template as unknown as ArrayBuffer);
const sheet = workbook.getWorksheet(FIGURES_SHEET)!;
const columnOf = new Map<string, number>();
sheet.getRow(6).eachCell((cell, column) => columnOf.set(String(cell.value), column));
const figures = reportedFigures(true);
rows.forEach((_, index) => {
  const values = figuresFor(index);
  for (const definition of figures) {
    const value = values[definition.key as FigureKey];
    sheet.getRow(7 + index).getCell(columnOf.get(definition.label)!).value = definition.kind === "cents" ? value / 100 : value;
  }
});
const filled = new Uint8Array(await workbook.xlsx.writeBuffer());
const expected = {
  rows: rows.map((row) => ({ ...row.key, municipalityName: row.municipalityName })),
  werksaam: true,
  previousActive: new Map(rows.map((row) => [reportRowKey(row.key), 10])),
};

async function parseOnce(): Promise<void> {
  const result = await parseReportWorkbook(filled, expected);
  if (!result.ok) throw new Error(`the benchmark workbook has problems:\n${result.problems.map(workbookProblemMessage).join("\n")}`);
  if (result.rows.length !== rows.length || result.warnings.length > 0) throw new Error("unexpected rows or warnings");
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank: the smallest sample with at least q of all samples at or below it. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const first = performance.now();
await parseOnce();
const firstMs = performance.now() - first;
for (let run = 1; run < warmUp; run += 1) await parseOnce();

const timings: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  await parseOnce();
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);

const result = {
  rows: rows.length,
  figures: figures.length,
  cells: rows.length * figures.length,
  sizeKb: Math.round(filled.length / 1024),
  runs,
  warmUp,
  firstParseMs: Math.round(firstMs),
  medianMs: Math.round(median(timings)),
  p95Ms: Math.round(percentile(timings, 0.95)),
  minMs: Math.round(timings[0]!),
  maxMs: Math.round(timings.at(-1)!),
};
console.log(`Excel-upload voortgangsrapportage: ${result.rows} rijen × ${result.figures} cijfers = ${result.cells} cellen, ${result.sizeKb} kB`);
console.log(`eerste keer ${result.firstParseMs} ms; daarna ${runs} keer lezen en controleren: mediaan ${result.medianMs} ms, p95 ${result.p95Ms} ms (min ${result.minMs}, max ${result.maxMs})`);
console.log(JSON.stringify(result));
if (result.medianMs >= TARGET_MEDIAN_MS) {
  console.error(`Doel niet gehaald: mediaan ${result.medianMs} ms ≥ ${TARGET_MEDIAN_MS} ms`);
  process.exitCode = 1;
}
