// Alcatel standstill (domain.md §6; art. 2.127 Aanbestedingswet 2012): after the award decision
// is sent, the contract may not be concluded for 20 calendar days. How the term is counted:
// - day 1 is the day AFTER the decision is sent, as an Amsterdam calendar day: the law counts
//   Dutch days, not UTC days: a decision sent at 00:30 Amsterdam time on 11 September is
//   22:30 UTC on 10 September, yet it was sent on the 11th and day 1 is the 12th;
// - the term ends at 24:00 Europe/Amsterdam on day 20;
// - when day 20 is a Saturday, Sunday or algemeen erkende feestdag, the term ends at 24:00 of
//   the next working day (art. 1 Algemene termijnenwet). Hof Den Haag 20 April 2021 applied
//   this to the standstill: decision sent 12 October 2020, day 20 = Sunday 1 November, the
//   standstill ran until the end of Monday 2 November.
// Art. 2 Algemene termijnenwet (a term of at least three days must contain two working days) is
// not modelled: 20 calendar days always contain more than two working days.
import { addCalendarDays, amsterdamDateOf, endOfAmsterdamDay } from "../../utils/amsterdam-time";
import { workingDayOnOrAfter } from "./dutch-holidays";

/** Art. 2.127 Aanbestedingswet 2012: the standstill is 20 calendar days. */
export const STANDSTILL_DAYS = 20;

export interface StandstillEnd {
  /** Day `days` counted from the day after sending ("YYYY-MM-DD"), before any extension. */
  nominalLastDay: string;
  /** The last day of the standstill ("YYYY-MM-DD"), after the Algemene termijnenwet extension. */
  lastDay: string;
  /** 24:00 Europe/Amsterdam on lastDay, i.e. the instant the next day begins. */
  endsAt: Date;
  /** True when day `days` was a Saturday, Sunday or feestdag and the term was extended. */
  extended: boolean;
}

export function standstillEnd({ sentAt, days = STANDSTILL_DAYS }: { sentAt: Date; days?: number }): StandstillEnd {
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`Een opschortingstermijn moet een positief geheel aantal dagen zijn, niet ${days}.`);
  }
  if (Number.isNaN(sentAt.getTime())) {
    throw new RangeError("Het tijdstip van verzending van de gunningsbeslissing is ongeldig.");
  }
  // The day of sending is day 0, so day `days` is simply the sending day plus `days`.
  const sentOn = amsterdamDateOf(sentAt);
  const nominalLastDay = addCalendarDays(sentOn, days);
  const lastDay = workingDayOnOrAfter(nominalLastDay);
  return {
    nominalLastDay,
    lastDay,
    // Not start of day + 24 h: the DST Sundays are 23 or 25 hours long.
    endsAt: new Date(endOfAmsterdamDay(lastDay)),
    extended: lastDay !== nominalLastDay,
  };
}

/**
 * Whether the standstill has ended at `now`. The term runs up to and including 23:59:59.999 of
 * the last day; at 24:00 (= endsAt) it is over, so the contract may be concluded from endsAt on.
 */
export function isStandstillOver(now: Date, result: Pick<StandstillEnd, "endsAt">): boolean {
  return now.getTime() >= result.endsAt.getTime();
}
