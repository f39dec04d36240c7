import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ButtonLink, PageHeader } from "~/components/page-header";
import { ActiveBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { organisationKindLabels } from "~/domain/organisations/organisation-schemas";
import { listOrganisations } from "~/domain/organisations/organisations.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Organisaties – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisations");
  const organisations = await query(async () => listOrganisations(await getDb(), actor));
  return json({ organisations });
}

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Organisaties"
        intro="Taalscholen, vrijwilligersorganisaties en publieke organen die in het portaal inschrijven of rapporteren."
        actions={<ButtonLink to="/beheer/organisaties/nieuw">Nieuwe organisatie</ButtonLink>}
      />
      <div className="overflow-x-auto">
        <table className="min-w-full border-collapse bg-white text-left">
          <caption className="sr-only">Alle organisaties</caption>
          <thead>
            <tr className="border-b-2 border-slate-700">
              <th scope="col" className="p-2">Naam</th>
              <th scope="col" className="p-2">Soort</th>
              <th scope="col" className="p-2">KvK-nummer</th>
              <th scope="col" className="p-2">Plaats</th>
              <th scope="col" className="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr key={organisation.id} className="border-b border-slate-300">
                <th scope="row" className="p-2 font-normal">
                  <a href={`/beheer/organisaties/${organisation.id}`}>{organisation.name}</a>
                </th>
                <td className="p-2">{organisationKindLabels[organisation.kind]}</td>
                <td className="p-2">{organisation.kvkNumber}</td>
                <td className="p-2">{organisation.city}</td>
                <td className="p-2">
                  <ActiveBadge active={organisation.active} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
