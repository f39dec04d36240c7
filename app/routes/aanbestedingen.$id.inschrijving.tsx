import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/countdown";
import { DataTable } from "~/components/data-table";
import { getDb } from "~/db.server";
import { listOwnAwardLetters } from "~/domain/evaluation/award.server";
import { listOwnOffers } from "~/domain/offers/offers.server";
import { getServerClock } from "~/utils/clock.server";
import { formatDateTime } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Mijn inschrijving – Leerrouteportaal Westfriesland" }];

/** The supplier's own offers on a tender, per lot. Only suppliers (submit:offers): others get 403. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const { overview, awardLetters } = await query(async () => {
    const db = await getDb();
    // the letters of the lots whose award decision was sent (empty before the opening)
    return { overview: await listOwnOffers(db, getServerClock(), actor, tenderId), awardLetters: await listOwnAwardLetters(db, actor, tenderId) };
  });
  return json({ overview, awardLetters });
}

type Overview = ReturnType<typeof useLoaderData<typeof loader>>["overview"];
type LotOffer = Overview["lots"][number]["offer"];

function offerStatusText(offer: LotOffer): string {
  if (!offer) return "Nog niet begonnen";
  if (offer.status === "draft") return "Concept, niet ingediend";
  if (offer.status === "withdrawn") return "Ingetrokken";
  if (offer.needsReconfirmation) return `Ingediend (versie ${offer.submittedVersion}), opnieuw indienen nodig`;
  return `Ingediend (versie ${offer.submittedVersion})${offer.hasUnsubmittedChanges ? ", met niet-ingediende wijzigingen" : ""}`;
}

const linkText = (started: boolean, open: boolean) => (started ? "Inschrijving bekijken" : open ? "Inschrijven" : "Bekijken");

export default function OwnOffers() {
  const { overview, awardLetters } = useLoaderData<typeof loader>();
  const { tender, organisation } = overview;
  const needsAttention = overview.lots.filter((lot) => lot.offer?.needsReconfirmation);
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="inschrijving-titel">
        <h2 id="inschrijving-titel" className="mb-2 text-2xl font-semibold">
          Mijn inschrijving
        </h2>
        <p className="mb-2 max-w-prose text-slate-800">
          U schrijft per perceel in namens {organisation.name}. Uw inschrijving is verzegeld: niemand bij de gemeenten kan haar lezen, of zien óf u hebt ingeschreven, voordat de inschrijvingen na
          de sluiting worden geopend.
        </p>
        <p className="mb-2">
          <Deadline label="Inschrijven tot" at={tender.submissionDeadline} now={overview.now} />
        </p>
        {tender.cancelled ? (
          <p className="rounded border-2 border-red-700 bg-red-50 p-3">Deze aanbesteding is ingetrokken. Inschrijven is niet meer mogelijk.</p>
        ) : !tender.open ? (
          <p className="rounded border-2 border-slate-500 bg-slate-50 p-3">De inschrijftermijn is verstreken. U kunt uw inschrijvingen en ontvangstbewijzen nog bekijken, maar niets meer wijzigen.</p>
        ) : null}
        {!organisation.maySubmit && organisation.reason ? (
          <p className="mt-2 rounded border-2 border-amber-700 bg-amber-50 p-3">
            <strong>Let op:</strong> {organisation.reason} U kunt wel alvast een concept voorbereiden.
          </p>
        ) : null}
        {needsAttention.length ? (
          <div role="alert" className="mt-2 rounded border-2 border-amber-700 bg-amber-50 p-3">
            <p className="font-semibold">Het programma van eisen is materieel gewijzigd (versie {tender.version}).</p>
            <p>
              Dien uw inschrijving opnieuw in voor {needsAttention.map((lot) => `perceel ${lot.number}`).join(", ")}, op basis van de nieuwe versie.
            </p>
          </div>
        ) : null}
      </section>

      <DataTable
        caption="Percelen en de stand van uw inschrijving"
        captionClassName="mb-2 text-left font-semibold"
        small
        columns={[{ label: "Perceel" }, { label: "Stand" }, { label: "Laatst ingediend" }, { label: "Actie", srOnly: true }]}
      >
        {overview.lots.map((lot) => (
          <tr key={lot.id} className="border-b border-slate-300">
            <th scope="row" className="p-2 font-normal">
              Perceel {lot.number}: {lot.title}
            </th>
            <td className={`p-2 ${lot.offer?.needsReconfirmation ? "font-semibold text-amber-900" : ""}`}>{offerStatusText(lot.offer)}</td>
            <td className="p-2">{lot.offer?.submittedAt ? <time dateTime={lot.offer.submittedAt}>{formatDateTime(lot.offer.submittedAt)}</time> : "–"}</td>
            <td className="p-2">
              <a href={`/aanbestedingen/${tender.id}/inschrijving/${lot.id}`} aria-label={`${linkText(lot.offer !== null, tender.open)}: perceel ${lot.number}`}>
                {linkText(lot.offer !== null, tender.open)}
              </a>
            </td>
          </tr>
        ))}
      </DataTable>

      {awardLetters.length ? (
        <section aria-labelledby="gunningsbeslissing-titel">
          <h2 id="gunningsbeslissing-titel" className="mb-2 text-2xl font-semibold">
            Gunningsbeslissing
          </h2>
          <p className="mb-2 max-w-prose text-slate-800">
            De gunningsbeslissing is verzonden. In de brief staan uw scores, die van de winnende inschrijving en de redenen van de beslissing.
          </p>
          <ul className="flex flex-col gap-2">
            {awardLetters.map((letter) => (
              <li key={letter.lotId}>
                <a href={letter.href}>
                  Gunningsbrief perceel {letter.lotNumber}: {letter.lotTitle} (PDF)
                </a>
                <span className="block text-sm">
                  Verzonden op <time dateTime={letter.decisionSentAt}>{formatDateTime(letter.decisionSentAt)}</time>
                  {awardLetterState(letter)}.
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function awardLetterState(letter: { status: string; standstillEndText: string | null }): string {
  if (letter.status === "final") return "; het perceel is definitief gegund";
  if (letter.status === "suspended") return "; de gunning is opgeschort";
  return letter.standstillEndText ? `; einde van de opschortende termijn: ${letter.standstillEndText}` : "";
}
