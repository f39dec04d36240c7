import type { Locator } from "@playwright/test";
import { expect, expectAccessible, logIn, test } from "./fixtures";

// The form of a KPI sits in a <details>; after a save it may still be open (client navigation).
async function openDetails(item: Locator) {
  const details = item.locator("details");
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await item.getByText("Wijzigen of resultaat vastleggen").click();
}

test("a contract manager creates a contract, sets KPIs and weights, amends it and reads the prestatiebekostiging", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, "contractmanager@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Contracten" }).click();
  await expect(page.getByRole("link", { name: "WF-DVO-2022", exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Nieuw contract" }).click();
  await expectAccessible(page);

  await page.getByLabel("Contractnummer").fill("WF-2027-KNM-01");
  await page.getByLabel("Omschrijving").fill("KNM in de eigen taal");
  await page.getByLabel("Soort contract").selectOption({ label: "Open house" });
  await page.getByLabel("Opdrachtnemer").selectOption({ label: "Lingua Westfriesland" });
  await page.getByRole("checkbox", { name: "KNM" }).check();
  await page.getByLabel("Startdatum").fill("2025-01-01");
  await page.getByLabel("Einddatum").fill("2024-12-31");
  await page.getByLabel("Plafondbedrag (euro)").fill("120.000");
  await page.getByRole("checkbox", { name: "Van toepassing op dit contract" }).check();
  await page.getByLabel(/Activeringsdatum prestatiebekostiging/).fill("2025-01-01");
  await page.getByRole("button", { name: "Contract vastleggen" }).click();
  await expect(page.locator("#endDate-fout")).toContainText("De einddatum moet na de startdatum liggen.");
  await expect(page.getByLabel("Omschrijving")).toHaveValue("KNM in de eigen taal");
  await expectAccessible(page);
  await page.getByLabel("Einddatum").fill("2026-12-31");
  await page.getByRole("button", { name: "Contract vastleggen" }).click();
  await expect(page.getByRole("status")).toContainText("als concept vastgelegd");
  await expectAccessible(page);

  // budget 2025, split over the municipalities
  await page.getByLabel("Jaar").first().selectOption("2025");
  await page.getByLabel("Verplichting in dat jaar (euro)").fill("60.000");
  await page.getByRole("button", { name: "Budget vastleggen" }).click();
  await expect(page.getByRole("status")).toContainText("Het budget 2025 is vastgelegd");
  await expect(page.getByRole("row", { name: /Hoorn/ }).first()).toContainText("€ 20.000,00");

  // KPIs with weights
  await page.getByLabel("Indicator uit het beleidskader toevoegen").selectOption({ label: "Klantbeleving (Alle leerroutes)" });
  await page.getByRole("button", { name: "Toevoegen" }).click();
  await expect(page.getByRole("status")).toHaveText("De indicator is toegevoegd.");
  await page.getByLabel("Indicator uit het beleidskader toevoegen").selectOption({ label: "Participeert lokaal (Alle leerroutes)" });
  await page.getByRole("button", { name: "Toevoegen" }).click();
  await expect(page.getByRole("status")).toHaveText("De indicator is toegevoegd.");

  const satisfaction = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Klantbeleving/ }) });
  await openDetails(satisfaction);
  await satisfaction.getByLabel("Weging").fill("3");
  await satisfaction.getByLabel("Betaalregel").selectOption({ label: "Drempel (alles of niets)" });
  await satisfaction.getByRole("button", { name: "Indicator opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("De indicator is opgeslagen.");
  const satisfactionAgain = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Klantbeleving/ }) });
  await expect(satisfactionAgain).toContainText("weging 3");
  await openDetails(satisfactionAgain);
  await satisfactionAgain.getByLabel("Jaar").selectOption("2025");
  await satisfactionAgain.getByLabel("Som van de scores").fill("380");
  await satisfactionAgain.getByLabel("Aantal respondenten").fill("50");
  await satisfactionAgain.getByRole("button", { name: "Resultaat vastleggen" }).click();
  await expect(page.getByRole("status")).toHaveText("Het resultaat over 2025 is vastgelegd.");

  // activate, then an amendment needs a reason
  await page.getByRole("button", { name: "Contract activeren" }).click();
  await expect(page.getByRole("status")).toHaveText("Het contract is actief.");
  await page.getByLabel("Plafondbedrag (euro)").fill("150.000");
  await page.getByRole("button", { name: "Wijziging vastleggen" }).click();
  await expect(page.getByRole("alert")).toContainText("reden");
  await page.getByLabel("Reden van de wijziging").last().fill("Meer deelnemers uit Hoorn");
  await page.getByLabel("Ingangsdatum").last().fill("2025-07-01");
  await page.getByLabel("Plafondbedrag (euro)").fill("150.000");
  await page.getByRole("button", { name: "Wijziging vastleggen" }).click();
  await expect(page.getByRole("status")).toHaveText("De contractwijziging is vastgelegd.");
  await expect(page.getByRole("region", { name: "Contractwijzigingen" })).toContainText("Meer deelnemers uit Hoorn");

  // a local offering for the local-connection goal
  await page.getByLabel("Aanbod koppelen").selectOption({ label: "Stichting Netwerk: fietsles voor vrouwen" });
  await page.getByRole("button", { name: "Koppelen" }).click();
  await expect(page.getByRole("status")).toHaveText("Het lokale aanbod is gekoppeld.");
  await expect(page.getByRole("region", { name: "Lokaal aanbod" })).toContainText("Hoorn: Stichting Netwerk – fietsles voor vrouwen");

  // prestatiebekostiging 2025: at stake 10 % of € 60.000; satisfaction 7,6 meets 7 (weight 3 of 4); local participation has no data
  await page.goto(`${page.url().split("?")[0]}?jaar=2025`);
  const payment = page.getByRole("region", { name: "Prestatiebekostiging 2025" });
  await expect(payment).toContainText("€ 6.000,00");
  await expect(payment).toContainText("€ 4.500,00");
  await expect(payment).toContainText("geen data");
  await expectAccessible(page);
});

test("a municipality viewer sees only its own municipality's money plus regional totals", async ({ page }) => {
  await logIn(page, "gemeente.hoorn@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Contracten" }).click();
  await page.getByRole("link", { name: "WF-DVO-2022", exact: true }).click();
  const budget = page.getByRole("region", { name: "Budget per gemeente" });
  await expect(budget).toContainText("Hoorn");
  await expect(budget).toContainText("Regio totaal");
  await expect(budget).not.toContainText("Medemblik");
  await expect(budget).not.toContainText("Opmeer");
  await expectAccessible(page);
});

test("the finance view shows the framework's printed totals; a municipality viewer sees only its own row", async ({ page }) => {
  await logIn(page, "contractmanager@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Financiën" }).click();
  const main = page.getByRole("main");
  await expect(main).toContainText("€ 2.127.336");
  await expect(main).toContainText("€ 1.243.503");
  await expect(main).toContainText("€ 434.330");
  await expect(main).toContainText("Medemblik");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Uitloggen" }).click();
  await logIn(page, "gemeente.opmeer@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Financiën" }).click();
  const funding = page.getByRole("region", { name: "Rijksbijdragen per geldstroom" });
  await expect(funding).toContainText("Opmeer");
  await expect(funding).toContainText("€ 2.127.336");
  for (const other of ["Hoorn", "Medemblik", "Drechterland", "Enkhuizen", "Koggenland", "Stede Broec"]) await expect(funding).not.toContainText(other);
  await expectAccessible(page);
});

test("a contract manager sets rates, a budget per cell, a contract-specific KPI and a document; the register filters by supplier", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, "contractmanager@westfriesland.test");
  await page.goto("/contracten/nieuw");
  await page.getByLabel("Contractnummer").fill("WF-2027-TAAL-01");
  await page.getByLabel("Omschrijving").fill("Taalcoaching op de werkvloer");
  await page.getByLabel("Soort contract").selectOption({ label: "Open house" });
  await page.getByLabel("Opdrachtnemer").selectOption({ label: "Lingua Westfriesland" });
  await page.getByRole("checkbox", { name: "KNM" }).check();
  await page.getByLabel("Startdatum").fill("2025-01-01");
  await page.getByLabel("Einddatum").fill("2026-12-31");
  await page.getByLabel("Plafondbedrag (euro)").fill("120.000");
  await page.getByRole("button", { name: "Contract vastleggen" }).click();
  await expect(page.getByRole("status")).toContainText("als concept vastgelegd");
  const contractUrl = page.url().split("?")[0]!;

  // rates: a refused row keeps what was typed, then the set is saved and shown read-only
  const rates = page.getByRole("region", { name: "Tarieven" });
  await rates.getByLabel("Naam van prijscomponent 1").fill("Traject");
  await rates.getByLabel("Eenheid van prijscomponent 1").selectOption({ label: "per traject" });
  await rates.getByLabel("Tarief van prijscomponent 1 in euro").fill("twaalf");
  await rates.getByLabel("Naam van prijscomponent 2").fill("Intake");
  await rates.getByLabel("Eenheid van prijscomponent 2").selectOption({ label: "per deelnemer" });
  await rates.getByLabel("Tarief van prijscomponent 2 in euro").fill("350,00");
  await rates.getByRole("button", { name: "Tarieven opslaan" }).click();
  await expect(page.getByRole("alert")).toContainText("Rij 1: Vul het tarief in als bedrag in euro");
  await expect(rates.getByLabel("Naam van prijscomponent 2")).toHaveValue("Intake");
  await expectAccessible(page);
  await rates.getByLabel("Tarief van prijscomponent 1 in euro").fill("12.500");
  await rates.getByRole("button", { name: "Tarieven opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("De tarieven zijn vastgelegd.");
  await expect(rates.getByRole("row", { name: /Traject/ }).first()).toContainText("€ 12.500,00");
  await expect(rates.getByRole("row", { name: /Intake/ }).first()).toContainText("per deelnemer");

  // budget 2025 by the quota, then per cell: parts that do not add up are refused in Dutch
  await page.getByLabel("Jaar").first().selectOption("2025");
  await page.getByLabel("Verplichting in dat jaar (euro)").fill("60.000");
  await page.getByRole("button", { name: "Budget vastleggen" }).click();
  await expect(page.getByRole("status")).toContainText("Het budget 2025 is vastgelegd");
  const budget = page.getByRole("region", { name: "Budget per gemeente" });
  await budget.getByText("Budget 2025 per gemeente en doelgroep wijzigen").click();
  await budget.getByLabel("Bedrag 2025 Hoorn, gezinsmigranten").fill("1.000");
  await budget.getByLabel("Aantal 2025 Hoorn, gezinsmigranten").fill("2");
  await budget.getByRole("button", { name: "Budget 2025 opslaan" }).click();
  await expect(page.getByRole("alert")).toContainText("telt op tot € 61.000,00; dat moet € 60.000,00 zijn");
  await expect(budget.getByLabel("Bedrag 2025 Hoorn, gezinsmigranten")).toHaveValue("1.000");
  await expectAccessible(page);
  await budget.getByLabel("Totaal 2025 (euro)").fill("61.000");
  await budget.getByRole("button", { name: "Budget 2025 opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("Het budget 2025 is per gemeente en doelgroep vastgelegd.");
  await expect(budget.getByRole("row", { name: /Hoorn/ }).filter({ hasText: "Gezinsmigranten" }).first()).toContainText("€ 1.000,00");
  await expect(budget.getByRole("row", { name: /Regio totaal/ })).toContainText("€ 61.000,00");

  // a contract-specific KPI
  await page.getByLabel("Naam van de indicator").fill("Verzuim");
  await page.getByLabel("Eenheid", { exact: true }).selectOption({ label: "Percentage" });
  await page.getByLabel("Richting").selectOption({ label: "Lager is beter" });
  await page.getByLabel("Doel", { exact: true }).fill("10");
  await page.getByRole("button", { name: "Contractspecifieke indicator vastleggen" }).click();
  await expect(page.getByRole("status")).toHaveText("De indicator is toegevoegd.");
  await expect(page.getByRole("heading", { name: "Verzuim" })).toBeVisible();

  // a document: uploaded, listed and downloaded with the tender download's headers
  const documents = page.getByRole("region", { name: "Documenten" });
  await documents.getByLabel("Titel van het document").fill("Ondertekende overeenkomst");
  await documents.getByLabel("Bestand").setInputFiles({ name: "overeenkomst.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\nondertekend\n%%EOF") });
  await documents.getByRole("button", { name: "Document uploaden" }).click();
  await expect(page.getByRole("status")).toContainText("Ondertekende overeenkomst");
  await expectAccessible(page);
  const href = await documents.getByRole("link", { name: "Ondertekende overeenkomst" }).getAttribute("href");
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["x-content-type-options"]).toContain("nosniff");
  expect(download.headers()["content-disposition"]).toContain("overeenkomst.pdf");
  const fileId = href!.split("/").at(-1)!;

  // the register, filtered by supplier; the filter travels with the Excel export
  await page.goto("/contracten");
  await page.getByLabel("Opdrachtnemer").selectOption({ label: "Lingua Westfriesland" });
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/aanbieder=/);
  await expect(page.getByRole("link", { name: "WF-2027-TAAL-01" })).toBeVisible();
  await expect(page.getByRole("link", { name: "WF-DVO-2022", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Exporteren naar Excel/ })).toHaveAttribute("href", /aanbieder=/);
  await expectAccessible(page);

  // the same file through another contract is not found
  await page.getByLabel("Opdrachtnemer").selectOption("");
  await page.getByRole("button", { name: "Filteren" }).click();
  const otherHref = await page.getByRole("link", { name: "WF-DVO-2022", exact: true }).getAttribute("href");
  expect((await page.request.get(`${otherHref}/documenten/${fileId}`)).status()).toBe(404);

  // the contract's own supplier downloads it; another supplier does not find it
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await logIn(page, "aanbieder@lingua-westfriesland.test");
  await page.goto(contractUrl);
  await expect(page.getByRole("region", { name: "Tarieven" })).toContainText("€ 12.500,00");
  await expect(page.getByRole("button", { name: "Tarieven opslaan" })).toHaveCount(0);
  expect((await page.request.get(href!)).status()).toBe(200);
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await logIn(page, "rit@werksaam.test");
  expect((await page.request.get(href!)).status()).toBe(404);
});
