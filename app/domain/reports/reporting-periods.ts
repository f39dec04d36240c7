import { addCalendarDays } from "../../utils/amsterdam-time";

// The reporting schedule of a contract (issue 6 item 1): calendar quarters, half-years or years,
// clipped to the contract's start and end date, each due a number of days after it ends.

export type ReportingFrequency = "quarterly" | "halfYearly" | "yearly";

export interface ReportingPeriod {
  /** "2024-K3", "2025-H1", "2025" */
  label: string;
  /** "YYYY-MM-DD", the later of the calendar period's first day and the contract's start. */
  periodStart: string;
  /** "YYYY-MM-DD", the earlier of the calendar period's last day and the contract's end. */
  periodEnd: string;
  /** periodEnd + dueDays calendar days. */
  dueDate: string;
}

const monthsPer: Record<ReportingFrequency, number> = { quarterly: 3, halfYearly: 6, yearly: 12 };

const pad = (value: number) => String(value).padStart(2, "0");

function labelOf(frequency: ReportingFrequency, year: number, firstMonth: number): string {
  if (frequency === "quarterly") return `${year}-K${Math.floor((firstMonth - 1) / 3) + 1}`;
  if (frequency === "halfYearly") return `${year}-H${firstMonth <= 6 ? 1 : 2}`;
  return String(year);
}

function assertDate(date: string, name: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`${name} is geen datum (JJJJ-MM-DD): "${date}".`);
}

/**
 * The reporting periods of a contract, oldest first. A contract from 15 August 2024 reporting
 * quarterly starts with "2024-K3" from 15 August to 30 September 2024; one that ends on
 * 10 February 2026 ends with "2026-K1" from 1 January to 10 February 2026.
 */
export function reportingPeriodsFor(input: { startDate: string; endDate: string; frequency: ReportingFrequency; dueDays: number }): ReportingPeriod[] {
  const { startDate, endDate, frequency, dueDays } = input;
  assertDate(startDate, "De begindatum");
  assertDate(endDate, "De einddatum");
  if (!Number.isInteger(dueDays) || dueDays < 0) throw new RangeError(`Geen geldig aantal dagen voor de inleverdatum: ${dueDays}.`);
  if (endDate < startDate) return [];
  const months = monthsPer[frequency];
  let year = Number(startDate.slice(0, 4));
  // the first month of the calendar period that holds the start date
  let firstMonth = Math.floor((Number(startDate.slice(5, 7)) - 1) / months) * months + 1;
  const periods: ReportingPeriod[] = [];
  for (;;) {
    const calendarStart = `${year}-${pad(firstMonth)}-01`;
    if (calendarStart > endDate) break;
    const nextYear = firstMonth + months > 12 ? year + 1 : year;
    const nextMonth = ((firstMonth - 1 + months) % 12) + 1;
    const calendarEnd = addCalendarDays(`${nextYear}-${pad(nextMonth)}-01`, -1);
    const periodStart = calendarStart < startDate ? startDate : calendarStart;
    const periodEnd = calendarEnd > endDate ? endDate : calendarEnd;
    periods.push({ label: labelOf(frequency, year, firstMonth), periodStart, periodEnd, dueDate: addCalendarDays(periodEnd, dueDays) });
    year = nextYear;
    firstMonth = nextMonth;
  }
  return periods;
}

export type PeriodReportStatus = "notYet" | "upcoming" | "due" | "overdue" | "submitted" | "returned" | "accepted";

/**
 * What a period's report stands at on `today` (an Amsterdam calendar date): the report's status
 * once it was submitted at least once, otherwise (no report, or a draft never submitted) due
 * after the period ended and overdue after the due date. A period still running is "upcoming";
 * one that has not started yet (periods are stored for the whole contract term, ADR 0013) is
 * "notYet" when its start is given.
 */
export function periodReportStatus(
  period: { periodStart?: string; periodEnd: string; dueDate: string },
  reportStatus: "draft" | "submitted" | "returned" | "accepted" | null,
  today: string,
): PeriodReportStatus {
  if (reportStatus === "submitted" || reportStatus === "returned" || reportStatus === "accepted") return reportStatus;
  if (period.periodStart !== undefined && today < period.periodStart) return "notYet";
  if (today <= period.periodEnd) return "upcoming";
  return today > period.dueDate ? "overdue" : "due";
}

export const periodReportStatusLabels: Record<PeriodReportStatus, string> = {
  notYet: "Nog niet aan de beurt",
  upcoming: "Periode loopt nog",
  due: "Te doen",
  overdue: "Te laat",
  submitted: "Ingediend",
  returned: "Teruggestuurd",
  accepted: "Geaccepteerd",
};
