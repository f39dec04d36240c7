import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/page-header";
import { RegionFigures } from "~/components/region-figures";
import { getDb } from "~/db.server";
import { getRegionOverview, listKpiCatalogue } from "~/domain/regions/region-overview.server";
import { query } from "~/utils/form.server";
import { formatTarget } from "~/utils/format";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Regio en beleidsdoelen – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:region");
  const db = await getDb();
  const [overview, kpis] = await query(() => Promise.all([getRegionOverview(db, actor), listKpiCatalogue(db, actor)]));
  return json({ overview, kpis });
}

export default function Region() {
  const { overview, kpis } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Regio en beleidsdoelen"
        intro="De cijfers uit het beleidskader inburgering 2021–2025 van de regio Westfriesland en de prestatie-indicatoren die uit de beleidsdoelen volgen."
      />
      <RegionFigures data={overview} />
      <section aria-labelledby="kpi-titel" className="mt-8">
        <h2 id="kpi-titel" className="mb-2 text-xl font-semibold">
          Prestatie-indicatoren uit de beleidsdoelen
        </h2>
        <DataTable
          caption="Prestatie-indicatoren met doel, richting en bron"
          captionHidden
          columns={[{ label: "Indicator" }, { label: "Geldt voor" }, { label: "Doel", align: "right" }, { label: "Beter is" }, { label: "Bron" }]}
        >
          {kpis.map((kpi) => (
            <tr key={kpi.id} className="border-b border-slate-300 align-top">
              <th scope="row" className="p-2 font-normal">
                <span className="font-semibold">{kpi.name}</span>
                <span className="block text-sm text-slate-700">{kpi.definition}</span>
                {kpi.note ? <span className="block text-sm text-slate-700">Let op: {kpi.note}</span> : null}
              </th>
              <td className="p-2">{kpi.scope}</td>
              <td className="p-2 text-right whitespace-nowrap">
                {kpi.direction === "higherIsBetter" ? "≥ " : "≤ "}
                {formatTarget(kpi.target, kpi.unit)}
              </td>
              <td className="p-2">{kpi.direction === "higherIsBetter" ? "hoger" : "lager"}</td>
              <td className="p-2">{kpi.source}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}
