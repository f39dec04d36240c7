import type { PerformancePaymentSummaryRow } from "~/domain/dashboards/dashboard-model";
import type { PaymentMode } from "~/domain/performance/performance-payment";
import { formatEuroCents, formatNumber } from "~/utils/format";
import { NotApplicable, NumberCell, ScrollTable } from "./scroll-table";

export const paymentModeLabels: Record<PaymentMode, string> = {
  shadow: "Schaduwberekening",
  live: "Actief",
};

const modeStyles: Record<PaymentMode, string> = {
  shadow: "bg-amber-100 text-amber-900",
  live: "bg-green-100 text-green-900",
};

/** The prestatiebekostiging per contract and year; details on the contract page. */
export function PerformancePaymentTable({ rows }: { rows: readonly PerformancePaymentSummaryRow[] }) {
  if (rows.length === 0) return <p className="text-slate-700">Er zijn in deze selectie geen contracten met prestatiebekostiging.</p>;
  return (
    <ScrollTable
      label="Tabel prestatiebekostiging per contract"
      caption="Prestatiebekostiging per contract en jaar, in euro"
      captionHidden
      columns={[
        { label: "Contract" },
        { label: "Jaar" },
        { label: "Stand" },
        { label: "Verplichting", align: "right" },
        { label: "Op het spel", align: "right" },
        { label: "Uitbetaling", align: "right" },
        { label: "Ingehouden", align: "right" },
        { label: "Gewogen score", align: "right" },
        { label: "KPI's zonder gegevens", align: "right" },
      ]}
    >
      {rows.map((row) => (
        <tr key={`${row.contractId}-${row.year}`} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">
            <a href={`/contracten/${row.contractId}?jaar=${row.year}`}>{row.contractNumber}</a>
            <span className="block text-slate-700">{row.supplierName}</span>
          </th>
          <td className="p-2">{row.year}</td>
          <td className="p-2">
            <span className={`whitespace-nowrap rounded px-2 py-0.5 font-semibold ${modeStyles[row.mode]}`}>{paymentModeLabels[row.mode]}</span>
          </td>
          <NumberCell>{formatEuroCents(row.commitmentCents)}</NumberCell>
          <NumberCell>{formatEuroCents(row.atStakeCents)}</NumberCell>
          <NumberCell strong>{formatEuroCents(row.payoutCents)}</NumberCell>
          <NumberCell>{formatEuroCents(row.withheldCents)}</NumberCell>
          <NumberCell>{row.weightedScorePercent === "–" ? <NotApplicable text="geen score" /> : row.weightedScorePercent}</NumberCell>
          <NumberCell>{formatNumber(row.noDataKpis)}</NumberCell>
        </tr>
      ))}
    </ScrollTable>
  );
}
