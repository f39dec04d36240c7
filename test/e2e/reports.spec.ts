import { expect, expectAccessible, logIn, submitAndWait, test } from "./fixtures";

// Progress reports (issue 6, first increment): the periods of a contract appear from its
// reporting schedule; a language school fills in a period's figures by web form and saves a
// draft; the contract manager sees the periods of the contracts. Every page is scanned with axe.

test("a language school sees its reporting periods and saves a draft of one by web form", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, "aanbieder@taalinstituut-dehorn.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn rapportages" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("WF-2022-B1-01");
  await expectAccessible(page);

  await page.getByRole("link", { name: "2025-K4" }).first().click();
  await expect(page.getByRole("main")).toContainText("2025-K4");
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
  await expect(page.getByRole("main")).toContainText("WF-2022-B1-01");
  await expectAccessible(page);
});
