import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { listAuditEntries } from "~/domain/audit/audit.server";
import { formatDateTime } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Auditlog – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:audit");
  const entries = await query(async () => listAuditEntries(await getDb(), actor, { limit: 200 }));
  return json({ entries });
}

export default function AuditLog() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Auditlog"
        intro="Elke wijziging in het portaal, met wie en wanneer. Regels worden nooit gewijzigd of verwijderd. De nieuwste 200 staan bovenaan."
      />
      <DataTable
        caption="Gebeurtenissen in het portaal, nieuwste eerst"
        captionHidden
        columns={[{ label: "Tijdstip" }, { label: "Door" }, { label: "Gebeurtenis" }, { label: "Handeling" }]}
      >
        {entries.map((entry) => (
          <tr key={entry.id} className="border-b border-slate-300 align-top">
            <td className="p-2 whitespace-nowrap">
              <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
            </td>
            <td className="p-2">{entry.actorName}</td>
            <td className="p-2">{entry.summary}</td>
            <td className="p-2 font-mono text-sm">{entry.action}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
