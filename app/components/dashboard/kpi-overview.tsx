import type { DashboardKpi } from "~/domain/dashboards/dashboard-model";
import { KpiStatusBadge, MeasurementValue } from "./kpi-status";
import { NotApplicable, ScrollTable } from "./scroll-table";

/** The KPIs against their targets; for a municipality viewer its own value beside the region's. */
export function KpiOverviewTable({
  kpis,
  routeLabels,
  ownMunicipalityName,
  selectionLabel,
}: {
  kpis: readonly DashboardKpi[];
  routeLabels: Record<string, string>;
  ownMunicipalityName: string | null;
  /** "2025" or "2025-K3": what the figures cover. */
  selectionLabel: string;
}) {
  const own = ownMunicipalityName !== null;
  const columns = [
    { label: "Indicator" },
    { label: "Leerroute" },
    { label: "Doel" },
    { label: own ? `Behaald ${ownMunicipalityName}` : "Behaald", align: "right" as const },
    { label: own ? `Status ${ownMunicipalityName}` : "Status" },
    ...(own ? [{ label: "Regionaal", align: "right" as const }, { label: "Status regionaal" }] : []),
  ];
  return (
    <ScrollTable
      label="Tabel indicatoren"
      caption={own ? `Indicatoren ${selectionLabel}: ${ownMunicipalityName} en regionaal, tegen het doel` : `Indicatoren ${selectionLabel} tegen het doel`}
      captionHidden
      columns={columns}
    >
      {kpis.map((kpi) => (
        <tr key={kpi.code} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">{kpi.name}</th>
          <td className="p-2">{kpi.learningRoute ? (routeLabels[kpi.learningRoute] ?? kpi.learningRoute) : "Alle"}</td>
          <td className="whitespace-nowrap p-2">{kpi.targetDisplay}</td>
          <td className="p-2 text-right">
            <MeasurementValue measurement={kpi.measurement} />
          </td>
          <td className="p-2">
            <KpiStatusBadge status={kpi.measurement.status} />
          </td>
          {own ? (
            kpi.regional ? (
              <>
                <td className="p-2 text-right">
                  <MeasurementValue measurement={kpi.regional} />
                </td>
                <td className="p-2">
                  <KpiStatusBadge status={kpi.regional.status} />
                </td>
              </>
            ) : (
              <>
                <td className="p-2 text-right"><NotApplicable text="geen regionale waarde" /></td>
                <td className="p-2"><NotApplicable text="geen regionale waarde" /></td>
              </>
            )
          ) : null}
        </tr>
      ))}
    </ScrollTable>
  );
}
