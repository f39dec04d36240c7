import { Deadline } from "~/components/countdown";
import { formatDateTime } from "~/utils/format";
import type { Workspace } from "./shared";

const statusLabels = { draft: "Concept, nog niet ingediend", submitted: "Ingediend", withdrawn: "Ingetrokken" } as const;

/** The head of the offer page: the lot, where the offer stands, the deadline, and what needs the supplier's attention. */
export function OfferStatus({ workspace }: { workspace: Workspace }) {
  const { tender, lot, offer } = workspace;
  return (
    <section aria-labelledby="perceel-titel">
      <h2 id="perceel-titel" className="mb-2 text-2xl font-semibold">
        Inschrijving perceel {lot.number}: {lot.title}
      </h2>
      <dl className="mb-3 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
        <dt className="font-semibold">Inschrijver</dt>
        <dd>
          {workspace.organisation.name} (KvK {workspace.organisation.kvkNumber})
        </dd>
        <dt className="font-semibold">Stand</dt>
        <dd>
          {offer ? statusLabels[offer.status] : "Nog niets opgeslagen"}
          {offer?.status === "submitted" ? ` (versie ${offer.submittedVersion}${offer.submittedAt ? `, ${formatDateTime(offer.submittedAt)}` : ""})` : ""}
        </dd>
        <dt className="font-semibold">Programma van eisen</dt>
        <dd>versie {tender.version}</dd>
        <dt className="font-semibold">Sluiting</dt>
        <dd>
          <Deadline label="Inschrijven tot" at={tender.submissionDeadline} now={workspace.now} />
        </dd>
      </dl>
      <p className="max-w-prose text-sm text-slate-700">
        Uw inschrijving is verzegeld tot de opening na de sluiting: niemand bij de gemeenten kan haar inzien. U kunt tot de sluiting een concept opslaan, indienen, herzien (een nieuwe versie) en
        intrekken. Na de sluiting weigert het portaal elke wijziging, ongeacht wat uw browser aangeeft.
      </p>
      {offer?.needsReconfirmation ? (
        <div role="alert" className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-4">
          <p className="font-semibold">Dien uw inschrijving opnieuw in.</p>
          <p>
            Het programma van eisen is materieel gewijzigd: nu geldt versie {tender.version}. Uw ingediende inschrijving (versie {offer.submittedVersion}
            {workspace.submitted ? `, op basis van versie ${workspace.submitted.tenderVersion} van het programma van eisen` : ""}) moet u opnieuw indienen op basis van de nieuwe versie.
            Controleer vooral de prijzen, eisen en gunningscriteria hieronder.
          </p>
        </div>
      ) : null}
      {offer?.hasUnsubmittedChanges && !offer.needsReconfirmation ? (
        <p className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-3">
          U hebt wijzigingen opgeslagen die nog niet zijn ingediend. Tot u opnieuw indient, geldt versie {offer.submittedVersion}.
        </p>
      ) : null}
      {offer?.status === "withdrawn" ? (
        <p className="mt-3 rounded border-2 border-slate-500 bg-slate-50 p-3">
          Uw inschrijving is ingetrokken{offer.withdrawnAt ? ` op ${formatDateTime(offer.withdrawnAt)}` : ""}. Zij telt niet mee{tender.open ? ", tenzij u haar vóór de sluiting opnieuw indient" : ""}.
        </p>
      ) : null}
      {!workspace.organisation.maySubmit && workspace.organisation.reason ? (
        <p className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-3">
          <strong>Let op:</strong> {workspace.organisation.reason}
        </p>
      ) : null}
    </section>
  );
}
