import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, logIn, submitAndWait, test } from "./fixtures";

// Progress reports by Excel (issue 6 items 4 and 6): a language school downloads the template of
// a period, fills it in (here with exceljs), uploads it through the real file chooser, fixes the
// cell the portal names, reviews the figures in the form and submits; the contract manager
// returns the report with a comment, the school revises it, the contract manager accepts it and
// the contract page lists the period as accepted. Every page is scanned with axe.

const SCHOOL = "aanbieder@taalinstituut-dehorn.test";
const MANAGER = "contractmanager@westfriesland.test";
const FIGURES_SHEET = "Cijfers";
const KEY_ROW = 4;
const FIRST_DATA_ROW = 7;

/** Consistent figures for data row `index` (the amount in euros, as typed in Excel). */
function figuresFor(index: number): Record<string, number> {
  return {
    started: 4 + index,
    active: 30 + index,
    endedObligationMet: 2,
    endedWork: 1,
    endedEducation: 0,
    endedMoved: 0,
    endedExemption: 0,
    endedOther: 1,
    cohortTermEnded: 10,
    cohortMetInTime: 8,
    achievedKnm: 5,
    achievedMap: 4,
    achievedPvt: 3,
    achievedExamB1: 2,
    achievedExamA2: 1,
    achievedDiploma: 0,
    hoursOffered: 900,
    hoursAttended: 800,
    hoursAbsent: 100,
    cohortYearOne: 10,
    cohortYearOneWorkContact: 7,
    participatingLocally: 20,
    outflowCohort: 12,
    outflowWork: 5,
    outflowEducation: 2,
    surveyRespondents: 9,
    surveyMeanScore: 7.5,
    invoicedCents: 1250.5,
  };
}

interface Template {
  workbook: ExcelJS.Workbook;
  sheet: ExcelJS.Worksheet;
  /** Figure key → column, read from the hidden key row. */
  columns: Map<string, number>;
  dataRows: number[];
}

async function downloadTemplate(page: Page): Promise<Template> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Excel-sjabloon .* downloaden/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^Voortgangsrapportage-WF-2022-B1-01-.+\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(FIGURES_SHEET)!;
  const columns = new Map<string, number>();
  sheet.getRow(KEY_ROW).eachCell((cell, column) => columns.set(String(cell.value), column));
  const dataRows: number[] = [];
  for (let row = FIRST_DATA_ROW; row <= sheet.rowCount; row += 1) if (sheet.getRow(row).getCell(1).value) dataRows.push(row);
  expect(dataRows.length).toBeGreaterThan(0);
  return { workbook, sheet, columns, dataRows };
}

function fill(template: Template) {
  template.dataRows.forEach((row, index) => {
    for (const [key, value] of Object.entries(figuresFor(index))) {
      const column = template.columns.get(key);
      if (column) template.sheet.getRow(row).getCell(column).value = value;
    }
  });
}

/** Chooses the workbook in the real file chooser of the upload form and uploads it. */
async function upload(page: Page, template: Template) {
  const buffer = Buffer.from(await template.workbook.xlsx.writeBuffer());
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByLabel("Excel-bestand uploaden").click()]);
  await chooser.setFiles({ name: "voortgangsrapportage.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
  await submitAndWait(page, page.getByRole("button", { name: "Uploaden en controleren" }));
}

async function switchUser(page: Page, email: string) {
  await page.context().clearCookies();
  await logIn(page, email);
}

test("a language school reports by Excel, fixes an error, submits; the contract manager returns and then accepts", async ({ page }) => {
  // the longest journey (two roles, Excel up and down, a returned and an accepted version): 3.6 min
  // were seen on a loaded two-core CI machine
  test.setTimeout(360_000);
  await logIn(page, SCHOOL);
  await page.goto("/rapportages");
  await expectAccessible(page);
  // a period to report on: due, or overdue
  const open = page
    .getByRole("main")
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: /^Te (doen|laat)$/ }) })
    .getByRole("link");
  await open.first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Voortgangsrapportage");
  const periodUrl = new URL(page.url()).pathname;
  const periodLabel = (await page.getByRole("heading", { level: 1 }).innerText()).replace("Voortgangsrapportage", "").trim();
  await expectAccessible(page);

  // the template, filled with one numerator above its denominator
  const template = await downloadTemplate(page);
  fill(template);
  const firstRow = template.sheet.getRow(template.dataRows[0]!);
  const municipality = String(firstRow.getCell(1).value);
  const outflowWork = firstRow.getCell(template.columns.get("outflowWork")!);
  outflowWork.value = 99; // above "Cohort drie jaar na de start" (12)
  await upload(page, template);

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Er is een probleem");
  await expect(summary).toContainText(`Blad Cijfers, cel ${outflowWork.address} (${municipality}, B1-route, `);
  await expect(summary).toContainText("Waarvan aan het werk");
  await expectAccessible(page);

  // fixed, uploaded again: the figures are in the form for review
  outflowWork.value = 5;
  await upload(page, template);
  await expect(page.locator("body")).toContainText("De cijfers uit het Excel-bestand staan hieronder; controleer ze en dien de rapportage in.");
  await expect(page.locator('[name="f.0.outflowWork"]')).toHaveValue("5");
  await expect(page.locator('[name="f.0.started"]')).toHaveValue(String(figuresFor(0).started));
  await expect(page.locator('[name="f.0.invoicedCents"]')).toHaveValue("1250,5");
  await expectAccessible(page);

  // a supporting document, through the real file chooser of the attachments form
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const [attachmentChooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByLabel("Bijlage toevoegen").click()]);
  await attachmentChooser.setFiles({ name: "toelichting verzuim.pdf", mimeType: "application/pdf", buffer: pdf });
  await submitAndWait(page, page.getByRole("button", { name: "Bijlage uploaden" }));
  await expect(page.locator("body")).toContainText("Bijlage toelichting verzuim.pdf is toegevoegd aan het concept.");
  await expect(page.getByRole("link", { name: "toelichting verzuim.pdf" }).first()).toBeVisible();
  // the figures from Excel are still in the form
  await expect(page.locator('[name="f.0.outflowWork"]')).toHaveValue("5");
  await expectAccessible(page);

  // a refused file (the type is read from the contents): the message stands at the file input
  // and the summary links to it; nothing else on the page is lost
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  const [refusedChooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByLabel("Bijlage toevoegen").click()]);
  await refusedChooser.setFiles({ name: "foto.png", mimeType: "image/png", buffer: png });
  await submitAndWait(page, page.getByRole("button", { name: "Bijlage uploaden" }));
  const attachmentInput = page.getByLabel("Bijlage toevoegen");
  await expect(attachmentInput).toHaveAttribute("aria-invalid", "true");
  await expect(attachmentInput).toHaveAccessibleDescription(/Dit bestand is van een ander type\./);
  await expect(page.getByRole("alert").getByRole("link", { name: /^Bijlage: .*Dit bestand is van een ander type\./ })).toHaveAttribute("href", "#attachment");
  await expect(page.getByRole("link", { name: "toelichting verzuim.pdf" }).first()).toBeVisible();
  await expect(page.locator('[name="f.0.outflowWork"]')).toHaveValue("5");
  await expectAccessible(page);

  // the active count may not follow from the previous quarter's: the explanation covers that
  await page.getByLabel(/Toelichting op cijfers die niet sluiten/).fill("De cijfers van het vorige kwartaal zijn na een controle van de presentielijsten bijgesteld.");
  await submitAndWait(page, page.getByRole("button", { name: "Opslaan en indienen" }));
  await expect(page.locator("body")).toContainText("De rapportage is ingediend.");
  await expect(page.getByRole("main")).toContainText("(Excel)");
  await expectAccessible(page);

  // the contract manager returns it with a comment
  await switchUser(page, MANAGER);
  await page.goto(periodUrl);
  await expect(page.getByRole("heading", { name: "Beoordelen" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Opmerking bij uren en verzuim").fill("Het verzuim in Hoorn is hoog; licht toe welke maatregelen u neemt.");
  await page.getByLabel("Terugsturen met opmerkingen").check();
  await submitAndWait(page, page.getByRole("button", { name: "Beoordeling vastleggen" }));
  await expect(page.locator("body")).toContainText("De rapportage is teruggestuurd naar de opdrachtnemer.");
  await expectAccessible(page);

  // the school revises it in the form and submits again
  await switchUser(page, SCHOOL);
  await page.goto(periodUrl);
  await expect(page.getByRole("main")).toContainText("Het verzuim in Hoorn is hoog");
  await expectAccessible(page);
  await page.locator('[name="f.0.hoursAbsent"]').fill("80");
  await page.locator('[name="f.0.hoursAttended"]').fill("820");
  await page.getByLabel("Samenhang van taal, werk en participatie").fill("Extra begeleiding bij verzuim: na twee gemiste lessen belt de docent.");
  await submitAndWait(page, page.getByRole("button", { name: "Opslaan en indienen" }));
  await expect(page.locator("body")).toContainText("De rapportage is ingediend.");
  await expect(page.getByRole("main")).toContainText("Versie 2");
  await expectAccessible(page);

  // the contract manager accepts it; the contract page lists the period as accepted and the KPI
  // "voldaan binnen wettelijke termijn" of the period's year now counts its figures
  await switchUser(page, MANAGER);
  const periodYear = periodLabel.slice(0, 4);
  const kpiResults = () => kpiResultsOf(page, "Voldaan binnen wettelijke termijn (B1-route)", periodYear);
  const before = await kpiResults();
  await page.goto(periodUrl);
  await expectAccessible(page);
  // the attachment went in with the submission, and the contract manager can open it
  const attachmentLink = page.getByRole("link", { name: "toelichting verzuim.pdf" }).first();
  const attachmentResponse = await page.request.get((await attachmentLink.getAttribute("href"))!);
  expect(attachmentResponse.status()).toBe(200);
  expect((await attachmentResponse.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  await page.getByLabel("Accepteren").check();
  await submitAndWait(page, page.getByRole("button", { name: "Beoordeling vastleggen" }));
  await expect(page.locator("body")).toContainText("De rapportage is geaccepteerd.");
  await expectAccessible(page);

  await page.goto("/contracten");
  await page.getByRole("link", { name: /WF-2022-B1-01/ }).first().click();
  const reports = page.getByRole("region", { name: "Voortgangsrapportages" });
  await expect(reports.getByRole("row", { name: new RegExp(periodLabel) })).toContainText("Geaccepteerd");
  await expectAccessible(page);
  const after = await kpiResults();
  expect(after).not.toEqual(before);
  // every row of the template reported 8 of 10 in time: the year's figure grew by that much per row
  const rows = template.dataRows.length;
  expect(after.numerator - before.numerator).toBe(8 * rows);
  expect(after.denominator - before.denominator).toBe(10 * rows);
});

/** The year figure "<year>: <numerator> van <denominator>" of a KPI on the demo B1 contract's page. */
async function kpiResultsOf(page: Page, kpiName: string, year: string): Promise<{ numerator: number; denominator: number }> {
  await page.goto("/contracten");
  await page.getByRole("link", { name: /WF-2022-B1-01/ }).first().click();
  const kpi = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: kpiName, exact: true }) });
  await expect(kpi).toHaveCount(1);
  const line = kpi.getByText(/^Resultaten:/);
  if ((await line.count()) === 0) return { numerator: 0, denominator: 0 };
  const text = await line.innerText();
  const match = new RegExp(`${year}: ([\\d.]+) van ([\\d.]+)`).exec(text);
  const asNumber = (value: string) => Number(value.replaceAll(".", ""));
  return match ? { numerator: asNumber(match[1]!), denominator: asNumber(match[2]!) } : { numerator: 0, denominator: 0 };
}
