import type { DashboardMoneyRow, FundingStream } from "~/domain/dashboards/dashboard-model";
import { formatEuroCents } from "~/utils/format";
import { NumberCell, ScrollTable } from "./scroll-table";

// The labels of the funding streams, as on the finance page (financien.tsx).
export const fundingStreamLabels: Record<FundingStream, string> = {
  implementation: "Invoeringsgelden",
  execution: "Uitvoeringsgelden",
  provisions: "Middelen inburgeringsvoorzieningen",
};

const streams: readonly FundingStream[] = ["implementation", "execution", "provisions"];

type MoneyFigures = Pick<DashboardMoneyRow, "fundingCents" | "committedCents" | "realisedCents">;

function fundingTotal(figures: MoneyFigures): number {
  return streams.reduce((sum, stream) => sum + figures.fundingCents[stream], 0);
}

function MoneyCells({ figures, strong = false }: { figures: MoneyFigures; strong?: boolean }) {
  return (
    <>
      {streams.map((stream) => (
        <NumberCell key={stream} strong={strong}>{formatEuroCents(figures.fundingCents[stream])}</NumberCell>
      ))}
      <NumberCell strong={strong}>{formatEuroCents(fundingTotal(figures))}</NumberCell>
      <NumberCell strong={strong}>{formatEuroCents(figures.committedCents)}</NumberCell>
      <NumberCell strong={strong}>{formatEuroCents(figures.realisedCents)}</NumberCell>
    </>
  );
}

/** Per municipality and year: the rijksbijdragen per stream, committed and realised; the region's total. */
export function MoneyTable({
  rows,
  regionTotal,
}: {
  rows: readonly DashboardMoneyRow[];
  regionTotal: Omit<DashboardMoneyRow, "municipalityId" | "municipalityName">;
}) {
  return (
    <ScrollTable
      label="Tabel geld per gemeente"
      caption="Rijksbijdragen per geldstroom, verplicht en gerealiseerd per gemeente en jaar, in euro, met het regionale totaal"
      captionHidden
      columns={[
        { label: "Gemeente" },
        { label: "Jaar" },
        ...streams.map((stream) => ({ key: stream, label: fundingStreamLabels[stream], align: "right" as const })),
        { label: "Totaal rijksbijdragen", align: "right" },
        { label: "Verplicht", align: "right" },
        { label: "Gerealiseerd", align: "right" },
      ]}
      footer={
        <tr className="border-t-2 border-slate-700">
          <th scope="row" className="p-2">Regionaal totaal</th>
          <td className="p-2 font-semibold">{regionTotal.year}</td>
          <MoneyCells figures={regionTotal} strong />
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={`${row.municipalityId}-${row.year}`} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">{row.municipalityName}</th>
          <td className="p-2">{row.year}</td>
          <MoneyCells figures={row} />
        </tr>
      ))}
    </ScrollTable>
  );
}
