import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, expectAccessible, logIn, submitAndWait, test } from "./fixtures";
import { pdfText } from "../setup/pdf-text";
import { fillAndSubmitOffer } from "./offer-form";

// The whole procurement journey through the real UI (issue 5): two language schools submit sealed
// offers on the Z-route lot of the demo tender; before the deadline no municipal role sees
// anything of them; the server clock passes the deadline; two projectgroep members open under
// four eyes; two assessors score; the chair sets consensus and closes quality; the projectgroep
// proposes the award, sends the decision, waits out the standstill and awards; the draft
// contract is in the register. This spec moves the server's clock by weeks, so it runs in its
// own Playwright project after all the others (playwright.config.ts).

const TENDER = "Leerroutes inburgering Westfriesland 2022–2025";
const LOT_NUMBER = 3;
const LOT_TITLE = "Perceel 3: Z-route";
const BIDDERS = [
  { email: "aanbieder@taalschool-zuiderzee.test", organisation: "Taalschool Zuiderzee", unitPrice: "9.500,00", signer: "Ahmed El Idrissi" },
  { email: "aanbieder@lingua-westfriesland.test", organisation: "Lingua Westfriesland", unitPrice: "10.250,00", signer: "Sanne de Vries" },
] as const;

test.describe.configure({ mode: "serial" });

async function moveClock(request: APIRequestContext, command: { advanceDays?: number; reset?: true }) {
  const body = command.reset ? { reset: true } : { advanceMinutes: (command.advanceDays ?? 0) * 24 * 60 };
  const response = await request.post("/__test/klok", { data: body });
  expect(response.ok(), "the test clock answers").toBe(true);
}

/** Picks the option `fromTop` places below the scale's highest score (0 = the highest). */
async function chooseScore(select: import("@playwright/test").Locator, fromTop: number) {
  const values = (await select.locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).filter(Boolean);
  await select.selectOption(values[values.length - 1 - fromTop]!);
}

async function asUser(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await logIn(page, email);
  return page;
}

let tenderId = "";
let lotId = "";
const receipts: string[] = [];

test("two language schools submit sealed offers with PDF evidence on the Z-route lot", async ({ browser }) => {
  test.setTimeout(180_000);
  for (const bidder of BIDDERS) {
    const page = await asUser(browser, bidder.email);
    await page.goto("/aanbestedingen");
    await page.getByRole("link", { name: TENDER }).click();
    await page.getByRole("navigation", { name: "Onderdelen van de aanbesteding" }).getByRole("link", { name: "Mijn inschrijving" }).click();
    await page.getByRole("link", { name: new RegExp(`Inschrijven: perceel ${LOT_NUMBER}\\b`) }).click();
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`Inschrijving perceel ${LOT_NUMBER}`) })).toBeVisible();
    const match = /\/aanbestedingen\/([0-9a-f-]{36})\/inschrijving\/([0-9a-f-]{36})/.exec(page.url());
    expect(match, "the lot page's address names tender and lot").toBeTruthy();
    tenderId = match![1]!;
    lotId = match![2]!;
    receipts.push(await fillAndSubmitOffer(page, { unitPrice: bidder.unitPrice, signer: bidder.signer, answerPrefix: bidder.organisation }));
    await page.context().close();
  }
  expect(new Set(receipts).size).toBe(2);
});

test("before the opening no municipal role can read or count the offers anywhere", async ({ browser }) => {
  test.setTimeout(180_000);
  const offerPages = [
    `/aanbestedingen/${tenderId}/opening`,
    `/aanbestedingen/${tenderId}/opening/proces-verbaal.pdf`,
    `/aanbestedingen/${tenderId}/beoordeling`,
    `/aanbestedingen/${tenderId}/beoordeling/${lotId}`,
    `/aanbestedingen/${tenderId}/gunning`,
    `/aanbestedingen/${tenderId}/inschrijving`,
    `/aanbestedingen/${tenderId}/inschrijving/${lotId}`,
    `/aanbestedingen/${tenderId}/inschrijving/${lotId}/ontvangstbewijs/1.pdf`,
    `/aanbestedingen/${tenderId}/inschrijving/${lotId}/inhoud/1.json`,
    `/aanbestedingen/${tenderId}/gunningsbrief/${lotId}.pdf`,
  ];
  // Pages that exist for other reasons: they may answer, but must not mention the offers.
  const generalPages = ["/overzicht", "/meldingen", `/aanbestedingen/${tenderId}`, "/aanbestedingen", "/beheer/auditlog", "/beheer/uitgaande-mail", "/contracten"];
  const municipalRoles = [
    "beheerder@westfriesland.test",
    "projectgroep1@westfriesland.test",
    "beoordelaar1@westfriesland.test",
    "contractmanager@westfriesland.test",
    "gemeente.hoorn@westfriesland.test",
  ];
  for (const email of municipalRoles) {
    const page = await asUser(browser, email);
    for (const path of offerPages) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      const body = await response.text();
      for (const secret of [...receipts, ...BIDDERS.map((bidder) => bidder.organisation)]) {
        expect(body, `${email} ${path} (${response.status()}) shows nothing of the offers`).not.toContain(secret);
      }
      if (response.status() === 200) {
        expect(body, `${email} ${path} does not count offers`).not.toMatch(/\b\d+\s+(inschrijvingen|inschrijving|toegelaten)\b/i);
      } else {
        expect([302, 303, 403, 404], `${email} ${path}`).toContain(response.status());
      }
    }
    for (const path of generalPages) {
      const response = await page.request.get(path);
      const body = await response.text();
      for (const receipt of receipts) expect(body, `${email} ${path}`).not.toContain(receipt);
      expect(body, `${email} ${path}`).not.toMatch(/inschrijving (is )?ingediend|ontvangstbewijs/i);
    }
    // the opening page is reachable for the projectgroep and shows the state without numbers
    if (email.startsWith("projectgroep")) {
      await page.goto(`/aanbestedingen/${tenderId}/opening`);
      await expect(page.getByRole("button", { name: "Opening aanvragen" })).toHaveCount(0);
      await expectAccessible(page);
    }
    await page.context().close();
  }
});

test("after the deadline two projectgroep members open the offers and the proces-verbaal lists them", async ({ browser, request }) => {
  test.setTimeout(120_000);
  // The demo tender closes 35 days after the seed, at 12:00.
  await moveClock(request, { advanceDays: 36 });

  const first = await asUser(browser, "projectgroep1@westfriesland.test");
  await first.goto(`/aanbestedingen/${tenderId}/opening`);
  await expectAccessible(first);
  await submitAndWait(first, first.getByRole("button", { name: "Opening aanvragen" }));
  await expect(first.getByRole("main")).toContainText("Petra Jansen");
  await expect(first.getByRole("button", { name: "Opening bevestigen" }), "the one who asked cannot confirm").toHaveCount(0);
  await expectAccessible(first);

  const second = await asUser(browser, "projectgroep2@westfriesland.test");
  await second.goto(`/aanbestedingen/${tenderId}/opening`);
  await submitAndWait(second, second.getByRole("button", { name: "Opening bevestigen" }));
  await expect(second.getByRole("heading", { name: "Inschrijvingen geopend" })).toBeVisible();
  const table = second.getByRole("table", { name: new RegExp(`Geopende inschrijvingen op perceel ${LOT_NUMBER}`) });
  for (const bidder of BIDDERS) await expect(table).toContainText(bidder.organisation);
  for (const receipt of receipts) await expect(table).toContainText(receipt);
  await expectAccessible(second);

  const record = await second.request.get(`/aanbestedingen/${tenderId}/opening/proces-verbaal.pdf`);
  expect(record.status()).toBe(200);
  expect(record.headers()["content-type"]).toContain("application/pdf");
  const recordText = pdfText(await record.body());
  for (const bidder of BIDDERS) expect(recordText).toContain(bidder.organisation);
  for (const receipt of receipts) expect(recordText.replace(/\s/g, "")).toContain(receipt);
  await first.context().close();
  await second.context().close();
});

test("the projectgroep admits both offers and names the panel; two assessors score independently; the chair sets consensus", async ({ browser }) => {
  test.setTimeout(180_000);
  const chair = await asUser(browser, "projectgroep1@westfriesland.test");
  await chair.goto(`/aanbestedingen/${tenderId}/beoordeling`);
  const lot = chair.getByRole("region", { name: LOT_TITLE });
  for (const bidder of BIDDERS) {
    const card = lot.getByRole("article", { name: new RegExp(bidder.organisation) });
    await card.getByLabel("Besluit").selectOption({ label: "Toelaten" });
    await submitAndWait(chair, card.getByRole("button", { name: "Besluit opslaan" }));
    await expect(lot.getByRole("article", { name: new RegExp(bidder.organisation) })).toContainText("Besluit: Toegelaten");
  }
  await lot.getByLabel("Voorzitter (lid van de projectgroep)").selectOption({ label: "Petra Jansen" });
  await lot.getByLabel("Bea Visser").check();
  await lot.getByLabel("Bram Smit").check();
  await submitAndWait(chair, lot.getByRole("button", { name: "Commissie opslaan" }));
  await expect(chair.getByRole("region", { name: LOT_TITLE })).toContainText("Bram Smit: nog bezig");
  await expectAccessible(chair);

  for (const [assessorIndex, email] of ["beoordelaar1@westfriesland.test", "beoordelaar2@westfriesland.test"].entries()) {
    const assessor = await asUser(browser, email);
    await assessor.goto(`/aanbestedingen/${tenderId}/beoordeling/${lotId}`);
    await expectAccessible(assessor);
    // two envelopes: no prices before quality is closed
    for (const bidder of BIDDERS) await expect(assessor.getByRole("main")).not.toContainText(bidder.unitPrice);
    for (const [bidderIndex, bidder] of BIDDERS.entries()) {
      const offer = assessor.getByRole("region", { name: new RegExp(bidder.organisation) });
      for (const select of await offer.getByRole("combobox").all()) {
        // Zuiderzee scores higher on quality with both assessors
        await chooseScore(select, bidderIndex === 0 ? assessorIndex : 2 + assessorIndex);
      }
      for (const motivation of await offer.getByRole("textbox").all()) await motivation.fill(`Motivering van beoordelaar ${assessorIndex + 1} voor ${bidder.organisation}.`);
      await submitAndWait(assessor, offer.getByRole("button", { name: "Scores opslaan" }));
      await expect(assessor.getByRole("status")).toContainText("Uw scores zijn opgeslagen.");
    }
    await submitAndWait(assessor, assessor.getByRole("button", { name: "Scores definitief" }));
    await expect(assessor.getByRole("main")).toContainText(`Motivering van beoordelaar ${assessorIndex + 1}`);
    await expectAccessible(assessor);
    await assessor.context().close();
  }

  await chair.goto(`/aanbestedingen/${tenderId}/beoordeling/${lotId}`);
  await expect(chair.getByRole("main")).toContainText("Motivering van beoordelaar 2");
  for (const [bidderIndex, bidder] of BIDDERS.entries()) {
    const offer = chair.getByRole("region", { name: new RegExp(bidder.organisation) });
    for (const select of await offer.getByRole("combobox").all()) await chooseScore(select, bidderIndex === 0 ? 0 : 2);
    for (const motivation of await offer.getByRole("textbox").all()) await motivation.fill(`Consensus voor ${bidder.organisation}: sterk plan met werkgevers in de regio.`);
    await submitAndWait(chair, offer.getByRole("button", { name: "Consensusscores opslaan" }));
    await expect(chair.getByRole("status")).toContainText("De consensusscores zijn opgeslagen.");
  }
  await expectAccessible(chair);
  await submitAndWait(chair, chair.getByRole("button", { name: "Kwaliteit afsluiten" }));
  const ranking = chair.getByRole("table", { name: /Rangorde/ });
  await expect(ranking).toBeVisible();
  await expect(ranking.getByRole("row").nth(1)).toContainText("Taalschool Zuiderzee");
  await expectAccessible(chair);
  await chair.context().close();
});

test("the projectgroep proposes and sends the award; after the standstill it awards and the draft contract exists", async ({ browser, request }) => {
  test.setTimeout(180_000);
  let page = await asUser(browser, "projectgroep1@westfriesland.test");
  await page.goto(`/aanbestedingen/${tenderId}/gunning`);
  let lot = page.getByRole("region", { name: LOT_TITLE });
  await expectAccessible(page);
  await expect(lot).toContainText("Voorgestelde winnaar: Taalschool Zuiderzee");
  await lot.getByLabel("Motivering").fill("Taalschool Zuiderzee heeft de hoogste totaalscore: de beste kwaliteit bij een lagere prijs.");
  await submitAndWait(page, lot.getByRole("button", { name: "Gunningsvoorstel vastleggen" }));
  lot = page.getByRole("region", { name: LOT_TITLE });
  await submitAndWait(page, lot.getByRole("button", { name: "Gunningsbeslissing verzenden" }));
  lot = page.getByRole("region", { name: LOT_TITLE });
  await expect(lot).toContainText(/Opschortende termijn\s*Eindigt op \w+dag \d+ \w+ \d{4} om 24:00 uur/);
  await expect(lot.getByRole("button", { name: "Definitief gunnen" })).toBeDisabled();
  await expectAccessible(page);
  await page.context().close();

  // the losing bidder reads its own letter, with its scores and the winner's
  const loser = await asUser(browser, "aanbieder@lingua-westfriesland.test");
  const letter = await loser.request.get(`/aanbestedingen/${tenderId}/gunningsbrief/${lotId}.pdf`);
  expect(letter.status()).toBe(200);
  const letterText = pdfText(await letter.body());
  expect(letterText).toContain("Lingua Westfriesland");
  expect(letterText, "the winner's name and total are in the letter").toContain("Taalschool Zuiderzee");
  expect(letterText).toMatch(/om 24:00 uur/);
  // the letter of the other bidder is not for Lingua
  const other = await loser.request.get(`/aanbestedingen/${tenderId}/gunning/${lotId}/brief/00000000-0000-4000-8000-000000000000.pdf`);
  expect([403, 404]).toContain(other.status());
  await loser.context().close();

  // 20 calendar days, plus room for a weekend or holiday at the end
  await moveClock(request, { advanceDays: 24 });
  page = await asUser(browser, "projectgroep1@westfriesland.test");
  await page.goto(`/aanbestedingen/${tenderId}/gunning`);
  lot = page.getByRole("region", { name: LOT_TITLE });
  await submitAndWait(page, lot.getByRole("button", { name: "Definitief gunnen" }));
  lot = page.getByRole("region", { name: LOT_TITLE });
  const contractLink = lot.getByRole("link", { name: /Conceptcontract/ });
  await expect(contractLink).toBeVisible();
  await expectAccessible(page);
  await contractLink.click();
  await expect(page.getByRole("main")).toContainText("Taalschool Zuiderzee");
  await expect(page.getByRole("main")).toContainText("Concept");
  await expectAccessible(page);
  await page.context().close();
  await moveClock(request, { reset: true });
});
