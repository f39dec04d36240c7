import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { SubmitButton } from "~/components/form";
import { TenderContentView } from "~/components/tender-view";
import { getDb } from "~/db.server";
import { hasPermission } from "~/domain/identity/permissions";
import { getTender, setTenderInterest } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import { query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tender.content.title ?? "Aanbesteding"} – Leerrouteportaal Westfriesland` }];

const versionSchema = z.object({ versie: z.coerce.number().int().positive().optional(), concept: z.literal("1").optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const search = versionSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response("Niet gevonden", { status: 404 });
  const tender = await query(async () => getTender(await getDb(), getServerClock(), actor, tenderId, { version: search.data.versie, draft: search.data.concept === "1" }));
  return json({ tender, canFollow: hasPermission(actor, "follow:tenders"), canManage: hasPermission(actor, "manage:tenders") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "follow:tenders");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const interested = form.get("intent") === "follow";
  const outcome = await runCommand({}, async () => setTenderInterest(await getDb(), getServerClock(), actor, tenderId, interested));
  if (!outcome.ok) return outcome.response;
  return redirect(`/aanbestedingen/${tenderId}`, {
    headers: { "Set-Cookie": await setFlash(interested ? "U volgt deze aanbesteding en krijgt bericht bij wijzigingen en antwoorden." : "U volgt deze aanbesteding niet meer.") },
  });
}

export default function TenderOverview() {
  const { tender, canFollow, canManage } = useLoaderData<typeof loader>();
  const pdfHref = `/aanbestedingen/${tender.id}/pve.pdf${tender.isDraftView ? "?concept=1" : tender.shownVersion ? `?versie=${tender.shownVersion}` : ""}`;
  return (
    <div className="flex flex-col gap-6">
      {tender.isDraftView ? (
        <p className="rounded border-2 border-amber-600 bg-amber-50 p-3">
          U bekijkt het <strong>concept</strong>. Aanbieders zien alleen gepubliceerde versies.
          {tender.versions.length ? <> <a href={`/aanbestedingen/${tender.id}`}>Naar de gepubliceerde versie</a>.</> : null}
        </p>
      ) : tender.shownVersion !== tender.versions.at(-1)?.version ? (
        <p className="rounded border-2 border-amber-600 bg-amber-50 p-3">
          U bekijkt versie {tender.shownVersion}; er is een nieuwere versie. <a href={`/aanbestedingen/${tender.id}`}>Naar de laatste versie</a>.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-4">
        <a href={pdfHref} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white no-underline hover:bg-brand-900 hover:text-white" download>
          Programma van eisen (PDF)
        </a>
        {canManage && !tender.isDraftView && tender.hasUnpublishedChanges ? <a href={`/aanbestedingen/${tender.id}?concept=1`}>Concept met niet-gepubliceerde wijzigingen bekijken</a> : null}
        {canFollow && tender.status === "published" ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value={tender.interested ? "unfollow" : "follow"} />
            <SubmitButton variant="secondary">{tender.interested ? "Niet meer volgen" : "Interesse tonen en volgen"}</SubmitButton>
          </Form>
        ) : null}
      </div>
      <TenderContentView content={tender.content} municipalityNames={tender.municipalityNames} documentHref={(fileId) => `/aanbestedingen/${tender.id}/documenten/${fileId}`} />
      {tender.versions.length ? (
        <section aria-labelledby="versies-titel">
          <h2 id="versies-titel" className="mb-2 text-2xl font-semibold">Versies en wijzigingen</h2>
          <ol className="flex flex-col gap-2">
            {tender.versions.map((version) => (
              <li key={version.version}>
                <a href={`/aanbestedingen/${tender.id}?versie=${version.version}`}>Versie {version.version}</a>, gepubliceerd op {formatDateTime(version.publishedAt)}
                {version.materialChange ? " · materiële wijziging" : ""}
                {version.deadlineExtended ? " · sluitingstermijn verlengd" : ""}
                {version.changeNote ? <p className="text-slate-800">{version.changeNote}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
