import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton, TextAreaField } from "~/components/form";
import { getDb } from "~/db.server";
import { sectionKeys, sectionLabels } from "~/domain/tenders/tender-content";
import { sectionsFormSchema } from "~/domain/tenders/tender-forms";
import { getTender, saveSections } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Teksten van het programma van eisen – Leerrouteportaal Westfriesland" }];

const sectionHints: Record<(typeof sectionKeys)[number], string> = {
  background: "Waarom de gemeenten inkopen: de Wet inburgering, het beleidskader, de regio.",
  assignment: "Wat de opdrachtnemer gaat doen, voor wie en waar.",
  requirements: "Toelichting op de eisen en wensen; de eisen zelf staan onder ‘Eisen en criteria’.",
  award: "Hoe de inschrijvingen worden beoordeeld; de criteria en wegingen staan onder ‘Eisen en criteria’.",
  planning: "Toelichting op de termijnen; de data zelf staan onder ‘Bewerken en publiceren’.",
  contractTerms: "Inkoopvoorwaarden, looptijd, verlenging, rapportage en prestatiebekostiging.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const tender = await query(async () => getTender(await getDb(), getServerClock(), actor, tenderId, { draft: true }));
  return json({ sections: tender.content.sections, cancelled: tender.status === "cancelled", published: tender.versions.length > 0 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const parsed = parseForm(sectionsFormSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => saveSections(await getDb(), getServerClock(), actor, tenderId, parsed.data));
  if (!outcome.ok) return outcome.response;
  return redirect(`/aanbestedingen/${tenderId}/teksten`, { headers: { "Set-Cookie": await setFlash("De teksten zijn opgeslagen in het concept.") } });
}

export default function TenderSections() {
  const { sections, cancelled, published } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values: Record<string, unknown> = failure?.values ?? sections;
  return (
    <section aria-labelledby="teksten-titel">
      <h2 id="teksten-titel" className="mb-2 text-2xl font-semibold">
        Teksten van het programma van eisen
      </h2>
      <div className="mb-6 max-w-prose rounded border border-slate-300 bg-white p-4">
        <p className="mb-2">De teksten verschijnen op de pagina van de aanbesteding en in de PDF. U schrijft ze als gewone tekst:</p>
        <ul className="list-disc pl-6">
          <li>Een lege regel begint een nieuwe alinea.</li>
          <li>
            Een regel die begint met <code>- </code> (streepje en spatie) wordt een opsommingsteken; zet de regels van één opsomming direct onder elkaar.
          </li>
          <li>
            Een regel die begint met <code>## </code> (twee hekjes en een spatie) wordt een tussenkop; zet er een lege regel voor en na.
          </li>
        </ul>
        <p className="mt-2">Een lege tekst wordt weggelaten. {published ? "Wijzigingen komen pas bij aanbieders na publicatie van een nieuwe versie." : ""}</p>
      </div>
      {cancelled ? (
        <p>Deze aanbesteding is ingetrokken; de teksten kunnen niet meer worden gewijzigd.</p>
      ) : (
        <PortalForm errors={failure?.errors} fieldLabels={sectionLabels}>
          {sectionKeys.map((key) => (
            <TextAreaField key={key} name={key} label={sectionLabels[key]} hint={sectionHints[key]} rows={10} maxLength={50_000} defaultValue={String(values[key] ?? "")} errors={failure?.errors} />
          ))}
          <SubmitButton>Teksten opslaan</SubmitButton>
        </PortalForm>
      )}
    </section>
  );
}
