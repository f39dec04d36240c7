// getEnv() caches the environment for the life of the process, so each test imports fresh
// copies of env.server and clock.server after setting the variables it needs.

const SECRET = "s".repeat(32);

async function freshModules() {
  vi.resetModules();
  const env = await import("./env.server");
  const clock = await import("./clock.server");
  return { ...env, ...clock };
}

beforeEach(() => {
  vi.stubEnv("NODE_ENV", "test");
  vi.stubEnv("ENABLE_TEST_CLOCK", undefined);
  vi.stubEnv("SESSION_SECRET", undefined);
  vi.stubEnv("DATABASE_URL", undefined);
  vi.stubEnv("DATA_DIR", undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("the environment", () => {
  test("has safe defaults when nothing is set", async () => {
    vi.stubEnv("NODE_ENV", undefined);
    const { getEnv } = await freshModules();
    expect(getEnv()).toMatchObject({ NODE_ENV: "development", DATA_DIR: "./data", ENABLE_TEST_CLOCK: "0" });
  });

  test("is read once: later changes to process.env do not apply", async () => {
    vi.stubEnv("DATA_DIR", "/srv/eerste");
    const { getEnv, dataDir } = await freshModules();
    expect(getEnv().DATA_DIR).toBe("/srv/eerste");
    vi.stubEnv("DATA_DIR", "/srv/tweede");
    expect(dataDir()).toBe("/srv/eerste");
  });

  test("production without a session secret is refused", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const { getEnv } = await freshModules();
    expect(() => getEnv()).toThrow("SESSION_SECRET is required when NODE_ENV=production");
  });

  test("a session secret shorter than 32 characters is refused", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", "te-kort");
    const { getEnv } = await freshModules();
    expect(() => getEnv()).toThrow("SESSION_SECRET must be at least 32 characters");
  });

  test("production with a long enough session secret is accepted", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", SECRET);
    const { getEnv } = await freshModules();
    expect(getEnv()).toMatchObject({ NODE_ENV: "production", SESSION_SECRET: SECRET });
  });

  test("the test clock switched on in production is refused", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", SECRET);
    vi.stubEnv("ENABLE_TEST_CLOCK", "1");
    const { getEnv } = await freshModules();
    expect(() => getEnv()).toThrow("ENABLE_TEST_CLOCK=1 is only allowed with NODE_ENV=test.");
  });

  test("the test clock switched on in development is refused too", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("ENABLE_TEST_CLOCK", "1");
    const { getEnv } = await freshModules();
    expect(() => getEnv()).toThrow("ENABLE_TEST_CLOCK=1 is only allowed with NODE_ENV=test.");
  });

  test("an unknown NODE_ENV or a malformed DATABASE_URL is refused with the variable named", async () => {
    vi.stubEnv("NODE_ENV", "staging");
    await expect((async () => (await freshModules()).getEnv())()).rejects.toThrow(/Invalid environment: NODE_ENV/);
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("DATABASE_URL", "geen url");
    await expect((async () => (await freshModules()).getEnv())()).rejects.toThrow(/Invalid environment: DATABASE_URL/);
  });
});

describe("the test clock", () => {
  test("is not available without ENABLE_TEST_CLOCK=1, and requests are judged by the system clock", async () => {
    const { getTestClock, getServerClock, isTestClockEnabled, systemClock } = await freshModules();
    expect(isTestClockEnabled()).toBe(false);
    expect(() => getTestClock()).toThrow("The test clock is only available with NODE_ENV=test and ENABLE_TEST_CLOCK=1");
    expect(getServerClock()).toBe(systemClock);
  });

  test("is available with NODE_ENV=test and ENABLE_TEST_CLOCK=1, and then judges requests", async () => {
    vi.stubEnv("ENABLE_TEST_CLOCK", "1");
    const { getTestClock, getServerClock, isTestClockEnabled } = await freshModules();
    expect(isTestClockEnabled()).toBe(true);
    const clock = getTestClock();
    expect(getServerClock()).toBe(clock);
    clock.set(new Date("2026-11-02T22:59:00Z"));
    expect(getServerClock().now().getTime()).toBeGreaterThanOrEqual(new Date("2026-11-02T22:59:00Z").getTime());
    expect(getServerClock().now().getTime()).toBeLessThan(new Date("2026-11-02T23:00:00Z").getTime());
  });

  test("is not available in production, even when asked for", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", SECRET);
    vi.stubEnv("ENABLE_TEST_CLOCK", "1");
    const { getTestClock, getServerClock } = await freshModules();
    expect(() => getTestClock()).toThrow();
    expect(() => getServerClock()).toThrow("ENABLE_TEST_CLOCK=1 is only allowed with NODE_ENV=test.");
  });
});
