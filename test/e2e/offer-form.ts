import { expect, type Page } from "@playwright/test";
import { expectAccessible } from "./fixtures";

/** A small PDF, made here: the portal only checks that the content really is a PDF. */
export function smallPdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/**
 * Fills in every part of the offer form on the current lot page, whatever the lot asks: a price
 * per component, an answer per criterion, "ja" to every requirement with an explanation, evidence
 * PDFs where a requirement asks for them (through the real file chooser), the UEA and the
 * signature. Submits and returns the receipt hash.
 */
export async function fillAndSubmitOffer(page: Page, options: { unitPrice: string; signer: string; answerPrefix: string }): Promise<string> {
  const main = page.getByRole("main");
  for (const price of await main.locator('input[name^="price-"]').all()) await price.fill(options.unitPrice);
  let index = 0;
  for (const answer of await main.locator('textarea[name^="answer-"]').all()) {
    index += 1;
    await answer.fill(`${options.answerPrefix} Antwoord ${index}: onze aanpak met vaste docenten, kleine groepen en werkgevers in de regio.`);
  }
  for (const yes of await main.locator('input[type="radio"][name^="met-"][value="ja"]').all()) await yes.check();
  for (const explanation of await main.locator('textarea[name^="explanation-"]').all()) await explanation.fill("Wij voldoen hieraan; zie ons kwaliteitshandboek.");
  await main.locator('input[name="espdDeclared"]').check();
  await page.getByLabel("Ondertekend door (naam)").fill(options.signer);
  await page.getByLabel("Functie van de ondertekenaar").fill("Directeur");

  // One PDF per attachment purpose that needs evidence, plus one with the first criterion's answer.
  const purposes = await page.getByLabel("Hoort bij").locator("option").allTextContents();
  const wanted = [...purposes.filter((label) => label.startsWith("Bewijs bij")), purposes.find((label) => label.startsWith("Gunningscriterium"))].filter(
    (label): label is string => Boolean(label),
  );
  for (const [number, purpose] of wanted.entries()) {
    await page.getByLabel("Hoort bij").selectOption({ label: purpose });
    await page.getByLabel("PDF-bestand").setInputFiles({ name: `bijlage-${number + 1}.pdf`, mimeType: "application/pdf", buffer: smallPdf(`${options.answerPrefix} ${purpose}`) });
    await page.getByRole("button", { name: "Bijlage toevoegen" }).click();
    await expect(page.getByRole("status")).toContainText(`bijlage-${number + 1}.pdf`);
  }
  await expectAccessible(page);

  await page.getByRole("button", { name: "Inschrijving indienen" }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText("Uw inschrijving is ingediend");
  const hash = /Controlewaarde \(SHA-256\): ([0-9a-f]{64})/.exec((await status.textContent()) ?? "")?.[1];
  expect(hash, "the flash shows the receipt hash").toBeTruthy();
  await expectAccessible(page);
  return hash!;
}
