import { periodReportStatus, reportingPeriodsFor } from "./reporting-periods";

test("quarters of a whole-year contract, due 30 days after each quarter", () => {
  expect(reportingPeriodsFor({ startDate: "2024-01-01", endDate: "2024-12-31", frequency: "quarterly", dueDays: 30 })).toEqual([
    { label: "2024-K1", periodStart: "2024-01-01", periodEnd: "2024-03-31", dueDate: "2024-04-30" },
    { label: "2024-K2", periodStart: "2024-04-01", periodEnd: "2024-06-30", dueDate: "2024-07-30" },
    { label: "2024-K3", periodStart: "2024-07-01", periodEnd: "2024-09-30", dueDate: "2024-10-30" },
    { label: "2024-K4", periodStart: "2024-10-01", periodEnd: "2024-12-31", dueDate: "2025-01-30" },
  ]);
});

test("a contract starting mid-quarter and ending mid-quarter is clipped at both ends, across a year end", () => {
  const periods = reportingPeriodsFor({ startDate: "2024-08-15", endDate: "2025-02-10", frequency: "quarterly", dueDays: 30 });
  expect(periods).toEqual([
    { label: "2024-K3", periodStart: "2024-08-15", periodEnd: "2024-09-30", dueDate: "2024-10-30" },
    { label: "2024-K4", periodStart: "2024-10-01", periodEnd: "2024-12-31", dueDate: "2025-01-30" },
    { label: "2025-K1", periodStart: "2025-01-01", periodEnd: "2025-02-10", dueDate: "2025-03-12" },
  ]);
});

test("leap years: the first quarter and first half end on 31 March and 30 June, a due date crosses 29 February", () => {
  const quarters = reportingPeriodsFor({ startDate: "2023-10-01", endDate: "2024-03-31", frequency: "quarterly", dueDays: 60 });
  // 31 December 2023 + 60 days = 29 February 2024 (leap year)
  expect(quarters[0]).toEqual({ label: "2023-K4", periodStart: "2023-10-01", periodEnd: "2023-12-31", dueDate: "2024-02-29" });
  expect(quarters[1]!.dueDate).toBe("2024-05-30");
  // a contract ending on 29 February reports its last, short quarter up to that day
  const shortLast = reportingPeriodsFor({ startDate: "2023-03-01", endDate: "2024-02-29", frequency: "quarterly", dueDays: 1 });
  expect(shortLast.at(-1)).toEqual({ label: "2024-K1", periodStart: "2024-01-01", periodEnd: "2024-02-29", dueDate: "2024-03-01" });
  // in a common year the same contract would end a day earlier
  expect(reportingPeriodsFor({ startDate: "2025-01-01", endDate: "2025-02-28", frequency: "quarterly", dueDays: 1 })[0]!.dueDate).toBe("2025-03-01");
});

test("half-years and years", () => {
  expect(reportingPeriodsFor({ startDate: "2024-03-01", endDate: "2025-12-31", frequency: "halfYearly", dueDays: 30 }).map((period) => [period.label, period.periodStart, period.periodEnd])).toEqual([
    ["2024-H1", "2024-03-01", "2024-06-30"],
    ["2024-H2", "2024-07-01", "2024-12-31"],
    ["2025-H1", "2025-01-01", "2025-06-30"],
    ["2025-H2", "2025-07-01", "2025-12-31"],
  ]);
  expect(reportingPeriodsFor({ startDate: "2024-03-01", endDate: "2026-02-28", frequency: "yearly", dueDays: 45 })).toEqual([
    { label: "2024", periodStart: "2024-03-01", periodEnd: "2024-12-31", dueDate: "2025-02-14" },
    { label: "2025", periodStart: "2025-01-01", periodEnd: "2025-12-31", dueDate: "2026-02-14" },
    { label: "2026", periodStart: "2026-01-01", periodEnd: "2026-02-28", dueDate: "2026-04-14" },
  ]);
});

test("a one-day contract has one period; an end before the start has none", () => {
  expect(reportingPeriodsFor({ startDate: "2024-12-31", endDate: "2024-12-31", frequency: "quarterly", dueDays: 30 })).toEqual([
    { label: "2024-K4", periodStart: "2024-12-31", periodEnd: "2024-12-31", dueDate: "2025-01-30" },
  ]);
  expect(reportingPeriodsFor({ startDate: "2025-01-01", endDate: "2024-12-31", frequency: "quarterly", dueDays: 30 })).toEqual([]);
});

test("status of a period's report: upcoming, due, overdue, or the report's own status once submitted", () => {
  const period = { periodEnd: "2024-03-31", dueDate: "2024-04-30" };
  expect(periodReportStatus(period, null, "2024-03-31")).toBe("upcoming");
  expect(periodReportStatus(period, null, "2024-04-01")).toBe("due");
  expect(periodReportStatus(period, "draft", "2024-04-30")).toBe("due");
  expect(periodReportStatus(period, "draft", "2024-05-01")).toBe("overdue");
  expect(periodReportStatus(period, "submitted", "2024-05-01")).toBe("submitted");
  expect(periodReportStatus(period, "returned", "2024-06-01")).toBe("returned");
  expect(periodReportStatus(period, "accepted", "2024-06-01")).toBe("accepted");
  const withStart = { periodStart: "2024-01-01", ...period };
  expect(periodReportStatus(withStart, null, "2023-12-31")).toBe("notYet");
  expect(periodReportStatus(withStart, null, "2024-01-01")).toBe("upcoming");
});
