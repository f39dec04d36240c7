import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { ButtonLink, PageHeader } from "~/components/page-header";
import { ActiveBadge } from "~/components/status-badge";
import { VerificationBadge } from "~/components/verification-badge";
import { getDb } from "~/db.server";
import { organisationKindLabels } from "~/domain/organisations/organisation-schemas";
import { listOrganisations } from "~/domain/organisations/organisations.server";
import { formatDateTime } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Organisaties – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisations");
  const organisations = await query(async () => listOrganisations(await getDb(), actor));
  return json({ organisations });
}

type OrganisationRow = ReturnType<typeof useLoaderData<typeof loader>>["organisations"][number];

/** The first cells of a row in both tables: the name (the row header, a link), kind, KvK number and city. */
function OrganisationCells({ organisation }: { organisation: OrganisationRow }) {
  return (
    <>
      <th scope="row" className="p-2 font-normal">
        <a href={`/beheer/organisaties/${organisation.id}`}>{organisation.name}</a>
      </th>
      <td className="p-2">{organisationKindLabels[organisation.kind]}</td>
      <td className="p-2">{organisation.kvkNumber}</td>
      <td className="p-2">{organisation.city}</td>
    </>
  );
}

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  // oldest first: the registration that has waited longest is checked first
  const pending = organisations
    .filter((organisation) => organisation.verificationStatus === "pending" && organisation.active)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <>
      <PageHeader
        title="Organisaties"
        intro="Taalscholen, vrijwilligersorganisaties en publieke organen die in het portaal inschrijven of rapporteren."
        actions={<ButtonLink to="/beheer/organisaties/nieuw">Nieuwe organisatie</ButtonLink>}
      />
      {pending.length > 0 ? (
        <section aria-labelledby="te-verifieren-titel" className="mb-8 rounded border-2 border-amber-600 bg-amber-50 p-5">
          <h2 id="te-verifieren-titel" className="mb-2 text-xl font-semibold">
            {`Te verifiëren registraties (${pending.length})`}
          </h2>
          <p className="mb-4 max-w-prose">
            Deze organisaties hebben zich zelf geregistreerd. Controleer de gegevens (bijvoorbeeld het KvK-nummer in het Handelsregister) en verifieer of wijs af. Tot dan kunnen
            zij niet inschrijven.
          </p>
          <DataTable
            caption="Registraties die wachten op verificatie, langst wachtende eerst"
            captionHidden
            columns={[{ label: "Naam" }, { label: "Soort" }, { label: "KvK-nummer" }, { label: "Plaats" }, { label: "Geregistreerd op" }]}
          >
            {pending.map((organisation) => (
              <tr key={organisation.id} className="border-b border-slate-300">
                <OrganisationCells organisation={organisation} />
                <td className="p-2">
                  <time dateTime={organisation.createdAt}>{formatDateTime(organisation.createdAt)}</time>
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      <h2 className="sr-only">Alle organisaties</h2>
      <DataTable
        caption="Alle organisaties"
        captionHidden
        columns={[{ label: "Naam" }, { label: "Soort" }, { label: "KvK-nummer" }, { label: "Plaats" }, { label: "Verificatie" }, { label: "Status" }]}
      >
        {organisations.map((organisation) => (
          <tr key={organisation.id} className="border-b border-slate-300">
            <OrganisationCells organisation={organisation} />
            <td className="p-2">
              <VerificationBadge status={organisation.verificationStatus} />
            </td>
            <td className="p-2">
              <ActiveBadge active={organisation.active} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
