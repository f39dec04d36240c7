import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton } from "~/components/form";
import { LotFields, lotFieldLabels } from "~/components/lot-fields";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { lotServiceLabels } from "~/domain/tenders/tender-content";
import { lotFormSchema } from "~/domain/tenders/tender-forms";
import { getTender, saveLot } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatEuroCents, formatNumber } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Percelen – Leerrouteportaal Westfriesland" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const tender = await query(async () => getTender(await getDb(), getServerClock(), actor, tenderId, { draft: true }));
  return json({ tenderId, lots: [...tender.content.lots].sort((a, b) => a.number - b.number) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const parsed = parseForm(lotFormSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => saveLot(await getDb(), getServerClock(), actor, tenderId, { ...parsed.data, lotId: undefined }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/aanbestedingen/${tenderId}/percelen/${outcome.result.id}`, {
    headers: { "Set-Cookie": await setFlash(`Perceel ${outcome.result.number} is toegevoegd, met aantallen uit de taakstelling en indicatoren uit het beleidskader als voorstel.`) },
  });
}

export default function Lots() {
  const { tenderId, lots } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="lijst-titel">
        <h2 id="lijst-titel" className="mb-2 text-2xl font-semibold">Percelen in het concept</h2>
        {lots.length === 0 ? (
          <EmptyState>Er zijn nog geen percelen. Een aanbesteding heeft er minstens één nodig.</EmptyState>
        ) : (
          <ul className="flex flex-col gap-2">
            {lots.map((lot) => (
              <li key={lot.id} className="rounded border border-slate-300 bg-white p-3">
                <a href={`/aanbestedingen/${tenderId}/percelen/${lot.id}`} className="font-semibold">
                  Perceel {lot.number}: {lot.title}
                </a>
                <span className="block text-sm text-slate-700">
                  {lotServiceLabels[lot.service]} · plafond {formatEuroCents(lot.ceilingAmountCents)} · {formatNumber(lot.volumes.reduce((total, volume) => total + volume.count, 0))} inburgeraars per jaar ·{" "}
                  {lot.priceComponents.length} prijscomponenten · {lot.kpis.length} indicatoren
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Card title="Perceel toevoegen" id="nieuw-titel">
        <PortalForm errors={failure?.errors} fieldLabels={lotFieldLabels}>
          <LotFields values={failure?.values ?? { routeSharePercent: "100" }} errors={failure?.errors} />
          <SubmitButton>Perceel toevoegen</SubmitButton>
        </PortalForm>
      </Card>
    </div>
  );
}
