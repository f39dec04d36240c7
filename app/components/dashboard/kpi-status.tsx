import type { KpiMeasurement } from "~/domain/dashboards/dashboard-model";
import type { KpiStatus } from "~/domain/performance/performance-payment";
import { kpiStatusLabels, kpiStatusStyles, kpiStatusSymbols } from "./kpi-status-labels";

export { kpiStatusLabels };

/** The status of a KPI as text with a symbol; the colour only supports them (WCAG 1.4.1). */
export function KpiStatusBadge({ status }: { status: KpiStatus }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-2 py-0.5 text-sm font-semibold ${kpiStatusStyles[status]}`}>
      <span aria-hidden="true">{kpiStatusSymbols[status]}</span>
      {kpiStatusLabels[status]}
    </span>
  );
}

export const SUPPRESSED_EXPLANATION = "kleine aantallen worden niet getoond";

/** "< 5" for a suppressed number, explained by its title and by the note on the page. */
export function Suppressed() {
  return <abbr title={`minder dan 5: ${SUPPRESSED_EXPLANATION}`}>&lt; 5</abbr>;
}

/** A measured KPI value as the domain wrote it ("71,3 %", "7,4", "geen data", "< 5"). */
export function MeasurementValue({ measurement }: { measurement: KpiMeasurement }) {
  if (measurement.suppressed) return <Suppressed />;
  return <span className="whitespace-nowrap">{measurement.display}</span>;
}

/** A count of participants: a number, "< 5" when suppressed, "geen data" when unknown. */
export function CountValue({ value, suppressed }: { value: number | null; suppressed: boolean }) {
  if (value !== null) return <>{new Intl.NumberFormat("nl-NL").format(value)}</>;
  if (suppressed) return <Suppressed />;
  return <>geen data</>;
}
