import { expect, expectAccessible, logIn, test } from "./fixtures";

// Names and addresses of this spec only, so that other specs running beside it see none of them.
const ORGANISATION = "Taalschool De Zandloper";
const KVK = "84512376";
const REGISTRANT = { name: "Noor Visser", email: "noor@zandloper.test", password: "zand-loopt-door-het-glas" };
const COLLEAGUE = { name: "Daan Vermeulen", email: "daan@zandloper.test", password: "een-tweede-lang-wachtwoord" };

test("a language school registers, an administrator verifies it, it invites a colleague who accepts and logs in", async ({ page, browser }) => {
  // four people log in and every page is scanned with axe: past the default 60 s on a loaded
  // two-core CI machine (seen once at 1.0 min)
  test.setTimeout(150_000);
  // 1. Registration, from the login page, with Dutch errors that keep what was typed
  await page.goto("/login");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Organisatie registreren" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Organisatie registreren" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Soort organisatie").selectOption({ label: "Taalschool" });
  await page.getByLabel("Naam van de organisatie").fill(ORGANISATION);
  await page.getByLabel("KvK-nummer").fill("8451237");
  await page.getByLabel("Straat en huisnummer").fill("Kerkplein 2");
  await page.getByLabel("Postcode").fill("1671hs");
  await page.getByLabel("Plaats").fill("Medemblik");
  await page.getByLabel("Naam contactpersoon").fill(REGISTRANT.name);
  await page.getByLabel("E-mailadres contactpersoon").fill("info@zandloper.test");
  await page.getByLabel("Uw naam").fill(REGISTRANT.name);
  await page.getByLabel("Uw e-mailadres").fill(REGISTRANT.email);
  await page.getByLabel("Kies een wachtwoord").fill("kort");
  await page.getByRole("button", { name: "Registratie versturen" }).click();

  await expect(page.locator("#kvkNumber-fout")).toHaveText("Fout: Het KvK-nummer bestaat uit precies 8 cijfers.");
  await expect(page.locator("#password-fout")).toContainText("minstens 12 tekens");
  await expect(page.getByRole("alert")).toContainText("Er is een probleem");
  await expect(page.getByLabel("Naam van de organisatie")).toHaveValue(ORGANISATION);
  await expectAccessible(page);

  // the KvK number of a demo organisation
  await page.getByLabel("KvK-nummer").fill("71234508");
  await page.getByLabel("Kies een wachtwoord").fill(REGISTRANT.password);
  await page.getByRole("button", { name: "Registratie versturen" }).click();
  await expect(page.locator("#kvkNumber-fout")).toContainText("Organisatie met KvK-nummer 71234508 is al geregistreerd");
  await expect(page.getByLabel("Plaats")).toHaveValue("Medemblik");
  await expectAccessible(page);

  await page.getByLabel("KvK-nummer").fill(KVK);
  await page.getByLabel("Kies een wachtwoord").fill(REGISTRANT.password);
  await page.getByRole("button", { name: "Registratie versturen" }).click();
  await expect(page).toHaveURL(/\/registreren\/ontvangen$/);
  await expect(page.getByRole("status")).toHaveText(`De registratie van ${ORGANISATION} is ontvangen.`);
  await expect(page.getByRole("heading", { level: 1, name: "Registratie ontvangen" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("nog niet inschrijven");
  await expectAccessible(page);

  // 2. The new supplier can log in at once, but cannot invite (nor submit) before verification
  const supplierContext = await browser.newContext();
  const supplier = await supplierContext.newPage();
  await logIn(supplier, REGISTRANT.email, REGISTRANT.password);
  await expect(supplier).toHaveURL(/\/overzicht$/);
  await expect(supplier.getByRole("banner")).toContainText(ORGANISATION);
  await supplier.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn organisatie" }).click();
  await expect(supplier.getByRole("heading", { level: 1, name: "Mijn organisatie" })).toBeVisible();
  await expect(supplier.getByRole("main")).toContainText("Wacht op verificatie");
  await expect(supplier.getByLabel("E-mailadres van uw collega")).toHaveCount(0);
  await expect(supplier.getByRole("main")).toContainText("U kunt collega's uitnodigen zodra de beheerder uw organisatie heeft geverifieerd.");
  await expectAccessible(supplier);

  // 3. The administrator sees the registration prominently and verifies it
  await logIn(page, "beheerder@westfriesland.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Organisaties" }).click();
  const pending = page.getByRole("region", { name: /Te verifiëren registraties/ });
  await expect(pending.getByRole("row", { name: new RegExp(ORGANISATION) })).toContainText(KVK);
  await expectAccessible(page);
  await pending.getByRole("link", { name: ORGANISATION }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Registratie controleren" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Gebruikers van deze organisatie" })).toContainText(REGISTRANT.email);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Registratie afwijzen" }).click();
  await expect(page.locator("#reason-fout")).toHaveText("Fout: Vul de reden van de afwijzing in.");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Organisatie verifiëren" }).click();
  await expect(page.getByRole("status")).toHaveText(`${ORGANISATION} is geverifieerd en kan nu inschrijven.`);
  await expect(page.getByRole("main")).toContainText("Geverifieerd");
  await expect(page.getByRole("region", { name: "Geschiedenis" })).toContainText(`${ORGANISATION} (KvK ${KVK}) geverifieerd`);
  await expectAccessible(page);

  // 4. The supplier is told, and now invites colleagues
  await supplier.goto("/meldingen");
  await expect(supplier.getByRole("main")).toContainText("Uw organisatie is geverifieerd");
  await expectAccessible(supplier);
  await supplier.goto("/organisatie");
  await expect(supplier.getByRole("main")).toContainText("kan inschrijven op aanbestedingen");

  await supplier.getByLabel("E-mailadres van uw collega").fill("aanbieder@lingua-westfriesland.test");
  await supplier.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(supplier.locator("#email-fout")).toContainText("Er is al een account met e-mailadres aanbieder@lingua-westfriesland.test.");
  await expect(supplier.getByLabel("E-mailadres van uw collega")).toHaveValue("aanbieder@lingua-westfriesland.test");
  await expectAccessible(supplier);

  await supplier.getByLabel("E-mailadres van uw collega").fill("vergissing@zandloper.test");
  await supplier.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(supplier.getByRole("status")).toContainText("Uitnodiging verstuurd naar vergissing@zandloper.test.");
  await supplier.getByRole("button", { name: "Intrekken (uitnodiging voor vergissing@zandloper.test)" }).click();
  await expect(supplier.getByRole("status")).toHaveText("De uitnodiging is ingetrokken; de link werkt niet meer.");
  await expect(supplier.getByRole("main")).not.toContainText("vergissing@zandloper.test");

  await supplier.getByLabel("E-mailadres van uw collega").fill(COLLEAGUE.email);
  await supplier.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(supplier.getByRole("status")).toContainText(`Uitnodiging verstuurd naar ${COLLEAGUE.email}.`);
  await expect(supplier.getByRole("region", { name: "Openstaande uitnodigingen" }).getByRole("row", { name: new RegExp(COLLEAGUE.email) })).toContainText(REGISTRANT.name);
  await expectAccessible(supplier);

  // 5. Without SMTP the mail waits in the outbox, where the administrator can read the link
  await page.goto("/beheer/uitgaande-mail");
  const mailRow = page.getByRole("row", { name: new RegExp(COLLEAGUE.email) });
  await mailRow.locator("summary").click();
  const body = await mailRow.locator("pre").textContent();
  const link = body?.match(/\/uitnodiging\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, `no invitation link in: ${body}`).toBeTruthy();
  await expectAccessible(page);

  // 6. The colleague opens the link, chooses a name and password, and logs in
  const colleagueContext = await browser.newContext();
  const colleague = await colleagueContext.newPage();
  await colleague.goto(link!);
  await expect(colleague.getByRole("heading", { level: 1, name: `Uitnodiging van ${ORGANISATION}` })).toBeVisible();
  await expect(colleague.getByRole("main")).toContainText(COLLEAGUE.email);
  await expectAccessible(colleague);
  await colleague.getByLabel("Uw naam").fill(COLLEAGUE.name);
  await colleague.getByLabel("Kies een wachtwoord").fill("kort");
  await colleague.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(colleague.locator("#password-fout")).toContainText("minstens 12 tekens");
  await expect(colleague.getByLabel("Uw naam")).toHaveValue(COLLEAGUE.name);
  await expectAccessible(colleague);
  await colleague.getByLabel("Kies een wachtwoord").fill(COLLEAGUE.password);
  await colleague.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(colleague).toHaveURL(/\/login$/);
  await expect(colleague.getByRole("status")).toContainText(`Uw account bij ${ORGANISATION} is aangemaakt.`);
  await logIn(colleague, COLLEAGUE.email, COLLEAGUE.password, { fromCurrentPage: true });
  await expect(colleague).toHaveURL(/\/overzicht$/);
  await expect(colleague.getByRole("banner")).toContainText(ORGANISATION);
  await colleague.goto("/organisatie");
  const colleagues = colleague.getByRole("region", { name: "Collega's" });
  await expect(colleagues).toContainText(REGISTRANT.name);
  await expect(colleagues).toContainText(COLLEAGUE.name);
  await expect(colleague.getByRole("region", { name: "Openstaande uitnodigingen" })).toContainText("Er staan geen uitnodigingen open.");
  await expectAccessible(colleague);

  // 7. The link works once
  const anonymousContext = await browser.newContext();
  const anonymous = await anonymousContext.newPage();
  const reuse = await anonymous.goto(link!);
  expect(reuse?.status()).toBe(410);
  await expect(anonymous.getByRole("heading", { level: 1, name: "Uitnodiging al gebruikt" })).toBeVisible();
  await expect(anonymous.getByLabel("Kies een wachtwoord")).toHaveCount(0);
  await expectAccessible(anonymous);

  await Promise.all([supplierContext.close(), colleagueContext.close(), anonymousContext.close()]);
});
