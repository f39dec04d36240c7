import { DataTable } from "~/components/data-table";
import { formatNumber, formatWholeEuros } from "~/utils/format";

export interface RegionFiguresData {
  regionName: string;
  years: number[];
  municipalities: {
    id: string;
    name: string;
    housingQuotaFirstHalf: number;
    housingQuotaSecondHalf: number;
    fundingCentsByYear: Record<string, number>;
  }[];
  totals: { housingQuotaFirstHalf: number; housingQuotaSecondHalf: number; fundingCentsByYear: Record<string, number> };
}

const fundingKindOfYear = (year: number) => (year === 2020 ? "invoeringsgelden" : "uitvoeringsgelden");

function sumValues(record: Record<string, number>) {
  return Object.values(record).reduce((total, value) => total + value, 0);
}

/** Figures 3 and 4 of the framework: housing quota and national funding per municipality. */
export function RegionFigures({ data, headingLevel = 2 }: { data: RegionFiguresData; headingLevel?: 2 | 3 }) {
  const Heading = `h${headingLevel}` as "h2" | "h3";
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="taakstelling-titel">
        <Heading id="taakstelling-titel" className="mb-2 text-xl font-semibold">
          Taakstelling huisvesting 2020
        </Heading>
        <DataTable
          caption="Aantal te huisvesten vergunninghouders per gemeente in 2020, per halfjaar"
          captionHidden
          columns={[{ label: "Gemeente" }, { label: "1e halfjaar", align: "right" }, { label: "2e halfjaar", align: "right" }, { label: "Totaal", align: "right" }]}
          footer={
            <tr className="border-t-2 border-slate-700 font-semibold">
              <th scope="row" className="p-2">Regio {data.regionName}</th>
              <td className="p-2 text-right">{formatNumber(data.totals.housingQuotaFirstHalf)}</td>
              <td className="p-2 text-right">{formatNumber(data.totals.housingQuotaSecondHalf)}</td>
              <td className="p-2 text-right">{formatNumber(data.totals.housingQuotaFirstHalf + data.totals.housingQuotaSecondHalf)}</td>
            </tr>
          }
        >
          {data.municipalities.map((row) => (
            <tr key={row.id} className="border-b border-slate-300">
              <th scope="row" className="p-2 font-normal">{row.name}</th>
              <td className="p-2 text-right">{formatNumber(row.housingQuotaFirstHalf)}</td>
              <td className="p-2 text-right">{formatNumber(row.housingQuotaSecondHalf)}</td>
              <td className="p-2 text-right">{formatNumber(row.housingQuotaFirstHalf + row.housingQuotaSecondHalf)}</td>
            </tr>
          ))}
        </DataTable>
        <p className="mt-1 text-sm text-slate-700">Bron: beleidskader inburgering, figuur 3.</p>
      </section>
      <section aria-labelledby="rijksbijdragen-titel">
        <Heading id="rijksbijdragen-titel" className="mb-2 text-xl font-semibold">
          Rijksbijdragen
        </Heading>
        <DataTable
          caption="Rijksbijdragen per gemeente per jaar in euro"
          captionHidden
          columns={[
            { key: "gemeente", label: "Gemeente" },
            ...data.years.map((year) => ({
              key: String(year),
              label: (
                <>
                  {year}
                  <span className="block text-xs font-normal">{fundingKindOfYear(year)}</span>
                </>
              ),
              align: "right" as const,
            })),
            { key: "totaal", label: "Totaal", align: "right" },
          ]}
          footer={
            <tr className="border-t-2 border-slate-700 font-semibold">
              <th scope="row" className="p-2">Regio {data.regionName}</th>
              {data.years.map((year) => (
                <td key={year} className="p-2 text-right">{formatWholeEuros(data.totals.fundingCentsByYear[year] ?? 0)}</td>
              ))}
              <td className="p-2 text-right">{formatWholeEuros(sumValues(data.totals.fundingCentsByYear))}</td>
            </tr>
          }
        >
          {data.municipalities.map((row) => (
            <tr key={row.id} className="border-b border-slate-300">
              <th scope="row" className="p-2 font-normal">{row.name}</th>
              {data.years.map((year) => (
                <td key={year} className="p-2 text-right">{formatWholeEuros(row.fundingCentsByYear[year] ?? 0)}</td>
              ))}
              <td className="p-2 text-right">{formatWholeEuros(sumValues(row.fundingCentsByYear))}</td>
            </tr>
          ))}
        </DataTable>
        <p className="mt-1 text-sm text-slate-700">Bron: beleidskader inburgering, figuur 4.</p>
      </section>
    </div>
  );
}
