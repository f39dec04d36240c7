import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/countdown";
import { getDb } from "~/db.server";
import { hasPermission } from "~/domain/identity/permissions";
import { tenderPhaseLabels } from "~/domain/tenders/tender-phase";
import { getTender } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { uuidParam } from "~/utils/route-params";

export function tenderIdFrom(params: Record<string, string | undefined>): string {
  return uuidParam(params);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const clock = getServerClock();
  const tender = await query(async () => getTender(await getDb(), clock, actor, tenderId));
  const canManage = hasPermission(actor, "manage:tenders");
  const published = tender.versions.length > 0;
  const can = (permission: Parameters<typeof hasPermission>[1]) => published && hasPermission(actor, permission);
  const tabs = [
    { to: `/aanbestedingen/${tenderId}`, label: "Overzicht", end: true },
    ...(published ? [{ to: `/aanbestedingen/${tenderId}/vragen`, label: "Vragen", end: false }] : []),
    ...(published ? [{ to: `/aanbestedingen/${tenderId}/nota-van-inlichtingen`, label: "Nota van Inlichtingen", end: false }] : []),
    ...(can("submit:offers") ? [{ to: `/aanbestedingen/${tenderId}/inschrijving`, label: "Mijn inschrijving", end: false }] : []),
    ...(can("open:offers") ? [{ to: `/aanbestedingen/${tenderId}/opening`, label: "Opening", end: false }] : []),
    ...(can("manage:evaluation") || can("score:offers") ? [{ to: `/aanbestedingen/${tenderId}/beoordeling`, label: "Beoordeling", end: false }] : []),
    ...(can("decide:award") ? [{ to: `/aanbestedingen/${tenderId}/gunning`, label: "Gunning", end: false }] : []),
    ...(canManage
      ? [
          { to: `/aanbestedingen/${tenderId}/bewerken`, label: "Bewerken en publiceren", end: false },
          { to: `/aanbestedingen/${tenderId}/percelen`, label: "Percelen", end: false },
          { to: `/aanbestedingen/${tenderId}/eisen`, label: "Eisen en criteria", end: false },
          { to: `/aanbestedingen/${tenderId}/teksten`, label: "Teksten", end: false },
          { to: `/aanbestedingen/${tenderId}/documenten`, label: "Documenten", end: false },
        ]
      : []),
  ];
  return json({
    header: {
      title: tender.content.title,
      reference: tender.content.reference,
      phase: tender.phase,
      version: tender.versions.at(-1)?.version ?? null,
      questionDeadline: tender.status === "published" ? (tender.content.timeline?.questionDeadline ?? null) : null,
      submissionDeadline: tender.status === "published" ? (tender.content.timeline?.submissionDeadline ?? null) : null,
      cancellationReason: tender.cancellationReason,
    },
    tabs,
    now: clock.now().toISOString(),
  });
}

export default function TenderLayout() {
  const { header, tabs, now } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2 text-sm">
        <a href="/aanbestedingen">← Alle aanbestedingen</a>
      </p>
      <h1 className="text-3xl font-bold">{header.title}</h1>
      <p className="mt-1 text-slate-800">
        {header.reference} · {tenderPhaseLabels[header.phase]}
        {header.version ? ` · versie ${header.version}` : " · nog niet gepubliceerd"}
      </p>
      {header.questionDeadline || header.submissionDeadline ? (
        <p className="mt-1 flex flex-col gap-1 sm:flex-row sm:gap-6">
          <Deadline label="Vragen tot" at={header.questionDeadline} now={now} />
          <Deadline label="Inschrijven tot" at={header.submissionDeadline} now={now} />
        </p>
      ) : null}
      {header.cancellationReason ? (
        <p className="mt-3 rounded border-2 border-red-700 bg-red-50 p-3">
          <strong>Deze aanbesteding is ingetrokken.</strong> Reden: {header.cancellationReason}
        </p>
      ) : null}
      <nav aria-label="Onderdelen van de aanbesteding" className="my-6 border-b-2 border-slate-300">
        <ul className="flex flex-wrap gap-1">
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink
                to={tab.to}
                end={tab.end}
                className={({ isActive }) => `block px-3 py-2 no-underline ${isActive ? "border-b-4 border-brand-700 font-semibold text-brand-900" : "text-brand-700"}`}
              >
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
