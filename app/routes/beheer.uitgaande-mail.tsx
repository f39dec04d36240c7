import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { listOutbox } from "~/domain/notifications/notifications.server";
import type { mailStatuses } from "~/domain/notifications/notifications.sql";
import { formatDateTime } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Uitgaande e-mail – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mailOutbox");
  const mails = await query(async () => listOutbox(await getDb(), actor, { limit: 200 }));
  return json({ mails });
}

// Text and colour together, so the status never depends on colour alone (WCAG 1.4.1).
const statusLabels: Record<(typeof mailStatuses)[number], { label: string; className: string }> = {
  pending: { label: "Wacht", className: "bg-amber-100 text-amber-900" },
  sent: { label: "Verzonden", className: "bg-green-100 text-green-900" },
  failed: { label: "Mislukt", className: "bg-red-100 text-red-900" },
  notConfigured: { label: "Niet geconfigureerd (geen SMTP_URL)", className: "bg-slate-200 text-slate-800" },
};

export default function Outbox() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Uitgaande e-mail"
        intro="Elke e-mail die het portaal verstuurt, staat eerst hier. Zonder SMTP_URL verstuurt het portaal geen e-mail: de berichten blijven dan hier bewaard, zodat u ze kunt lezen en zo nodig zelf kunt doorsturen. Mislukte berichten worden tot vijf keer opnieuw geprobeerd. De nieuwste 200 staan bovenaan."
      />
      {mails.length === 0 ? (
        <EmptyState>Het portaal heeft nog geen e-mail verstuurd.</EmptyState>
      ) : (
        <DataTable
          caption="Uitgaande e-mail, nieuwste eerst"
          captionHidden
          columns={[{ label: "Tijdstip" }, { label: "Ontvanger" }, { label: "Onderwerp en tekst" }, { label: "Status" }]}
        >
          {mails.map((mail) => {
            const status = statusLabels[mail.status];
            return (
              <tr key={mail.id} className="border-b border-slate-300 align-top">
                <td className="p-2 whitespace-nowrap">
                  <time dateTime={mail.createdAt}>{formatDateTime(mail.createdAt)}</time>
                </td>
                <td className="p-2">{mail.recipient}</td>
                <td className="p-2">
                  <details>
                    <summary className="cursor-pointer">
                      {mail.subject}
                      <span className="sr-only"> (tekst tonen)</span>
                    </summary>
                    <pre className="mt-2 max-w-prose whitespace-pre-wrap font-sans text-sm">{mail.bodyText}</pre>
                  </details>
                </td>
                <td className="p-2">
                  <span className={`inline-block rounded px-2 py-0.5 text-sm font-semibold ${status.className}`}>{status.label}</span>
                  {mail.status === "sent" && mail.sentAt ? (
                    <p className="mt-1 text-sm text-slate-700">
                      op <time dateTime={mail.sentAt}>{formatDateTime(mail.sentAt)}</time>
                    </p>
                  ) : null}
                  {mail.status === "failed" || (mail.status === "pending" && mail.attempts > 0) ? (
                    <p className="mt-1 text-sm text-slate-700">
                      {mail.attempts === 1 ? "1 poging" : `${mail.attempts} pogingen`}
                      {mail.lastError ? `: ${mail.lastError}` : ""}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}
