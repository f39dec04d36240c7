import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { formatCalendarDate } from "../../utils/format";
import { detectFileKind } from "../files/file-storage.server";
import { containsBsnLikeNumber } from "./bsn";
import { targetGroupLabels, targetGroups, type TargetGroup } from "../tenders/tender-content";
import { figureSectionLabels, learningRouteLabels, learningRoutes, type FigureDefinition, type FigureKey, type FigureValues, type LearningRoute } from "./report-figures";
import {
  centsToEuros,
  parseEuroAmount,
  reportedFigures,
  reportRowKey,
  validateReportFigures,
  type ReportProblem,
  type ReportRowInput,
  type ReportRowKey,
} from "./report-validation";

// The Excel route of a progress report (issue 6 item 4): a template pre-filled for one contract
// and period, and the upload of the filled workbook. The upload trusts nothing in the file: the
// rows are mapped back by hidden key cells that are checked against the rows the period expects
// (never by the visible labels), every cell is read as a raw value, and the figures go through the
// same validation as the web form. Nothing is saved here; the caller shows the values for review.

export const FIGURES_SHEET = "Cijfers";
export const INSTRUCTIONS_SHEET = "Toelichting";
export const MAX_WORKBOOK_BYTES = 5 * 1024 * 1024;
/** The parts of an xlsx together, unpacked. A filled template is well under 1 MB. */
export const MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1_000;

// Layout of "Cijfers". Row 4 is hidden and names, per column, what it holds (a figure key or a
// row-key part), so reading does not depend on the visible headers or on column positions.
const TEMPLATE_MARKER = "leerrouteportaal:voortgangsrapportage:v1";
const KEY_ROW = 4;
const SECTION_ROW = 5;
const HEADER_ROW = 6;
const FIRST_DATA_ROW = 7;
const LABEL_COLUMNS = 3; // Gemeente, Leerroute, Doelgroep
const KEY_MUNICIPALITY = "key:municipalityId";
const KEY_ROUTE = "key:learningRoute";
const KEY_TARGET_GROUP = "key:targetGroup";
/** Rows read below the data before the sheet is judged not to be the template. */
const MAX_EXTRA_ROWS = 200;

// The sheet is protected without a password on purpose: the protection keeps a supplier from
// overwriting a label or a key by accident, it is not a security measure (Excel removes a
// password-protected sheet's protection just as easily with a tool). The upload checks every key
// and value itself. A password would only make a supplier call the helpdesk.
const SHEET_PROTECTION_PASSWORD = "";

const COUNT_FORMAT = "0";
const SCORE_FORMAT = "0.00";
const EURO_FORMAT = "#,##0.00";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD6E6F4" } };
const INPUT_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFDE7" } };

export interface ReportTemplateRow {
  municipalityName: string;
  learningRouteLabel: string;
  targetGroupLabel: string;
  key: ReportRowKey;
}

export interface ReportTemplateInput {
  contractNumber: string;
  contractTitle: string;
  supplierName: string;
  periodLabel: string;
  /** "YYYY-MM-DD" */
  periodStart: string;
  periodEnd: string;
  werksaam: boolean;
  rows: readonly ReportTemplateRow[];
  /** The figures already entered (a draft), by reportRowKey; cents for invoicedCents. */
  values?: ReadonlyMap<string, Partial<FigureValues>>;
}

function columnLetter(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

function validationFor(definition: FigureDefinition): ExcelJS.DataValidation {
  // Excel refuses to open a file whose error title is longer than 32 characters (and the text
  // longer than 255), so the figure's name goes into the text
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: "stop" as const, errorTitle: "Ongeldige waarde", showInputMessage: false };
  const error = (text: string) => `${definition.label}: ${text}`.slice(0, 255);
  switch (definition.kind) {
    case "score":
      return { ...common, type: "decimal", operator: "between", formulae: [1, 10], error: error("vul een cijfer van 1 tot en met 10 in, met ten hoogste twee decimalen.") };
    case "cents":
      return { ...common, type: "decimal", operator: "greaterThanOrEqual", formulae: [0], error: error("vul een bedrag in euro's in, 0 of meer, met ten hoogste twee decimalen.") };
    case "hours":
      return { ...common, type: "whole", operator: "greaterThanOrEqual", formulae: [0], error: error("vul een geheel aantal uren in, 0 of meer.") };
    case "count":
      return { ...common, type: "whole", operator: "greaterThanOrEqual", formulae: [0], error: error("vul een geheel getal in, 0 of meer.") };
  }
}

function numberFormatFor(definition: FigureDefinition): string {
  return definition.kind === "score" ? SCORE_FORMAT : definition.kind === "cents" ? EURO_FORMAT : COUNT_FORMAT;
}

const instructions = [
  "Toelichting bij het sjabloon voor de voortgangsrapportage",
  "",
  "1. Geen persoonsgegevens. Vul alleen aantallen in, nooit iets over één persoon: geen namen, geen burgerservicenummers (BSN), geen geboortedata, geen adressen. Het portaal weigert een bestand of tekst met een nummer dat op een BSN lijkt.",
  "2. Vul op het blad Cijfers per gemeente, leerroute en doelgroep de cijfers over de periode in, alleen in de gele cellen. De namen, kopjes en verborgen sleutels zijn beveiligd (zonder wachtwoord); verander ze niet, anders kan het portaal de rijen niet terugvinden.",
  "3. Laat een cel leeg als u het cijfer niet rapporteert; vul 0 in als het aantal nul is. Aantallen en uren zijn hele getallen van 0 of meer.",
  "4. Tellers zijn nooit groter dan hun noemer: bijvoorbeeld 'Waarvan aan het werk' niet groter dan 'Cohort drie jaar na de start', 'Uren gevolgd' niet groter dan 'Uren aangeboden'.",
  "5. Vul bij uitstroom alle redenen in (0 als niemand om die reden uitstroomde).",
  "6. Het gemiddelde rapportcijfer is een cijfer van 1 tot en met 10 met ten hoogste twee decimalen. Vul het alleen in als er respondenten zijn, en dan altijd.",
  "7. Het gefactureerde bedrag vult u in euro's in, met ten hoogste twee decimalen (bijvoorbeeld 1234,56). Het portaal rekent het exact om naar centen en rondt niet af: een bedrag met meer decimalen wordt geweigerd.",
  "8. Actief vorige periode + gestart − uitgestroomd hoort gelijk te zijn aan actief nu. Klopt dat niet, dan vraagt het portaal om een toelichting.",
  "9. Sla het bestand op als Excel-werkmap (.xlsx) en upload het in het portaal (ten hoogste 5 MB). Het portaal controleert alle cijfers en noemt bij elke fout het blad, de cel, de gemeente, de leerroute en de doelgroep. Er wordt niets opgeslagen zolang er een fout in staat; na het uploaden ziet u de cijfers in het formulier en dient u de rapportage daar in.",
];

/** The template of one contract's report for one period, pre-filled with any draft values. */
export async function buildReportTemplate(input: ReportTemplateInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Leerrouteportaal Westfriesland";
  workbook.created = new Date();
  const figures = reportedFigures(input.werksaam);
  const firstFigureColumn = LABEL_COLUMNS + 1;
  const firstKeyColumn = firstFigureColumn + figures.length;

  const sheet = workbook.addWorksheet(FIGURES_SHEET, { views: [{ state: "frozen", xSplit: LABEL_COLUMNS, ySplit: HEADER_ROW }] });
  sheet.getCell("A1").value = `Voortgangsrapportage ${input.contractNumber} – ${input.contractTitle}`;
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = `Opdrachtnemer: ${input.supplierName}`;
  sheet.getCell("A3").value = `Periode: ${input.periodLabel} (${formatCalendarDate(input.periodStart)} t/m ${formatCalendarDate(input.periodEnd)})`;

  const keyRow = sheet.getRow(KEY_ROW);
  keyRow.getCell(1).value = TEMPLATE_MARKER;
  figures.forEach((definition, index) => (keyRow.getCell(firstFigureColumn + index).value = definition.key));
  [KEY_MUNICIPALITY, KEY_ROUTE, KEY_TARGET_GROUP].forEach((key, index) => (keyRow.getCell(firstKeyColumn + index).value = key));
  keyRow.hidden = true;

  const sectionRow = sheet.getRow(SECTION_ROW);
  const headerRow = sheet.getRow(HEADER_ROW);
  ["Gemeente", "Leerroute", "Doelgroep"].forEach((label, index) => (headerRow.getCell(index + 1).value = label));
  let previousSection: string | null = null;
  figures.forEach((definition, index) => {
    const column = firstFigureColumn + index;
    if (definition.section !== previousSection) sectionRow.getCell(column).value = figureSectionLabels[definition.section];
    previousSection = definition.section;
    headerRow.getCell(column).value = definition.label;
    sheet.getColumn(column).width = 16;
  });
  sectionRow.font = { bold: true, italic: true };
  headerRow.font = { bold: true };
  headerRow.height = 64;
  headerRow.alignment = { wrapText: true, vertical: "top" };
  for (let column = 1; column < firstKeyColumn; column += 1) headerRow.getCell(column).fill = HEADER_FILL;
  sheet.getColumn(1).width = 16;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 34;
  for (let index = 0; index < 3; index += 1) sheet.getColumn(firstKeyColumn + index).hidden = true;

  input.rows.forEach((templateRow, index) => {
    const row = sheet.getRow(FIRST_DATA_ROW + index);
    row.getCell(1).value = templateRow.municipalityName;
    row.getCell(2).value = templateRow.learningRouteLabel;
    row.getCell(3).value = templateRow.targetGroupLabel;
    row.getCell(firstKeyColumn).value = templateRow.key.municipalityId;
    row.getCell(firstKeyColumn + 1).value = templateRow.key.learningRoute;
    row.getCell(firstKeyColumn + 2).value = templateRow.key.targetGroup;
    const current = input.values?.get(reportRowKey(templateRow.key));
    figures.forEach((definition, figureIndex) => {
      const cell = row.getCell(firstFigureColumn + figureIndex);
      const value = current?.[definition.key as FigureKey];
      if (value !== undefined && value !== null) cell.value = definition.kind === "cents" ? centsToEuros(value) : value;
      cell.numFmt = numberFormatFor(definition);
      cell.fill = INPUT_FILL;
      cell.protection = { locked: false };
      cell.dataValidation = validationFor(definition);
    });
  });

  await sheet.protect(SHEET_PROTECTION_PASSWORD, {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true, // column widths; the key columns stay locked even when shown
    formatRows: false,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
    sort: false,
  });

  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.getColumn(1).width = 120;
  instructions.forEach((line, index) => {
    const cell = help.getCell(index + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (index === 0) cell.font = { bold: true, size: 14 };
  });
  await help.protect(SHEET_PROTECTION_PASSWORD, { selectLockedCells: true, selectUnlockedCells: true });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Upload

export interface WorkbookProblem {
  /** null: the file as a whole. */
  sheet: string | null;
  cell: string | null;
  municipality: string | null;
  learningRoute: string | null;
  targetGroup: string | null;
  /** Dutch. */
  message: string;
}

export interface ExpectedReportRows {
  rows: readonly (ReportRowKey & { municipalityName?: string })[];
  werksaam: boolean;
  /** For the flow warning; see validateReportFigures. */
  previousActive?: ReadonlyMap<string, number>;
}

export type ParsedReportWorkbook = { ok: true; rows: ReportRowInput[]; warnings: WorkbookProblem[] } | { ok: false; problems: WorkbookProblem[] };

/** "Blad Cijfers, cel F7 (Hoorn, B1-route, asielmigranten): …" */
export function workbookProblemMessage(problem: WorkbookProblem): string {
  const place = [problem.sheet ? `Blad ${problem.sheet}` : null, problem.cell ? `cel ${problem.cell}` : null].filter(Boolean).join(", ");
  const row = [problem.municipality, problem.learningRoute, problem.targetGroup].filter(Boolean).join(", ");
  const where = [place, row ? `(${row})` : null].filter(Boolean).join(" ");
  return where ? `${where}: ${problem.message}` : problem.message;
}

const fileProblem = (message: string): ParsedReportWorkbook => ({
  ok: false,
  problems: [{ sheet: null, cell: null, municipality: null, learningRoute: null, targetGroup: null, message }],
});

const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/**
 * A zip bomb guard, run before exceljs (JSZip) unpacks anything: the uncompressed sizes declared
 * in the central directory may add up to at most MAX_UNCOMPRESSED_BYTES, and because a declared
 * size can lie, every part is then inflated with that declared size as a hard output limit
 * (zlib stops at the limit instead of filling memory) and must come out at exactly that size.
 * Returns a Dutch message, or null when the archive is sound. detectFileKind has already checked
 * that the directory is self-consistent.
 */
function zipArchiveProblem(bytes: Uint8Array): string | null {
  const broken = "Het Excel-bestand is beschadigd of niet goed opgeslagen. Sla het opnieuw op als Excel-werkmap (.xlsx) en probeer het nog eens.";
  const tooBig = `Het Excel-bestand is uitgepakt groter dan ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB en wordt daarom niet gelezen. Gebruik het sjabloon van het portaal.`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
    if (view.getUint32(at, true) === ZIP_END_OF_CENTRAL_DIRECTORY && at + 22 + view.getUint16(at + 20, true) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return broken;
  const entryCount = view.getUint16(eocd + 10, true);
  if (entryCount > MAX_ZIP_ENTRIES) return broken;
  let cursor = view.getUint32(eocd + 16, true);
  const entries: { method: number; compressedSize: number; size: number; dataStart: number }[] = [];
  let declaredTotal = 0;
  for (let index = 0; index < entryCount; index += 1) {
    if (cursor + 46 > eocd || view.getUint32(cursor, true) !== ZIP_CENTRAL_HEADER) return broken;
    const flags = view.getUint16(cursor + 8, true);
    const method = view.getUint16(cursor + 10, true);
    const compressedSize = view.getUint32(cursor + 20, true);
    const size = view.getUint32(cursor + 24, true);
    const localOffset = view.getUint32(cursor + 42, true);
    // encrypted parts and methods other than stored/deflate are not something Excel writes
    if (flags & 0x1 || (method !== 0 && method !== 8)) return broken;
    declaredTotal += size;
    if (declaredTotal > MAX_UNCOMPRESSED_BYTES) return tooBig;
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== ZIP_LOCAL_HEADER) return broken;
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > bytes.length) return broken;
    entries.push({ method, compressedSize, size, dataStart });
    cursor += 46 + view.getUint16(cursor + 28, true) + view.getUint16(cursor + 30, true) + view.getUint16(cursor + 32, true);
  }
  for (const entry of entries) {
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) return broken;
      continue;
    }
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      // more output than declared: the directory lies about the size, the classic bomb
      if (error instanceof RangeError) return tooBig;
      return broken;
    }
    if (inflated.length !== entry.size) return broken;
  }
  return null;
}

const BSN_IN_CELL =
  "deze cel bevat een getal dat een burgerservicenummer (BSN) kan zijn. Een voortgangsrapportage bevat alleen aantallen, nooit persoonsgegevens: geen namen, BSN's of geboortedata. Haal het weg.";

/** The text in a cell's value (text, rich text, a hyperlink's text). */
function valueText(cell: ExcelJS.Cell): string | null {
  const value = cell.value;
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "richText" in value) return value.richText.map((part) => part.text).join("");
  if (value && typeof value === "object" && "text" in value && typeof value.text === "string") return value.text;
  return null;
}

/** The text of a cell's note (an Excel comment). */
function noteText(cell: ExcelJS.Cell): string | null {
  const note = cell.note;
  if (typeof note === "string") return note;
  if (note && Array.isArray(note.texts)) return note.texts.map((part) => part.text).join("");
  return null;
}

type CellPart = "value" | "note";

/**
 * Personal data anywhere in the workbook outside what is read as a figure: a label overwritten
 * after unprotecting the sheet, an extra sheet, a comment on a cell. The uploaded file may be kept
 * as the source of the report, so nothing in it may hold a BSN. `parts` says what to check of a
 * cell: the figure cells' values are checked when they are read, and the hidden key cells hold
 * the portal's own ids (compared with the expected ones), so only their notes are checked.
 */
function bsnProblems(workbook: ExcelJS.Workbook, parts: (sheet: ExcelJS.Worksheet, row: number, column: number) => readonly CellPart[]): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  const message = BSN_IN_CELL.charAt(0).toUpperCase() + BSN_IN_CELL.slice(1);
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const texts = parts(sheet, rowNumber, column).map((part) => (part === "value" ? valueText(cell) : noteText(cell)));
        if (texts.some((text) => text !== null && containsBsnLikeNumber(text))) {
          problems.push({ sheet: sheet.name, cell: cell.address, municipality: null, learningRoute: null, targetGroup: null, message });
        }
      });
    });
  });
  return problems;
}

/** A cell's raw value as the validation understands it, or a Dutch reason it is not a number. */
function readCellValue(cell: ExcelJS.Cell): { value: unknown } | { problem: string; value: unknown } {
  const raw = cell.value;
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === "number") return { value: raw };
  if (typeof raw === "string") {
    const text = raw.trim();
    if (text === "") return { value: null };
    // a number typed into a cell formatted as text is still a number
    if (/^-?\d+(?:[.,]\d+)?$/.test(text)) return { value: text };
    // never echo a BSN back: the message is shown, and may be logged
    if (containsBsnLikeNumber(text)) return { problem: BSN_IN_CELL, value: "bsn" };
    return { problem: `de cel bevat tekst ("${text.length > 30 ? `${text.slice(0, 30)}…` : text}"); vul een getal in.`, value: text };
  }
  if (raw instanceof Date) return { problem: "de cel bevat een datum; vul een getal in.", value: "datum" };
  if (typeof raw === "boolean") return { problem: "de cel bevat WAAR of ONWAAR; vul een getal in.", value: "logisch" };
  if (typeof raw === "object") {
    if ("error" in raw) return { problem: `de cel bevat een foutwaarde (${String(raw.error)}); vul een getal in.`, value: "fout" };
    if ("result" in raw || "formula" in raw || "sharedFormula" in raw) {
      const result = (raw as { result?: unknown }).result;
      if (typeof result === "number") return { value: result };
      if (result === undefined || result === null) return { problem: "de cel bevat een formule zonder berekende uitkomst; vul het getal zelf in.", value: "formule" };
      return { problem: "de uitkomst van de formule in deze cel is geen getal; vul een getal in.", value: "formule" };
    }
    if ("richText" in raw) {
      const text = (raw as ExcelJS.CellRichTextValue).richText.map((part) => part.text).join("");
      return readCellValue({ value: text } as ExcelJS.Cell);
    }
  }
  return { problem: "vul een getal in.", value: "onbekend" };
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return cell.text.trim();
}

/**
 * Reads a filled template. Every problem found is returned at once (file, structure, then each
 * cell), so a supplier fixes the workbook in one go; when there is none, the rows in the order
 * expected, with the figures as numbers (invoicedCents in cents) and the flow warnings.
 */
export async function parseReportWorkbook(bytes: Uint8Array, expected: ExpectedReportRows): Promise<ParsedReportWorkbook> {
  if (bytes.length > MAX_WORKBOOK_BYTES) {
    return fileProblem(`Het bestand is groter dan ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB. Een ingevuld sjabloon is veel kleiner; gebruik het sjabloon van het portaal.`);
  }
  if (detectFileKind(bytes) !== "xlsx") {
    return fileProblem("Dit bestand is geen Excel-werkmap (.xlsx). Upload het ingevulde sjabloon van het portaal, opgeslagen als .xlsx.");
  }
  const archiveProblem = zipArchiveProblem(bytes);
  if (archiveProblem) return fileProblem(archiveProblem);

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return fileProblem("Het Excel-bestand kan niet worden gelezen. Sla het opnieuw op als Excel-werkmap (.xlsx) en probeer het nog eens.");
  }
  const sheet = workbook.getWorksheet(FIGURES_SHEET);
  if (!sheet) {
    return fileProblem(`Het blad "${FIGURES_SHEET}" ontbreekt. Gebruik het sjabloon van het portaal en verander de naam van het blad niet.`);
  }

  const problems: WorkbookProblem[] = [];
  const sheetProblem = (cell: string | null, message: string) =>
    problems.push({ sheet: FIGURES_SHEET, cell, municipality: null, learningRoute: null, targetGroup: null, message });

  // the hidden key row says which column holds what
  const keyRow = sheet.getRow(KEY_ROW);
  if (cellText(keyRow.getCell(1)) !== TEMPLATE_MARKER) {
    sheetProblem(null, "Dit is niet het sjabloon van het portaal, of de verborgen sleutels zijn gewijzigd. Download het sjabloon opnieuw en vul de cijfers daarin in.");
    return { ok: false, problems };
  }
  const columnOf = new Map<string, number>();
  const columnCount = Math.min(sheet.columnCount, 200);
  for (let column = 2; column <= columnCount; column += 1) {
    const key = cellText(keyRow.getCell(column));
    if (key && !columnOf.has(key)) columnOf.set(key, column);
  }
  const figures = reportedFigures(expected.werksaam);
  for (const definition of figures) {
    if (!columnOf.has(definition.key)) sheetProblem(null, `De kolom "${definition.label}" ontbreekt. Download het sjabloon voor deze rapportage opnieuw.`);
  }
  const keyColumns = [KEY_MUNICIPALITY, KEY_ROUTE, KEY_TARGET_GROUP].map((key) => columnOf.get(key));
  if (keyColumns.some((column) => column === undefined)) sheetProblem(null, "De verborgen sleutelkolommen ontbreken. Download het sjabloon opnieuw.");
  if (problems.length > 0) return { ok: false, problems };
  const [municipalityColumn, routeColumn, targetGroupColumn] = keyColumns as [number, number, number];
  const figureColumns = figures.map((definition) => ({ definition, column: columnOf.get(definition.key)! }));
  const figureColumnSet = new Set(figureColumns.map(({ column }) => column));
  const keyColumnSet = new Set<number>(keyColumns as number[]);
  const everything: readonly CellPart[] = ["value", "note"];
  const noteOnly: readonly CellPart[] = ["note"];
  problems.push(
    ...bsnProblems(workbook, (other, row, column) => {
      if (other !== sheet) return everything;
      if (row === KEY_ROW || keyColumnSet.has(column)) return noteOnly;
      return row >= FIRST_DATA_ROW && figureColumnSet.has(column) ? noteOnly : everything;
    }),
  );

  // rows, mapped back by their keys and checked against the rows the period expects
  const expectedIndex = new Map(expected.rows.map((row, index) => [reportRowKey(row), index]));
  const found = new Map<number, { sheetRow: number; municipality: string; values: Partial<Record<FigureKey, unknown>>; cellProblems: Map<FigureKey, string> }>();
  const lastRow = Math.min(sheet.rowCount, FIRST_DATA_ROW + expected.rows.length + MAX_EXTRA_ROWS);
  if (sheet.rowCount > lastRow) sheetProblem(null, "Het blad heeft veel meer rijen dan de rapportage. Gebruik het sjabloon van het portaal.");
  for (let rowNumber = FIRST_DATA_ROW; rowNumber <= lastRow; rowNumber += 1) {
    const row = sheet.getRow(rowNumber);
    const municipalityId = cellText(row.getCell(municipalityColumn));
    const learningRoute = cellText(row.getCell(routeColumn));
    const targetGroup = cellText(row.getCell(targetGroupColumn));
    const hasData = figureColumns.some(({ column }) => {
      const value = row.getCell(column).value;
      return value !== null && value !== undefined && !(typeof value === "string" && value.trim() === "");
    });
    if (!municipalityId && !learningRoute && !targetGroup) {
      if (hasData) sheetProblem(`A${rowNumber}`, `Rij ${rowNumber} hoort niet bij het sjabloon. Vul alleen de rijen van het sjabloon in en voeg geen rijen toe.`);
      continue;
    }
    const known = (learningRoutes as readonly string[]).includes(learningRoute) && (targetGroups as readonly string[]).includes(targetGroup);
    const index = known ? expectedIndex.get(reportRowKey({ municipalityId, learningRoute: learningRoute as LearningRoute, targetGroup: targetGroup as TargetGroup })) : undefined;
    if (index === undefined) {
      sheetProblem(`A${rowNumber}`, `Rij ${rowNumber} hoort niet bij deze rapportage (onbekende gemeente, leerroute of doelgroep). Download het sjabloon voor deze periode opnieuw.`);
      continue;
    }
    if (found.has(index)) {
      sheetProblem(`A${rowNumber}`, `Rij ${rowNumber} staat er twee keer in (ook op rij ${found.get(index)!.sheetRow}).`);
      continue;
    }
    const values: Partial<Record<FigureKey, unknown>> = {};
    const cellProblems = new Map<FigureKey, string>();
    for (const { definition, column } of figureColumns) {
      const key = definition.key as FigureKey;
      const read = readCellValue(row.getCell(column));
      if ("problem" in read) {
        cellProblems.set(key, `${definition.label}: ${read.problem}`);
        values[key] = read.value; // not a number, so the validation leaves it out of its checks
        continue;
      }
      if (definition.kind === "cents") {
        const amount = parseEuroAmount(read.value);
        if (amount.ok) values[key] = amount.cents;
        else {
          cellProblems.set(key, amount.message);
          values[key] = "ongeldig";
        }
      } else {
        values[key] = read.value;
      }
    }
    found.set(index, { sheetRow: rowNumber, municipality: expected.rows[index]!.municipalityName ?? cellText(row.getCell(1)), values, cellProblems });
  }
  expected.rows.forEach((row, index) => {
    if (!found.has(index)) {
      problems.push({
        sheet: FIGURES_SHEET,
        cell: null,
        municipality: row.municipalityName ?? null,
        learningRoute: learningRouteLabels[row.learningRoute],
        targetGroup: targetGroupLabels[row.targetGroup].toLowerCase(),
        message: "Deze rij ontbreekt in het blad. Download het sjabloon voor deze periode opnieuw.",
      });
    }
  });

  // the figures, through the same validation as the web form, in the expected order
  const present = expected.rows.map((row, index) => ({ row, index, read: found.get(index) })).filter((entry) => entry.read !== undefined);
  const inputs: ReportRowInput[] = present.map(({ row, read }) => ({ municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup, values: read!.values }));
  const validation = validateReportFigures({ rows: inputs, werksaam: expected.werksaam, previousActive: expected.previousActive });
  const columnByFigure = new Map(figureColumns.map(({ definition, column }) => [definition.key, column]));
  const located = (problem: ReportProblem): WorkbookProblem => {
    const entry = problem.rowIndex === null ? undefined : present[problem.rowIndex];
    const column = problem.figure ? columnByFigure.get(problem.figure) : undefined;
    return {
      sheet: FIGURES_SHEET,
      cell: entry && column ? `${columnLetter(column)}${entry.read!.sheetRow}` : entry ? `A${entry.read!.sheetRow}` : null,
      municipality: entry?.read!.municipality ?? null,
      learningRoute: entry ? learningRouteLabels[entry.row.learningRoute] : null,
      targetGroup: entry ? targetGroupLabels[entry.row.targetGroup].toLowerCase() : null,
      message: problem.message,
    };
  };
  present.forEach((entry, rowIndex) => {
    for (const [figure, message] of entry.read!.cellProblems) problems.push(located({ rowIndex, figure, message }));
  });
  for (const problem of validation.problems) {
    // a cell already reported as "not a number" is not reported twice
    if (problem.rowIndex !== null && problem.figure && present[problem.rowIndex]!.read!.cellProblems.has(problem.figure)) continue;
    problems.push(located(problem));
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return {
    ok: true,
    rows: validation.rows.map((row) => ({ municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup, values: row.values })),
    warnings: validation.warnings.map(located),
  };
}

/** In reading order: the file and "Cijfers" as a whole first, then its cells by row and column, then other sheets. */
function sortProblems(problems: WorkbookProblem[]): WorkbookProblem[] {
  const position = (problem: WorkbookProblem) => {
    const match = problem.cell ? /^([A-Z]+)(\d+)$/.exec(problem.cell) : null;
    if (!match) return [-1, -1];
    const column = [...match[1]!].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
    return [Number(match[2]), column];
  };
  return problems
    .map((problem, order) => ({ problem, order, at: position(problem) }))
    .sort((a, b) => Number(a.problem.sheet !== null && a.problem.sheet !== FIGURES_SHEET) - Number(b.problem.sheet !== null && b.problem.sheet !== FIGURES_SHEET) || a.at[0]! - b.at[0]! || a.at[1]! - b.at[1]! || a.order - b.order)
    .map((entry) => entry.problem);
}
