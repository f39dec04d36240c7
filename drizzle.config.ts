import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./app/domain/**/*.sql.ts",
  out: "./drizzle",
});
