import {
  isSessionExpired,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  minutesUntilRetry,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
  THROTTLE_WINDOW_MS,
} from "./session-rules";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const start = new Date("2026-03-02T08:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

test("the limits are the ones the portal promises: 30 min idle, 10 h absolute, 5 per account and 20 per address in 15 min", () => {
  expect(SESSION_IDLE_TIMEOUT_MS).toBe(30 * MINUTE);
  expect(SESSION_ABSOLUTE_TIMEOUT_MS).toBe(10 * HOUR);
  expect(THROTTLE_WINDOW_MS).toBe(15 * MINUTE);
  expect(MAX_FAILURES_PER_ACCOUNT).toBe(5);
  expect(MAX_FAILURES_PER_IP).toBe(20);
});

describe("isSessionExpired", () => {
  test.each([
    { case: "just created", createdAt: 0, lastSeenAt: 0, now: 0, expired: false },
    { case: "idle for 29 min 59 s", createdAt: 0, lastSeenAt: 0, now: 30 * MINUTE - 1000, expired: false },
    { case: "idle for exactly 30 min", createdAt: 0, lastSeenAt: 0, now: 30 * MINUTE, expired: true },
    { case: "idle for an hour", createdAt: 0, lastSeenAt: 0, now: HOUR, expired: true },
    { case: "active a minute ago, 9 h 59 min old", createdAt: 0, lastSeenAt: 10 * HOUR - 2 * MINUTE, now: 10 * HOUR - MINUTE, expired: false },
    { case: "active a minute ago, exactly 10 h old", createdAt: 0, lastSeenAt: 10 * HOUR - MINUTE, now: 10 * HOUR, expired: true },
    { case: "active just now, 11 h old", createdAt: 0, lastSeenAt: 11 * HOUR, now: 11 * HOUR, expired: true },
  ])("a session $case is expired: $expired", ({ createdAt, lastSeenAt, now, expired }) => {
    expect(isSessionExpired({ createdAt: at(createdAt), lastSeenAt: at(lastSeenAt) }, at(now))).toBe(expired);
  });
});

describe("minutesUntilRetry", () => {
  test.each([
    { case: "right after the oldest failure", elapsed: 0, minutes: 15 },
    { case: "5 minutes later", elapsed: 5 * MINUTE, minutes: 10 },
    { case: "5 min 30 s later (rounded up)", elapsed: 5 * MINUTE + 30_000, minutes: 10 },
    { case: "14 min 59 s later", elapsed: 15 * MINUTE - 1000, minutes: 1 },
    { case: "when the window has just passed", elapsed: 15 * MINUTE, minutes: 1 },
    { case: "long after the window", elapsed: 2 * HOUR, minutes: 1 },
  ])("$case the wait is $minutes min", ({ elapsed, minutes }) => {
    expect(minutesUntilRetry(start, at(elapsed))).toBe(minutes);
  });
});
