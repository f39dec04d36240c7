import { json, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { ButtonLink, EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { hasPermission } from "~/domain/identity/permissions";
import {
  localOfferingCategoryLabels,
  localOfferingFilterSchema,
  localProviderKindLabels,
  type LocalOfferingCategory,
} from "~/domain/local-offerings/local-offering-schemas";
import { listLocalOfferings } from "~/domain/local-offerings/local-offerings.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Lokaal aanbod – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:localOfferings");
  const params = new URL(request.url).searchParams;
  // Dutch names in the URL, so a shared link reads as what it filters
  const filter = localOfferingFilterSchema.parse({
    municipalityId: params.get("gemeente") ?? undefined,
    category: params.get("categorie") ?? undefined,
    providerKind: params.get("soortAanbieder") ?? undefined,
    search: params.get("zoeken") ?? undefined,
  });
  const db = await getDb();
  const [offerings, municipalities] = await query(() => Promise.all([listLocalOfferings(db, actor, filter), listMunicipalities(db)]));
  return json({ offerings, municipalities, filtered: Object.values(filter).some(Boolean), canManage: hasPermission(actor, "manage:localOfferings") });
}

type Offering = SerializeFrom<typeof loader>["offerings"][number];

interface MunicipalityGroup {
  municipalityId: string;
  municipalityName: string;
  count: number;
  categories: { category: LocalOfferingCategory; offerings: Offering[] }[];
}

/** The list comes sorted by municipality and category; this only cuts it where those change. */
function groupByMunicipalityAndCategory(offerings: Offering[]): MunicipalityGroup[] {
  const groups: MunicipalityGroup[] = [];
  for (const offering of offerings) {
    let group = groups.at(-1);
    if (group?.municipalityId !== offering.municipalityId) {
      group = { municipalityId: offering.municipalityId, municipalityName: offering.municipalityName, count: 0, categories: [] };
      groups.push(group);
    }
    let category = group.categories.at(-1);
    if (category?.category !== offering.category) {
      category = { category: offering.category, offerings: [] };
      group.categories.push(category);
    }
    category.offerings.push(offering);
    group.count += 1;
  }
  return groups;
}

const resultaten = (count: number) => `${count} ${count === 1 ? "resultaat" : "resultaten"}`;
const selectClass = "rounded border-2 border-slate-500 bg-white px-3 py-2";

export default function LocalOfferings() {
  const { offerings, municipalities, filtered, canManage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const groups = groupByMunicipalityAndCategory(offerings);
  return (
    <>
      <PageHeader
        title="Lokaal aanbod"
        intro="Wat elke gemeente lokaal biedt naast het regionale inburgeringsteam: participatie, zorg en ondersteuning, taal en financiële ondersteuning. De lijst begon als bijlage 1 van het beleidskader inburgering 2021–2025, een momentopname; hier wordt hij bijgehouden."
        actions={canManage ? <ButtonLink to="/lokaal-aanbod/nieuw">Aanbod toevoegen</ButtonLink> : null}
      />
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4" aria-label="Filters">
        <div className="flex flex-col gap-1">
          <label htmlFor="gemeente" className="font-semibold">Gemeente</label>
          <select id="gemeente" name="gemeente" defaultValue={params.get("gemeente") ?? ""} className={selectClass}>
            <option value="">Alle gemeenten</option>
            {municipalities.map((municipality) => (
              <option key={municipality.id} value={municipality.id}>
                {municipality.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="categorie" className="font-semibold">Categorie</label>
          <select id="categorie" name="categorie" defaultValue={params.get("categorie") ?? ""} className={selectClass}>
            <option value="">Alle categorieën</option>
            {Object.entries(localOfferingCategoryLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="soortAanbieder" className="font-semibold">Soort aanbieder</label>
          <select id="soortAanbieder" name="soortAanbieder" defaultValue={params.get("soortAanbieder") ?? ""} className={selectClass}>
            <option value="">Alle soorten</option>
            {Object.entries(localProviderKindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="zoeken" className="font-semibold">Zoeken</label>
          <input
            id="zoeken"
            name="zoeken"
            type="search"
            defaultValue={params.get("zoeken") ?? ""}
            aria-describedby="zoeken-hint"
            className="rounded border-2 border-slate-500 px-3 py-2"
          />
          <p id="zoeken-hint" className="text-sm text-slate-600">In aanbieder en aanbod</p>
        </div>
        <button type="submit" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
          Filteren
        </button>
        {filtered ? (
          <a href="/lokaal-aanbod" className="self-center">
            Filters wissen
          </a>
        ) : null}
      </Form>

      <p role="status" className="mb-4 font-semibold">
        {offerings.length === 0
          ? "Geen resultaten."
          : `${resultaten(offerings.length)} in ${groups.length} ${groups.length === 1 ? "gemeente" : "gemeenten"}.`}
      </p>

      {offerings.length === 0 ? (
        <EmptyState>Er is geen lokaal aanbod dat aan deze filters voldoet.</EmptyState>
      ) : (
        <>
          {groups.length > 1 ? (
            <nav aria-label="Naar gemeente" className="mb-6">
              <ul className="flex flex-wrap gap-x-4 gap-y-1">
                {groups.map((group) => (
                  <li key={group.municipalityId}>
                    <a href={`#gemeente-${group.municipalityId}`}>
                      {group.municipalityName} ({group.count})
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {groups.map((group) => (
            <section key={group.municipalityId} aria-labelledby={`gemeente-${group.municipalityId}`} className="mb-8">
              <h2 id={`gemeente-${group.municipalityId}`} className="mb-3 text-2xl font-semibold">
                {group.municipalityName} <span className="text-lg font-normal text-slate-700">({resultaten(group.count)})</span>
              </h2>
              {/* a category section has no accessible name: the seven municipalities are landmarks enough */}
              {group.categories.map(({ category, offerings: rows }) => (
                <section key={category} className="mb-5">
                  <h3 className="mb-2 text-xl font-semibold">
                    {localOfferingCategoryLabels[category]} <span className="text-base font-normal text-slate-700">({rows.length})</span>
                  </h3>
                  <DataTable
                    caption={`${localOfferingCategoryLabels[category]} in ${group.municipalityName}`}
                    captionHidden
                    columns={[
                      { label: "Aanbod", className: "w-1/2" },
                      { label: "Aanbieder" },
                      { label: "Soort aanbieder" },
                      ...(canManage ? [{ label: "Acties", srOnly: true }] : []),
                    ]}
                  >
                    {rows.map((offering) => (
                      <tr key={offering.id} className="border-b border-slate-300 align-top">
                        <th scope="row" className="p-2 font-normal">
                          {offering.description}
                        </th>
                        <td className="p-2">{offering.providerName}</td>
                        <td className="p-2">{localProviderKindLabels[offering.providerKind]}</td>
                        {canManage ? (
                          <td className="p-2">
                            <a href={`/lokaal-aanbod/${offering.id}`}>
                              Wijzigen<span className="sr-only"> {offering.description}</span>
                            </a>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </DataTable>
                </section>
              ))}
            </section>
          ))}
        </>
      )}
    </>
  );
}
