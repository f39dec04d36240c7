import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { hasPermission } from "~/domain/identity/permissions";
import { periodReportStatusLabels } from "~/domain/reports/reporting-periods";
import { listOverdueReports, listReportsForSupplier, listReportsToReview, type ReportListItem } from "~/domain/reports/reports.server";
import { getServerClock } from "~/utils/clock.server";
import { formatCalendarDate } from "~/utils/format";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Voortgangsrapportages – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getDb();
  const clock = getServerClock();
  if (hasPermission(actor, "review:reports")) {
    return json({
      view: "manager" as const,
      toReview: await query(() => listReportsToReview(db, clock, actor)),
      overdue: await query(() => listOverdueReports(db, clock, actor)),
      own: [] as ReportListItem[],
    });
  }
  if (hasPermission(actor, "submit:reports")) {
    return json({ view: "supplier" as const, toReview: [] as ReportListItem[], overdue: [] as ReportListItem[], own: await query(() => listReportsForSupplier(db, clock, actor)) });
  }
  throw new Response("U heeft geen toegang tot de voortgangsrapportages.", { status: 403, statusText: "Geen toegang" });
}

function ReportTable({ caption, items, showSupplier }: { caption: string; items: ReportListItem[]; showSupplier: boolean }) {
  if (items.length === 0) return <EmptyState>Geen rapportages.</EmptyState>;
  return (
    <DataTable
      caption={caption}
      captionHidden
      columns={[{ label: "Periode" }, { label: "Contract" }, ...(showSupplier ? [{ label: "Opdrachtnemer" }] : []), { label: "Uiterlijk" }, { label: "Status" }]}
    >
      {items.map((item) => (
        <tr key={item.periodId} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">
            <a href={`/rapportages/${item.periodId}`}>{item.label}</a>
          </th>
          <td className="p-2">
            {item.contractNumber} {item.contractTitle}
          </td>
          {showSupplier ? <td className="p-2">{item.supplierName}</td> : null}
          <td className="p-2">{formatCalendarDate(item.dueDate)}</td>
          <td className="p-2">
            {periodReportStatusLabels[item.status]}
            {item.hasDraft && item.status !== "due" && item.status !== "overdue" ? " (concept in bewerking)" : item.hasDraft ? " (concept opgeslagen)" : ""}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export default function Reports() {
  const { view, toReview, overdue, own } = useLoaderData<typeof loader>();
  if (view === "manager") {
    return (
      <>
        <PageHeader title="Voortgangsrapportages" intro="Ingediende rapportages wachten op uw beoordeling: accepteren, of terugsturen met opmerkingen per onderdeel." />
        <h2 className="mb-2 text-xl font-semibold">Te beoordelen</h2>
        <ReportTable caption="Te beoordelen rapportages" items={toReview} showSupplier />
        <h2 className="mt-6 mb-2 text-xl font-semibold">Te late rapportages</h2>
        <ReportTable caption="Te late rapportages" items={overdue} showSupplier />
      </>
    );
  }
  const groups: { title: string; statuses: ReportListItem["status"][] }[] = [
    { title: "Te laat", statuses: ["overdue"] },
    { title: "Te doen", statuses: ["due"] },
    { title: "Teruggestuurd", statuses: ["returned"] },
    { title: "Ingediend, wacht op beoordeling", statuses: ["submitted"] },
    { title: "Geaccepteerd", statuses: ["accepted"] },
  ];
  return (
    <>
      <PageHeader
        title="Voortgangsrapportages"
        intro="Rapporteer per afgelopen periode de totalen per gemeente, leerroute en doelgroep. Een rapportage bevat nooit persoonsgegevens: geen namen, BSN's of geboortedata."
      />
      {groups.map((group) => (
        <section key={group.title} className="mb-6">
          <h2 className="mb-2 text-xl font-semibold">{group.title}</h2>
          <ReportTable caption={group.title} items={own.filter((item) => group.statuses.includes(item.status))} showSupplier={false} />
        </section>
      ))}
    </>
  );
}
