import { createMovableClock } from "./clock.server";

const MINUTE = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-02T08:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

test("a movable clock starts at the time it was given", () => {
  const clock = createMovableClock(new Date("2026-06-15T12:00:00Z"));
  expect(clock.now().toISOString()).toBe("2026-06-15T12:00:00.000Z");
});

test("without a start time it shows the real time", () => {
  expect(createMovableClock().now().toISOString()).toBe("2026-03-02T08:00:00.000Z");
});

test("it keeps running with real time from where it was set", () => {
  const clock = createMovableClock(new Date("2026-06-15T12:00:00Z"));
  vi.advanceTimersByTime(1500);
  expect(clock.now().toISOString()).toBe("2026-06-15T12:00:01.500Z");
});

test("advance moves it forward, and backward with a negative amount", () => {
  const clock = createMovableClock(new Date("2026-06-15T12:00:00Z"));
  clock.advance(15 * MINUTE);
  expect(clock.now().toISOString()).toBe("2026-06-15T12:15:00.000Z");
  clock.advance(-20 * MINUTE);
  expect(clock.now().toISOString()).toBe("2026-06-15T11:55:00.000Z");
});

test("set jumps to a moment, also in the past", () => {
  const clock = createMovableClock(new Date("2026-06-15T12:00:00Z"));
  clock.set(new Date("2020-11-01T23:00:00Z"));
  expect(clock.now().toISOString()).toBe("2020-11-01T23:00:00.000Z");
  clock.advance(MINUTE);
  expect(clock.now().toISOString()).toBe("2020-11-01T23:01:00.000Z");
});

test("reset returns it to real time", () => {
  const clock = createMovableClock(new Date("2030-01-01T00:00:00Z"));
  clock.advance(MINUTE);
  clock.reset();
  expect(clock.now().toISOString()).toBe("2026-03-02T08:00:00.000Z");
});

test("two movable clocks move independently", () => {
  const first = createMovableClock(new Date("2026-06-15T12:00:00Z"));
  const second = createMovableClock(new Date("2026-06-15T12:00:00Z"));
  first.advance(MINUTE);
  expect(second.now().toISOString()).toBe("2026-06-15T12:00:00.000Z");
});
