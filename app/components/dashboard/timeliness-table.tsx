import type { ReportTimelinessRow } from "~/domain/dashboards/dashboard-model";
import { formatNumber } from "~/utils/format";
import { NotApplicable, NumberCell, ScrollTable } from "./scroll-table";

/** Per contract: how many progress reports were due, on time, late and still missing. */
export function TimelinessTable({ rows }: { rows: readonly ReportTimelinessRow[] }) {
  if (rows.length === 0) return <p className="text-slate-700">Er waren in deze selectie nog geen rapportages te leveren.</p>;
  return (
    <ScrollTable
      label="Tabel tijdigheid per contract"
      caption="Tijdigheid van de voortgangsrapportages per contract"
      captionHidden
      columns={[
        { label: "Contract" },
        { label: "Aanbieder" },
        { label: "Te leveren", align: "right" },
        { label: "Op tijd", align: "right" },
        { label: "Te laat", align: "right" },
        { label: "Achterstallig", align: "right" },
        { label: "% op tijd", align: "right" },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.contractId} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">
            <a href={`/contracten/${row.contractId}`}>{row.contractNumber}</a>
            <span className="block text-slate-700">{row.contractTitle}</span>
          </th>
          <td className="p-2">{row.supplierName}</td>
          <NumberCell>{formatNumber(row.due)}</NumberCell>
          <NumberCell>{formatNumber(row.onTime)}</NumberCell>
          <NumberCell>{formatNumber(row.late)}</NumberCell>
          <NumberCell strong={row.overdue > 0}>{formatNumber(row.overdue)}</NumberCell>
          <NumberCell>{row.onTimeDisplay === "–" ? <NotApplicable text="niets te leveren" /> : row.onTimeDisplay}</NumberCell>
        </tr>
      ))}
    </ScrollTable>
  );
}
