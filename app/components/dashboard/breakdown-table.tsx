import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { DashboardBreakdownRow, DashboardKpiDefinition } from "~/domain/dashboards/dashboard-model";
import { CountValue, MeasurementValue } from "./kpi-status";
import { NotApplicable, NumberCell, ScrollTable } from "./scroll-table";

/** The column header of a KPI: its name, with the leerroute when the KPI belongs to one. */
export function kpiColumnLabel(kpi: Pick<DashboardKpiDefinition, "name" | "learningRoute">, routeLabels: Record<string, string>): string {
  return kpi.learningRoute ? `${kpi.name} (${routeLabels[kpi.learningRoute] ?? kpi.learningRoute})` : kpi.name;
}

/**
 * One drill-down table (per leerroute, aanbieder, contract, gemeente or doelgroep): the flow counts
 * and the KPIs that apply to any of its lines; each line's label is a link that adds its filter
 * to the current selection.
 */
export function BreakdownTable({
  id,
  title,
  dimension,
  rows,
  kpis,
  routeLabels,
  hrefFor,
  intro,
  pagination,
}: {
  id: string;
  title: string;
  /** The column header of the labels: "Leerroute", "Aanbieder", … */
  dimension: string;
  rows: readonly DashboardBreakdownRow[];
  kpis: readonly DashboardKpiDefinition[];
  routeLabels: Record<string, string>;
  /** The link of a line: the current filters plus this line's. */
  hrefFor: (row: DashboardBreakdownRow) => string;
  intro?: string;
  /** Links to the list's other pages, under the table, when `rows` is one page of a longer list. */
  pagination?: ReactNode;
}) {
  const shown = kpis.filter((kpi) => rows.some((row) => row.kpis[kpi.code] !== undefined));
  const columns = [
    { label: dimension },
    { label: "Gestart", align: "right" as const },
    { label: "Actief", align: "right" as const },
    { label: "Uitgestroomd", align: "right" as const },
    ...shown.map((kpi) => ({ key: kpi.code, label: <span className="inline-block min-w-32">{kpiColumnLabel(kpi, routeLabels)}</span>, align: "right" as const })),
  ];
  return (
    <section aria-labelledby={`${id}-titel`} className="mb-6">
      <h3 id={`${id}-titel`} className="mb-2 text-lg font-semibold">{title}</h3>
      {intro ? <p className="mb-2 text-sm text-slate-700">{intro}</p> : null}
      {rows.length === 0 ? (
        <p className="text-slate-700">Er zijn geen geaccepteerde cijfers voor deze selectie.</p>
      ) : (
        <ScrollTable label={`Tabel ${title.toLowerCase()}`} caption={`${title}: aantallen deelnemers en indicatoren`} captionHidden columns={columns}>
          {rows.map((row) => (
            <tr key={row.key} className="border-b border-slate-300">
              <th scope="row" className="p-2 font-normal">
                <Link to={hrefFor(row)}>{row.label}</Link>
              </th>
              <NumberCell><CountValue value={row.started} suppression={row.hiddenCounts.started} /></NumberCell>
              <NumberCell><CountValue value={row.active} suppression={row.hiddenCounts.active} /></NumberCell>
              <NumberCell><CountValue value={row.ended} suppression={row.hiddenCounts.ended} /></NumberCell>
              {shown.map((kpi) => {
                const measurement = row.kpis[kpi.code];
                return (
                  <NumberCell key={kpi.code}>
                    {measurement ? <MeasurementValue measurement={measurement} /> : <NotApplicable />}
                  </NumberCell>
                );
              })}
            </tr>
          ))}
        </ScrollTable>
      )}
      {pagination}
    </section>
  );
}
