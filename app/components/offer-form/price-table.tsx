import { DataTable } from "~/components/data-table";
import { formatEuroCents, formatNumber } from "~/utils/format";

export interface PriceTableLine {
  priceComponentId: string;
  /** The row header: the price component (and its unit). */
  name: string;
  /** null while no price is saved: shown as "–". */
  unitPriceCents: number | null;
  quantity: number;
  totalCents: number | null;
}

/** Per price component the unit price, quantity and total, and the total price in the footer. */
export function PriceTable({ caption, quantityLabel, lines, total, totalId }: { caption: string; quantityLabel: string; lines: readonly PriceTableLine[]; total: string; totalId?: string }) {
  return (
    <DataTable
      caption={caption}
      small
      background={false}
      tableClassName="mb-4"
      columns={[{ label: "Prijscomponent" }, { label: "Prijs per eenheid", align: "right" }, { label: quantityLabel, align: "right" }, { label: "Totaal", align: "right" }]}
      footer={
        <tr>
          <th scope="row" className="p-2">
            Totaalprijs
          </th>
          <td className="p-2" />
          <td className="p-2" />
          {/* the form's error summary links to the total when the price is incomplete */}
          <td className="p-2 text-right font-semibold" id={totalId} tabIndex={totalId ? -1 : undefined}>
            {total}
          </td>
        </tr>
      }
    >
      {lines.map((line) => (
        <tr key={line.priceComponentId} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">
            {line.name}
          </th>
          <td className="p-2 text-right">{line.unitPriceCents !== null ? formatEuroCents(line.unitPriceCents) : "–"}</td>
          <td className="p-2 text-right">{formatNumber(line.quantity)}</td>
          <td className="p-2 text-right">{line.totalCents !== null ? formatEuroCents(line.totalCents) : "–"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
