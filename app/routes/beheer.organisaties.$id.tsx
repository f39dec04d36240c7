import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorSummary, PortalForm, SubmitButton, TextAreaField } from "~/components/form";
import { OrganisationFields, organisationFieldLabels } from "~/components/organisation-fields";
import { Card, PageHeader } from "~/components/page-header";
import { ActiveBadge } from "~/components/status-badge";
import { VerificationBadge } from "~/components/verification-badge";
import { getDb } from "~/db.server";
import { listAuditEntries } from "~/domain/audit/audit.server";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { organisationInputSchema, rejectionSchema } from "~/domain/organisations/organisation-schemas";
import {
  getOrganisation,
  listOrganisationMembers,
  rejectOrganisation,
  setOrganisationActive,
  updateOrganisation,
  verifyOrganisation,
} from "~/domain/organisations/organisations.server";
import { formatDateTime } from "~/utils/format";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { AuditHistory } from "~/components/audit-history";
import { uuidParam } from "~/utils/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisatie"} – Leerrouteportaal Westfriesland` },
];

const intentSchema = z.object({ intent: z.enum(["update", "deactivate", "reactivate", "verify", "reject"]) });

function organisationIdFrom(raw: Record<string, string | undefined>) {
  return uuidParam(raw);
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisations");
  const organisationId = organisationIdFrom(raw);
  const db = await getDb();
  const [organisation, members, history] = await query(() =>
    Promise.all([
      getOrganisation(db, actor, organisationId),
      listOrganisationMembers(db, actor, organisationId),
      listAuditEntries(db, actor, { entityType: "organisation", entityId: organisationId, limit: 50 }),
    ]),
  );
  return json({ organisation, members, history });
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
  if (intent.data.intent === "verify" || intent.data.intent === "reject") {
    const parsed = intent.data.intent === "reject" ? parseForm(rejectionSchema, form) : null;
    if (parsed && !parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent: "reject" } });
    const outcome = await runCommand({ ...(parsed?.values ?? {}), intent: intent.data.intent }, () =>
      parsed ? rejectOrganisation(db, clock, actor, organisationId, parsed.data) : verifyOrganisation(db, clock, actor, organisationId),
    );
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return redirect(`/beheer/organisaties/${organisationId}`, {
      headers: {
        "Set-Cookie": await setFlash(
          parsed ? `De registratie van ${outcome.result.name} is afgewezen.` : `${outcome.result.name} is geverifieerd en kan nu inschrijven.`,
        ),
      },
    });
  }
  const active = intent.data.intent === "reactivate";
  const outcome = await runCommand({}, () => setOrganisationActive(db, clock, actor, organisationId, active));
  if (!outcome.ok) return outcome.response;
  return redirect(`/beheer/organisaties/${organisationId}`, {
    headers: { "Set-Cookie": await setFlash(active ? "De organisatie is weer actief." : "De organisatie is gedeactiveerd.") },
  });
}

export default function OrganisationDetail() {
  const { organisation, members, history } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const intent = failure?.values && "intent" in failure.values ? failure.values.intent : "update";
  const updateFailure = intent === "update" ? failure : undefined;
  const verificationFailure = intent === "verify" || intent === "reject" ? failure : undefined;
  return (
    <>
      <PageHeader title={organisation.name} intro={`KvK-nummer ${organisation.kvkNumber}`} />
      <p className="mb-6 flex flex-wrap gap-2">
        <ActiveBadge active={organisation.active} />
        <VerificationBadge status={organisation.verificationStatus} />
      </p>
      <div className="mb-6">
        <VerificationCard organisation={organisation} failure={verificationFailure} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Gegevens" id="gegevens-titel">
          <PortalForm errors={updateFailure?.errors} fieldLabels={organisationFieldLabels}>
            <input type="hidden" name="intent" value="update" />
            <OrganisationFields values={updateFailure?.values ?? { ...organisation, contactPhone: organisation.contactPhone ?? "" }} errors={updateFailure?.errors} />
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
      <section aria-labelledby="gebruikers-titel" className="mt-8">
        <h2 id="gebruikers-titel" className="mb-2 text-xl font-semibold">
          Gebruikers van deze organisatie
        </h2>
        {members.length === 0 ? (
          <p>Deze organisatie heeft nog geen gebruikers.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {members.map((member) => (
              <li key={member.id}>
                <a href={`/beheer/gebruikers/${member.id}`}>{member.name}</a> · {member.email}
                {member.active ? "" : " · gedeactiveerd"}
              </li>
            ))}
          </ul>
        )}
      </section>
      <AuditHistory entries={history} />
    </>
  );
}

type LoadedOrganisation = ReturnType<typeof useLoaderData<typeof loader>>["organisation"];
type Failure = { errors: Record<string, string[]>; values: Record<string, string | string[]> } | undefined;

function VerificationCard({ organisation, failure }: { organisation: LoadedOrganisation; failure: Failure }) {
  if (organisation.verificationStatus === "verified") {
    return (
      <Card title="Verificatie" id="verificatie-titel">
        <p>
          Geverifieerd
          {organisation.verifiedAt ? (
            <>
              {" "}op <time dateTime={organisation.verifiedAt}>{formatDateTime(organisation.verifiedAt)}</time>
            </>
          ) : null}
          . Deze organisatie mag inschrijven op aanbestedingen zolang zij actief is.
        </p>
      </Card>
    );
  }
  const rejected = organisation.verificationStatus === "rejected";
  return (
    <section aria-labelledby="verificatie-titel" className="rounded border-2 border-amber-600 bg-amber-50 p-5">
      <h2 id="verificatie-titel" className="mb-3 text-xl font-semibold">
        {rejected ? "Registratie afgewezen" : "Registratie controleren"}
      </h2>
      {rejected ? (
        <p className="mb-4 max-w-prose">
          De registratie is afgewezen. Reden: <span className="whitespace-pre-line">{organisation.rejectionReason}</span>
          <br />
          Blijkt de afwijzing onterecht, dan kunt u de organisatie alsnog verifiëren.
        </p>
      ) : (
        <p className="mb-4 max-w-prose">
          Deze organisatie heeft zich zelf geregistreerd op <time dateTime={organisation.createdAt}>{formatDateTime(organisation.createdAt)}</time>. Controleer de gegevens
          hieronder, bijvoorbeeld het KvK-nummer in het Handelsregister. Na verificatie kan zij inschrijven en collega's uitnodigen; bij afwijzing krijgen haar gebruikers de
          reden te lezen.
        </p>
      )}
      <ErrorSummary errors={failure?.errors} fieldLabels={{ reason: "Reden van de afwijzing" }} />
      <div className="flex flex-wrap items-start gap-8">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="verify" />
          <SubmitButton>Organisatie verifiëren</SubmitButton>
        </Form>
        {rejected ? null : (
          <Form method="post" noValidate className="min-w-72 flex-1">
            <CsrfInput />
            <input type="hidden" name="intent" value="reject" />
            <TextAreaField
              name="reason"
              label="Reden van de afwijzing"
              hint="De gebruikers van de organisatie krijgen deze reden te lezen."
              rows={3}
              maxLength={2000}
              defaultValue={String(failure?.values?.reason ?? "")}
              errors={failure?.errors}
            />
            <SubmitButton variant="danger">Registratie afwijzen</SubmitButton>
          </Form>
        )}
      </div>
    </section>
  );
}
