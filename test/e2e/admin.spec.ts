import { expect, expectAccessible, logIn, test } from "./fixtures";

test("an administrator adds an organisation, with Dutch errors for a bad and a duplicate KvK number", async ({ page }) => {
  await logIn(page, "beheerder@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Organisaties" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Organisaties" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Nieuwe organisatie" }).click();
  await expectAccessible(page);

  await page.getByLabel("Soort organisatie").selectOption({ label: "Taalschool" });
  await page.getByLabel("Naam", { exact: true }).fill("Taalcentrum Medemblik");
  await page.getByLabel("KvK-nummer").fill("1234567");
  await page.getByLabel("Straat en huisnummer").fill("Nieuwstraat 4");
  await page.getByLabel("Postcode").fill("1671bb");
  await page.getByLabel("Plaats").fill("Medemblik");
  await page.getByLabel("Contactpersoon", { exact: true }).fill("Fatima Yilmaz");
  await page.getByLabel("E-mailadres contactpersoon").fill("fatima@taalcentrum-medemblik.test");
  await page.getByRole("button", { name: "Organisatie toevoegen" }).click();

  await expect(page.locator("#kvkNumber-fout")).toHaveText("Fout: Het KvK-nummer bestaat uit precies 8 cijfers.");
  await expect(page.getByLabel("Naam", { exact: true })).toHaveValue("Taalcentrum Medemblik");
  await expect(page.getByLabel("KvK-nummer")).toHaveValue("1234567");
  await expectAccessible(page);

  // the KvK number of a demo organisation
  await page.getByLabel("KvK-nummer").fill("71234508");
  await page.getByRole("button", { name: "Organisatie toevoegen" }).click();
  await expect(page.locator("#kvkNumber-fout")).toContainText("Er is al een organisatie met KvK-nummer 71234508.");
  await expect(page.getByLabel("Plaats")).toHaveValue("Medemblik");

  await page.getByLabel("KvK-nummer").fill("81234567");
  await page.getByRole("button", { name: "Organisatie toevoegen" }).click();
  await expect(page).toHaveURL(/\/beheer\/organisaties$/);
  await expect(page.getByRole("status")).toHaveText("Taalcentrum Medemblik is toegevoegd.");
  await expect(page.getByRole("row", { name: /Taalcentrum Medemblik/ })).toContainText("81234567");
  await expectAccessible(page);
});

test("an administrator creates a supplier account, and it can log in", async ({ page, browser }) => {
  await logIn(page, "beheerder@westfriesland.test");
  await page.goto("/beheer/gebruikers/nieuw");
  await expectAccessible(page);
  await page.getByLabel("Naam", { exact: true }).fill("Youssef Amrani");
  await page.getByLabel("E-mailadres").fill("Youssef@Lingua-Westfriesland.test");
  await page.getByLabel("Eerste wachtwoord").fill("kort");
  await page.getByRole("checkbox", { name: "Aanbieder" }).check();
  await page.getByRole("button", { name: "Gebruiker aanmaken" }).click();
  await expect(page.locator("#password-fout")).toContainText("minstens 12 tekens");
  await expect(page.locator("#organisationId-fout")).toContainText("Kies de organisatie van deze aanbieder.");
  await expect(page.getByRole("checkbox", { name: "Aanbieder" })).toBeChecked();
  await expect(page.getByLabel("E-mailadres")).toHaveValue("Youssef@Lingua-Westfriesland.test");
  await expectAccessible(page);

  await page.getByLabel("Eerste wachtwoord").fill("een-lang-genoeg-wachtwoord");
  await page.getByLabel("Organisatie (voor de rol Aanbieder)").selectOption({ label: "Lingua Westfriesland" });
  await page.getByRole("button", { name: "Gebruiker aanmaken" }).click();
  await expect(page).toHaveURL(/\/beheer\/gebruikers$/);
  await expect(page.getByRole("status")).toHaveText("Account voor Youssef Amrani aangemaakt.");
  await expect(page.getByRole("row", { name: /Youssef Amrani/ })).toContainText("Lingua Westfriesland");

  const context = await browser.newContext();
  const other = await context.newPage();
  await logIn(other, "youssef@lingua-westfriesland.test", "een-lang-genoeg-wachtwoord");
  await expect(other.getByRole("banner")).toContainText("Lingua Westfriesland");
  await context.close();
});

test("an administrator deactivates an account and its user can no longer log in", async ({ page, browser }) => {
  const context = await browser.newContext();
  const victim = await context.newPage();
  await logIn(victim, "aanbieder@samenthuis.test");
  await expect(victim).toHaveURL(/\/overzicht$/);

  await logIn(page, "beheerder@westfriesland.test");
  await page.goto("/beheer/gebruikers");
  await page.getByRole("link", { name: "Kees Dekker" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Account deactiveren" }).click();
  await expect(page.getByRole("status")).toHaveText("Het account is gedeactiveerd.");
  await expect(page.getByRole("region", { name: "Geschiedenis" })).toContainText("Account van Kees Dekker gedeactiveerd");

  // the open session ends at once
  await victim.goto("/overzicht");
  await expect(victim).toHaveURL(/\/login/);
  await logIn(victim, "aanbieder@samenthuis.test");
  await expect(victim.getByRole("alert")).toContainText("onjuist");
  await context.close();

  await page.getByRole("button", { name: "Account activeren" }).click();
  await expect(page.getByRole("status")).toHaveText("Het account is weer actief.");
});

test("the audit log shows who changed what", async ({ page }) => {
  await logIn(page, "beheerder@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Auditlog" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Auditlog" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Bas Beheer ingelogd");
  await expectAccessible(page);
});

test("the region page shows the framework's figures and KPI targets", async ({ page }) => {
  await logIn(page, "projectgroep1@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Regio en beleidsdoelen" }).click();
  await expect(page.getByRole("row", { name: /Regio Westfriesland/ }).first()).toContainText("150");
  await expect(page.getByRole("row", { name: /Hoorn/ }).last()).toContainText("€ 805.890");
  await expect(page.getByRole("row", { name: /Voldaan binnen wettelijke termijn/ }).filter({ hasText: "Z-route" })).toContainText("≥ 90 %");
  await expectAccessible(page);
});
