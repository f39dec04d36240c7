// `npm test`: the whole suite. Unit and database tests (vitest: PGlite, and real PostgreSQL when
// TEST_DATABASE_URL is set), then the production build, then the browser tests (Playwright with axe).
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);
const reports = path.join(root, ".test-tmp/reports");
mkdirSync(reports, { recursive: true });

async function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    const { chromium } = await import("@playwright/test");
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // no Playwright browser either
  }
  return null;
}

const chromiumPath = await findChromium();
if (!chromiumPath) {
  console.error(
    [
      "",
      "npm test: geen Chromium gevonden voor de browsertests.",
      "Installeer Debian's Chromium:   sudo apt-get update && sudo apt-get install -y chromium",
      "of Playwright's eigen browser:  npx playwright install chromium",
      "of wijs er een aan met CHROMIUM_PATH=/pad/naar/chromium.",
      "",
    ].join("\n"),
  );
  process.exit(1);
}

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

const vitestReport = path.join(reports, "vitest.json");
const playwrightReport = path.join(reports, "playwright.json");
rmSync(vitestReport, { force: true });
rmSync(playwrightReport, { force: true });

const unitOk = run("Unit- en databasetests (vitest)", bin("vitest"), ["run"], { VITEST_JSON_REPORT: vitestReport });
const buildOk = run("Productiebuild (remix build)", bin("remix"), ["build"], { NODE_ENV: "production" });
const e2eOk = buildOk && run("Browsertests (Playwright + axe)", bin("playwright"), ["test"], { PLAYWRIGHT_JSON_REPORT: playwrightReport, CHROMIUM_PATH: chromiumPath });

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson(vitestReport);
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const playwright = readJson(playwrightReport);
if (playwright?.stats) {
  passed += playwright.stats.expected ?? 0;
  failed += (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
  skipped += playwright.stats.skipped ?? 0;
}
const ok = unitOk && buildOk && e2eOk;
if (!ok && failed === 0) failed = 1; // a step that failed before it counted its tests
console.log(`\nvitest: ${vitest ? "ok" : "geen rapport"}; playwright: ${playwright ? "ok" : "geen rapport"}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok ? 0 : 1);
