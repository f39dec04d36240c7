import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { targetGroupLabels, targetGroups } from "../tenders/tender-content";
import { figureDefinitions, learningRouteLabels, learningRoutes, type FigureKey, type FigureValues } from "./report-figures";
import { reportedFigures, reportRowKey, validateNarrativeText, type ReportRowKey } from "./report-validation";
import {
  buildReportTemplate,
  FIGURES_SHEET,
  INSTRUCTIONS_SHEET,
  MAX_WORKBOOK_BYTES,
  parseReportWorkbook,
  workbookProblemMessage,
  type ReportTemplateInput,
  type WorkbookProblem,
} from "./report-workbook.server";

const municipalities = [
  { id: "00000000-0000-4000-8000-000000000001", name: "Hoorn" },
  { id: "00000000-0000-4000-8000-000000000002", name: "Opmeer" },
];

const templateRows = municipalities.flatMap((municipality) =>
  learningRoutes.flatMap((learningRoute) =>
    targetGroups.map((targetGroup) => ({
      municipalityName: municipality.name,
      learningRouteLabel: learningRouteLabels[learningRoute],
      targetGroupLabel: targetGroupLabels[targetGroup],
      key: { municipalityId: municipality.id, learningRoute, targetGroup } satisfies ReportRowKey,
    })),
  ),
);

function templateInput(werksaam: boolean, values?: ReportTemplateInput["values"]): ReportTemplateInput {
  return {
    contractNumber: "WF-DVO-2022-01",
    contractTitle: "Dienstverleningsovereenkomst inburgering",
    supplierName: "WerkSaam Westfriesland",
    periodLabel: "2025-K3",
    periodStart: "2025-07-01",
    periodEnd: "2025-09-30",
    werksaam,
    rows: templateRows,
    values,
  };
}

const expected = (werksaam: boolean) => ({ rows: templateRows.map((row) => ({ ...row.key, municipalityName: row.municipalityName })), werksaam });

/** Every figure of row `index`, consistent; the amount in cents. */
function figuresFor(index: number): FigureValues {
  const values = Object.fromEntries(figureDefinitions.map((definition) => [definition.key, 0])) as FigureValues;
  return {
    ...values,
    started: 3 + index,
    active: 20 + index,
    endedObligationMet: 1,
    endedWork: index % 3,
    cohortTermEnded: 10,
    cohortMetInTime: 8,
    achievedKnm: 4,
    hoursOffered: 1200 + index,
    hoursAttended: 1000,
    hoursAbsent: 150,
    cohortYearOne: 12,
    cohortYearOneWorkContact: 10,
    participatingLocally: 15,
    outflowCohort: 9,
    outflowWork: 4,
    outflowEducation: 2,
    surveyRespondents: 7,
    surveyMeanScore: 7.43,
    intakesHeld: 5,
    pipsSet: 4,
    unburdeningCohort: 6,
    financiallySelfReliant: 5,
    invoicedCents: 1_234_567 + index * 11, // € 12.345,67 and up: every cent must survive
  };
}

/** Fills the data cells as a user would: found by the visible header, amounts in euros. */
async function fill(template: Buffer, change: (sheet: ExcelJS.Worksheet, columnOf: (label: string) => number) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(FIGURES_SHEET)!;
  const headers = new Map<string, number>();
  sheet.getRow(6).eachCell((cell, column) => headers.set(String(cell.value), column));
  change(sheet, (label) => headers.get(label)!);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const fillAll = (werksaam: boolean) => (sheet: ExcelJS.Worksheet, columnOf: (label: string) => number) => {
  templateRows.forEach((_, index) => {
    const values = figuresFor(index);
    for (const definition of reportedFigures(werksaam)) {
      const value = values[definition.key as FigureKey];
      sheet.getRow(7 + index).getCell(columnOf(definition.label)).value = definition.kind === "cents" ? value! / 100 : value;
    }
  });
};

async function problemsOf(bytes: Uint8Array, werksaam = true): Promise<string[]> {
  const result = await parseReportWorkbook(bytes, expected(werksaam));
  if (result.ok) throw new Error("expected problems");
  return result.problems.map(workbookProblemMessage);
}

describe("the Excel template of a progress report", () => {
  test("round trip: download, fill in, upload gives identical values", async () => {
    const bytes = await fill(await buildReportTemplate(templateInput(true)), fillAll(true));
    const result = await parseReportWorkbook(bytes, expected(true));
    if (!result.ok) throw new Error(result.problems.map(workbookProblemMessage).join("\n"));
    expect(result.rows).toHaveLength(templateRows.length);
    result.rows.forEach((row, index) => {
      expect({ municipalityId: row.municipalityId, learningRoute: row.learningRoute, targetGroup: row.targetGroup }).toEqual(templateRows[index]!.key);
      expect(row.values).toEqual(figuresFor(index));
    });
    expect(result.warnings).toEqual([]);
  });

  test("a template pre-filled with a draft reads back as that draft", async () => {
    const values = new Map(templateRows.map((row, index) => [reportRowKey(row.key), figuresFor(index)]));
    const template = await buildReportTemplate(templateInput(true, values));
    const result = await parseReportWorkbook(template, expected(true));
    expect(result.ok && result.rows.map((row) => row.values)).toEqual(templateRows.map((_, index) => figuresFor(index)));
  });

  test("labels and headers are locked, data cells open and validated, keys hidden, instructions present", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildReportTemplate(templateInput(false))) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(FIGURES_SHEET)!;
    const figures = reportedFigures(false);
    expect(sheet.getRow(6).cellCount).toBe(3 + figures.length); // no WerkSaam columns
    expect(sheet.getCell("A7").value).toBe("Hoorn");
    expect(sheet.getCell("A7").protection?.locked).not.toBe(false);
    expect(sheet.getCell("D7").protection).toMatchObject({ locked: false });
    // protected without a password (see SHEET_PROTECTION_PASSWORD); column widths may change,
    // rows cannot be added, deleted or sorted (exceljs reads "not allowed" back as undefined)
    const protection = (sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true, formatColumns: true });
    expect([protection.insertRows, protection.deleteRows, protection.sort, protection.hashValue]).toEqual([undefined, undefined, undefined, undefined]);
    expect(sheet.getCell("D7").dataValidation).toMatchObject({ type: "whole", operator: "greaterThanOrEqual", formulae: [0] });
    const scoreColumn = 4 + figures.findIndex((definition) => definition.key === "surveyMeanScore");
    expect(sheet.getRow(7).getCell(scoreColumn).dataValidation).toMatchObject({ type: "decimal", operator: "between", formulae: [1, 10] });
    expect(sheet.getRow(4).hidden).toBe(true);
    expect(sheet.getColumn(4 + figures.length).hidden).toBe(true);
    const instructions = workbook.getWorksheet(INSTRUCTIONS_SHEET)!;
    const text = instructions.getColumn(1).values.join("\n");
    expect(text).toContain("geen namen, geen burgerservicenummers (BSN), geen geboortedata");
  });
});

describe("bad workbooks", () => {
  test("not an Excel file", async () => {
    const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n", "latin1"));
    expect(await problemsOf(pdf)).toEqual(["Dit bestand is geen Excel-werkmap (.xlsx). Upload het ingevulde sjabloon van het portaal, opgeslagen als .xlsx."]);
  });

  test("larger than 5 MB", async () => {
    expect(await problemsOf(new Uint8Array(MAX_WORKBOOK_BYTES + 1))).toEqual([
      "Het bestand is groter dan 5 MB. Een ingevuld sjabloon is veel kleiner; gebruik het sjabloon van het portaal.",
    ]);
  });

  test("text in a number cell, with sheet, cell, municipality, route and target group", async () => {
    const bytes = await fill(await buildReportTemplate(templateInput(true)), (sheet, columnOf) => {
      fillAll(true)(sheet, columnOf);
      sheet.getRow(7).getCell(columnOf("KNM behaald")).value = "vier";
    });
    const column = sheet_letter(4 + reportedFigures(true).findIndex((definition) => definition.key === "achievedKnm"));
    expect(await problemsOf(bytes)).toEqual([
      `Blad Cijfers, cel ${column}7 (Hoorn, B1-route, asielmigranten (vergunninghouders)): KNM behaald: de cel bevat tekst ("vier"); vul een getal in.`,
    ]);
  });

  test("a numerator above its denominator", async () => {
    const bytes = await fill(await buildReportTemplate(templateInput(true)), (sheet, columnOf) => {
      fillAll(true)(sheet, columnOf);
      sheet.getRow(10).getCell(columnOf("Waarvan aan het werk")).value = 12;
    });
    const column = sheet_letter(4 + reportedFigures(true).findIndex((definition) => definition.key === "outflowWork"));
    // row 10 is the fourth row: Hoorn, Onderwijsroute, gezinsmigranten
    expect(await problemsOf(bytes)).toEqual([`Blad Cijfers, cel ${column}10 (Hoorn, Onderwijsroute, gezinsmigranten): Waarvan aan het werk (12) is groter dan cohort drie jaar na de start (9).`]);
  });

  test("an amount with more than two decimals is refused, not rounded", async () => {
    const bytes = await fill(await buildReportTemplate(templateInput(true)), (sheet, columnOf) => {
      fillAll(true)(sheet, columnOf);
      sheet.getRow(7).getCell(columnOf("Gefactureerd bedrag (euro)")).value = 100.005;
    });
    expect(await problemsOf(bytes)).toEqual([
      expect.stringMatching(/^Blad Cijfers, cel [A-Z]+7 \(Hoorn, B1-route, asielmigranten \(vergunninghouders\)\): Gefactureerd bedrag \(euro\): vul een bedrag in euro's in, 0 of meer, met ten hoogste twee decimalen\.$/),
    ]);
  });

  test("a missing sheet", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Blad1").addRow(["Gemeente", "Gestart"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await problemsOf(bytes)).toEqual(['Het blad "Cijfers" ontbreekt. Gebruik het sjabloon van het portaal en verander de naam van het blad niet.']);
  });

  test("rows that do not belong to the report, and rows that are missing", async () => {
    const template = await buildReportTemplate(templateInput(true));
    const fewer = { rows: expected(true).rows.slice(1), werksaam: true };
    const more = { rows: [...expected(true).rows, { municipalityId: "00000000-0000-4000-8000-000000000009", learningRoute: "z" as const, targetGroup: "familyMigrant" as const, municipalityName: "Medemblik" }], werksaam: true };
    const unexpected = await parseReportWorkbook(template, fewer);
    expect(!unexpected.ok && unexpected.problems.map(workbookProblemMessage)).toEqual([
      "Blad Cijfers, cel A7: Rij 7 hoort niet bij deze rapportage (onbekende gemeente, leerroute of doelgroep). Download het sjabloon voor deze periode opnieuw.",
    ]);
    const missing = await parseReportWorkbook(template, more);
    expect(!missing.ok && missing.problems.map(workbookProblemMessage)).toEqual([
      "Blad Cijfers (Medemblik, Z-route, gezinsmigranten): Deze rij ontbreekt in het blad. Download het sjabloon voor deze periode opnieuw.",
    ]);
  });

  test("a zip bomb whose directory declares its real size is refused before it is unpacked", async () => {
    const bomb = officeLikeZip(60 * 1024 * 1024);
    expect(await problemsOf(bomb)).toEqual(["Het Excel-bestand is uitgepakt groter dan 50 MB en wordt daarom niet gelezen. Gebruik het sjabloon van het portaal."]);
  });

  test("a zip bomb whose directory lies about its size is stopped at the declared size", async () => {
    const bomb = officeLikeZip(60 * 1024 * 1024, 1000);
    expect(await problemsOf(bomb)).toEqual(["Het Excel-bestand is uitgepakt groter dan 50 MB en wordt daarom niet gelezen. Gebruik het sjabloon van het portaal."]);
  });

  test("a BSN anywhere in the workbook is refused, and never repeated in the message", async () => {
    const bsnMessage = "deze cel bevat een getal dat een burgerservicenummer (BSN) kan zijn. Een voortgangsrapportage bevat alleen aantallen, nooit persoonsgegevens: geen namen, BSN's of geboortedata. Haal het weg.";
    const knm = sheet_letter(4 + reportedFigures(true).findIndex((definition) => definition.key === "achievedKnm"));
    const started = sheet_letter(4 + reportedFigures(true).findIndex((definition) => definition.key === "started"));
    const bytes = await fill(await buildReportTemplate(templateInput(true)), (sheet, columnOf) => {
      fillAll(true)(sheet, columnOf);
      sheet.getCell("A8").value = "Hoorn (BSN 123.456.782)"; // a label, after unprotecting the sheet
      sheet.getRow(9).getCell(columnOf("KNM behaald")).value = "bsn 111222333";
      sheet.getRow(9).getCell(columnOf("Gestart in de periode")).note = "Betreft 1234 56 782";
      sheet.getRow(11).getCell(columnOf("Gestart in de periode")).value = 123456782; // pasted into a count
      sheet.workbook.addWorksheet("Namen").getCell("B2").value = "Deelnemer 999999990";
    });
    const problems = await problemsOf(bytes);
    expect(problems).toEqual([
      `Blad Cijfers, cel A8: ${bsnMessage.replace(/^d/, "D")}`,
      `Blad Cijfers, cel ${started}9: ${bsnMessage.replace(/^d/, "D")}`,
      `Blad Cijfers, cel ${knm}9 (Hoorn, Onderwijsroute, asielmigranten (vergunninghouders)): KNM behaald: ${bsnMessage}`,
      `Blad Cijfers, cel ${started}11 (Hoorn, Z-route, asielmigranten (vergunninghouders)): Gestart in de periode: dit getal lijkt op een burgerservicenummer (BSN). Een rapportage bevat alleen aantallen, nooit persoonsgegevens.`,
      `Blad Namen, cel B2: ${bsnMessage.replace(/^d/, "D")}`,
    ]);
    for (const number of ["123.456.782", "111222333", "1234 56 782", "123456782", "999999990"]) expect(problems.join("\n")).not.toContain(number);
  });

  test("a BSN in a narrative text is refused with the reason", () => {
    const result = validateNarrativeText("Toelichting: deelnemer 1234 56 782 is verhuisd.");
    expect(result).toEqual({ ok: false, message: expect.stringContaining("Een voortgangsrapportage bevat alleen aantallen, nooit persoonsgegevens") });
  });
});

describe("consistency in the upload", () => {
  test("a flow that does not add up comes back as a warning with its cell", async () => {
    const bytes = await fill(await buildReportTemplate(templateInput(true)), fillAll(true));
    const previousActive = new Map([[reportRowKey(templateRows[0]!.key), 30]]);
    const result = await parseReportWorkbook(bytes, { ...expected(true), previousActive });
    expect(result.ok).toBe(true);
    const column = sheet_letter(4 + reportedFigures(true).findIndex((definition) => definition.key === "active"));
    // 30 + 3 − (1 + 0) = 32, reported 20
    expect(result.ok && result.warnings.map(workbookProblemMessage)).toEqual([
      `Blad Cijfers, cel ${column}7 (Hoorn, B1-route, asielmigranten (vergunninghouders)): Actief vorige periode (30) + gestart (3) − uitgestroomd (1) = 32, maar er staan 20 deelnemers als actief gemeld. Licht het verschil toe.`,
    ]);
  });

  test("workbookProblemMessage without a cell or row", () => {
    const problem: WorkbookProblem = { sheet: null, cell: null, municipality: null, learningRoute: null, targetGroup: null, message: "Iets." };
    expect(workbookProblemMessage(problem)).toBe("Iets.");
  });
});

function sheet_letter(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/**
 * A ZIP that looks like an xlsx, whose sheet part inflates to `size` bytes of spaces (a few tens
 * of KB compressed). `declaredSize` writes a smaller size into the headers, as a lying bomb does.
 */
function officeLikeZip(size: number, declaredSize = size): Uint8Array {
  const entries = [
    { name: "[Content_Types].xml", data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: "xl/workbook.xml", data: Buffer.from('<?xml version="1.0"?><workbook/>') },
    { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(size, 0x20) },
  ];
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = deflateRawSync(entry.data);
    const declared = entry.data.length === size ? declaredSize : entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, directory, end]));
}
