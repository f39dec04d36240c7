// Dutch names and formats of the award step, shared by the award letters (PDF) and the gunning
// page. No server code here: the page's component imports it in the browser too.
import type { awardDecisionStatuses } from "./evaluation.sql";

export type AwardDecisionStatus = (typeof awardDecisionStatuses)[number];

export const awardDecisionStatusLabels: Record<AwardDecisionStatus, string> = {
  proposed: "Gunningsvoorstel",
  decisionSent: "Gunningsbeslissing verzonden",
  suspended: "Opgeschort",
  withdrawn: "Ingetrokken",
  final: "Definitief gegund",
};

// A calendar date names the day itself: formatted in UTC so no time zone can shift it.
const weekdayDateFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** "2020-11-02" → "maandag 2 november 2020". */
export function formatWeekdayDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Geen geldige datum: "${date}".`);
  return weekdayDateFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/**
 * How the letters and the page state the end of the standstill: the last day and 24:00, the way
 * the law counts it ("maandag 2 november 2020 om 24:00 uur"), not "dinsdag 00:00".
 */
export function formatStandstillEnd(lastDay: string): string {
  return `${formatWeekdayDate(lastDay)} om 24:00 uur`;
}

const pointsFormat = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Points as the ranking rounds them: 2 decimals, Dutch comma ("32,00"). */
export function formatPoints(points: number): string {
  return pointsFormat.format(points);
}

/** "1e", "2e", … as Dutch ordinals are written in running text. */
export function dutchOrdinal(rank: number): string {
  return `${rank}e`;
}
