import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { getInformationNotice } from "~/domain/tenders/tender-questions.server";
import { formatDateTime } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Nota van Inlichtingen – Leerrouteportaal Westfriesland" }];

const searchSchema = z.object({ versie: z.coerce.number().int().positive().optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const search = searchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const { tender, notice, versions } = await query(async () => getInformationNotice(await getDb(), actor, tenderId, search.data.versie));
  // The notice holds no asker by design; only what a reader needs leaves the server.
  return json({
    tender,
    notice: notice ? { version: notice.version, publishedAt: notice.publishedAt, entries: notice.entries } : null,
    versions,
  });
}

export default function InformationNotice() {
  const { tender, notice, versions } = useLoaderData<typeof loader>();
  if (!notice) {
    return (
      <section aria-labelledby="nvi-titel">
        <h2 id="nvi-titel" className="mb-2 text-2xl font-semibold">
          Nota van Inlichtingen
        </h2>
        <EmptyState>Er is nog geen Nota van Inlichtingen gepubliceerd. Zodra de gestelde vragen zijn beantwoord, verschijnen de antwoorden hier, voor alle aanbieders tegelijk.</EmptyState>
      </section>
    );
  }
  const latest = versions.at(-1)?.version;
  const topics = [...new Set(notice.entries.map((entry) => entry.topic))];
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="nvi-titel">
        <h2 id="nvi-titel" className="mb-2 text-2xl font-semibold">
          Nota van Inlichtingen, versie {notice.version}
        </h2>
        <p className="mb-2 max-w-prose">
          Gepubliceerd op <time dateTime={notice.publishedAt}>{formatDateTime(notice.publishedAt)}</time>. {notice.entries.length}{" "}
          {notice.entries.length === 1 ? "vraag" : "vragen"}, genummerd in de volgorde waarin ze zijn gesteld. De Nota van Inlichtingen maakt deel uit van de aanbestedingsstukken; wie een vraag
          stelde, wordt niet bekendgemaakt.
        </p>
        {notice.version !== latest ? (
          <p className="mb-2 rounded border-2 border-amber-600 bg-amber-50 p-3">
            U bekijkt een eerdere versie. <a href={`/aanbestedingen/${tender.id}/nota-van-inlichtingen`}>Naar de laatste versie ({latest})</a>.
          </p>
        ) : null}
        <p>
          <a href={`/aanbestedingen/${tender.id}/pve.pdf`} download>
            Programma van eisen met de Nota van Inlichtingen als bijlage (PDF)
          </a>
        </p>
      </section>

      {topics.map((topic, topicIndex) => (
        <section key={topic} aria-labelledby={`onderwerp-${topicIndex}`}>
          <h3 id={`onderwerp-${topicIndex}`} className="mb-3 text-xl font-semibold">
            {topic}
          </h3>
          <ul className="flex flex-col gap-4">
            {notice.entries
              .filter((entry) => entry.topic === topic)
              .map((entry) => (
                <li key={entry.number}>
                  <article aria-labelledby={`nvi-vraag-${entry.number}`} className="rounded border border-slate-300 bg-white p-4">
                    <h4 id={`nvi-vraag-${entry.number}`} className="font-semibold">
                      Vraag {entry.number}
                    </h4>
                    {entry.lotTitle || entry.documentReference ? (
                      <p className="mb-2 text-sm text-slate-700">{[entry.lotTitle, entry.documentReference].filter(Boolean).join(" · ")}</p>
                    ) : null}
                    <p className="max-w-prose whitespace-pre-line">{entry.question}</p>
                    <div className="mt-3 border-l-4 border-brand-700 pl-3">
                      <p className="font-semibold">Antwoord</p>
                      <p className="max-w-prose whitespace-pre-line">{entry.answer}</p>
                    </div>
                  </article>
                </li>
              ))}
          </ul>
        </section>
      ))}

      {versions.length > 1 ? (
        <section aria-labelledby="nvi-versies-titel">
          <h2 id="nvi-versies-titel" className="mb-2 text-2xl font-semibold">
            Versies
          </h2>
          <p className="mb-2 max-w-prose text-slate-800">Elke versie bevat alle antwoorden tot dan toe; een gepubliceerde versie wordt nooit gewijzigd.</p>
          <ol className="flex flex-col gap-1">
            {versions.map((version) => (
              <li key={version.version}>
                {version.version === notice.version ? (
                  <span aria-current="page" className="font-semibold">
                    Versie {version.version}
                  </span>
                ) : (
                  <a href={`/aanbestedingen/${tender.id}/nota-van-inlichtingen?versie=${version.version}`}>Versie {version.version}</a>
                )}
                , gepubliceerd op <time dateTime={version.publishedAt}>{formatDateTime(version.publishedAt)}</time>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
