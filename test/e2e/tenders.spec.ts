import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, expectAccessible, logIn, test } from "./fixtures";

// Dates relative to today, as the projectgroep would type them (Dutch local time).
function amsterdamDate(daysFromNow: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + daysFromNow * 86_400_000));
  return parts;
}

const title = "Tolkdiensten Westfriesland 2027";
const question = "Mogen tolken ook via een beveiligde videoverbinding worden ingezet bij de brede intake?";
const answer = "Ja, mits de verbinding voldoet aan de beveiligingseisen van de gemeente en de inburgeraar daarmee instemt.";

test.describe.configure({ mode: "serial" });

test("the projectgroep drafts and publishes a tender; a supplier asks, reads the Nota van Inlichtingen and downloads the PvE", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // --- the projectgroep drafts
  await logIn(page, "projectgroep1@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Aanbestedingen" }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Nieuwe aanbesteding" }).click();
  await expectAccessible(page);
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Kenmerk").fill("WF-TOLK-2027-01");
  await page.getByLabel("Geraamde waarde (euro, excl. btw)").fill("250.000");
  await page.getByLabel("Looptijd (jaren)").fill("2");
  await page.getByLabel("Verlengingsopties").fill("1");
  await page.getByRole("button", { name: "Concept aanmaken" }).click();
  await expect(page.getByRole("status")).toContainText("Het concept is aangemaakt");
  const tenderUrl = page.url().replace(/\/bewerken$/, "");
  await expectAccessible(page);

  // the timeline, with a Dutch error for an order that does not hold
  await page.getByLabel("Publicatiedatum").fill(amsterdamDate(0));
  await page.getByLabel("Uiterste moment voor vragen").fill(`${amsterdamDate(10)}T12:00`);
  await page.getByLabel("Datum Nota van Inlichtingen").fill(amsterdamDate(14));
  await page.getByLabel("Sluiting inschrijving").fill(`${amsterdamDate(12)}T12:00`);
  await page.getByLabel("Voorgenomen gunningsbeslissing").fill(amsterdamDate(40));
  await page.getByLabel("Start contract").fill(amsterdamDate(90));
  await page.getByRole("button", { name: "Planning opslaan" }).click();
  await expect(page.getByRole("alert")).toContainText("Nota van Inlichtingen");
  await expect(page.getByLabel("Sluiting inschrijving")).toHaveValue(`${amsterdamDate(12)}T12:00`);
  await expectAccessible(page);
  await page.getByLabel("Sluiting inschrijving").fill(`${amsterdamDate(30)}T12:00`);
  await page.getByRole("button", { name: "Planning opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("De planning is opgeslagen.");

  // a lot with a price component
  await page.getByRole("navigation", { name: "Onderdelen van de aanbesteding" }).getByRole("link", { name: "Percelen" }).click();
  await expectAccessible(page);
  await page.getByLabel("Naam van het perceel").fill("Tolken bij intake en PIP");
  await page.getByLabel("Dienst").selectOption({ label: "Tolken" });
  await page.getByLabel("Plafondbedrag (euro, excl. btw)").fill("250.000");
  await page.getByLabel("Aandeel van de instroom (%)").fill("100");
  await page.getByRole("button", { name: "Perceel toevoegen" }).click();
  await expect(page.getByRole("status")).toContainText("Perceel 1 is toegevoegd");
  await expectAccessible(page);
  await page.getByLabel("Naam van prijscomponent 1").fill("Tarief per tolkuur");
  await page.getByLabel("Eenheid van prijscomponent 1").selectOption({ label: "per uur" });
  await page.getByLabel("Verwachte hoeveelheid van prijscomponent 1").fill("1470");
  await page.getByRole("button", { name: "Prijscomponenten opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("De prijscomponenten zijn opgeslagen.");

  // award criteria: weights must add up to 100
  await page.getByRole("navigation", { name: "Onderdelen van de aanbesteding" }).getByRole("link", { name: "Eisen en criteria" }).click();
  await expectAccessible(page);
  await page.getByLabel("Naam (rij 1)").fill("Kwaliteit en beschikbaarheid van tolken");
  await page.getByLabel("Weging (rij 1)").fill("60");
  await page.getByLabel("Naam (rij 2)").fill("Prijs");
  await page.getByLabel("Soort (rij 2)").selectOption({ label: "Prijs" });
  await page.getByLabel("Weging (rij 2)").fill("30");
  await page.getByRole("button", { name: "Gunningscriteria opslaan" }).click();
  await expect(page.getByRole("alert")).toContainText("90");
  await expect(page.getByLabel("Naam (rij 1)")).toHaveValue("Kwaliteit en beschikbaarheid van tolken");
  await expectAccessible(page);
  await page.getByLabel("Weging (rij 1)").fill("70");
  await page.getByRole("button", { name: "Gunningscriteria opslaan" }).click();
  await expect(page.getByRole("status")).toBeVisible();

  // publish
  await page.goto(`${tenderUrl}/bewerken`);
  await page.getByRole("button", { name: "Publiceren", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Versie 1 is gepubliceerd");
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectAccessible(page);

  // --- a supplier finds it and asks a question
  const supplierContext = await browser.newContext({ acceptDownloads: true });
  const supplier = await supplierContext.newPage();
  await logIn(supplier, "aanbieder@taalschool-zuiderzee.test");
  await supplier.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Aanbestedingen" }).click();
  await supplier.getByLabel("Leerroute").selectOption({ label: "Alle" });
  await supplier.getByRole("link", { name: title }).click();
  await expect(supplier.getByRole("heading", { name: "Tolken bij intake en PIP" })).toBeVisible();
  await expectAccessible(supplier);
  await supplier.getByRole("navigation", { name: "Onderdelen van de aanbesteding" }).getByRole("link", { name: "Vragen" }).click();
  await expectAccessible(supplier);
  await supplier.getByLabel("Uw vraag").fill(question);
  await supplier.getByRole("button", { name: "Vraag versturen" }).click();
  await expect(supplier.getByRole("status")).toBeVisible();
  await expect(supplier.getByText(question)).toBeVisible();
  await expectAccessible(supplier);

  // --- the projectgroep answers and publishes the Nota van Inlichtingen
  await page.goto(`${tenderUrl}/vragen`);
  await expect(page.getByText("Taalschool Zuiderzee")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Antwoord").first().fill(answer);
  await page.getByLabel("Onderwerp").first().fill("Werkwijze");
  await page.getByRole("button", { name: "Antwoord opslaan" }).first().click();
  await expect(page.getByRole("status")).toContainText("Het antwoord is opgeslagen");
  await page.getByRole("button", { name: "Nota van Inlichtingen publiceren" }).click();
  // not just "Nota van Inlichtingen": the answer's own message names it too
  await expect(page.getByRole("status")).toContainText("van de Nota van Inlichtingen is gepubliceerd");

  // --- the supplier reads it, without anyone's name
  await supplier.goto(`${tenderUrl}/nota-van-inlichtingen`);
  const notice = supplier.getByRole("main");
  await expect(notice).toContainText(question);
  await expect(notice).toContainText(answer);
  await expect(notice).not.toContainText("Taalschool Zuiderzee");
  await expectAccessible(supplier);

  // --- the PvE as PDF, with the lot and the NvI in it
  await supplier.goto(tenderUrl);
  const [download] = await Promise.all([supplier.waitForEvent("download"), supplier.getByRole("link", { name: "Programma van eisen (PDF)" }).click()]);
  expect(download.suggestedFilename()).toBe("PvE-WF-TOLK-2027-01-v1.pdf");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pve-")), "pve.pdf");
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  const pdftotext = process.env.PDFTOTEXT ?? "/usr/bin/pdftotext";
  expect(existsSync(pdftotext), "pdftotext (poppler-utils) is needed to read the PDF").toBe(true);
  const text = execFileSync(pdftotext, ["-layout", file, "-"]).toString().replace(/\s+/g, " ");
  expect(text).toContain("Tolken bij intake en PIP");
  expect(text).toContain("Tarief per tolkuur");
  expect(text).toContain("Nota van Inlichtingen");
  expect(text).toContain("beveiligde videoverbinding");
  await supplierContext.close();
});

test("the demo tender is open for questions and every supplier can read it", async ({ page }) => {
  await logIn(page, "aanbieder@samenthuis.test");
  await page.goto("/aanbestedingen");
  await expect(page.getByRole("link", { name: "Leerroutes inburgering Westfriesland 2022–2025" })).toBeVisible();
  await expect(page.getByText(/Vragen tot: .* \(nog \d+ dagen/).first()).toBeVisible();
  await page.getByRole("link", { name: "Leerroutes inburgering Westfriesland 2022–2025" }).click();
  await page.getByRole("navigation", { name: "Onderdelen van de aanbesteding" }).getByRole("link", { name: "Nota van Inlichtingen" }).click();
  await expect(page.getByRole("main")).toContainText("1.600 uur");
  await expectAccessible(page);
});
