import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Card, EmptyState, PageHeader } from "~/components/page-header";
import { RegionFigures } from "~/components/region-figures";
import { getDb } from "~/db.server";
import { getStartPage } from "~/domain/start-page/start-page.server";
import { formatCalendarDate, formatDateTime, formatNumber } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";
import { getServerClock } from "~/utils/clock.server";
import { Deadline, describeRemaining } from "~/components/countdown";

export const meta: MetaFunction = () => [{ title: "Mijn overzicht – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const clock = getServerClock();
  const page = await query(async () => getStartPage(await getDb(), clock, actor));
  return json({ name: actor.name, page, now: clock.now().toISOString() });
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];
type Projectgroup = NonNullable<Page["projectgroup"]>;
type Supplier = NonNullable<Page["supplier"]>;

function OpenTenders({ tenders, now }: { tenders: { id: string; title: string; submissionDeadline: string | null }[]; now: string }) {
  if (tenders.length === 0) return <EmptyState>Er staan geen aanbestedingen open voor inschrijving.</EmptyState>;
  return (
    <ul className="flex flex-col gap-2">
      {tenders.map((tender) => (
        <li key={tender.id}>
          <a href={`/aanbestedingen/${tender.id}`}>{tender.title}</a>
          <span className="block text-sm">
            <Deadline label="Sluiting" at={tender.submissionDeadline} now={now} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One work list under its own heading; left out when there is nothing in it. */
function WorkList({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <div className="mb-4">
      <h3 className="mb-1 font-semibold">
        {title} ({formatNumber(count)})
      </h3>
      <ul className="flex flex-col gap-2">{children}</ul>
    </div>
  );
}

const lotName = (item: { lotNumber: number; lotTitle: string }) => `Perceel ${item.lotNumber}: ${item.lotTitle}`;
const tenderName = (item: { title: string; reference: string }) => `${item.title} (${item.reference})`;

function ProcurementWork({ work, now }: { work: Projectgroup; now: string }) {
  const { opening, chairLots, awards } = work;
  const total = opening.awaitingOpening.length + opening.toConfirm.length + chairLots.length + awards.toPropose.length + awards.toFinalize.length + awards.suspended.length;
  return (
    <Card title="Opening, beoordeling en gunning" id="opening-beoordeling-gunning">
      {total === 0 ? <EmptyState>Er wacht nu niets op opening, beoordeling of gunning.</EmptyState> : null}
      <WorkList title="Openingen om te bevestigen (vier ogen)" count={opening.toConfirm.length}>
        {opening.toConfirm.map((item) => (
          <li key={item.requestId}>
            <a href={`/aanbestedingen/${item.tenderId}/opening`}>Opening bevestigen: {tenderName(item)}</a>
            <span className="block text-sm">
              {item.requestedByName} vroeg de opening aan op <time dateTime={item.requestedAt}>{formatDateTime(item.requestedAt)}</time>. Bevestig vóór{" "}
              <time dateTime={item.expiresAt}>{formatDateTime(item.expiresAt)}</time> <span className="font-semibold text-amber-900">({describeRemaining(item.expiresAt, now)})</span>; daarna
              vervalt het verzoek.
            </span>
          </li>
        ))}
      </WorkList>
      <WorkList title="Wacht op opening" count={opening.awaitingOpening.length}>
        {opening.awaitingOpening.map((item) => (
          <li key={item.tenderId}>
            <a href={`/aanbestedingen/${item.tenderId}/opening`}>{tenderName(item)}</a>
            <span className="block text-sm">
              Gesloten op <time dateTime={item.submissionDeadline}>{formatDateTime(item.submissionDeadline)}</time>.{" "}
              {item.ownRequest ? (
                <>
                  U heeft de opening aangevraagd; een ander lid van de projectgroep moet bevestigen vóór{" "}
                  <time dateTime={item.ownRequest.expiresAt}>{formatDateTime(item.ownRequest.expiresAt)}</time>.
                </>
              ) : (
                "Twee leden van de projectgroep openen de inschrijvingen: de een vraagt aan, de ander bevestigt binnen 15 minuten."
              )}
            </span>
          </li>
        ))}
      </WorkList>
      <WorkList title="Voorzitter van de beoordeling" count={chairLots.length}>
        {chairLots.map((item) => (
          <li key={`${item.tenderId}-${item.lotId}`}>
            <a href={`/aanbestedingen/${item.tenderId}/beoordeling/${item.lotId}`}>
              {lotName(item)} ({item.reference})
            </a>
            <span className="block text-sm">
              {item.step === "close"
                ? "Alle consensusscores staan: sluit de kwaliteitsbeoordeling af."
                : "Alle beoordelaars hebben hun scores ingeleverd: stel per criterium de consensusscore vast."}
            </span>
          </li>
        ))}
      </WorkList>
      <WorkList title="Klaar voor een gunningsvoorstel" count={awards.toPropose.length}>
        {awards.toPropose.map((item) => (
          <li key={`${item.tenderId}-${item.lotId}`}>
            <a href={`/aanbestedingen/${item.tenderId}/gunning#perceel-${item.lotId}`}>
              {lotName(item)} ({item.reference})
            </a>
            <span className="block text-sm">De kwaliteitsbeoordeling is afgesloten en de rangorde staat vast.</span>
          </li>
        ))}
      </WorkList>
      <WorkList title="Definitief gunnen" count={awards.toFinalize.length}>
        {awards.toFinalize.map((item) => (
          <li key={`${item.tenderId}-${item.lotId}`}>
            <a href={`/aanbestedingen/${item.tenderId}/gunning#perceel-${item.lotId}`}>
              {lotName(item)} ({item.reference})
            </a>
            <span className="block text-sm">
              De opschortende termijn is verstreken{item.standstillEndText ? ` (${item.standstillEndText})` : ""}
              {item.winnerName ? `; voornemen tot gunning aan ${item.winnerName}` : ""}.
            </span>
          </li>
        ))}
      </WorkList>
      <WorkList title="Opgeschorte gunningen" count={awards.suspended.length}>
        {awards.suspended.map((item) => (
          <li key={`${item.tenderId}-${item.lotId}`}>
            <a href={`/aanbestedingen/${item.tenderId}/gunning#perceel-${item.lotId}`}>
              {lotName(item)} ({item.reference})
            </a>
            <span className="block text-sm">
              Opgeschort{item.suspendedAt ? <> op <time dateTime={item.suspendedAt}>{formatDateTime(item.suspendedAt)}</time></> : null}
              {item.suspensionReason ? `: ${item.suspensionReason}` : ""}.
            </span>
          </li>
        ))}
      </WorkList>
    </Card>
  );
}

function letterState(letter: Supplier["awardLetters"][number]["letters"][number]): string {
  if (letter.status === "final") return "; het perceel is definitief gegund";
  if (letter.status === "suspended") return "; de gunning is opgeschort";
  return letter.standstillEndText ? `; einde van de opschortende termijn: ${letter.standstillEndText}` : "";
}

function OwnOffers({ title, items, hint, now }: { title: string; items: Supplier["draftOffers"]; hint: string; now: string }) {
  return (
    <WorkList title={title} count={items.length}>
      {items.map((item) => (
        <li key={`${item.tenderId}-${item.lotId}`}>
          <a href={item.href}>
            {lotName(item)} – {item.title}
          </a>
          <span className="block text-sm">
            {hint} <Deadline label="Sluiting" at={item.submissionDeadline} now={now} />
          </span>
        </li>
      ))}
    </WorkList>
  );
}

export default function StartPage() {
  const { name, page, now } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Mijn overzicht" intro={`Welkom, ${name}. Hier ziet u wat uw aandacht nodig heeft.`} />
      <div className="grid gap-6 md:grid-cols-2">
        {page.admin ? (
          <Card title="Beheer" id="beheer">
            <dl className="mb-4 grid grid-cols-2 gap-2">
              <dt>Actieve gebruikers</dt>
              <dd className="font-semibold">{formatNumber(page.admin.activeUsers)}</dd>
              <dt>Gedeactiveerde gebruikers</dt>
              <dd className="font-semibold">{formatNumber(page.admin.inactiveUsers)}</dd>
              <dt>Actieve organisaties</dt>
              <dd className="font-semibold">{formatNumber(page.admin.activeOrganisations)}</dd>
            </dl>
            <h3 className="mb-1 font-semibold">Te verifiëren registraties ({formatNumber(page.admin.pendingRegistrations.length)})</h3>
            {page.admin.pendingRegistrations.length ? (
              <ul className="mb-4 flex flex-col gap-1">
                {page.admin.pendingRegistrations.map((organisation) => (
                  <li key={organisation.id}>
                    <a href={`/beheer/organisaties/${organisation.id}`}>{organisation.name}</a> (KvK {organisation.kvkNumber}), geregistreerd op{" "}
                    <time dateTime={organisation.createdAt}>{formatDateTime(organisation.createdAt)}</time>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mb-4 text-slate-700">Er wachten geen registraties van aanbieders op verificatie.</p>
            )}
            <h3 className="mb-2 font-semibold">Laatste gebeurtenissen</h3>
            {page.admin.recentAudit.length ? (
              <ul className="flex flex-col gap-1 text-sm">
                {page.admin.recentAudit.map((entry, index) => (
                  <li key={index}>
                    <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> · {entry.actorName}: {entry.summary}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>Nog geen gebeurtenissen.</EmptyState>
            )}
            <p className="mt-3">
              <a href="/beheer/gebruikers">Gebruikers beheren</a> · <a href="/beheer/organisaties">Organisaties beheren</a>
            </p>
          </Card>
        ) : null}
        {page.projectgroup ? (
          <Card title="Aanbestedingen" id="aanbestedingen">
            <ul className="mb-3 flex flex-col gap-1">
              <li>Concepten in voorbereiding: <strong>{formatNumber(page.projectgroup.draftTenders)}</strong></li>
              <li>Vragen die op een antwoord wachten: <strong>{formatNumber(page.projectgroup.openQuestions)}</strong></li>
            </ul>
            <OpenTenders tenders={page.projectgroup.openTenders} now={now} />
            <p className="mt-3">
              <a href="/aanbestedingen">Naar de aanbestedingen</a> · <a href="/aanbestedingen/nieuw">Nieuwe aanbesteding</a>
            </p>
          </Card>
        ) : null}
        {page.projectgroup ? <ProcurementWork work={page.projectgroup} now={now} /> : null}
        {page.assessor ? (
          <Card title="Te beoordelen" id="beoordelen">
            {page.assessor.lotsToScore.length ? (
              <ul className="flex flex-col gap-2">
                {page.assessor.lotsToScore.map((lot) => (
                  <li key={`${lot.tenderId}-${lot.lotId}`}>
                    <a href={`/aanbestedingen/${lot.tenderId}/beoordeling/${lot.lotId}`}>
                      {lotName(lot)} ({lot.reference})
                    </a>
                    <span className="block text-sm">
                      {lot.title}. Toegewezen op <time dateTime={lot.assignedAt}>{formatDateTime(lot.assignedAt)}</time>; scoor elk criterium met een motivering en lever uw scores in.
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>Er zijn geen percelen die op uw scores wachten.</EmptyState>
            )}
          </Card>
        ) : null}
        {page.contractManager ? (
          <Card title="Contracten en rapportages" id="contracten">
            <h3 className="mb-1 font-semibold">Contracten die binnen zes maanden aflopen</h3>
            {page.contractManager.endingSoon.length ? (
              <ul className="mb-3 flex flex-col gap-1">
                {page.contractManager.endingSoon.map((contract) => (
                  <li key={contract.id}>
                    <a href={`/contracten/${contract.id}`}>{contract.number}</a> {contract.title}: eindigt {formatCalendarDate(contract.endDate)}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>Geen.</EmptyState>
            )}
            <h3 className="mt-3 mb-1 font-semibold">Besluiten over verlenging</h3>
            {page.contractManager.extensionDecisions.length ? (
              <ul className="mb-3 flex flex-col gap-1">
                {page.contractManager.extensionDecisions.map((decision) => (
                  <li key={decision.id}>
                    <a href={`/contracten/${decision.id}`}>{decision.number}</a>: verlengen met {decision.years} jaar? Besluit uiterlijk {formatCalendarDate(decision.decisionDueDate)}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>Geen besluiten binnen zes maanden.</EmptyState>
            )}
            <h3 className="mt-3 mb-1 font-semibold">Te late rapportages</h3>
            {page.contractManager.overdueReports.length ? (
              <ul className="mb-3 flex flex-col gap-1">
                {page.contractManager.overdueReports.map((report) => (
                  <li key={report.periodId}>
                    <a href={`/rapportages/${report.periodId}`}>
                      {report.contractNumber} {report.label}
                    </a>{" "}
                    van {report.supplierName}: uiterlijk {formatCalendarDate(report.dueDate)}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>Geen.</EmptyState>
            )}
            <p className="mt-3">
              {page.contractManager.reportsToReview === 0 ? (
                "Er zijn geen voortgangsrapportages om te beoordelen."
              ) : (
                <a href="/rapportages">
                  {page.contractManager.reportsToReview === 1 ? "1 voortgangsrapportage wacht" : `${page.contractManager.reportsToReview} voortgangsrapportages wachten`} op uw beoordeling
                </a>
              )}{" "}
              <a href="/contracten">Naar het contractregister</a>
            </p>
          </Card>
        ) : null}
        {page.supplier ? (
          <Card title={page.supplier.organisationName} id="organisatie">
            <p className="mb-3">KvK-nummer {page.supplier.kvkNumber}</p>
            <OwnOffers
              title="Opnieuw indienen na een wijziging"
              items={page.supplier.offersToReconfirm}
              hint="Het programma van eisen is materieel gewijzigd; dien uw inschrijving opnieuw in."
              now={now}
            />
            <OwnOffers title="Inschrijvingen in concept (nog niet ingediend)" items={page.supplier.draftOffers} hint="Nog niet ingediend." now={now} />
            {page.supplier.awardLetters.length ? (
              <div className="mb-4">
                <h3 className="mb-1 font-semibold">Gunningsbeslissingen</h3>
                <ul className="flex flex-col gap-2">
                  {page.supplier.awardLetters.flatMap((tender) =>
                    tender.letters.map((letter) => (
                      <li key={`${tender.tenderId}-${letter.lotId}`}>
                        <a href={letter.href}>
                          Gunningsbrief {tender.reference} perceel {letter.lotNumber}: {letter.lotTitle} (PDF)
                        </a>
                        <span className="block text-sm">
                          {tender.title}, verzonden op <time dateTime={letter.decisionSentAt}>{formatDateTime(letter.decisionSentAt)}</time>
                          {letterState(letter)}.
                        </span>
                      </li>
                    )),
                  )}
                </ul>
              </div>
            ) : null}
            <h3 className="mb-1 font-semibold">Openstaande aanbestedingen</h3>
            <OpenTenders tenders={page.supplier.openTenders} now={now} />
            <p className="mt-3">Er zijn geen voortgangsrapportages die u moet indienen.</p>
          </Card>
        ) : null}
      </div>
      {page.municipalityViewer ? (
        <section aria-labelledby="gemeente-cijfers" className="mt-8">
          <h2 id="gemeente-cijfers" className="mb-4 text-2xl font-semibold">
            Cijfers van uw gemeente en de regio
          </h2>
          <RegionFigures data={page.municipalityViewer.overview} headingLevel={3} />
        </section>
      ) : null}
    </>
  );
}
