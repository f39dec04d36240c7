import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { ButtonLink, PageHeader } from "~/components/page-header";
import { ActiveBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { roleLabels } from "~/domain/identity/roles";
import { listUsers } from "~/domain/identity/users.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Gebruikers – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const users = await query(async () => listUsers(await getDb(), actor));
  return json({ users });
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Gebruikers"
        intro="Accounts van het portaal met hun rollen. Een aanbieder hoort bij één organisatie, een gemeentelijke lezer bij één gemeente."
        actions={<ButtonLink to="/beheer/gebruikers/nieuw">Nieuwe gebruiker</ButtonLink>}
      />
      <DataTable
        caption="Alle gebruikers van het portaal"
        captionHidden
        columns={[{ label: "Naam" }, { label: "E-mailadres" }, { label: "Rollen" }, { label: "Organisatie of gemeente" }, { label: "Status" }]}
      >
        {users.map((user) => (
          <tr key={user.id} className="border-b border-slate-300">
            <th scope="row" className="p-2 font-normal">
              <a href={`/beheer/gebruikers/${user.id}`}>{user.name}</a>
            </th>
            <td className="p-2">{user.email}</td>
            <td className="p-2">{user.roles.map((role) => roleLabels[role]).join(", ")}</td>
            <td className="p-2">{user.organisationName ?? (user.municipalityName ? `Gemeente ${user.municipalityName}` : "–")}</td>
            <td className="p-2">
              <ActiveBadge active={user.active} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
