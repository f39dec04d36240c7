import type { DashboardKpi } from "~/domain/dashboards/dashboard-model";
import { KpiStatusBadge, MeasurementValue } from "./kpi-status";
import { layoutTrendChart, trendSummary, type TrendPoint } from "./trend-chart-geometry";

// One KPI over the periods of the year: an inline SVG (no chart library) with the target as a
// dashed line and a gap where a period has no value, summarised for screen readers in its
// aria-label, and beside it a real table with the same numbers.

const LINE = "#154273"; // brand-700: 10:1 on white
const TARGET = "#b45309"; // amber-700: 5:1 on white
const GRID = "#cbd5e1"; // slate-300, decoration only
const TEXT = "#334155"; // slate-700

export function trendPoints(kpi: Pick<DashboardKpi, "trend">): TrendPoint[] {
  return kpi.trend.map(({ periodLabel, measurement }) => ({
    periodLabel,
    value: measurement.suppressed ? null : measurement.value,
    display: measurement.display,
    status: measurement.status,
  }));
}

export function TrendChart({ kpi, id, routeLabel }: { kpi: DashboardKpi; id: string; routeLabel?: string }) {
  const points = trendPoints(kpi);
  const title = routeLabel ? `${kpi.name} (${routeLabel})` : kpi.name;
  const summary = trendSummary({ name: title, targetDisplay: kpi.targetDisplay, direction: kpi.direction, points });
  const layout = layoutTrendChart(points, Number(kpi.target), kpi.unit);
  const { box } = layout;
  const plotRight = box.width - box.right;
  return (
    <section aria-labelledby={`${id}-titel`} className="rounded border border-slate-300 bg-white p-4">
      <h3 id={`${id}-titel`} className="mb-1 text-lg font-semibold">{title}</h3>
      <p className="mb-3 text-sm text-slate-700">Doel: {kpi.targetDisplay}</p>
      {points.length === 0 ? (
        <p className="text-slate-700">Er zijn nog geen perioden met geaccepteerde cijfers.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <svg
            role="img"
            aria-label={summary}
            viewBox={`0 0 ${box.width} ${box.height}`}
            className="h-auto w-full max-w-md"
            focusable="false"
          >
            {layout.ticks.map((tick) => (
              <g key={tick.value}>
                <line x1={box.left} x2={plotRight} y1={tick.y} y2={tick.y} stroke={GRID} strokeWidth={1} />
                <text x={box.left - 6} y={tick.y + 4} textAnchor="end" fontSize={11} fill={TEXT}>
                  {tick.label}
                </text>
              </g>
            ))}
            <line x1={box.left} x2={plotRight} y1={layout.targetY} y2={layout.targetY} stroke={TARGET} strokeWidth={2} strokeDasharray="6 4" />
            <text x={plotRight} y={layout.targetY - 5} textAnchor="end" fontSize={11} fontWeight={600} fill={TARGET}>
              doel {kpi.targetDisplay}
            </text>
            {layout.path ? <path d={layout.path} fill="none" stroke={LINE} strokeWidth={2.5} strokeLinejoin="round" /> : null}
            {layout.points.map((point) =>
              point.y === null ? (
                <text key={point.periodLabel} x={point.x} y={box.height - box.bottom - 6} textAnchor={point.anchor} fontSize={10} fill={TEXT}>
                  geen data
                </text>
              ) : (
                <circle key={point.periodLabel} cx={point.x} cy={point.y} r={4} fill={LINE} stroke="#ffffff" strokeWidth={1.5} />
              ),
            )}
            {layout.xLabels.map((label) => (
              <text key={label.label} x={label.x} y={box.height - box.bottom + 18} textAnchor={label.anchor} fontSize={11} fill={TEXT}>
                {label.label}
              </text>
            ))}
            <line x1={box.left} x2={plotRight} y1={box.height - box.bottom} y2={box.height - box.bottom} stroke={TEXT} strokeWidth={1} />
          </svg>
          <table className="w-full border-collapse self-start text-left text-sm">
            <caption className="mb-1 text-left font-semibold">{`Cijfers per periode: ${title}`}</caption>
            <thead>
              <tr className="border-b-2 border-slate-700">
                <th scope="col" className="p-2">Periode</th>
                <th scope="col" className="p-2 text-right">Behaald</th>
                <th scope="col" className="p-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {kpi.trend.map(({ periodLabel, measurement }) => (
                <tr key={periodLabel} className="border-b border-slate-300">
                  <th scope="row" className="p-2 font-normal">{periodLabel}</th>
                  <td className="p-2 text-right">
                    <MeasurementValue measurement={measurement} />
                  </td>
                  <td className="p-2">
                    <KpiStatusBadge status={measurement.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
