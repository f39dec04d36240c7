import { createHash } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts, type DemoAccount } from "../../app/domain/demo/demo-accounts";

export { expect };

export function demoAccount(email: string): DemoAccount {
  const account = demoAccounts.find((candidate) => candidate.email === email);
  if (!account) throw new Error(`no demo account ${email}`);
  return account;
}

// Pages already scanned in this worker, by their rendered markup (without the per-browser CSRF
// token): the same page in the same state is scanned once, every different state again.
const scannedStates = new Set<string>();

/** Every page a test visits is scanned for WCAG 2.1 A and AA violations. */
export async function expectAccessible(page: Page) {
  const markup = (await page.content()).replace(/name="csrf" value="[^"]*"/g, "");
  const state = createHash("sha256").update(markup).digest("hex");
  if (scannedStates.has(state)) return;
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  scannedStates.add(state);
}

/**
 * Signs in through the login form and waits for the server's answer. With `fromCurrentPage`
 * the form on the current page is used (after a redirect to /login?redirectTo=…).
 */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD, options: { fromCurrentPage?: boolean } = {}) {
  if (!options.fromCurrentPage) await page.goto("/login");
  await expectAccessible(page);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === "/login" && response.request().method() === "POST"),
    page.getByRole("button", { name: "Inloggen" }).click(),
  ]);
  await page.waitForLoadState();
}

/**
 * Clicks a form's submit button and waits until the server has answered the POST, so the next
 * step cannot overtake it (a confirmation message from an earlier post may still be on screen).
 */
export async function submitAndWait(page: Page, button: Locator) {
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), button.click()]);
  await page.waitForLoadState();
}

export const test = base;
