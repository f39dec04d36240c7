import type { KpiMeasurement } from "~/domain/dashboards/dashboard-model";
import { SECONDARY_SUPPRESSED_DISPLAY, SUPPRESSED_DISPLAY, type Suppression } from "~/domain/dashboards/suppression";
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
export const SECONDARY_SUPPRESSED_EXPLANATION = "niet getoond, omdat anders een klein aantal uit het totaal te berekenen is";

/**
 * A suppressed number: "< 5" when it is small, "x" when it is hidden only to protect a small one
 * (suppression.ts); explained by its title and by the note on the page.
 */
export function Suppressed({ suppression = "small" }: { suppression?: Suppression }) {
  if (suppression === "secondary") return <abbr title={SECONDARY_SUPPRESSED_EXPLANATION}>{SECONDARY_SUPPRESSED_DISPLAY}</abbr>;
  return <abbr title={`minder dan 5: ${SUPPRESSED_EXPLANATION}`}>{SUPPRESSED_DISPLAY}</abbr>;
}

/** A measured KPI value as the domain wrote it ("71,3 %", "7,4", "geen data", "< 5", "x"). */
export function MeasurementValue({ measurement }: { measurement: KpiMeasurement }) {
  if (measurement.suppression) return <Suppressed suppression={measurement.suppression} />;
  return <span className="whitespace-nowrap">{measurement.display}</span>;
}

/** A count of participants: a number, "< 5" or "x" when suppressed, "geen data" when unknown. */
export function CountValue({ value, suppression }: { value: number | null; suppression: Suppression | undefined }) {
  if (value !== null) return <>{new Intl.NumberFormat("nl-NL").format(value)}</>;
  if (suppression) return <Suppressed suppression={suppression} />;
  return <>geen data</>;
}
