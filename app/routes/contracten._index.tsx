import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { ButtonLink, EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { contractKinds, contractStatuses } from "~/domain/contracts/contract.sql";
import { contractKindLabels, contractStatusLabels, learningRouteLabels } from "~/domain/contracts/contract-labels";
import { listContractSuppliers, listContracts } from "~/domain/contracts/contracts.server";
import { hasPermission } from "~/domain/identity/permissions";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { formatCalendarDate, formatEuroCents } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Contracten – Leerrouteportaal Westfriesland" }];

const filterSchema = z.object({
  soort: z.enum(contractKinds).optional().catch(undefined),
  status: z.enum(contractStatuses).optional().catch(undefined),
  leerroute: z.enum(["b1", "education", "z"]).optional().catch(undefined),
  gemeente: z.uuid().optional().catch(undefined),
  aanbieder: z.uuid().optional().catch(undefined),
  eindeVoor: z.iso.date().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  // a supplier sees only its own contracts, so a choice of suppliers is for municipal readers only
  const canFilterSupplier = hasPermission(actor, "read:contracts");
  const [contracts, municipalities, suppliers] = await query(() =>
    Promise.all([
      listContracts(db, actor, {
        kind: filter.soort,
        status: filter.status,
        learningRoute: filter.leerroute,
        municipalityId: filter.gemeente,
        supplierOrganisationId: filter.aanbieder,
        endsBefore: filter.eindeVoor,
      }),
      listMunicipalities(db),
      canFilterSupplier ? listContractSuppliers(db, actor) : Promise.resolve([]),
    ]),
  );
  return json({ contracts, municipalities, suppliers, canFilterSupplier, canManage: hasPermission(actor, "manage:contracts") });
}

function FilterSelect({ name, label, options }: { name: string; label: string; options: [string, string][] }) {
  const [params] = useSearchParams();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={name} className="font-semibold">{label}</label>
      <select id={name} name={name} defaultValue={params.get(name) ?? ""} className="rounded border-2 border-slate-500 bg-white px-3 py-2">
        <option value="">Alle</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>{text}</option>
        ))}
      </select>
    </div>
  );
}

export default function Contracts() {
  const { contracts, municipalities, suppliers, canFilterSupplier, canManage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title="Contracten"
        intro="Het register van alle contracten: aanbestede leerroutes, open house, subsidies en de dienstverleningsovereenkomst met WerkSaam."
        actions={canManage ? <ButtonLink to="/contracten/nieuw">Nieuw contract</ButtonLink> : null}
      />
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4" aria-label="Filters">
        <FilterSelect name="soort" label="Soort" options={Object.entries(contractKindLabels)} />
        <FilterSelect name="status" label="Status" options={Object.entries(contractStatusLabels)} />
        <FilterSelect name="leerroute" label="Leerroute" options={Object.entries(learningRouteLabels)} />
        <FilterSelect name="gemeente" label="Gemeente" options={municipalities.map((municipality) => [municipality.id, municipality.name])} />
        {canFilterSupplier ? <FilterSelect name="aanbieder" label="Opdrachtnemer" options={suppliers.map((supplier) => [supplier.id, supplier.name])} /> : null}
        <div className="flex flex-col gap-1">
          <label htmlFor="eindeVoor" className="font-semibold">Eindigt uiterlijk op</label>
          <input id="eindeVoor" name="eindeVoor" type="date" defaultValue={params.get("eindeVoor") ?? ""} className="rounded border-2 border-slate-500 px-3 py-2" />
        </div>
        <button type="submit" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">Filteren</button>
        <a href={`/contracten/export.xlsx${params.toString() ? `?${params.toString()}` : ""}`} download className="self-center">
          Exporteren naar Excel (met deze filters)
        </a>
      </Form>
      {contracts.length === 0 ? (
        <EmptyState>Er zijn geen contracten die aan deze filters voldoen.</EmptyState>
      ) : (
        <DataTable
          caption="Contracten"
          captionHidden
          columns={[{ label: "Contract" }, { label: "Opdrachtnemer" }, { label: "Soort" }, { label: "Looptijd" }, { label: "Plafond", align: "right" }, { label: "Status" }]}
        >
          {contracts.map((contract) => (
            <tr key={contract.id} className="border-b border-slate-300">
              <th scope="row" className="p-2 font-normal">
                <a href={`/contracten/${contract.id}`}>{contract.number}</a>
                <span className="block text-sm text-slate-700">{contract.title}</span>
              </th>
              <td className="p-2">{contract.supplierName}</td>
              <td className="p-2">{contractKindLabels[contract.kind]}</td>
              <td className="p-2 whitespace-nowrap">{formatCalendarDate(contract.startDate)} – {formatCalendarDate(contract.endDate)}</td>
              <td className="p-2 text-right whitespace-nowrap">{formatEuroCents(contract.ceilingAmountCents)}</td>
              <td className="p-2">{contractStatusLabels[contract.status]}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
