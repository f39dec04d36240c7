// Wall-clock time in Europe/Amsterdam ↔ UTC instants, with Intl only so that it runs in the
// browser as well as on the server (a form shows a datetime-local field; the database stores
// timestamptz). Deadlines are legal facts: "15 december 2026 12:00" means Dutch time, whatever
// the time zone of the server or of the supplier's laptop.
//
// Daylight saving time in the EU: clocks go from 02:00 CET to 03:00 CEST on the last Sunday of
// March and from 03:00 CEST back to 02:00 CET on the last Sunday of October. Two wall-clock
// times therefore need a rule:
// - the non-existent hour in spring (02:00–02:59 on the last Sunday of March): the clock is
//   moved on by the length of the gap, so the result has the later offset, summer time
//   (02:30 → 03:30+02:00 = 01:30Z). This is the later of the two candidate instants, as
//   Temporal's "compatible" disambiguation and JavaScript's Date do; reading 02:30 as
//   02:30+02:00 instead would give 00:30Z, which is 01:30 on the clock: a deadline typed in the
//   gap would then fall before the time typed.
// - the ambiguous hour in autumn (02:00–02:59 on the last Sunday of October happens twice):
//   the first occurrence, still summer time (02:30 → 00:30Z, not 01:30Z).
import { TIME_ZONE } from "./format";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  // h23: some engines print midnight as "24" with hour12: false
  hourCycle: "h23",
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(ms: number): WallClock {
  const values: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(ms))) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return {
    year: values.year!,
    month: values.month!,
    day: values.day!,
    hour: values.hour!,
    minute: values.minute!,
    second: values.second!,
  };
}

/** Milliseconds the Amsterdam clock is ahead of UTC at an instant (1 h in winter, 2 h in summer). */
function offsetAt(ms: number): number {
  const wall = wallClockAt(ms);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Intl has second precision; drop the milliseconds of the instant before comparing
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

function formatDateParts(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The wall-clock time as if it were UTC, after checking that the calendar date exists. */
function parseLocal(local: string): number {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) throw new RangeError(`Geen geldige datum en tijd: "${local}" (verwacht: JJJJ-MM-DDTUU:MM).`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? "0")) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Date.UTC rolls 30 February over into March; a datetime-local value never does
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`Geen geldige datum en tijd: "${local}".`);
  }
  return ms;
}

function parseDate(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`Geen geldige datum: "${date}" (verwacht: JJJJ-MM-DD).`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Geen geldige datum: "${date}".`);
  }
  return ms;
}

function toMs(instant: Date | string): number {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Geen geldig tijdstip: "${String(instant)}".`);
  return ms;
}

/**
 * "2026-12-15T12:00" (Amsterdam wall-clock time, as a datetime-local field gives it; seconds
 * optional) → "2026-12-15T11:00:00.000Z". See the top of this file for the two DST hours.
 */
export function amsterdamLocalToInstant(local: string): string {
  const wallAsUtc = parseLocal(local);
  // The offsets in force half a day before and after cover both sides of any DST switch
  // near this wall-clock time (switches are months apart).
  const before = offsetAt(wallAsUtc - 12 * HOUR_MS);
  const after = offsetAt(wallAsUtc + 12 * HOUR_MS);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset)
    .filter((ms) => wallAsUtc - ms === offsetAt(ms))
    .sort((a, b) => a - b);
  // Autumn overlap: two candidates, the first occurrence (summer time) is the earlier instant.
  // Spring gap: no candidate; the offset from before the jump gives the later instant.
  const ms = candidates[0] ?? wallAsUtc - before;
  return new Date(ms).toISOString();
}

/**
 * An instant → its Amsterdam wall-clock time as a datetime-local value: "2026-12-15T12:00",
 * with ":ss" only when the seconds are not zero (so that nothing is lost in a round trip).
 */
export function instantToAmsterdamLocal(iso: string | Date): string {
  const wall = wallClockAt(toMs(iso));
  const seconds = wall.second === 0 ? "" : `:${pad(wall.second)}`;
  return `${formatDateParts(wall.year, wall.month, wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}${seconds}`;
}

/** The calendar day in Amsterdam on which an instant falls: "2026-12-15". */
export function amsterdamDateOf(instant: Date | string): string {
  const wall = wallClockAt(toMs(instant));
  return formatDateParts(wall.year, wall.month, wall.day);
}

/** A calendar date plus (or minus) whole days: ("2026-10-12", 20) → "2026-11-01". */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Geen geheel aantal dagen: ${days}.`);
  const moved = new Date(parseDate(date) + days * DAY_MS);
  return formatDateParts(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

/** Whole calendar days from one date to another: ("2026-12-01", "2026-12-07") → 6. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}

/** The instant at which an Amsterdam calendar day begins (00:00, which always exists). */
export function startOfAmsterdamDay(date: string): string {
  parseDate(date);
  return amsterdamLocalToInstant(`${date}T00:00`);
}

/**
 * The instant of 24:00 on an Amsterdam calendar day, i.e. 00:00 of the next day. A period that
 * "ends on 1 November" ends here; a day is 23 or 25 hours long on the DST Sundays, so this is
 * not the start of the day plus 24 hours.
 */
export function endOfAmsterdamDay(date: string): string {
  return startOfAmsterdamDay(addCalendarDays(date, 1));
}
