import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };
const testDatabaseUrl = process.env.TEST_DATABASE_URL;

// The same database tests run twice when TEST_DATABASE_URL is set: once on in-memory PGlite,
// once on real PostgreSQL (each test file in a database of its own).
export default defineConfig({
  resolve: { alias },
  test: {
    globals: true,
    reporters: process.env.VITEST_JSON_REPORT ? ["default", ["json", { outputFile: process.env.VITEST_JSON_REPORT }]] : ["default"],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "pglite",
          globals: true,
          include: ["app/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          environment: "node",
          globalSetup: ["test/setup/global-setup.ts"],
          env: { NODE_ENV: "test", TEST_DATABASE_DRIVER: "pglite" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(testDatabaseUrl
        ? [
            {
              resolve: { alias },
              test: {
                name: "postgres",
                globals: true,
                include: ["app/**/*.db.test.ts", "test/**/*.db.test.ts"],
                exclude: ["test/e2e/**"],
                environment: "node",
                env: { NODE_ENV: "test" as const, TEST_DATABASE_DRIVER: "postgres" },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
