import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageHeader } from "~/components/page-header";
import { RegionFigures } from "~/components/region-figures";
import { getDb } from "~/db.server";
import { getStartPage } from "~/domain/start-page/start-page.server";
import { formatCalendarDate, formatDateTime, formatNumber } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";
import { getServerClock } from "~/utils/clock.server";
import { Deadline } from "~/components/countdown";

export const meta: MetaFunction = () => [{ title: "Mijn overzicht – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const clock = getServerClock();
  const page = await query(async () => getStartPage(await getDb(), clock, actor));
  return json({ name: actor.name, page, now: clock.now().toISOString() });
}

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
        {page.assessor ? (
          <Card title="Te beoordelen" id="beoordelen">
            <EmptyState>Er zijn nog geen percelen aan u toegewezen om te beoordelen.</EmptyState>
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
            <p className="mt-3">Er zijn geen voortgangsrapportages om te beoordelen. <a href="/contracten">Naar het contractregister</a></p>
          </Card>
        ) : null}
        {page.supplier ? (
          <Card title={page.supplier.organisationName} id="organisatie">
            <p className="mb-3">KvK-nummer {page.supplier.kvkNumber}</p>
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
