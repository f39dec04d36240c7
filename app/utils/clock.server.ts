import { getEnv } from "./env.server";

/** Deadlines are judged by the server's clock; every domain function receives one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface MovableClock extends Clock {
  set(at: Date): void;
  advance(milliseconds: number): void;
  reset(): void;
}

/** A clock whose time a test sets; it follows real time from the moment it was set. */
export function createMovableClock(start?: Date): MovableClock {
  let offsetMs = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    set: (at) => {
      offsetMs = at.getTime() - Date.now();
    },
    advance: (milliseconds) => {
      offsetMs += milliseconds;
    },
    reset: () => {
      offsetMs = 0;
    },
  };
}

let testClock: MovableClock | undefined;

export function isTestClockEnabled(): boolean {
  const env = getEnv();
  return env.NODE_ENV === "test" && env.ENABLE_TEST_CLOCK === "1";
}

/** The clock requests are judged by: the system clock, or in test mode the movable test clock. */
export function getServerClock(): Clock {
  if (!isTestClockEnabled()) return systemClock;
  testClock ??= createMovableClock();
  return testClock;
}

/** Only reachable when isTestClockEnabled(); production never gets a movable clock. */
export function getTestClock(): MovableClock {
  if (!isTestClockEnabled()) throw new Error("The test clock is only available with NODE_ENV=test and ENABLE_TEST_CLOCK=1");
  testClock ??= createMovableClock();
  return testClock;
}
