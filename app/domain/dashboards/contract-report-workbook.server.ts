import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { TIME_ZONE } from "../../utils/format";
import { contractKindLabels, contractStatusLabels } from "../contracts/contract-labels";
import type { contractKinds, contractStatuses } from "../contracts/contract.sql";
import type { KpiDirection, KpiStatus, KpiUnit, PaymentMode } from "../performance/performance-payment";
import { figureDefinitions, learningRouteLabels, type FigureKey, type FigureKind } from "../reports/report-figures";
import { targetGroupLabels } from "../tenders/tender-content";
import type { ContractPeriodKpiRow, Dashboard, DashboardFilters, FundingStream, KpiMeasurement } from "./dashboard-model";

// The Excel "Contractrapportage" (issue 7 item 3): the dashboard's numbers as a workbook. The
// figures sheet can hold hundreds of thousands of rows, so the workbook is written with exceljs's
// STREAMING writer: every row is committed as soon as it is written and the figure rows arrive
// from an (async) iterable the caller fills from the database in batches. Nothing here queries
// the database; the numbers come from the dashboard model so the page and the file agree.

// Excel shows amounts, percentages and dates in the reader's own locale; with these formats a
// Dutch machine shows € 1.234,56, 71,3% and 31-12-2025 (the [$€-413] is the nl-NL euro sign).
export const EURO_FORMAT = "[$€-413] #,##0.00";
export const PERCENT_FORMAT = "0.0%";
export const DATE_FORMAT = "dd-mm-yyyy";
export const DATE_TIME_FORMAT = "dd-mm-yyyy hh:mm";
const SCORE_FORMAT = "0.0";
const FIGURE_SCORE_FORMAT = "0.00";
const COUNT_FORMAT = "#,##0";

export const SHEET_NAMES = {
  overview: "Overzicht",
  kpis: "KPIs",
  figures: "Rapportages",
  money: "Financiën",
  performance: "Prestatiebekostiging",
} as const;

// Never mutated: shared by every cell of the Rapportages sheet (see there).
const TEXT_STYLE: Partial<ExcelJS.Style> = Object.freeze({});
const COUNT_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: COUNT_FORMAT });
const SCORE_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: FIGURE_SCORE_FORMAT });
const EURO_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: EURO_FORMAT });

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD6E6F4" } };

export interface ContractReportContract {
  id: string;
  number: string;
  title: string;
  kind: (typeof contractKinds)[number];
  status: (typeof contractStatuses)[number];
  supplierName: string;
  learningRoute: string | null;
  /** "YYYY-MM-DD" */
  startDate: string;
  endDate: string;
  ceilingAmountCents: number;
}

/** One reported (non-null) figure of an accepted report: a row of the "Rapportages" sheet. */
export interface ContractReportFigure {
  contractNumber: string;
  supplierName: string;
  periodLabel: string;
  /** "YYYY-MM-DD" */
  periodStart: string;
  municipalityName: string;
  learningRoute: string;
  targetGroup: string;
  figureKey: FigureKey;
  /** As stored: a count, hours, a mean score, or cents for invoicedCents. */
  value: number;
}

export interface ContractReportData {
  dashboard: Dashboard;
  contracts: readonly ContractReportContract[];
  kpiRows: readonly ContractPeriodKpiRow[];
  /** Read lazily, in the order they are to appear; a database source yields batch by batch. */
  figures: AsyncIterable<ContractReportFigure> | Iterable<ContractReportFigure>;
  exportedAt: Date;
}

const kpiStatusLabels: Record<KpiStatus, string> = { met: "Gehaald", atRisk: "Risico", missed: "Niet gehaald", noData: "Geen data" };
const kpiDirectionLabels: Record<KpiDirection, string> = { higherIsBetter: "Hoger is beter", lowerIsBetter: "Lager is beter" };
const kpiUnitLabels: Record<KpiUnit, string> = { percent: "Percentage", score: "Rapportcijfer" };
const paymentModeLabels: Record<PaymentMode, string> = { shadow: "Schaduwberekening", live: "Werkelijk" };
const fundingStreamLabels: Record<FundingStream, string> = { implementation: "Invoeringsgelden", execution: "Uitvoeringsgelden", provisions: "Middelen inburgeringsvoorzieningen" };
const fundingStreams: readonly FundingStream[] = ["implementation", "execution", "provisions"];

const figureByKey = new Map<string, { label: string; kind: FigureKind }>(figureDefinitions.map((figure) => [figure.key, figure]));

/**
 * A calendar date as an Excel date. exceljs turns a Date into a serial day number counted in UTC,
 * so midnight UTC gives a whole day number: the cell is exactly that day, with no time part that
 * a date filter in Excel or LibreOffice would trip over.
 */
export function excelDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/** An instant as Amsterdam wall-clock time, for an Excel cell (which has no time zone). */
export function amsterdamWallClock(instant: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)));
}

function routeLabel(route: string | null): string {
  return route ? (learningRouteLabels[route as keyof typeof learningRouteLabels] ?? route) : "";
}
function targetGroupLabel(group: string): string {
  return targetGroupLabels[group as keyof typeof targetGroupLabels] ?? group;
}
function optionLabel(options: readonly { value: string; label: string }[], value: string): string {
  return options.find((option) => option.value === value)?.label ?? value;
}

/** "jaar 2025, periode 2025-K3, gemeente Hoorn, …": the filters written out, as on the dashboard. */
export function describeFilters(dashboard: Dashboard): string {
  const filters: DashboardFilters = dashboard.filters;
  const parts = [`jaar ${filters.year ?? dashboard.year}`];
  if (filters.periodLabel) parts.push(`periode ${filters.periodLabel}`);
  if (filters.municipalityId) {
    const name = dashboard.ownMunicipality?.id === filters.municipalityId ? dashboard.ownMunicipality.name : optionLabel(dashboard.options.municipalities, filters.municipalityId);
    parts.push(`gemeente ${name}`);
  }
  if (filters.learningRoute) parts.push(`leerroute ${routeLabel(filters.learningRoute)}`);
  if (filters.targetGroup) parts.push(`doelgroep ${targetGroupLabel(filters.targetGroup).toLowerCase()}`);
  if (filters.supplierOrganisationId) parts.push(`aanbieder ${optionLabel(dashboard.options.suppliers, filters.supplierOrganisationId)}`);
  if (filters.contractId) parts.push(`contract ${optionLabel(dashboard.options.contracts, filters.contractId)}`);
  return parts.join(", ");
}

/** A KPI value as a cell value: a share as a fraction (a real percentage cell), a score as is. */
function kpiCellValue(unit: KpiUnit, value: number): number {
  return unit === "percent" ? percentToFraction(value) : value;
}

/** 71.3 → 0.713; rounded to 12 significant digits so the cell does not hold 0.71299999999999997. */
function percentToFraction(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}
function kpiFormat(unit: KpiUnit): string {
  return unit === "percent" ? PERCENT_FORMAT : SCORE_FORMAT;
}

/** "83,33 %" → 0.8333; "–" (nothing at stake) → null. */
function parseDutchPercent(display: string): number | null {
  const match = /^(-?[\d.]+(?:,\d+)?)\s*%$/.exec(display.trim());
  if (!match) return null;
  return percentToFraction(Number(match[1]!.replace(/\./g, "").replace(",", ".")));
}

// ------------------------------------------------------------------ the autofilter name

interface FilterDatabaseName {
  sheetIndex: number;
  sheetName: string;
  range: string;
}

function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Adds the hidden `_xlnm._FilterDatabase` names to workbook.xml. Excel writes one per sheet with an
 * autofilter and LibreOffice builds its filter (the database range) from it: without the name
 * LibreOffice opens the sheet with no filter buttons. exceljs 4.4 never writes it (neither writer),
 * and its DefinedNames model cannot carry `localSheetId` nor `hidden`, so the XML is completed here.
 */
export function withFilterDatabaseNames(workbookXml: string, names: readonly FilterDatabaseName[]): string {
  if (names.length === 0) return workbookXml;
  const xml = names
    .map((name) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${name.sheetIndex}" hidden="1">${escapeXml(`${quoteSheetName(name.sheetName)}!${name.range}`)}</definedName>`)
    .join("");
  if (workbookXml.includes("</definedNames>")) return workbookXml.replace("</definedNames>", `${xml}</definedNames>`);
  if (workbookXml.includes("<definedNames/>")) return workbookXml.replace("<definedNames/>", `<definedNames>${xml}</definedNames>`);
  if (workbookXml.includes("</sheets>")) return workbookXml.replace("</sheets>", `</sheets><definedNames>${xml}</definedNames>`);
  throw new Error("workbook.xml zonder <sheets>: de filters van de Contractrapportage kunnen niet worden vastgelegd.");
}

function columnLetter(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

type ZipLike = { append(source: unknown, data: { name?: string }): unknown };

/**
 * The stream writer zips workbook.xml as one string in commit(), after every sheet; its zip
 * (archiver) is reached through an undocumented field, so a changed exceljs fails loudly here
 * (and in the tests) rather than silently losing the filters.
 */
function interceptWorkbookXml(workbook: ExcelJS.stream.xlsx.WorkbookWriter, names: () => readonly FilterDatabaseName[]): void {
  const zip = (workbook as unknown as { zip?: ZipLike }).zip;
  if (!zip || typeof zip.append !== "function") throw new Error("Onverwachte exceljs-versie: de zip van de WorkbookWriter is niet bereikbaar.");
  const append = zip.append.bind(zip);
  zip.append = (source, data) => append(data?.name === "/xl/workbook.xml" && typeof source === "string" ? withFilterDatabaseNames(source, names()) : source, data);
}

// ---------------------------------------------------------------------------- writing

function headerRow(sheet: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = sheet.addRow([...headers]);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: "middle", wrapText: true };
  });
  row.commit();
}

/** The output was closed before the workbook was complete (the client went away). */
export class DownloadAbortedError extends Error {
  constructor() {
    super("De download van de Contractrapportage is afgebroken.");
    this.name = "DownloadAbortedError";
  }
}

/** Waits while the output is full, so a slow download holds the writer instead of filling memory. */
async function drained(output: Writable): Promise<void> {
  if (!output.writableNeedDrain || output.destroyed) return;
  // a download the client broke off closes instead of draining; either ends the wait, and the
  // listener of the other is removed so repeated waits do not pile up listeners
  const stop = new AbortController();
  try {
    await Promise.race([once(output, "drain", { signal: stop.signal }), once(output, "close", { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}

/**
 * Writes the Contractrapportage to `output` (streamed) and resolves when the last byte is
 * written. Sheets: Overzicht, KPIs, Rapportages (with an autofilter), Financiën,
 * Prestatiebekostiging.
 */
export async function writeContractReportWorkbook(output: Writable, data: ContractReportData): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = "Leerrouteportaal Westfriesland";
  workbook.created = data.exportedAt;
  const filterNames: FilterDatabaseName[] = [];
  interceptWorkbookXml(workbook, () => filterNames);
  // sheets are written and committed one after another: the zip takes each sheet's stream in
  // order, so a sheet left open would hold every later one in memory
  let sheetIndex = 0;
  const { dashboard } = data;

  // -------------------------------------------------------------------------- Overzicht
  {
    const sheet = workbook.addWorksheet(SHEET_NAMES.overview, { views: [{ state: "frozen", ySplit: 7 }] });
    sheet.columns = [
      { key: "number", width: 18 },
      { key: "title", width: 44 },
      { key: "kind", width: 30 },
      { key: "supplier", width: 32 },
      { key: "route", width: 16 },
      { key: "start", width: 13, style: { numFmt: DATE_FORMAT } },
      { key: "end", width: 13, style: { numFmt: DATE_FORMAT } },
      { key: "ceiling", width: 18, style: { numFmt: EURO_FORMAT } },
      { key: "status", width: 12 },
    ];
    const title = sheet.addRow([`Contractrapportage ${dashboard.year}`]);
    title.font = { bold: true, size: 14 };
    title.commit();
    sheet.addRow([`Leerroutes inburgering, regio Westfriesland${dashboard.ownMunicipality ? ` (gemeente ${dashboard.ownMunicipality.name})` : ""}`]).commit();
    sheet.addRow([`Filters: ${describeFilters(dashboard)}`]).commit();
    const exported = sheet.addRow(["Geëxporteerd op", amsterdamWallClock(data.exportedAt)]);
    exported.getCell(2).numFmt = DATE_TIME_FORMAT;
    exported.getCell(2).alignment = { horizontal: "left" };
    exported.commit();
    sheet
      .addRow([
        "De cijfers komen uitsluitend uit geaccepteerde voortgangsrapportages (de laatste versie). Kleine aantallen (< 5) zijn afgeschermd waar de regels dat vragen; “x” is een cijfer dat is afgeschermd omdat anders een klein aantal uit het totaal te berekenen is.",
      ])
      .commit();
    sheet.addRow([]).commit();
    headerRow(sheet, ["Contractnummer", "Omschrijving", "Soort", "Aanbieder", "Leerroute", "Startdatum", "Einddatum", "Plafondbedrag", "Status"]);
    for (const contract of data.contracts) {
      sheet
        .addRow({
          number: contract.number,
          title: contract.title,
          kind: contractKindLabels[contract.kind],
          supplier: contract.supplierName,
          route: routeLabel(contract.learningRoute),
          start: excelDate(contract.startDate),
          end: excelDate(contract.endDate),
          // cents to euros happens here only, for display in Excel
          ceiling: contract.ceilingAmountCents / 100,
          status: contractStatusLabels[contract.status],
        })
        .commit();
    }
    if (data.contracts.length === 0) sheet.addRow(["Geen contracten binnen deze filters."]).commit();
    sheet.commit();
    sheetIndex++;
  }

  // ------------------------------------------------------------------------------- KPIs
  {
    const sheet = workbook.addWorksheet(SHEET_NAMES.kpis, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = [
      { key: "number", width: 18 },
      { key: "supplier", width: 30 },
      { key: "period", width: 10 },
      { key: "periodStart", width: 13, style: { numFmt: DATE_FORMAT } },
      { key: "kpi", width: 44 },
      { key: "route", width: 16 },
      { key: "unit", width: 14 },
      { key: "direction", width: 15 },
      { key: "target", width: 10 },
      { key: "achieved", width: 10 },
      { key: "numerator", width: 10 },
      { key: "denominator", width: 10 },
      { key: "status", width: 13 },
    ];
    headerRow(sheet, ["Contractnummer", "Aanbieder", "Periode", "Begin periode", "KPI", "Leerroute", "Eenheid", "Richting", "Doel", "Behaald", "Teller", "Noemer", "Status"]);
    for (const row of data.kpiRows) {
      const { kpi, measurement } = row;
      const excelRow = sheet.addRow({
        number: row.contractNumber,
        supplier: row.supplierName,
        period: row.periodLabel,
        periodStart: excelDate(row.periodStart),
        kpi: kpi.name,
        route: kpi.learningRoute ? routeLabel(kpi.learningRoute) : "Alle",
        unit: kpiUnitLabels[kpi.unit],
        direction: kpiDirectionLabels[kpi.direction],
        target: kpiCellValue(kpi.unit, Number(kpi.target)),
        // a suppressed or missing value shows its text ("< 5", "x", "geen data"), never a number
        achieved: measurementCell(kpi.unit, measurement),
        numerator: measurement.suppressed ? null : Number(measurement.numerator),
        denominator: measurement.suppressed ? null : Number(measurement.denominator),
        status: kpiStatusLabels[measurement.status],
      });
      excelRow.getCell("target").numFmt = kpiFormat(kpi.unit);
      excelRow.getCell("achieved").numFmt = kpiFormat(kpi.unit);
      excelRow.commit();
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, data.kpiRows.length + 1), column: 13 } };
    filterNames.push({ sheetIndex, sheetName: SHEET_NAMES.kpis, range: `$A$1:$M$${Math.max(1, data.kpiRows.length + 1)}` });
    sheet.commit();
    sheetIndex++;
  }

  // ------------------------------------------------------------------------ Rapportages
  {
    const sheet = workbook.addWorksheet(SHEET_NAMES.figures, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = [
      { key: "number", width: 18 },
      { key: "supplier", width: 30 },
      { key: "period", width: 10 },
      { key: "municipality", width: 16 },
      { key: "route", width: 16 },
      { key: "targetGroup", width: 18 },
      { key: "figure", width: 46 },
      { key: "value", width: 14, style: { numFmt: COUNT_FORMAT } },
    ];
    const headers = ["Contractnummer", "Aanbieder", "Periode", "Gemeente", "Leerroute", "Doelgroep", "Cijfer", "Waarde"];
    headerRow(sheet, headers);
    let rows = 0;
    for await (const figure of data.figures) {
      const definition = figureByKey.get(figure.figureKey);
      const kind = definition?.kind ?? "count";
      // the row is built as an array (not by key) and committed at once: the hot loop of a large export
      const row = sheet.addRow([
        figure.contractNumber,
        figure.supplierName,
        figure.periodLabel,
        figure.municipalityName,
        routeLabel(figure.learningRoute),
        targetGroupLabel(figure.targetGroup),
        definition?.label ?? figure.figureKey,
        kind === "cents" ? figure.value / 100 : figure.value,
      ]);
      // shared style objects: exceljs caches a style's id by object identity, while a cell's own
      // fresh style object costs a full style serialisation per cell (a third of the export time)
      for (let column = 1; column <= 7; column++) row.getCell(column).style = TEXT_STYLE;
      row.getCell(8).style = kind === "cents" ? EURO_STYLE : kind === "score" ? SCORE_STYLE : COUNT_STYLE;
      row.commit();
      rows++;
      if (rows % 2_000 === 0) {
        await drained(output);
        // a broken-off download: stop reading the database for a file no one receives
        if (output.destroyed) throw new DownloadAbortedError();
      }
    }
    const lastRow = rows + 1;
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: headers.length } };
    filterNames.push({ sheetIndex, sheetName: SHEET_NAMES.figures, range: `$A$1:$${columnLetter(headers.length)}$${lastRow}` });
    sheet.commit();
    sheetIndex++;
  }

  // -------------------------------------------------------------------------- Financiën
  {
    const sheet = workbook.addWorksheet(SHEET_NAMES.money, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = [
      { key: "municipality", width: 22 },
      { key: "year", width: 8 },
      ...fundingStreams.map((stream) => ({ key: stream, width: 20, style: { numFmt: EURO_FORMAT } })),
      { key: "funding", width: 20, style: { numFmt: EURO_FORMAT } },
      { key: "committed", width: 20, style: { numFmt: EURO_FORMAT } },
      { key: "realised", width: 20, style: { numFmt: EURO_FORMAT } },
    ];
    headerRow(sheet, ["Gemeente", "Jaar", ...fundingStreams.map((stream) => fundingStreamLabels[stream]), "Rijksbijdragen totaal", "Vastgelegd (contractbudgetten)", "Gerealiseerd (gefactureerd)"]);
    const moneyRow = (label: string, row: Omit<Dashboard["money"]["regionTotal"], never>) => ({
      municipality: label,
      year: row.year,
      ...Object.fromEntries(fundingStreams.map((stream) => [stream, row.fundingCents[stream] / 100])),
      funding: fundingStreams.reduce((sum, stream) => sum + row.fundingCents[stream], 0) / 100,
      committed: row.committedCents / 100,
      realised: row.realisedCents / 100,
    });
    for (const row of dashboard.money.rows) sheet.addRow(moneyRow(row.municipalityName, row)).commit();
    const total = sheet.addRow(moneyRow("Regio Westfriesland", dashboard.money.regionTotal));
    total.font = { bold: true };
    total.commit();
    sheet.commit();
    sheetIndex++;
  }

  // ---------------------------------------------------------------- Prestatiebekostiging
  {
    const sheet = workbook.addWorksheet(SHEET_NAMES.performance, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = [
      { key: "number", width: 18 },
      { key: "supplier", width: 30 },
      { key: "year", width: 8 },
      { key: "mode", width: 20 },
      { key: "commitment", width: 18, style: { numFmt: EURO_FORMAT } },
      { key: "atStake", width: 18, style: { numFmt: EURO_FORMAT } },
      { key: "payout", width: 18, style: { numFmt: EURO_FORMAT } },
      { key: "withheld", width: 18, style: { numFmt: EURO_FORMAT } },
      { key: "score", width: 16, style: { numFmt: "0.00%" } },
      { key: "noData", width: 16 },
    ];
    headerRow(sheet, ["Contractnummer", "Aanbieder", "Jaar", "Berekening", "Budget van het jaar", "Prestatiedeel", "Uitbetaling", "Ingehouden", "Gewogen score", "KPI's zonder data"]);
    for (const row of dashboard.performancePayment) {
      sheet
        .addRow({
          number: row.contractNumber,
          supplier: row.supplierName,
          year: row.year,
          mode: paymentModeLabels[row.mode],
          commitment: row.commitmentCents / 100,
          atStake: row.atStakeCents / 100,
          payout: row.payoutCents / 100,
          withheld: row.withheldCents / 100,
          score: parseDutchPercent(row.weightedScorePercent) ?? row.weightedScorePercent,
          noData: row.noDataKpis,
        })
        .commit();
    }
    if (dashboard.performancePayment.length === 0) sheet.addRow(["Geen contracten met prestatiebekostiging binnen deze filters."]).commit();
    sheet.commit();
    sheetIndex++;
  }

  await workbook.commit();
}

function measurementCell(unit: KpiUnit, measurement: KpiMeasurement): number | string {
  if (measurement.suppressed || measurement.value === null) return measurement.display;
  return kpiCellValue(unit, measurement.value);
}
