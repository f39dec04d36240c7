// The days on which a statutory term may not end (Algemene termijnenwet). A term that would end
// on a Saturday, a Sunday or an "algemeen erkende feestdag" ends on the next day that is none of
// these (art. 1). The feestdagen are listed in art. 3:
//   Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, eerste en tweede
//   Kerstdag, de dag waarop de verjaardag van de Koning wordt gevierd, en 5 mei.
//
// Deliberately NOT in the list:
// - Goede Vrijdag: many employers give it off, but it is not a feestdag of the Algemene
//   termijnenwet, so a term can end on it.
// - eerste Paasdag and eerste Pinksterdag: always Sundays, so the weekend rule already covers them.
// - Saturday and Sunday are no feestdagen either, but art. 1 extends a term ending on them just
//   the same; isNonWorkingDay therefore checks both.
//
// 5 mei is a feestdag for this law every year, not only in lustrum years (the lustrum rule is a
// matter of collective labour agreements, not of the Algemene termijnenwet).
import { addCalendarDays } from "../../utils/amsterdam-time";

export type DutchHolidayName =
  | "Nieuwjaarsdag"
  | "Tweede Paasdag"
  | "Koningsdag"
  | "Bevrijdingsdag"
  | "Hemelvaartsdag"
  | "Tweede Pinksterdag"
  | "Eerste Kerstdag"
  | "Tweede Kerstdag";

export interface DutchHoliday {
  /** "YYYY-MM-DD" */
  date: string;
  name: DutchHolidayName;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

function assertYear(year: number): void {
  // The Gregorian computus holds from 1583; years beyond 9999 do not fit "YYYY-MM-DD".
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Geen geldig jaartal: ${year}.`);
  }
}

/**
 * Easter Sunday of a Gregorian year, "YYYY-MM-DD", by the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher, as given in Meeus, Astronomical Algorithms). Integer arithmetic only.
 */
export function easterSunday(year: number): string {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** 0 = Sunday … 6 = Saturday, for a calendar date (no time zone involved). */
function weekdayOf(date: string): number {
  // addCalendarDays(date, 0) validates the date (format and existence) and throws a Dutch RangeError
  const valid = addCalendarDays(date, 0);
  return new Date(`${valid}T00:00:00Z`).getUTCDay();
}

/**
 * Koningsdag: 27 April, or Saturday 26 April when 27 April is a Sunday (the day on which the
 * King's birthday is celebrated, art. 3 Algemene termijnenwet; the date is set by royal decree).
 * Note that the move never turns a working day into a feestdag for terms: the 26th is then a
 * Saturday anyway. We keep the rule exact so that the list of feestdagen is right.
 */
function kingsDay(year: number): string {
  const april27 = `${pad(year, 4)}-04-27`;
  return weekdayOf(april27) === 0 ? `${pad(year, 4)}-04-26` : april27;
}

/** The algemeen erkende feestdagen of art. 3 Algemene termijnenwet in a year, in date order. */
export function dutchPublicHolidays(year: number): DutchHoliday[] {
  assertYear(year);
  const y = pad(year, 4);
  const easter = easterSunday(year);
  const holidays: DutchHoliday[] = [
    { date: `${y}-01-01`, name: "Nieuwjaarsdag" },
    { date: addCalendarDays(easter, 1), name: "Tweede Paasdag" },
    { date: kingsDay(year), name: "Koningsdag" },
    { date: `${y}-05-05`, name: "Bevrijdingsdag" },
    // Ascension: the 40th day of Easter counting Easter Sunday as day 1, so Easter + 39 (a Thursday)
    { date: addCalendarDays(easter, 39), name: "Hemelvaartsdag" },
    // Whit Monday: Pentecost is Easter + 49 (a Sunday), the second day Easter + 50
    { date: addCalendarDays(easter, 50), name: "Tweede Pinksterdag" },
    { date: `${y}-12-25`, name: "Eerste Kerstdag" },
    { date: `${y}-12-26`, name: "Tweede Kerstdag" },
  ];
  // Hemelvaart can fall before 5 May (early Easter) and even on it (e.g. 2016); sort by date.
  return holidays.sort((x, z) => (x.date < z.date ? -1 : x.date > z.date ? 1 : 0));
}

/** The feestdag on a date, or null: "2026-04-06" → "Tweede Paasdag". */
export function dutchPublicHolidayOn(date: string): DutchHolidayName | null {
  const valid = addCalendarDays(date, 0);
  const year = Number(valid.slice(0, 4));
  return dutchPublicHolidays(year).find((holiday) => holiday.date === valid)?.name ?? null;
}

/**
 * True for a Saturday, a Sunday or an algemeen erkende feestdag: the days on which a term of
 * the Algemene termijnenwet cannot end (art. 1).
 */
export function isNonWorkingDay(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6 || dutchPublicHolidayOn(date) !== null;
}

/** The first working day strictly AFTER a date: Friday "2026-04-03" → Tuesday "2026-04-07". */
export function nextWorkingDay(date: string): string {
  let day = addCalendarDays(date, 1);
  // At most a few steps: the longest run of non-working days is a long Christmas weekend.
  while (isNonWorkingDay(day)) day = addCalendarDays(day, 1);
  return day;
}

/**
 * The day itself when it is a working day, otherwise the next working day: how art. 1
 * Algemene termijnenwet moves the last day of a term.
 */
export function workingDayOnOrAfter(date: string): string {
  return isNonWorkingDay(date) ? nextWorkingDay(date) : addCalendarDays(date, 0);
}
