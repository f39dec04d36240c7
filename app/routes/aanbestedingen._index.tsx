import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Deadline } from "~/components/countdown";
import { ButtonLink, EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { hasPermission } from "~/domain/identity/permissions";
import { tenderPhaseLabels } from "~/domain/tenders/tender-phase";
import { listTenders } from "~/domain/tenders/tenders.server";
import { endOfAmsterdamDay } from "~/utils/amsterdam-time";
import { getServerClock } from "~/utils/clock.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Aanbestedingen – Leerrouteportaal Westfriesland" }];

const routeLabels: Record<string, string> = { b1: "B1-route", education: "Onderwijsroute", z: "Z-route" };

const filterSchema = z.object({
  fase: z.enum(["draft", "questions", "submission", "closed", "cancelled"]).optional().catch(undefined),
  leerroute: z.enum(["b1", "education", "z"]).optional().catch(undefined),
  sluitingVoor: z.iso.date().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const clock = getServerClock();
  const tenders = await query(async () =>
    listTenders(await getDb(), clock, actor, {
      phase: filter.fase,
      learningRoute: filter.leerroute,
      deadlineBefore: filter.sluitingVoor ? new Date(endOfAmsterdamDay(filter.sluitingVoor)) : undefined,
    }),
  );
  return json({ tenders, now: clock.now().toISOString(), canCreate: hasPermission(actor, "manage:tenders"), seesDrafts: hasPermission(actor, "read:tenderDrafts") });
}

export default function Tenders() {
  const { tenders, now, canCreate, seesDrafts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title="Aanbestedingen"
        intro="De programma's van eisen voor de leerroutes inburgering van de regio Westfriesland, met hun termijnen."
        actions={canCreate ? <ButtonLink to="/aanbestedingen/nieuw">Nieuwe aanbesteding</ButtonLink> : null}
      />
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4" aria-label="Filters">
        <div className="flex flex-col gap-1">
          <label htmlFor="fase" className="font-semibold">Status</label>
          <select id="fase" name="fase" defaultValue={params.get("fase") ?? ""} className="rounded border-2 border-slate-500 bg-white px-3 py-2">
            <option value="">Alle</option>
            {seesDrafts ? <option value="draft">{tenderPhaseLabels.draft}</option> : null}
            <option value="questions">{tenderPhaseLabels.questions}</option>
            <option value="submission">{tenderPhaseLabels.submission}</option>
            <option value="closed">{tenderPhaseLabels.closed}</option>
            <option value="cancelled">{tenderPhaseLabels.cancelled}</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="leerroute" className="font-semibold">Leerroute</label>
          <select id="leerroute" name="leerroute" defaultValue={params.get("leerroute") ?? ""} className="rounded border-2 border-slate-500 bg-white px-3 py-2">
            <option value="">Alle</option>
            <option value="b1">B1-route</option>
            <option value="education">Onderwijsroute</option>
            <option value="z">Z-route</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="sluitingVoor" className="font-semibold">Sluiting uiterlijk op</label>
          <input id="sluitingVoor" name="sluitingVoor" type="date" defaultValue={params.get("sluitingVoor") ?? ""} className="rounded border-2 border-slate-500 px-3 py-2" />
        </div>
        <button type="submit" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
          Filteren
        </button>
      </Form>
      {tenders.length === 0 ? (
        <EmptyState>Er zijn geen aanbestedingen die aan deze filters voldoen.</EmptyState>
      ) : (
        <ul className="flex flex-col gap-4">
          {tenders.map((tender) => (
            <li key={tender.id} className="rounded border border-slate-300 bg-white p-4">
              <h2 className="text-xl font-semibold">
                <a href={`/aanbestedingen/${tender.id}`}>{tender.title}</a>
              </h2>
              <p className="text-sm text-slate-700">
                {tender.reference}
                {tender.publishedVersion ? ` · versie ${tender.publishedVersion}` : ""} · {tenderPhaseLabels[tender.phase]}
                {tender.learningRoutes.length ? ` · ${tender.learningRoutes.map((route) => routeLabels[route]).join(", ")}` : ""}
                {tender.interested ? " · u volgt deze aanbesteding" : ""}
              </p>
              {tender.status === "published" ? (
                <p className="mt-2 flex flex-col gap-1 sm:flex-row sm:gap-6">
                  <Deadline label="Vragen tot" at={tender.questionDeadline} now={now} />
                  <Deadline label="Inschrijven tot" at={tender.submissionDeadline} now={now} />
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
