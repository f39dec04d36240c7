import { and, eq, gte, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../../db/types";
import { addCalendarDays, amsterdamDateOf } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { contracts } from "../contracts/contract.sql";
import { notifyUsers, startMailDelivery } from "../notifications/notifications.server";
import { progressReports, reportingPeriods } from "./report.sql";
import { contractManagersOf, supplierUsersOf, syncAllReportingPeriods } from "./reports.server";

// The daily report job (issue 6 items 1 and 6, ADR 0013): keep every active contract's periods in
// line with its schedule, and remind the supplier of a report due in 7 days and of one overdue
// (the day after the due date; the contract manager is told in-app). Each reminder goes out once
// per period: reporting_periods records when it was sent, claimed in the same transaction as the
// notification, so running the job twice (or on two servers) sends one.

/** The due-soon reminder goes out this many days before the due date. */
export const DUE_SOON_DAYS = 7;

export interface ReminderRun {
  dueSoon: number;
  overdue: number;
}

// no report, or only a first draft never submitted: the supplier still owes the report. A report
// returned for revision is not chased here; the supplier was told when it was returned.
const neverSubmitted = or(isNull(progressReports.id), and(eq(progressReports.status, "draft"), eq(progressReports.latestVersion, 1)));

async function candidates(db: Db, condition: ReturnType<typeof and>) {
  return db
    .select({
      periodId: reportingPeriods.id,
      label: reportingPeriods.label,
      dueDate: reportingPeriods.dueDate,
      contractNumber: contracts.number,
      contractTitle: contracts.title,
      supplierOrganisationId: contracts.supplierOrganisationId,
      contractManagerUserId: contracts.contractManagerUserId,
    })
    .from(reportingPeriods)
    .innerJoin(contracts, eq(contracts.id, reportingPeriods.contractId))
    .leftJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
    .where(and(condition, neverSubmitted, eq(reportingPeriods.outsideSchedule, false), inArray(contracts.status, ["active", "ended"])))
    .orderBy(reportingPeriods.dueDate);
}

const formatDate = (date: string) => `${Number(date.slice(8, 10))}-${Number(date.slice(5, 7))}-${date.slice(0, 4)}`;

/**
 * Sends the reminders that are due on the clock's Amsterdam date: "due soon" from 7 days before
 * the due date up to it (not later: a missed window is not made up), "overdue" from the day
 * after the due date. Returns how many periods were reminded of each.
 */
export async function sendReportReminders(db: Db, clock: Clock): Promise<ReminderRun> {
  const today = amsterdamDateOf(clock.now());
  const run: ReminderRun = { dueSoon: 0, overdue: 0 };

  const dueSoon = await candidates(db, and(isNull(reportingPeriods.dueSoonNotifiedAt), isNull(reportingPeriods.overdueNotifiedAt), gte(reportingPeriods.dueDate, today), lte(reportingPeriods.dueDate, addCalendarDays(today, DUE_SOON_DAYS))));
  for (const period of dueSoon) {
    const sent = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(reportingPeriods)
        .set({ dueSoonNotifiedAt: clock.now() })
        .where(and(eq(reportingPeriods.id, period.periodId), isNull(reportingPeriods.dueSoonNotifiedAt)))
        .returning({ id: reportingPeriods.id });
      if (!claimed) return false;
      await notifyUsers(tx, clock, await supplierUsersOf(tx, period.supplierOrganisationId), {
        title: `Rapportage ${period.label} uiterlijk ${formatDate(period.dueDate)} indienen`,
        body: `De voortgangsrapportage over ${period.label} voor contract ${period.contractNumber} "${period.contractTitle}" moet uiterlijk ${formatDate(period.dueDate)} zijn ingediend. Heeft u dat al gedaan, dan kunt u dit bericht negeren.`,
        link: `/rapportages/${period.periodId}`,
      });
      return true;
    });
    if (sent) run.dueSoon++;
  }

  const overdue = await candidates(db, and(isNull(reportingPeriods.overdueNotifiedAt), lt(reportingPeriods.dueDate, today)));
  for (const period of overdue) {
    const sent = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(reportingPeriods)
        .set({ overdueNotifiedAt: clock.now() })
        .where(and(eq(reportingPeriods.id, period.periodId), isNull(reportingPeriods.overdueNotifiedAt)))
        .returning({ id: reportingPeriods.id });
      if (!claimed) return false;
      await notifyUsers(tx, clock, await supplierUsersOf(tx, period.supplierOrganisationId), {
        title: `Rapportage ${period.label} is te laat`,
        body: `De voortgangsrapportage over ${period.label} voor contract ${period.contractNumber} "${period.contractTitle}" had uiterlijk ${formatDate(period.dueDate)} moeten zijn ingediend. Dien haar zo snel mogelijk in.`,
        link: `/rapportages/${period.periodId}`,
      });
      await notifyUsers(tx, clock, await contractManagersOf(tx, period), {
        title: `Rapportage ${period.label} van ${period.contractNumber} is te laat`,
        body: `De voortgangsrapportage over ${period.label} voor contract ${period.contractNumber} "${period.contractTitle}" is niet ingediend vóór de uiterste datum ${formatDate(period.dueDate)}. De leverancier heeft een herinnering gekregen.`,
        link: `/rapportages/${period.periodId}`,
        sendMail: false,
      });
      return true;
    });
    if (sent) run.overdue++;
  }
  return run;
}

/** The daily job: periods first (a quarter that just started), then the reminders, then the mail. */
export async function runDailyReportJob(db: Db, clock: Clock): Promise<ReminderRun & { periodsAdded: number }> {
  const periodsAdded = await syncAllReportingPeriods(db, clock);
  const run = await sendReportReminders(db, clock);
  if (run.dueSoon || run.overdue) startMailDelivery(db, clock);
  return { periodsAdded, ...run };
}

const HOUR = 60 * 60 * 1000;
// one scheduler per process, also across module reloads in development
const schedulerStore = globalThis as typeof globalThis & { __reportScheduler?: { timer: ReturnType<typeof setInterval>; lastDay: string | null; running: boolean } };

/**
 * Starts the daily report job: once now, then whenever the Amsterdam date has changed (checked
 * every hour, so a sleeping or restarted server catches up and daylight saving does not matter).
 * Like startMailDelivery, a failure is logged and the next check tries again. Idempotent.
 */
export function startReportScheduler(db: Db, clock: Clock): void {
  if (schedulerStore.__reportScheduler) return;
  const state = { timer: undefined as unknown as ReturnType<typeof setInterval>, lastDay: null as string | null, running: false };
  const tick = () => {
    const day = amsterdamDateOf(clock.now());
    if (state.running || state.lastDay === day) return;
    state.running = true;
    runDailyReportJob(db, clock)
      .then(() => {
        state.lastDay = day;
      })
      .catch((error: unknown) => console.error("The daily report job failed; it runs again within the hour.", error))
      .finally(() => {
        state.running = false;
      });
  };
  state.timer = setInterval(tick, HOUR);
  state.timer.unref?.();
  schedulerStore.__reportScheduler = state;
  tick();
}

/** Stops the scheduler (closing the database, tests). */
export function stopReportScheduler(): void {
  const state = schedulerStore.__reportScheduler;
  if (!state) return;
  clearInterval(state.timer);
  schedulerStore.__reportScheduler = undefined;
}
