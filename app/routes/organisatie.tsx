import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { ErrorSummary, PortalForm, SubmitButton, TextField } from "~/components/form";
import { Card, EmptyState, PageHeader } from "~/components/page-header";
import { VerificationBadge } from "~/components/verification-badge";
import { getDb } from "~/db.server";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { getMyOrganisation, inviteColleague, revokeInvitation } from "~/domain/organisations/invitations.server";
import { invitationSchema, organisationKindLabels } from "~/domain/organisations/organisation-schemas";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Mijn organisatie – Leerrouteportaal Westfriesland" }];

const revokeSchema = z.object({ invitationId: z.uuid("Onbekende uitnodiging.") });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "invite:colleagues");
  const mine = await query(async () => getMyOrganisation(await getDb(), getServerClock(), actor));
  return json(mine);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "invite:colleagues");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string) => redirect("/organisatie", { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "invite") {
    const parsed = parseForm(invitationSchema, form);
    if (!parsed.ok) return formFailure(parsed.failure);
    const outcome = await runCommand(parsed.values, () => inviteColleague(db, clock, actor, parsed.data));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back(`Uitnodiging verstuurd naar ${outcome.result.email}. De link in de e-mail is 7 dagen geldig.`);
  }
  if (intent === "revoke") {
    const parsed = parseForm(revokeSchema, form);
    if (!parsed.ok) return formFailure(parsed.failure);
    const outcome = await runCommand(parsed.values, () => revokeInvitation(db, clock, actor, parsed.data.invitationId));
    return outcome.ok ? back("De uitnodiging is ingetrokken; de link werkt niet meer.") : outcome.response;
  }
  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
}

type Mine = ReturnType<typeof useLoaderData<typeof loader>>;

function VerificationText({ organisation }: { organisation: Mine["organisation"] }) {
  if (organisation.verificationStatus === "pending") {
    return (
      <p className="max-w-prose">
        De beheerder van het portaal controleert de registratie van uw organisatie. Tot die controle klaar is, kunt u aanbestedingen bekijken en vragen stellen, maar nog niet
        inschrijven en nog geen collega's uitnodigen. U krijgt bericht zodra de controle klaar is.
      </p>
    );
  }
  if (organisation.verificationStatus === "rejected") {
    return (
      <p className="max-w-prose">
        De registratie van uw organisatie is afgewezen. Reden: <span className="whitespace-pre-line">{organisation.rejectionReason}</span>
        <br />
        Uw organisatie kan daarom niet inschrijven. Neem bij vragen contact op met de regio Westfriesland.
      </p>
    );
  }
  return (
    <p className="max-w-prose">
      Uw organisatie is geverifieerd
      {organisation.verifiedAt ? (
        <>
          {" "}op <time dateTime={organisation.verifiedAt}>{formatDateTime(organisation.verifiedAt)}</time>
        </>
      ) : null}{" "}
      en kan inschrijven op aanbestedingen.
    </p>
  );
}

export default function MyOrganisation() {
  const { organisation, colleagues, invitations, canInvite } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const inviteFailure = failure?.values?.intent === "invite" ? failure : undefined;
  const revokeFailure = failure && failure.values?.intent !== "invite" ? failure : undefined;
  return (
    <>
      <PageHeader title="Mijn organisatie" intro={`${organisation.name} · ${organisationKindLabels[organisation.kind]} · KvK-nummer ${organisation.kvkNumber}`} />
      <div className="flex flex-col gap-6">
        <Card title="Verificatie" id="verificatie-titel">
          <p className="mb-2">
            <VerificationBadge status={organisation.verificationStatus} />
          </p>
          <VerificationText organisation={organisation} />
        </Card>

        <Card title="Gegevens" id="gegevens-titel">
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
            <dt className="font-semibold">Naam</dt>
            <dd>{organisation.name}</dd>
            <dt className="font-semibold">Soort</dt>
            <dd>{organisationKindLabels[organisation.kind]}</dd>
            <dt className="font-semibold">KvK-nummer</dt>
            <dd>{organisation.kvkNumber}</dd>
            <dt className="font-semibold">Adres</dt>
            <dd>
              {organisation.street}, {organisation.postalCode} {organisation.city}
            </dd>
            <dt className="font-semibold">Contactpersoon</dt>
            <dd>
              {organisation.contactName} · {organisation.contactEmail}
              {organisation.contactPhone ? ` · ${organisation.contactPhone}` : ""}
            </dd>
          </dl>
          <p className="mt-3 text-sm text-slate-700">Kloppen deze gegevens niet meer? Geef de wijziging door aan de beheerder van het portaal.</p>
        </Card>

        <section aria-labelledby="collegas-titel">
          <h2 id="collegas-titel" className="mb-2 text-2xl font-semibold">
            Collega's
          </h2>
          <DataTable caption={`Gebruikers van ${organisation.name}`} captionHidden columns={[{ label: "Naam" }, { label: "E-mailadres" }, { label: "Account" }]}>
            {colleagues.map((colleague) => (
              <tr key={colleague.id} className="border-b border-slate-300">
                <th scope="row" className="p-2 font-normal">
                  {colleague.name}
                </th>
                <td className="p-2">{colleague.email}</td>
                <td className="p-2">{colleague.active ? "Actief" : "Gedeactiveerd"}</td>
              </tr>
            ))}
          </DataTable>
        </section>

        <Card title="Collega uitnodigen" id="uitnodigen-titel">
          {canInvite ? (
            <>
              <p className="mb-4 max-w-prose">
                Uw collega krijgt een e-mail met een link die 7 dagen geldig is. Via die link kiest uw collega een naam en wachtwoord en krijgt een eigen account bij{" "}
                {organisation.name}.
              </p>
              <PortalForm errors={inviteFailure?.errors} fieldLabels={{ email: "E-mailadres van uw collega" }}>
                <input type="hidden" name="intent" value="invite" />
                <TextField
                  name="email"
                  label="E-mailadres van uw collega"
                  type="email"
                  autoComplete="off"
                  defaultValue={String(inviteFailure?.values?.email ?? "")}
                  errors={inviteFailure?.errors}
                />
                <SubmitButton>Uitnodiging versturen</SubmitButton>
              </PortalForm>
            </>
          ) : (
            <p className="max-w-prose">U kunt collega's uitnodigen zodra de beheerder uw organisatie heeft geverifieerd.</p>
          )}
        </Card>

        <section aria-labelledby="uitnodigingen-titel">
          <h2 id="uitnodigingen-titel" className="mb-2 text-2xl font-semibold">
            Openstaande uitnodigingen
          </h2>
          <ErrorSummary errors={revokeFailure?.errors} />
          {invitations.length === 0 ? (
            <EmptyState>Er staan geen uitnodigingen open.</EmptyState>
          ) : (
            <DataTable
              caption="Uitnodigingen die nog niet zijn gebruikt"
              captionHidden
              columns={[{ label: "E-mailadres" }, { label: "Uitgenodigd door" }, { label: "Verstuurd" }, { label: "Geldig tot" }, { label: "Handeling", srOnly: true }]}
            >
              {invitations.map((invitation) => (
                <tr key={invitation.id} className="border-b border-slate-300">
                  <th scope="row" className="p-2 font-normal">
                    {invitation.email}
                  </th>
                  <td className="p-2">{invitation.invitedByName ?? "Onbekend"}</td>
                  <td className="p-2">
                    <time dateTime={invitation.createdAt}>{formatDateTime(invitation.createdAt)}</time>
                  </td>
                  <td className="p-2">
                    {invitation.status === "expired" ? (
                      <span className="rounded bg-slate-200 px-2 py-0.5 text-sm font-semibold text-slate-800">Verlopen</span>
                    ) : (
                      <time dateTime={invitation.expiresAt}>{formatDateTime(invitation.expiresAt)}</time>
                    )}
                  </td>
                  <td className="p-2">
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="rounded border-2 border-red-700 bg-white px-3 py-1 font-semibold text-red-800 hover:bg-red-50">
                        Intrekken<span className="sr-only"> (uitnodiging voor {invitation.email})</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      </div>
    </>
  );
}
