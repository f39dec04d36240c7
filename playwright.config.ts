import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium when present (no browser download works on our machines), else Playwright's own.
const debianChromium = "/usr/bin/chromium";
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync(debianChromium) ? debianChromium : undefined);
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_REPORT }]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // The procurement journey moves the server's one clock by weeks (past the deadline, past the
  // standstill); it runs after every other spec so that none of them sees a moved clock.
  projects: [
    { name: "portaal", testIgnore: /procurement\.spec\.ts$/ },
    { name: "klok", testMatch: /procurement\.spec\.ts$/, dependencies: ["portaal"] },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { E2E_PORT: String(port) },
  },
});
