import { expect, expectAccessible, logIn, submitAndWait, test } from "./fixtures";

// Progress reports (issue 6, first increment): the periods of a contract appear from its
// reporting schedule; a language school fills in a period's figures by web form and saves a
// draft; the contract manager sees the periods of the contracts. Every page is scanned with axe.

test("a language school sees its reporting periods and saves a draft of a returned one by web form", async ({ page }) => {
  test.setTimeout(120_000);
  // the demo's reports are accepted up to the last quarter; the onderwijsroute's latest one was
  // returned with a comment, so the school revises it (the B1-route's overdue period is left to
  // report-upload.spec.ts, which may run at the same time)
  await logIn(page, "aanbieder@lingua-westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn rapportages" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("WF-2022-OR-01");
  await expectAccessible(page);

  const returned = page.getByRole("table", { name: "Teruggestuurd" }).getByRole("link").first();
  const label = (await returned.textContent())!.trim();
  await returned.click();
  await expect(page.getByRole("main")).toContainText(label);
  await expectAccessible(page);
  const started = page.getByRole("main").locator('input[name$="started"]').first();
  await started.fill("12");
  await submitAndWait(page, page.getByRole("button", { name: /Concept opslaan/ }).first());
  await expect(page.getByRole("main").locator('input[name$="started"]').first()).toHaveValue("12");
  await expectAccessible(page);
});

test("a contract manager sees the reports of the contracts", async ({ page }) => {
  await logIn(page, "contractmanager@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Rapportages" }).click();
  // what is overdue depends on the other specs (one reports by Excel, one adds a contract); the
  // tables are there and the accepted demo history shows on the contract page
  await expect(page.getByRole("heading", { level: 2, name: "Te beoordelen" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Te late rapportages" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Contracten" }).click();
  await page.getByRole("link", { name: "WF-2022-B1-01", exact: true }).click();
  const history = page.getByRole("table", { name: "Voortgangsrapportages van dit contract" });
  await expect(history.getByRole("row", { name: /2025-K4/ })).toContainText("Geaccepteerd");
  await expectAccessible(page);
});
