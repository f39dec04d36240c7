import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { PortalForm, SubmitButton } from "~/components/form";
import { OrganisationFields, organisationFieldLabels } from "~/components/organisation-fields";
import { Card, PageHeader } from "~/components/page-header";
import { ActiveBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { listAuditEntries } from "~/domain/audit/audit.server";
import { organisationInputSchema } from "~/domain/organisations/organisation-schemas";
import { getOrganisation, setOrganisationActive, updateOrganisation } from "~/domain/organisations/organisations.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { AuditHistory } from "~/components/audit-history";
import { uuidParam } from "~/utils/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisatie"} – Leerrouteportaal Westfriesland` },
];

const intentSchema = z.object({ intent: z.enum(["update", "deactivate", "reactivate"]) });

function organisationIdFrom(raw: Record<string, string | undefined>) {
  return uuidParam(raw);
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisations");
  const organisationId = organisationIdFrom(raw);
  const db = await getDb();
  const [organisation, history] = await query(() =>
    Promise.all([
      getOrganisation(db, actor, organisationId),
      listAuditEntries(db, actor, { entityType: "organisation", entityId: organisationId, limit: 50 }),
    ]),
  );
  return json({ organisation, history });
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisations");
  const organisationId = organisationIdFrom(raw);
  const form = await readForm(request);
  const intent = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
  const db = await getDb();
  const clock = getServerClock();
  if (intent.data.intent === "update") {
    const parsed = parseForm(organisationInputSchema, form);
    if (!parsed.ok) return formFailure(parsed.failure);
    const outcome = await runCommand(parsed.values, () => updateOrganisation(db, clock, actor, organisationId, parsed.data));
    if (!outcome.ok) return outcome.response;
    return redirect(`/beheer/organisaties/${organisationId}`, { headers: { "Set-Cookie": await setFlash("De gegevens zijn opgeslagen.") } });
  }
  const active = intent.data.intent === "reactivate";
  const outcome = await runCommand({}, () => setOrganisationActive(db, clock, actor, organisationId, active));
  if (!outcome.ok) return outcome.response;
  return redirect(`/beheer/organisaties/${organisationId}`, {
    headers: { "Set-Cookie": await setFlash(active ? "De organisatie is weer actief." : "De organisatie is gedeactiveerd.") },
  });
}

export default function OrganisationDetail() {
  const { organisation, history } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={organisation.name} intro={`KvK-nummer ${organisation.kvkNumber}`} />
      <p className="mb-6">
        <ActiveBadge active={organisation.active} />
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Gegevens" id="gegevens-titel">
          <PortalForm errors={failure?.errors} fieldLabels={organisationFieldLabels}>
            <input type="hidden" name="intent" value="update" />
            <OrganisationFields values={failure?.values ?? { ...organisation, contactPhone: organisation.contactPhone ?? "" }} errors={failure?.errors} />
            <SubmitButton>Gegevens opslaan</SubmitButton>
          </PortalForm>
        </Card>
        <Card title="Status" id="status-titel">
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value={organisation.active ? "deactivate" : "reactivate"} />
            <p className="mb-4">
              {organisation.active
                ? "Na deactiveren kunnen de gebruikers van deze organisatie niet meer inloggen. De gegevens blijven bewaard."
                : "Deze organisatie is gedeactiveerd; haar gebruikers kunnen niet inloggen."}
            </p>
            <SubmitButton variant={organisation.active ? "danger" : "secondary"}>
              {organisation.active ? "Organisatie deactiveren" : "Organisatie activeren"}
            </SubmitButton>
          </Form>
        </Card>
      </div>
      <AuditHistory entries={history} />
    </>
  );
}
