import { readFileSync } from "node:fs";
import type { Download, Page } from "@playwright/test";
import { expect, expectAccessible, logIn, test } from "./fixtures";

// The dashboard (issue 7): the contract manager steers — KPIs against targets, the trend, a
// selection by leerroute and municipality kept in the URL, a drill-down, and the Excel and PDF
// downloads; a municipality viewer sees its own municipality beside the regional totals and is
// refused another municipality. Every state visited is scanned with axe.

function main(page: Page) {
  return page.getByRole("main");
}

/** A filter select by its exact label (region names such as "Geld per gemeente" also contain the word). */
function filter(page: Page, label: string) {
  return main(page).getByLabel(label, { exact: true });
}

async function firstBytes(download: Download, count: number): Promise<string> {
  const file = await download.path();
  expect(file, "the download was saved").toBeTruthy();
  return readFileSync(file!).subarray(0, count).toString("latin1");
}

async function openDashboard(page: Page) {
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Dashboard", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

test("a contract manager reads the KPIs, filters on Z-route in Medemblik, drills down and downloads the reports", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, "contractmanager@westfriesland.test");
  await openDashboard(page);

  // the KPIs against their targets, with the status in words
  const kpis = page.getByRole("table", { name: /^Indicatoren .* tegen het doel$/ });
  await expect(kpis).toBeVisible();
  await expect(kpis.getByRole("columnheader", { name: "Doel", exact: true })).toBeVisible();
  await expect(kpis).toContainText("Voldaan binnen wettelijke termijn");
  await expect(kpis).toContainText(/Behaald|Risico|Niet behaald/);
  await expect(kpis).toContainText("≥ 75 %");
  // every chart has a summary for screen readers and a table with the same numbers beside it
  await expect(main(page).getByRole("img", { name: /^Trend van / }).first()).toBeVisible();
  await expect(main(page).getByRole("table", { name: /^Cijfers per periode: / }).first()).toBeVisible();
  expect(await main(page).getByRole("img", { name: /^Trend van / }).count()).toBe(await main(page).getByRole("table", { name: /^Cijfers per periode: / }).count());
  await expect(main(page)).toContainText("< 5: kleine aantallen worden niet getoond");
  await expect(main(page)).toContainText("x: niet getoond, omdat anders een klein aantal uit het totaal te berekenen is");
  await expect(page.getByRole("region", { name: "Tijdigheid van de rapportages", exact: true })).toContainText("WF-");
  await expect(page.getByRole("region", { name: "Geld per gemeente", exact: true })).toContainText("Regionaal totaal");
  await expect(page.getByRole("region", { name: "Prestatiebekostiging", exact: true })).toContainText(/Schaduwberekening|Actief|geen contracten met prestatiebekostiging/);
  await expectAccessible(page);

  // the selection goes through the form and stays in the URL
  await filter(page, "Leerroute").selectOption({ label: "Z-route" });
  await filter(page, "Gemeente").selectOption({ label: "Medemblik" });
  await page.getByRole("button", { name: "Filters toepassen" }).click();
  await expect(page).toHaveURL(/[?&]leerroute=z(&|$)/);
  await expect(page).toHaveURL(/[?&]gemeente=[0-9a-f-]{36}(&|$)/);
  await expect(page).not.toHaveURL(/=(&|$)/); // no empty parameters
  await expect(filter(page, "Leerroute")).toHaveValue("z");
  await expect(filter(page, "Gemeente").locator("option:checked")).toHaveText("Medemblik");
  await expect(main(page)).toContainText("gemeente Medemblik, leerroute Z-route");
  await expect(page.getByRole("link", { name: "Download contractrapportage (Excel)" })).toHaveAttribute("href", /leerroute=z/);
  await expectAccessible(page);

  // drill down into a contract: its filter is added to the selection
  const contractLink = page.getByRole("region", { name: "Per contract", exact: true }).getByRole("link").first();
  await expect(contractLink).toBeVisible();
  const contractLabel = ((await contractLink.textContent()) ?? "").trim();
  await contractLink.click();
  await expect(page).toHaveURL(/[?&]contract=[0-9a-f-]{36}(&|$)/);
  await expect(page).toHaveURL(/[?&]leerroute=z(&|$)/);
  await expect(page).toHaveURL(/[?&]gemeente=[0-9a-f-]{36}(&|$)/);
  await expect(filter(page, "Contract").locator("option:checked")).toHaveText(contractLabel);
  await expectAccessible(page);

  // the Excel contract report of this selection: an xlsx is a zip file
  const excelLink = page.getByRole("link", { name: "Download contractrapportage (Excel)" });
  await expect(excelLink).toHaveAttribute("href", /^\/dashboard\/contractrapportage\.xlsx\?.*contract=/);
  const [excel] = await Promise.all([page.waitForEvent("download"), excelLink.click()]);
  expect(excel.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(await firstBytes(excel, 2)).toBe("PK");

  // the yearly progress report as PDF
  const pdfLink = page.getByRole("link", { name: /^Download voortgangsrapportage \d{4} \(PDF\)$/ });
  await expect(pdfLink).toHaveAttribute("href", /^\/dashboard\/voortgangsrapportage\.pdf\?jaar=\d{4}$/);
  const [pdf] = await Promise.all([page.waitForEvent("download"), pdfLink.click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(await firstBytes(pdf, 5)).toBe("%PDF-");

  // "Filters wissen" returns to the whole region
  await page.getByRole("link", { name: "Filters wissen" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(filter(page, "Leerroute")).toHaveValue("");

  // a hand-edited page number: a Dutch error, the first page; the region's seven municipalities
  // fit on one page, so there are no page links
  await page.goto("/dashboard?gemeentepagina=twee");
  await expect(main(page)).toContainText("Een paginanummer is een getal. U ziet de eerste pagina van de uitsplitsing per gemeente.");
  const perMunicipality = page.getByRole("region", { name: "Per gemeente", exact: true });
  await expect(perMunicipality.getByRole("link", { name: "Hoorn", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Pagina's van de uitsplitsing per gemeente" })).toHaveCount(0);
  await expectAccessible(page);
});

test("a municipality viewer sees its own municipality beside the regional totals, and not another municipality", async ({ page }) => {
  test.setTimeout(120_000);
  // another municipality's id, as the contract manager's filter offers it
  await logIn(page, "contractmanager@westfriesland.test");
  await page.goto("/dashboard");
  const medemblik = await filter(page, "Gemeente").locator("option", { hasText: "Medemblik" }).getAttribute("value");
  expect(medemblik).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Uitloggen" }).click();

  await logIn(page, "gemeente.opmeer@westfriesland.test");
  await openDashboard(page);
  await expect(main(page)).toContainText("Gemeente: Opmeer (uw gemeente), naast de regionale totalen");
  await expect(filter(page, "Gemeente")).toHaveCount(0);
  const kpis = page.getByRole("table", { name: /^Indicatoren .*: Opmeer en regionaal, tegen het doel$/ });
  await expect(kpis.getByRole("columnheader", { name: "Regionaal", exact: true })).toBeVisible();
  await expect(kpis.getByRole("columnheader", { name: "Behaald Opmeer", exact: true })).toBeVisible();
  const money = page.getByRole("region", { name: "Geld per gemeente", exact: true });
  await expect(money).toContainText("Opmeer");
  await expect(money).toContainText("Regionaal totaal");
  await expect(money).not.toContainText("Medemblik");
  await expect(money).not.toContainText("Hoorn");
  await expectAccessible(page);

  // another municipality's figures are refused
  const refused = await page.goto(`/dashboard?gemeente=${medemblik}`);
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
  await expectAccessible(page);
});
