import { and, asc, eq, inArray, like, lt } from "drizzle-orm";
import type { Db } from "../../db/types";
import {
  addCalendarDays,
  amsterdamDateOf,
  amsterdamLocalToInstant,
} from "../../utils/amsterdam-time";
import { createMovableClock, type Clock } from "../../utils/clock.server";
import { contractBudgets, contracts } from "../contracts/contract.sql";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import { municipalityFigures } from "../reference-data/framework-figures";
import { municipalities } from "../regions/regions.sql";
import type { FigureValues, LearningRoute } from "../reports/report-figures";
import { progressReports, reportingPeriods } from "../reports/report.sql";
import {
  ensureReportingPeriods,
  reviewReport,
  saveReportDraft,
  submitReport,
  type ReportFigureRow,
} from "../reports/reports.server";
import { targetGroups, type TargetGroup } from "../tenders/tender-content";
import { seededRandom } from "../../utils/seeded-random";

// Demo progress reports (issue 6 item 8), built through the reports domain with a movable clock:
// for every demo contract, every period that ended before the seed day gets a report that the
// supplier saves and submits some days after the period ended and the contract manager reviews
// a few days later. Most are accepted (and so feed the KPI year figures, report-kpis.server.ts);
// the latest of the onderwijsroute is returned with a comment; the latest overdue period of the
// B1-route gets no report, so the contract manager's start page lists one overdue report.
//
// Figures: per municipality, proportional to its housing quota (taakstelling 2020), per
// leerroute and target group; small numbers, as in West-Friesland. The flow adds up from one
// quarter to the next (active before + started − ended = active now), so no submission needs an
// explanation. Per contract the rates are chosen so that the KPIs land where the story wants
// them (targets in brackets; "at risk" = within 10 % of the target, domain.md §3):
//
// | contract       | met                                        | at risk                              | missed                          |
// |----------------|--------------------------------------------|--------------------------------------|---------------------------------|
// | WF-DVO-2022    | financiën zelf beheren 80 % (75)           |                                      | in aanraking met werk 68 % (80) |
// | WF-2022-B1-01  | voldaan binnen termijn 80 % (75), klant 7,4 | uitstroom werk 46 % (50), werk jaar 1 74 % (80) |                    |
// | WF-2022-OR-01  | voldaan binnen termijn 85 % (80)           | klantbeleving 6,7 (7)                | werk of onderwijs 38 % (50)     |
// | WF-2022-Z-01   | werk of onderwijs 71 % (65)                | voldaan binnen termijn 84 % (90)     | participeert lokaal 62 % (80)   |
// | subsidies      | taalmaatjes: participeert lokaal 86 % (80); Samen Thuis: klantbeleving 7,8 (7)                         |
//
// Shortcuts (the lifecycle rules are all kept: every report is saved, submitted and reviewed by
// the domain commands, as its supplier and the contract manager):
// - The cohort figures (term ended, three years after the start) start in 2024, when the first
//   participants under the Wet inburgering 2021 reached the end of their term.
// - The notifications these historical reviews produce are marked read when older than 30
//   days, and their e-mails (never to be sent: they are history) are removed from the outbox.

interface Rates {
  metInTime: number;
  outflowWork: number;
  outflowEducation: number;
  workContact: number;
  local: number;
  score: number;
  selfReliance: number;
}

interface ReportPlan {
  number: string;
  supplierEmail: string;
  /** The routes the contract reports on; subsidies report participants of every route. */
  routes: readonly LearningRoute[];
  kind: "leerroute" | "werksaam" | "subsidy";
  rates: Rates;
  hoursPerActive: number;
  invoicePerActiveCents: number;
}

const defaults: Rates = {
  metInTime: 0.8,
  outflowWork: 0.4,
  outflowEducation: 0.12,
  workContact: 0.8,
  local: 0.8,
  score: 7.2,
  selfReliance: 0.75,
};

const plans: ReportPlan[] = [
  {
    number: "WF-DVO-2022",
    supplierEmail: "rit@werksaam.test",
    routes: ["b1", "education", "z"],
    kind: "werksaam",
    rates: { ...defaults, workContact: 0.68, selfReliance: 0.8 },
    hoursPerActive: 0,
    invoicePerActiveCents: 690_00,
  },
  {
    number: "WF-2022-B1-01",
    supplierEmail: "aanbieder@taalinstituut-dehorn.test",
    routes: ["b1"],
    kind: "leerroute",
    rates: {
      ...defaults,
      metInTime: 0.8,
      outflowWork: 0.46,
      workContact: 0.74,
      score: 7.4,
    },
    hoursPerActive: 110,
    invoicePerActiveCents: 1_650_00,
  },
  {
    number: "WF-2022-OR-01",
    supplierEmail: "aanbieder@lingua-westfriesland.test",
    routes: ["education"],
    kind: "leerroute",
    rates: {
      ...defaults,
      metInTime: 0.85,
      outflowWork: 0.22,
      outflowEducation: 0.16,
      score: 6.7,
    },
    hoursPerActive: 150,
    invoicePerActiveCents: 2_250_00,
  },
  {
    number: "WF-2022-Z-01",
    supplierEmail: "aanbieder@taalschool-zuiderzee.test",
    routes: ["z"],
    kind: "leerroute",
    rates: {
      ...defaults,
      metInTime: 0.84,
      outflowWork: 0.55,
      outflowEducation: 0.16,
      local: 0.62,
    },
    hoursPerActive: 130,
    invoicePerActiveCents: 2_300_00,
  },
  {
    number: "WF-SUB-2026-01",
    supplierEmail: "aanbieder@taalmaatjes-wf.test",
    routes: ["b1", "education", "z"],
    kind: "subsidy",
    rates: { ...defaults, local: 0.86 },
    hoursPerActive: 0,
    invoicePerActiveCents: 0,
  },
  {
    number: "WF-SUB-2026-02",
    supplierEmail: "aanbieder@samenthuis.test",
    routes: ["b1", "education", "z"],
    kind: "subsidy",
    rates: { ...defaults, score: 7.8 },
    hoursPerActive: 0,
    invoicePerActiveCents: 0,
  },
];

/** The one returned and the one overdue report. */
const RETURNED_CONTRACT = "WF-2022-OR-01";
// the B1-route: the language school of the Playwright scenarios (report-upload.spec.ts) needs an open period
const OVERDUE_CONTRACT = "WF-2022-B1-01";

/** New participants per quarter in the region, per route (about 155 status holders a year plus family migrants). */
const startsPerQuarter: Record<LearningRoute, number> = {
  b1: 16,
  education: 4,
  z: 7,
};
const targetGroupShare: Record<TargetGroup, number> = {
  asylumMigrant: 0.75,
  familyMigrant: 0.25,
};


/**
 * Shares without rounding drift: over all rows of a contract the numerators add up to the
 * rate × the denominators (± 1), so the KPI lands where the plan says even with small numbers.
 */
function allocator() {
  const expected = new Map<string, number>();
  const emitted = new Map<string, number>();
  return (key: string, denominator: number, rate: number) => {
    const total = (expected.get(key) ?? 0) + denominator * rate;
    expected.set(key, total);
    const value = Math.max(
      0,
      Math.min(denominator, Math.round(total) - (emitted.get(key) ?? 0))
    );
    emitted.set(key, (emitted.get(key) ?? 0) + value);
    return value;
  };
}

interface RowState {
  active: number;
  started: number[];
}

function quarterIndex(periodStart: string) {
  return (
    (Number(periodStart.slice(0, 4)) - 2022) * 4 +
    Math.floor((Number(periodStart.slice(5, 7)) - 1) / 3)
  );
}

/** The figures of one period for every row of a contract; `state` carries the flow between periods. */
function periodRows(
  plan: ReportPlan,
  period: { periodStart: string; periodEnd: string },
  municipalityRows: { id: string; weight: number }[],
  state: Map<string, RowState>,
  share: ReturnType<typeof allocator>,
  next: () => number
): ReportFigureRow[] {
  const quarter = quarterIndex(period.periodStart);
  const quarters = plan.kind === "subsidy" ? 2 : 1;
  const year = Number(period.periodStart.slice(0, 4));
  const rows: ReportFigureRow[] = [];
  for (const municipality of municipalityRows) {
    for (const learningRoute of plan.routes) {
      for (const targetGroup of targetGroups) {
        const key = `${municipality.id}|${learningRoute}|${targetGroup}`;
        const row = state.get(key) ?? { active: 0, started: [] };
        const expectedStarts =
          startsPerQuarter[learningRoute] *
          quarters *
          municipality.weight *
          targetGroupShare[targetGroup] *
          (plan.kind === "subsidy" ? 0.3 : 1);
        const started = Math.max(
          0,
          Math.round(expectedStarts * (0.7 + 0.6 * next()))
        );
        // people leave after a year and a half on average
        const leaving =
          row.active > 0
            ? Math.min(
                row.active,
                Math.round(
                  row.active *
                    (plan.kind === "subsidy" ? 0.25 : 0.14) *
                    (0.6 + 0.8 * next())
                )
              )
            : 0;
        const endedWork = share(
          `${learningRoute}.endedWork`,
          leaving,
          learningRoute === "z" ? 0.1 : 0.2
        );
        const endedEducation = share(
          `${learningRoute}.endedEducation`,
          leaving - endedWork,
          learningRoute === "education" ? 0.3 : 0.05
        );
        const endedMoved = share(
          `${learningRoute}.endedMoved`,
          leaving - endedWork - endedEducation,
          0.12
        );
        const endedExemption = share(
          `${learningRoute}.endedExemption`,
          leaving - endedWork - endedEducation - endedMoved,
          learningRoute === "z" ? 0.1 : 0.03
        );
        const endedOther = share(
          `${learningRoute}.endedOther`,
          leaving - endedWork - endedEducation - endedMoved - endedExemption,
          0.05
        );
        const endedObligationMet =
          leaving -
          endedWork -
          endedEducation -
          endedMoved -
          endedExemption -
          endedOther;
        const active = row.active + started - leaving;
        const figures: Partial<FigureValues> = {
          started,
          active,
          endedObligationMet,
          endedWork,
          endedEducation,
          endedMoved,
          endedExemption,
          endedOther,
        };
        figures.participatingLocally = share(
          `${learningRoute}.local`,
          active,
          plan.rates.local
        );
        // the yearly client survey runs in the spring: second quarter (first half-year)
        const surveyPeriod =
          plan.kind === "subsidy"
            ? period.periodStart.slice(5, 7) === "01"
            : period.periodStart.slice(5, 7) === "04";
        if (surveyPeriod) {
          const respondents = Math.round(active * 0.55);
          figures.surveyRespondents = respondents;
          figures.surveyMeanScore =
            respondents > 0
              ? Math.min(
                  10,
                  Math.max(
                    1,
                    Math.round(
                      (plan.rates.score + (next() - 0.5) * 0.6) * 100
                    ) / 100
                  )
                )
              : null;
        }
        if (plan.kind !== "subsidy") {
          const yearOne = quarter >= 4 ? row.started[quarter - 4] ?? 0 : 0;
          figures.cohortYearOne = yearOne;
          figures.cohortYearOneWorkContact = share(
            `${learningRoute}.workContact`,
            yearOne,
            plan.rates.workContact
          );
          if (year >= 2024) {
            const termEnded = Math.max(
              0,
              Math.round(expectedStarts * 0.85 * (0.7 + 0.6 * next()))
            );
            figures.cohortTermEnded = termEnded;
            figures.cohortMetInTime = share(
              `${learningRoute}.metInTime`,
              termEnded,
              plan.rates.metInTime
            );
            const outflowCohort = Math.max(
              0,
              Math.round(expectedStarts * 0.8 * (0.7 + 0.6 * next()))
            );
            figures.outflowCohort = outflowCohort;
            figures.outflowWork = share(
              `${learningRoute}.outflowWork`,
              outflowCohort,
              plan.rates.outflowWork
            );
            figures.outflowEducation = share(
              `${learningRoute}.outflowEducation`,
              outflowCohort - figures.outflowWork,
              plan.rates.outflowEducation /
                Math.max(0.01, 1 - plan.rates.outflowWork)
            );
          }
          figures.achievedKnm = Math.round(active * 0.08);
          figures.achievedMap = Math.round(started * 0.9);
          figures.achievedPvt = Math.round(started * 0.8);
          figures.achievedExamB1 =
            learningRoute === "z" ? 0 : Math.round(endedObligationMet * 0.7);
          figures.achievedExamA2 =
            learningRoute === "b1" ? Math.round(endedObligationMet * 0.3) : 0;
          figures.achievedDiploma =
            learningRoute === "education" ? endedEducation : 0;
        }
        if (plan.hoursPerActive > 0) {
          const offered = active * plan.hoursPerActive;
          figures.hoursOffered = offered;
          figures.hoursAttended = Math.round(offered * (0.84 + 0.06 * next()));
          figures.hoursAbsent = Math.round(offered * (0.06 + 0.04 * next()));
        }
        if (plan.kind === "werksaam") {
          figures.intakesHeld = started + (next() < 0.3 ? 1 : 0);
          figures.pipsSet = started;
          // ontzorgen: asylum migrants six months (two quarters) after housing
          const unburdening =
            targetGroup === "asylumMigrant" && quarter >= 2
              ? row.started[quarter - 2] ?? 0
              : 0;
          figures.unburdeningCohort = unburdening;
          figures.financiallySelfReliant = share(
            `${learningRoute}.selfReliance`,
            unburdening,
            plan.rates.selfReliance
          );
        }
        if (plan.invoicePerActiveCents > 0)
          figures.invoicedCents = active * plan.invoicePerActiveCents;
        row.started[quarter] = started;
        row.active = active;
        state.set(key, row);
        rows.push({
          municipalityId: municipality.id,
          learningRoute,
          targetGroup,
          figures,
        });
      }
    }
  }
  return rows;
}

const narratives = [
  "De deelnemers volgen hun lessen goed; een paar lopen achter door ziekte of werk.",
  "Overleg met de klantmanagers van de gemeenten en het werkgeversservicepunt verloopt goed.",
  "Taal en werk zijn gecombineerd in werkervaringsplaatsen en vrijwilligerswerk.",
];

/** The instant of an Amsterdam wall-clock time on a date, never later than `latest`. */
function at(date: string, time: string, latest: Date): Date {
  const instant = new Date(amsterdamLocalToInstant(`${date}T${time}`));
  return instant < latest ? instant : new Date(latest.getTime() - 60_000);
}

export interface SeedDemoReportsResult {
  reports: number;
  accepted: number;
  returned: number;
  overdue: number;
}

/** The demo's progress reports; after seedDemoContracts. Skips when any report exists. */
export async function seedDemoReports(
  db: Db,
  clock: Clock
): Promise<SeedDemoReportsResult> {
  const result: SeedDemoReportsResult = {
    reports: 0,
    accepted: 0,
    returned: 0,
    overdue: 0,
  };
  const [existing] = await db
    .select({ id: progressReports.id })
    .from(progressReports)
    .limit(1);
  if (existing) return result;
  const [managerRow] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, "contractmanager@westfriesland.test"));
  const manager = managerRow ? await loadActor(db, managerRow.id) : null;
  if (!manager) return result;
  const seedStart = clock.now();
  const today = amsterdamDateOf(seedStart);
  const history = createMovableClock(seedStart);
  const weights = new Map(
    municipalityFigures.map((figures) => [
      figures.name,
      (figures.housingQuota2020[0] + figures.housingQuota2020[1]) / 155,
    ])
  );
  const allMunicipalities = await db
    .select({ id: municipalities.id, name: municipalities.name })
    .from(municipalities)
    .orderBy(asc(municipalities.name));

  for (const [planIndex, plan] of plans.entries()) {
    const [contract] = await db
      .select({ id: contracts.id, status: contracts.status })
      .from(contracts)
      .where(eq(contracts.number, plan.number));
    if (!contract || contract.status !== "active") continue;
    const [supplierRow] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, plan.supplierEmail));
    const supplier = supplierRow ? await loadActor(db, supplierRow.id) : null;
    if (!supplier) continue;
    await db.transaction((tx) =>
      ensureReportingPeriods(tx, clock, contract.id)
    );
    const budgeted = new Set(
      (
        await db
          .selectDistinct({ id: contractBudgets.municipalityId })
          .from(contractBudgets)
          .where(eq(contractBudgets.contractId, contract.id))
      ).map((row) => row.id)
    );
    const municipalityRows = allMunicipalities
      .filter((municipality) => !budgeted.size || budgeted.has(municipality.id))
      .map((municipality) => ({
        id: municipality.id,
        weight: weights.get(municipality.name) ?? 0.05,
      }));
    let periods = await db
      .select()
      .from(reportingPeriods)
      .where(
        and(
          eq(reportingPeriods.contractId, contract.id),
          lt(reportingPeriods.periodEnd, today)
        )
      )
      .orderBy(asc(reportingPeriods.periodStart));
    if (plan.number === OVERDUE_CONTRACT) {
      // the latest period past its due date, and any ended after it, stay without a report
      let lastOverdue = -1;
      periods.forEach((period, index) => {
        if (period.dueDate < today) lastOverdue = index;
      });
      if (lastOverdue >= 0) {
        result.overdue++;
        periods = periods.slice(0, lastOverdue);
      }
    }
    const state = new Map<string, RowState>();
    const share = allocator();
    const next = seededRandom(20220101 + planIndex);
    // one transaction per contract (the commands' own transactions become savepoints): a commit
    // per command made the seed several times slower on the embedded database
    await db.transaction(async (db) => {
      for (const [index, period] of periods.entries()) {
        const rows = periodRows(
          plan,
          period,
          municipalityRows,
          state,
          share,
          next
        );
        const isLast = index === periods.length - 1;
        const returned = plan.number === RETURNED_CONTRACT && isLast;
        // saved and submitted one to four weeks after the period ended, reviewed a few days later
        const submitDay = addCalendarDays(
          period.periodEnd,
          6 + Math.floor(next() * 20)
        );
        history.set(at(submitDay, "09:40", seedStart));
        const { reportId } = await saveReportDraft(
          db,
          history,
          supplier,
          period.id,
          {
            rows,
            narrative: {
              participantProgress: narratives[0]!,
              cooperation: narratives[1]!,
              integratedTrajectories: narratives[2]!,
            },
            source: index % 3 === 0 ? "excel" : "form",
          }
        );
        history.set(at(submitDay, "14:15", seedStart));
        await submitReport(db, history, supplier, reportId);
        history.set(
          at(
            addCalendarDays(submitDay, 3 + Math.floor(next() * 6)),
            "11:05",
            seedStart
          )
        );
        if (returned) {
          await reviewReport(db, history, manager, reportId, {
            decision: "return",
            comments: {
              outflow:
                "De uitstroom naar onderwijs is lager dan vorig kwartaal; licht toe welke deelnemers naar het mbo zijn gegaan en controleer de cijfers van Hoorn.",
            },
          });
          result.returned++;
        } else {
          await reviewReport(db, history, manager, reportId, {
            decision: "accept",
          });
          result.accepted++;
        }
        result.reports++;
      }
    });
  }

  // history needs no attention: older notifications read, their e-mails not sent
  const monthAgo = new Date(seedStart.getTime() - 30 * 24 * 60 * 60 * 1000);
  await db
    .update(notifications)
    .set({ readAt: seedStart })
    .where(
      and(
        lt(notifications.createdAt, monthAgo),
        like(notifications.title, "Rapportage %")
      )
    );
  const oldMail = await db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        lt(mailOutbox.createdAt, monthAgo),
        like(mailOutbox.subject, "Rapportage %")
      )
    );
  if (oldMail.length)
    await db.delete(mailOutbox).where(
      inArray(
        mailOutbox.id,
        oldMail.map((row) => row.id)
      )
    );
  return result;
}
