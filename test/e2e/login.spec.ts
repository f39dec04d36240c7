import { demoAccounts } from "../../app/domain/demo/demo-accounts";
import { roleLabels } from "../../app/domain/identity/roles";
import { expect, expectAccessible, logIn, test } from "./fixtures";

for (const account of demoAccounts) {
  test(`${account.description} (${account.email}) logs in and sees the start page`, async ({ page }) => {
    await logIn(page, account.email);
    await expect(page).toHaveURL(/\/overzicht$/);
    await expect(page.getByRole("heading", { level: 1, name: "Mijn overzicht" })).toBeVisible();
    const banner = page.getByRole("banner");
    await expect(banner).toContainText(account.name);
    for (const role of account.roles) await expect(banner).toContainText(roleLabels[role]);
    await expectAccessible(page);
  });
}

test("a wrong password gets a Dutch error and keeps the e-mail address", async ({ page }) => {
  await logIn(page, "beheerder@westfriesland.test", "niet-het-goede-wachtwoord");
  await expect(page.getByRole("alert")).toContainText("Het e-mailadres of het wachtwoord is onjuist.");
  await expect(page.getByLabel("E-mailadres")).toHaveValue("beheerder@westfriesland.test");
  await expect(page.getByLabel("Wachtwoord")).toHaveValue("");
  await expectAccessible(page);
});

test("a malformed e-mail address and an empty password get messages at their fields", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill("geen-adres");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page.locator("#email-fout")).toContainText("Vul een geldig e-mailadres in");
  await expect(page.locator("#password-fout")).toContainText("Vul uw wachtwoord in.");
  await expect(page.getByLabel("E-mailadres")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("E-mailadres")).toHaveValue("geen-adres");
  await expectAccessible(page);
});

test("after five failures an account is throttled with a Dutch message", async ({ page }) => {
  const email = "onbekend-account@westfriesland.test";
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await logIn(page, email, `fout-${attempt}`);
    await expect(page.getByRole("alert")).toContainText("onjuist");
  }
  await logIn(page, email, "nog-een-poging");
  await expect(page.getByRole("alert")).toContainText("Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw.");
});

test("a request without a session is sent to the login page and returns there after login", async ({ page }) => {
  await page.goto("/beheer/organisaties");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbeheer%2Forganisaties$/);
  await logIn(page, "beheerder@westfriesland.test", undefined, { fromCurrentPage: true });
  await expect(page).toHaveURL(/\/beheer\/organisaties$/);
  await expect(page.getByRole("heading", { level: 1, name: "Organisaties" })).toBeVisible();
});

test("a login form cannot send the user to another site afterwards", async ({ page }) => {
  await page.goto("/login?redirectTo=%2F%2Fevil.example%2Fphish");
  await logIn(page, "beoordelaar1@westfriesland.test", undefined, { fromCurrentPage: true });
  await expect(page).toHaveURL(/localhost:\d+\/overzicht$/);
});

test("after login the user is returned to the page they asked for", async ({ page }) => {
  await page.goto("/regio");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fregio$/);
  await logIn(page, "contractmanager@westfriesland.test", undefined, { fromCurrentPage: true });
  await expect(page).toHaveURL(/\/regio$/);
  await expect(page.getByRole("heading", { level: 1, name: "Regio en beleidsdoelen" })).toBeVisible();
  await expectAccessible(page);
});

test("a supplier opening an admin page gets the 403 page", async ({ page }) => {
  await logIn(page, "aanbieder@taalinstituut-dehorn.test");
  await expect(page).toHaveURL(/\/overzicht$/);
  const response = await page.goto("/beheer/gebruikers");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Hoofdmenu" })).not.toContainText("Gebruikers");
  await expectAccessible(page);
});

test("an unknown address shows the Dutch 404 page", async ({ page }) => {
  const response = await page.goto("/bestaat-niet");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Pagina niet gevonden" })).toBeVisible();
  await expectAccessible(page);
});

test("logging out ends the session", async ({ page }) => {
  await logIn(page, "projectgroep2@westfriesland.test");
  await expect(page).toHaveURL(/\/overzicht$/);
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/overzicht");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Foverzicht$/);
});

test("a municipality viewer sees its own figures and the regional totals only", async ({ page }) => {
  await logIn(page, "gemeente.opmeer@westfriesland.test");
  await expect(page).toHaveURL(/\/overzicht$/);
  const figures = page.getByRole("region", { name: "Cijfers van uw gemeente en de regio" });
  await expect(figures).toContainText("Opmeer");
  await expect(figures).toContainText("€ 109.034");
  await expect(figures).toContainText("Regio Westfriesland");
  await expect(figures).toContainText("€ 2.127.336");
  await expect(figures).not.toContainText("Hoorn");
  await expect(figures).not.toContainText("Medemblik");
  await expectAccessible(page);
});
