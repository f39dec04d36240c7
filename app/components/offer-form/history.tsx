import { DataTable } from "~/components/data-table";
import { formatDateTime, formatEuroCents } from "~/utils/format";
import { offerBase, type Workspace } from "./shared";

const eventLabels = { created: "Concept aangemaakt", submitted: "Ingediend", withdrawn: "Ingetrokken", reconfirmationRequested: "Opnieuw indienen gevraagd" } as const;

/** The receipt of the latest submitted version: when, its SHA-256, and the PDF and JSON downloads. Nothing before the first submission. */
export function LatestReceipt({ workspace }: { workspace: Workspace }) {
  const latest = workspace.versions.at(-1);
  if (!latest) return null;
  const base = offerBase(workspace);
  return (
    <section aria-labelledby="ontvangstbewijs-titel" className="rounded border-2 border-green-700 bg-green-50 p-4">
      <h3 id="ontvangstbewijs-titel" className="mb-2 text-xl font-semibold">
        Ontvangstbewijs van versie {latest.version}
      </h3>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
        <dt className="font-semibold">Ontvangen op</dt>
        <dd>
          <time dateTime={latest.submittedAt}>{formatDateTime(latest.submittedAt)}</time>
        </dd>
        <dt className="font-semibold">Controlewaarde (SHA-256)</dt>
        <dd>
          <code className="break-all" data-testid="ontvangstbewijs-hash">
            {latest.contentHash}
          </code>
        </dd>
      </dl>
      <p className="mt-2 flex flex-wrap gap-4">
        <a href={`${base}/ontvangstbewijs/${latest.version}.pdf`} download>
          Ontvangstbewijs versie {latest.version} downloaden (PDF)
        </a>
        <a href={`${base}/inhoud/${latest.version}.json`} download>
          Vastgelegde inhoud versie {latest.version} downloaden (JSON)
        </a>
      </p>
      {workspace.offer?.status === "withdrawn" ? <p className="mt-2 text-sm">Deze versie is ingetrokken.</p> : null}
    </section>
  );
}

/** Every submitted version with its receipt, and the offer's events (sealed: only the supplier sees them). */
export function OfferHistory({ workspace }: { workspace: Workspace }) {
  if (workspace.versions.length === 0 && workspace.events.length === 0) return null;
  const base = offerBase(workspace);
  return (
    <section aria-labelledby="geschiedenis-titel" className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h3 id="geschiedenis-titel" className="mb-2 text-xl font-semibold">
        Geschiedenis
      </h3>
      {workspace.versions.length ? (
        <DataTable
          caption="Ingediende versies"
          small
          background={false}
          className="mb-4"
          columns={[{ label: "Versie" }, { label: "Ingediend op" }, { label: "Door" }, { label: "Totaalprijs", align: "right" }, { label: "Controlewaarde (SHA-256)" }, { label: "Ontvangstbewijs" }]}
        >
          {workspace.versions.map((version) => (
            <tr key={version.version} className="border-b border-slate-300">
              <th scope="row" className="p-2 font-normal">
                {version.version} (PvE versie {version.tenderVersion})
              </th>
              <td className="p-2">
                <time dateTime={version.submittedAt}>{formatDateTime(version.submittedAt)}</time>
              </td>
              <td className="p-2">{version.submittedByName}</td>
              <td className="p-2 text-right">{formatEuroCents(version.totalPriceCents)}</td>
              <td className="p-2">
                <code className="break-all text-xs">{version.contentHash}</code>
              </td>
              <td className="p-2">
                <a href={`${base}/ontvangstbewijs/${version.version}.pdf`} download aria-label={`Ontvangstbewijs versie ${version.version} (PDF)`}>
                  Ontvangstbewijs versie {version.version} (PDF)
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <h4 className="mb-1 font-semibold">Gebeurtenissen</h4>
      <ol className="list-decimal pl-5 text-sm">
        {workspace.events.map((event, index) => (
          <li key={`${event.occurredAt}-${index}`}>
            <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>: {eventLabels[event.kind]}
            {event.version !== null ? ` (versie ${event.version})` : ""} – {event.actorName}
            {event.note ? `. ${event.note}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
