// The portal as the end-to-end tests see it: the production build on a fresh embedded database
// with demo data, in test mode so that the tests can move the server's clock.
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.E2E_PORT ?? "3100";
// One data folder per port, so that a second run on another port leaves this one alone.
const dataDir = path.join(root, `.test-tmp/e2e-data-${port}`);
rmSync(dataDir, { recursive: true, force: true });

const child = spawn(process.execPath, [path.join(root, "server.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "test",
    ENABLE_TEST_CLOCK: "1",
    DATA_DIR: dataDir,
    PORT: port,
    DATABASE_URL: "",
    SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123456789",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
