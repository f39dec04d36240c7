import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  // Behind a load balancer: trust X-Forwarded-For/-Proto from it (express "trust proxy" value).
  TRUST_PROXY: z.string().optional(),
  COOKIE_SECURE: z.enum(["0", "1"]).optional(),
  ENABLE_TEST_CLOCK: z.enum(["0", "1"]).default("0"),
  // Without SMTP_URL (smtp://user:password@host:587, smtps://…) mail stays in the outbox for an admin.
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("Leerrouteportaal Westfriesland <noreply@leerrouteportaal.invalid>"),
  // Open contracting data: the OCID prefix the Open Contracting Partnership assigns ("ocds-" + 6 characters).
  OCDS_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/, "OCDS_PREFIX is \"ocds-\" followed by 6 lowercase letters or digits").default("ocds-wfinbg"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // an empty variable (DATABASE_URL=) means unset, as in a shell
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
    throw new Error("SESSION_SECRET is required when NODE_ENV=production (at least 32 random characters).");
  }
  // The movable clock exists for tests only; a production process that asks for it is misconfigured.
  if (env.ENABLE_TEST_CLOCK === "1" && env.NODE_ENV !== "test") {
    throw new Error("ENABLE_TEST_CLOCK=1 is only allowed with NODE_ENV=test.");
  }
  cached = env;
  return env;
}

export function dataDir(): string {
  return path.resolve(getEnv().DATA_DIR);
}
