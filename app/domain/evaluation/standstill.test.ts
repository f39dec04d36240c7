import { amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import { isStandstillOver, standstillEnd, STANDSTILL_DAYS } from "./standstill";

/** An award decision sent at an Amsterdam wall-clock time. */
const sentAtAmsterdam = (local: string) => new Date(amsterdamLocalToInstant(local));

describe("standstillEnd: 20 calendar days from the day after sending (art. 2.127 Aw 2012, Algemene termijnenwet)", () => {
  test.each([
    {
      case: "the court example (Hof Den Haag 20 April 2021): sent 12 October 2020, day 20 = Sunday 1 November, ends at the end of Monday 2 November (CET, after the October DST switch)",
      sent: "2020-10-12T14:00",
      nominalLastDay: "2020-11-01",
      lastDay: "2020-11-02",
      endsAt: "2020-11-02T23:00:00.000Z",
      extended: true,
    },
    // the day of sending is the Amsterdam day, not the UTC day
    {
      case: "sent 23:30 Amsterdam on Wednesday 10 September 2025 (21:30Z): day 1 = 11 September, day 20 = Tuesday 30 September",
      sent: "2025-09-10T23:30",
      nominalLastDay: "2025-09-30",
      lastDay: "2025-09-30",
      endsAt: "2025-09-30T22:00:00.000Z",
      extended: false,
    },
    {
      case: "sent 00:30 Amsterdam on Thursday 11 September 2025 (22:30Z on the 10th): day 1 = 12 September, day 20 = Wednesday 1 October",
      sent: "2025-09-11T00:30",
      nominalLastDay: "2025-10-01",
      lastDay: "2025-10-01",
      endsAt: "2025-10-01T22:00:00.000Z",
      extended: false,
    },
    {
      case: "in winter too: sent 23:30 CET on Wednesday 14 January 2026 → day 20 = Tuesday 3 February",
      sent: "2026-01-14T23:30",
      nominalLastDay: "2026-02-03",
      lastDay: "2026-02-03",
      endsAt: "2026-02-03T23:00:00.000Z",
      extended: false,
    },
    {
      case: "in winter too: sent 00:30 CET on Thursday 15 January 2026 (23:30Z on the 14th) → day 20 = Wednesday 4 February",
      sent: "2026-01-15T00:30",
      nominalLastDay: "2026-02-04",
      lastDay: "2026-02-04",
      endsAt: "2026-02-04T23:00:00.000Z",
      extended: false,
    },
    // month ends
    {
      case: "sent 31 January 2025 → day 20 = Thursday 20 February",
      sent: "2025-01-31T10:00",
      nominalLastDay: "2025-02-20",
      lastDay: "2025-02-20",
      endsAt: "2025-02-20T23:00:00.000Z",
      extended: false,
    },
    {
      case: "a leap year: sent 10 February 2024 → day 20 = Friday 1 March (29 February counts)",
      sent: "2024-02-10T10:00",
      nominalLastDay: "2024-03-01",
      lastDay: "2024-03-01",
      endsAt: "2024-03-01T23:00:00.000Z",
      extended: false,
    },
    // daylight saving time and Easter
    {
      case: "sent 15 March 2026 (CET) → day 20 = Saturday 4 April; Sunday is Easter, Monday 6 April tweede Paasdag, so it ends at the end of Tuesday 7 April (CEST)",
      sent: "2026-03-15T12:00",
      nominalLastDay: "2026-04-04",
      lastDay: "2026-04-07",
      endsAt: "2026-04-07T22:00:00.000Z",
      extended: true,
    },
    {
      case: "sent on Saturday 14 March 2026 → day 20 = Goede Vrijdag 3 April, a working day for the Algemene termijnenwet: no extension",
      sent: "2026-03-14T12:00",
      nominalLastDay: "2026-04-03",
      lastDay: "2026-04-03",
      endsAt: "2026-04-03T22:00:00.000Z",
      extended: false,
    },
    // Christmas and the year boundary
    {
      case: "sent 10 December 2025 → day 20 = Tuesday 30 December, no extension",
      sent: "2025-12-10T12:00",
      nominalLastDay: "2025-12-30",
      lastDay: "2025-12-30",
      endsAt: "2025-12-30T23:00:00.000Z",
      extended: false,
    },
    {
      case: "sent 5 December 2025 → day 20 = eerste Kerstdag (Thursday), tweede Kerstdag and a weekend follow: ends Monday 29 December",
      sent: "2025-12-05T12:00",
      nominalLastDay: "2025-12-25",
      lastDay: "2025-12-29",
      endsAt: "2025-12-29T23:00:00.000Z",
      extended: true,
    },
    {
      case: "sent 12 December 2025 → day 20 = Nieuwjaarsdag 2026 (Thursday): ends Friday 2 January 2026",
      sent: "2025-12-12T12:00",
      nominalLastDay: "2026-01-01",
      lastDay: "2026-01-02",
      endsAt: "2026-01-02T23:00:00.000Z",
      extended: true,
    },
    // other feestdagen
    {
      case: "sent 7 April 2026 → day 20 = Koningsdag, Monday 27 April: ends Tuesday 28 April",
      sent: "2026-04-07T12:00",
      nominalLastDay: "2026-04-27",
      lastDay: "2026-04-28",
      endsAt: "2026-04-28T22:00:00.000Z",
      extended: true,
    },
    {
      case: "sent 7 April 2025 → day 20 = Sunday 27 April 2025 (Koningsdag moved to Saturday 26): ends Monday 28 April",
      sent: "2025-04-07T12:00",
      nominalLastDay: "2025-04-27",
      lastDay: "2025-04-28",
      endsAt: "2025-04-28T22:00:00.000Z",
      extended: true,
    },
    {
      case: "sent 15 April 2026 → day 20 = 5 mei (Tuesday): ends Wednesday 6 May",
      sent: "2026-04-15T12:00",
      nominalLastDay: "2026-05-05",
      lastDay: "2026-05-06",
      endsAt: "2026-05-06T22:00:00.000Z",
      extended: true,
    },
    {
      case: "sent 24 April 2026 → day 20 = Hemelvaartsdag (Thursday 14 May): ends Friday 15 May",
      sent: "2026-04-24T12:00",
      nominalLastDay: "2026-05-14",
      lastDay: "2026-05-15",
      endsAt: "2026-05-15T22:00:00.000Z",
      extended: true,
    },
  ])("$case", ({ sent, nominalLastDay, lastDay, endsAt, extended }) => {
    expect(standstillEnd({ sentAt: sentAtAmsterdam(sent) })).toEqual({ nominalLastDay, lastDay, endsAt: new Date(endsAt), extended });
  });

  test("the default term is 20 calendar days", () => {
    expect(STANDSTILL_DAYS).toBe(20);
    const sentAt = sentAtAmsterdam("2025-09-10T12:00");
    expect(standstillEnd({ sentAt })).toEqual(standstillEnd({ sentAt, days: 20 }));
  });

  test("another number of days counts the same way", () => {
    // sent Sunday 15 March 2026: day 10 = Wednesday 25 March, still CET
    expect(standstillEnd({ sentAt: sentAtAmsterdam("2026-03-15T12:00"), days: 10 })).toEqual({
      nominalLastDay: "2026-03-25",
      lastDay: "2026-03-25",
      endsAt: new Date("2026-03-25T23:00:00.000Z"),
      extended: false,
    });
  });

  test.each([0, -1, 2.5, Number.NaN])("refuses a term of %s days", (days) => {
    expect(() => standstillEnd({ sentAt: new Date("2026-03-15T11:00:00Z"), days })).toThrow(RangeError);
  });

  test("refuses an invalid sending instant", () => {
    expect(() => standstillEnd({ sentAt: new Date("not a date") })).toThrow("Het tijdstip van verzending van de gunningsbeslissing is ongeldig.");
  });
});

describe("isStandstillOver", () => {
  const courtCase = standstillEnd({ sentAt: sentAtAmsterdam("2020-10-12T14:00") });

  test.each([
    { case: "during the term", now: "2020-10-20T10:00:00.000Z", over: false },
    { case: "at the end of the nominal day 20 (Sunday 1 November): the term was extended, not over", now: "2020-11-01T23:00:00.000Z", over: false },
    { case: "at 23:59:59.999 on Monday 2 November", now: "2020-11-02T22:59:59.999Z", over: false },
    { case: "at 24:00 on Monday 2 November", now: "2020-11-02T23:00:00.000Z", over: true },
    { case: "a day later", now: "2020-11-03T23:00:00.000Z", over: true },
  ])("$case → $over", ({ now, over }) => {
    expect(isStandstillOver(new Date(now), courtCase)).toBe(over);
  });
});
