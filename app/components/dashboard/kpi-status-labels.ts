import type { KpiStatus } from "~/domain/performance/performance-payment";

// The KPI statuses of the dashboard (domain.md §3), always written out: colour only supports the
// text. Pure, so the chart summary (trend-chart-geometry.ts) and its tests can use it.

export const kpiStatusLabels: Record<KpiStatus, string> = {
  met: "Behaald",
  atRisk: "Risico",
  missed: "Niet behaald",
  noData: "Geen gegevens",
};

/** Badge colours with AA contrast (the same pairs as the finance page). */
export const kpiStatusStyles: Record<KpiStatus, string> = {
  met: "bg-green-100 text-green-900",
  atRisk: "bg-amber-100 text-amber-900",
  missed: "bg-red-100 text-red-900",
  noData: "bg-slate-200 text-slate-800",
};

/** A symbol beside the text, so the status differs by shape as well (hidden from screen readers). */
export const kpiStatusSymbols: Record<KpiStatus, string> = {
  met: "✓",
  atRisk: "!",
  missed: "✗",
  noData: "–",
};
