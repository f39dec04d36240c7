import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, expectAccessible, logIn, test } from "./fixtures";

// A demo supplier submits an offer on the demo tender (open for offers: its deadline lies five
// weeks after the seed). Perceel 8 (Tolken) is used so the procurement journey, which works on
// other lots, is not disturbed.
const TENDER = "Leerroutes inburgering Westfriesland 2022–2025";
const LOT = "Perceel 8: Tolken";

/** A small PDF, made here: the portal only checks that the content really is a PDF. */
function smallPdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

test("a supplier fills in an offer on one lot, adds a PDF, submits, sees the receipt hash and downloads the receipt", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await logIn(page, "aanbieder@taalinstituut-dehorn.test");

  await page.goto("/aanbestedingen");
  await page.getByRole("link", { name: TENDER }).click();
  await page.getByRole("navigation", { name: "Onderdelen van de aanbesteding" }).getByRole("link", { name: "Mijn inschrijving" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Mijn inschrijving" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Inschrijven tot");
  await expectAccessible(page);

  const row = page.getByRole("row", { name: new RegExp(LOT) });
  await expect(row).toContainText("Nog niet begonnen");
  await row.getByRole("link", { name: /Inschrijven: perceel 8/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Inschrijving perceel 8: Tolken" })).toBeVisible();
  await expectAccessible(page);

  // --- submitting too early: every missing part is named, and what was typed stays
  await page.getByLabel("Tarief per tolkuur: prijs per uur (euro)").fill("62,50");
  await page.getByRole("button", { name: "Inschrijving indienen" }).click();
  const problems = page.getByRole("alert").filter({ hasText: "Er is een probleem" });
  await expect(problems).toContainText("Beantwoord het gunningscriterium ‘Integrale aanpak taal, werk en participatie’.");
  await expect(problems).toContainText("Geef aan of u voldoet aan de eis ‘Kwartaalrapportage per gemeente’.");
  await expect(problems).toContainText("Verklaar dat de gegevens in het Uniform Europees Aanbestedingsdocument (UEA) juist en volledig zijn.");
  await expect(page.getByLabel("Tarief per tolkuur: prijs per uur (euro)")).toHaveValue("62,50");
  await expectAccessible(page);

  // --- the offer form, section by section
  await page.getByLabel(/^Integrale aanpak taal, werk en participatie/).fill("Tolken zijn vanaf de brede intake beschikbaar, ook bij werkgevers en stageplekken.");
  await page.getByLabel(/^Lokale verbinding en vrijwilligers/).fill("Wij werken met tolken uit de regio en met de taalmaatjes van de gemeenten.");
  await page.getByLabel(/^Klantbeleving en maatwerk/).fill("Na elke inzet vragen wij de inburgeraar en de consulent om een korte beoordeling.");
  await page.getByLabel(/^Locaties in de regio/).fill("Tolken komen naar het gemeentehuis of werken via een beveiligde videoverbinding.");
  for (const requirement of ["Eis: Kwartaalrapportage per gemeente", "Eis: Lesaanbod binnen de regio", "Wens: Duale trajecten", "Wens: Samenwerking met lokaal aanbod", "Wens: Jaarlijks klantonderzoek"]) {
    await page.getByRole("group", { name: requirement }).getByLabel("Ja, wij voldoen hieraan").check();
  }
  await page.getByLabel("Toelichting bij ‘Duale trajecten’").fill("Tolken ondersteunen ook op de werkvloer, zodat taal en werk samen opgaan.");
  await page.getByLabel("Toelichting bij ‘Samenwerking met lokaal aanbod’").fill("Wij verwijzen naar het lokale aanbod in de eigen gemeente.");
  await page.getByLabel("Toelichting bij ‘Jaarlijks klantonderzoek’").fill("Jaarlijks onderzoek onder inburgeraars en consulenten, met verbeterplan.");
  await page.getByLabel(/Ik verklaar namens Taalinstituut De Horn/).check();
  await page.getByLabel("Ondertekend door (naam)").fill("Marieke Bakker");
  await page.getByLabel("Functie van de ondertekenaar").fill("Directeur");

  // --- a PDF through the real file chooser; adding it also saves what was typed
  await page.getByLabel("Hoort bij").selectOption({ label: "Gunningscriterium: Integrale aanpak taal, werk en participatie" });
  await page.getByLabel("PDF-bestand").setInputFiles({ name: "plan-van-aanpak-tolken.pdf", mimeType: "application/pdf", buffer: smallPdf("plan van aanpak tolken") });
  await page.getByRole("button", { name: "Bijlage toevoegen" }).click();
  await expect(page.getByRole("status")).toContainText("De bijlage “plan-van-aanpak-tolken.pdf” is toegevoegd");
  await expect(page.getByRole("table", { name: "Bijlagen in het concept" })).toContainText("plan-van-aanpak-tolken.pdf");
  await expect(page.getByLabel("Ondertekend door (naam)")).toHaveValue("Marieke Bakker");
  await expect(page.getByRole("table", { name: "Berekende totalen (opgeslagen concept)" })).toContainText("€ 367.500,00"); // 62,50 × 5.880 uur
  await expectAccessible(page);

  // --- submit: the receipt with its SHA-256
  await page.getByRole("button", { name: "Inschrijving indienen" }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText("Uw inschrijving is ingediend: versie 1");
  const hash = /Controlewaarde \(SHA-256\): ([0-9a-f]{64})/.exec((await status.textContent()) ?? "")?.[1];
  expect(hash, "the flash shows the receipt hash").toBeTruthy();
  const receipt = page.getByRole("region", { name: "Ontvangstbewijs van versie 1" });
  await expect(receipt).toContainText(hash!);
  await expect(page.getByRole("main")).toContainText("Ingediend (versie 1");
  await expectAccessible(page);

  // --- the receipt as PDF holds the same hash
  const [download] = await Promise.all([page.waitForEvent("download"), receipt.getByRole("link", { name: "Ontvangstbewijs versie 1 downloaden (PDF)" }).click()]);
  expect(download.suggestedFilename()).toBe("ontvangstbewijs-WF-INB-2022-01-perceel-8-v1.pdf");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ontvangstbewijs-")), "ontvangstbewijs.pdf");
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  const pdftotext = process.env.PDFTOTEXT ?? "/usr/bin/pdftotext";
  expect(existsSync(pdftotext), "pdftotext (poppler-utils) is needed to read the PDF").toBe(true);
  const text = execFileSync(pdftotext, ["-raw", file, "-"]).toString().replace(/\s+/g, " ");
  expect(text).toContain(hash!);
  expect(text).toContain("Taalinstituut De Horn");
  expect(text).toContain("plan-van-aanpak-tolken.pdf");
  expect(text).toContain("RFC 8785");

  // --- the overview shows the submitted offer
  await page.getByRole("link", { name: "← Alle percelen" }).click();
  await expect(page.getByRole("row", { name: new RegExp(LOT) })).toContainText("Ingediend (versie 1)");
  await expectAccessible(page);
  await context.close();
});
