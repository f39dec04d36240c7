import {
  addCalendarDays,
  amsterdamDateOf,
  amsterdamLocalToInstant,
  calendarDaysBetween,
  endOfAmsterdamDay,
  instantToAmsterdamLocal,
  startOfAmsterdamDay,
} from "./amsterdam-time";
import { formatCalendarDate } from "./format";

// 2026: summer time starts Sunday 29 March (02:00 CET → 03:00 CEST, at 01:00Z) and ends
// Sunday 25 October (03:00 CEST → 02:00 CET, at 01:00Z).

describe("amsterdamLocalToInstant", () => {
  test.each([
    { case: "a winter afternoon is UTC+1", local: "2026-12-15T12:00", instant: "2026-12-15T11:00:00.000Z" },
    { case: "a summer afternoon is UTC+2", local: "2026-07-01T12:00", instant: "2026-07-01T10:00:00.000Z" },
    { case: "midnight in winter lies on the previous UTC day", local: "2026-01-01T00:00", instant: "2025-12-31T23:00:00.000Z" },
    { case: "seconds are kept", local: "2026-12-15T12:00:30", instant: "2026-12-15T11:00:30.000Z" },
    // spring switch
    { case: "01:59 before the spring switch is still winter time", local: "2026-03-29T01:59", instant: "2026-03-29T00:59:00.000Z" },
    { case: "03:00 right after the spring switch is summer time", local: "2026-03-29T03:00", instant: "2026-03-29T01:00:00.000Z" },
    { case: "the non-existent 02:00 in spring is read as 03:00 summer time", local: "2026-03-29T02:00", instant: "2026-03-29T01:00:00.000Z" },
    { case: "the non-existent 02:30 in spring is read as 03:30 summer time", local: "2026-03-29T02:30", instant: "2026-03-29T01:30:00.000Z" },
    { case: "the day before the spring switch is winter time", local: "2026-03-28T12:00", instant: "2026-03-28T11:00:00.000Z" },
    { case: "the day after the spring switch is summer time", local: "2026-03-30T12:00", instant: "2026-03-30T10:00:00.000Z" },
    // autumn switch
    { case: "01:59 before the autumn switch is summer time", local: "2026-10-25T01:59", instant: "2026-10-24T23:59:00.000Z" },
    { case: "the ambiguous 02:00 in autumn is the first (summer time) occurrence", local: "2026-10-25T02:00", instant: "2026-10-25T00:00:00.000Z" },
    { case: "the ambiguous 02:30 in autumn is the first (summer time) occurrence", local: "2026-10-25T02:30", instant: "2026-10-25T00:30:00.000Z" },
    { case: "03:00 after the autumn switch is winter time", local: "2026-10-25T03:00", instant: "2026-10-25T02:00:00.000Z" },
    { case: "the day after the autumn switch is winter time", local: "2026-10-26T12:00", instant: "2026-10-26T11:00:00.000Z" },
    // another year: the switch follows the last Sunday, not a fixed date
    { case: "2027: 29 March is a Monday, already summer time", local: "2027-03-29T12:00", instant: "2027-03-29T10:00:00.000Z" },
    { case: "2027: the switch is on Sunday 28 March", local: "2027-03-28T02:30", instant: "2027-03-28T01:30:00.000Z" },
    { case: "2027: the autumn switch is on Sunday 31 October", local: "2027-10-31T02:30", instant: "2027-10-31T00:30:00.000Z" },
  ])("$case", ({ local, instant }) => {
    expect(amsterdamLocalToInstant(local)).toBe(instant);
  });

  test.each(["2026-02-30T12:00", "2026-12-15T24:00", "2026-12-15 12:00", "15-12-2026T12:00", "2026-12-15T12:60", ""])(
    "refuses the invalid value %j",
    (local) => {
      expect(() => amsterdamLocalToInstant(local)).toThrow(RangeError);
    },
  );
});

describe("instantToAmsterdamLocal", () => {
  test.each([
    { case: "a winter instant", instant: "2026-12-15T11:00:00.000Z", local: "2026-12-15T12:00" },
    { case: "a summer instant", instant: "2026-07-01T10:00:00Z", local: "2026-07-01T12:00" },
    { case: "an instant with an explicit offset", instant: "2026-12-15T12:00:00+01:00", local: "2026-12-15T12:00" },
    { case: "the last winter minute before the spring switch", instant: "2026-03-29T00:59:00.000Z", local: "2026-03-29T01:59" },
    { case: "the spring switch itself", instant: "2026-03-29T01:00:00.000Z", local: "2026-03-29T03:00" },
    { case: "the first 02:30 in autumn", instant: "2026-10-25T00:30:00.000Z", local: "2026-10-25T02:30" },
    { case: "the second 02:30 in autumn", instant: "2026-10-25T01:30:00.000Z", local: "2026-10-25T02:30" },
    { case: "non-zero seconds are shown", instant: "2026-12-15T11:00:30.000Z", local: "2026-12-15T12:00:30" },
    { case: "midnight is 00, not 24", instant: "2026-12-14T23:00:00.000Z", local: "2026-12-15T00:00" },
  ])("$case", ({ instant, local }) => {
    expect(instantToAmsterdamLocal(instant)).toBe(local);
  });

  test("accepts a Date", () => {
    expect(instantToAmsterdamLocal(new Date("2026-12-15T11:00:00Z"))).toBe("2026-12-15T12:00");
  });

  test("refuses an invalid instant", () => {
    expect(() => instantToAmsterdamLocal("not a date")).toThrow(RangeError);
  });

  test("every minute around both switches survives a round trip, except the skipped hour", () => {
    for (const day of ["2026-03-29", "2026-10-25"]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 1) {
        const local = `${day}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
        const back = instantToAmsterdamLocal(amsterdamLocalToInstant(local));
        const skipped = day === "2026-03-29" && local >= `${day}T02:00` && local < `${day}T03:00`;
        if (skipped) {
          expect(back, local).toBe(`${day}T03:${local.slice(-2)}`);
        } else {
          expect(back, local).toBe(local);
        }
      }
    }
  });
});

describe("amsterdamDateOf", () => {
  test.each([
    { case: "late evening UTC in winter is the next Amsterdam day", instant: "2026-12-14T23:30:00Z", date: "2026-12-15" },
    { case: "late evening UTC in summer is the next Amsterdam day", instant: "2026-07-01T22:00:00Z", date: "2026-07-02" },
    { case: "just before Amsterdam midnight in summer", instant: "2026-07-01T21:59:59Z", date: "2026-07-01" },
    { case: "the new year starts an hour earlier in UTC", instant: "2026-12-31T23:00:00Z", date: "2027-01-01" },
  ])("$case", ({ instant, date }) => {
    expect(amsterdamDateOf(instant)).toBe(date);
    expect(amsterdamDateOf(new Date(instant))).toBe(date);
  });
});

describe("endOfAmsterdamDay and startOfAmsterdamDay", () => {
  test.each([
    { case: "a winter day", date: "2026-12-15", start: "2026-12-14T23:00:00.000Z", end: "2026-12-15T23:00:00.000Z" },
    { case: "a summer day", date: "2026-07-01", start: "2026-06-30T22:00:00.000Z", end: "2026-07-01T22:00:00.000Z" },
    { case: "the spring switch day has 23 hours", date: "2026-03-29", start: "2026-03-28T23:00:00.000Z", end: "2026-03-29T22:00:00.000Z" },
    { case: "the autumn switch day has 25 hours", date: "2026-10-25", start: "2026-10-24T22:00:00.000Z", end: "2026-10-25T23:00:00.000Z" },
    { case: "the last day of the year", date: "2026-12-31", start: "2026-12-30T23:00:00.000Z", end: "2026-12-31T23:00:00.000Z" },
    { case: "a leap day", date: "2028-02-29", start: "2028-02-28T23:00:00.000Z", end: "2028-02-29T23:00:00.000Z" },
  ])("$case", ({ date, start, end }) => {
    expect(startOfAmsterdamDay(date)).toBe(start);
    expect(endOfAmsterdamDay(date)).toBe(end);
  });

  test("the Hof Den Haag example: a standstill whose day 20 is Sunday 1 November 2020 runs to 24:00 that day at the earliest", () => {
    expect(addCalendarDays("2020-10-12", 20)).toBe("2020-11-01");
    expect(endOfAmsterdamDay("2020-11-01")).toBe("2020-11-01T23:00:00.000Z");
  });

  test("refuses a date that does not exist", () => {
    expect(() => endOfAmsterdamDay("2026-02-29")).toThrow(RangeError);
  });
});

describe("calendar arithmetic", () => {
  test.each([
    { from: "2026-12-01", days: 6, to: "2026-12-07" },
    { from: "2026-12-28", days: 7, to: "2027-01-04" },
    { from: "2028-02-28", days: 1, to: "2028-02-29" },
    { from: "2026-03-28", days: 2, to: "2026-03-30" },
    { from: "2026-03-01", days: -1, to: "2026-02-28" },
  ])("$from plus $days days is $to, and back", ({ from, days, to }) => {
    expect(addCalendarDays(from, days)).toBe(to);
    expect(calendarDaysBetween(from, to)).toBe(days);
  });
});

// formatCalendarDate lives in format.ts; it is tested here because it exists for the
// calendar dates of this module and format.ts has no test file of its own.
describe("formatCalendarDate", () => {
  test.each([
    { date: "2026-12-15", text: "15 december 2026" },
    { date: "2026-03-29", text: "29 maart 2026" },
    { date: "2027-01-01", text: "1 januari 2027" },
  ])("$date is $text, whatever the time zone of the machine", ({ date, text }) => {
    expect(formatCalendarDate(date)).toBe(text);
  });

  test("refuses a value that is not a calendar date", () => {
    expect(() => formatCalendarDate("2026-12-15T12:00")).toThrow(RangeError);
  });
});
