// Dutch formats for everything the portal shows: nl-NL, Europe/Amsterdam.
export const TIME_ZONE = "Europe/Amsterdam";

const dateFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: TIME_ZONE, day: "numeric", month: "long", year: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("nl-NL", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const euroFormat = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
const wholeEuroFormat = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0, minimumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat("nl-NL");

function asDate(value: Date | string): Date {
  return typeof value === "string" ? new Date(value) : value;
}

export function formatDate(value: Date | string): string {
  return dateFormat.format(asDate(value));
}

export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(asDate(value));
}

/** Integer euro cents as "€ 1.234,56". */
export function formatEuroCents(cents: number): string {
  return euroFormat.format(cents / 100);
}

/** Integer euro cents of whole-euro amounts (the framework's figures) as "€ 2.127.336". */
export function formatWholeEuros(cents: number): string {
  return wholeEuroFormat.format(cents / 100);
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A file size as "1,2 MB" or "340 kB" (at least 1 kB, rounded up: a file is never "0 kB"). */
export function formatFileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB` : `${formatNumber(Math.max(1, Math.ceil(bytes / 1024)))} kB`;
}

/** A stored exact decimal ("75.0000") as Dutch text ("75"), with a unit. */
export function formatTarget(target: string, unit: "percent" | "score"): string {
  const value = numberFormat.format(Number(target));
  return unit === "percent" ? `${value} %` : value;
}

const calendarDateFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/**
 * A calendar date "2026-12-15" (a day in Amsterdam, not an instant) as "15 december 2026".
 * Formatted in UTC on purpose: the string names the day itself, so no time zone may shift it.
 */
export function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Geen geldige datum: "${date}".`);
  return calendarDateFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}
