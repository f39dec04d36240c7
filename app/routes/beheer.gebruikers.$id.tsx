import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { PortalForm, SubmitButton } from "~/components/form";
import { Card, PageHeader } from "~/components/page-header";
import { RoleFields } from "~/components/role-fields";
import { ActiveBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { listAuditEntries } from "~/domain/audit/audit.server";
import { roleAssignmentSchema } from "~/domain/identity/user-schemas";
import { assignRoles, getUser, setUserActive } from "~/domain/identity/users.server";
import { listActiveOrganisations } from "~/domain/organisations/organisations.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { AuditHistory } from "~/components/audit-history";
import { uuidParam } from "~/utils/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "Gebruiker"} – Leerrouteportaal Westfriesland` },
];

const intentSchema = z.object({ intent: z.enum(["roles", "deactivate", "reactivate"]) });

function userIdFrom(raw: Record<string, string | undefined>) {
  return uuidParam(raw);
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const userId = userIdFrom(raw);
  const db = await getDb();
  const [user, organisations, municipalities, history] = await query(() =>
    Promise.all([
      getUser(db, actor, userId),
      listActiveOrganisations(db, actor),
      listMunicipalities(db),
      listAuditEntries(db, actor, { entityType: "user", entityId: userId, limit: 50 }),
    ]),
  );
  return json({ user, organisations, municipalities, history, isSelf: actor.id === userId });
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const userId = userIdFrom(raw);
  const form = await readForm(request);
  const intent = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
  const db = await getDb();
  const clock = getServerClock();

  if (intent.data.intent === "roles") {
    const parsed = parseForm(roleAssignmentSchema, form, ["roles"]);
    if (!parsed.ok) return formFailure(parsed.failure);
    const outcome = await runCommand(parsed.values, () => assignRoles(db, clock, actor, userId, parsed.data));
    if (!outcome.ok) return outcome.response;
    return redirect(`/beheer/gebruikers/${userId}`, { headers: { "Set-Cookie": await setFlash("De rollen zijn opgeslagen.") } });
  }

  const active = intent.data.intent === "reactivate";
  const outcome = await runCommand({}, () => setUserActive(db, clock, actor, userId, active));
  if (!outcome.ok) return outcome.response;
  return redirect(`/beheer/gebruikers/${userId}`, {
    headers: { "Set-Cookie": await setFlash(active ? "Het account is weer actief." : "Het account is gedeactiveerd.") },
  });
}

export default function UserDetail() {
  const { user, organisations, municipalities, history, isSelf } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values = failure?.values;
  const roles = values && Array.isArray(values.roles) ? values.roles : user.roles;
  return (
    <>
      <PageHeader title={user.name} intro={user.email} />
      <p className="mb-6">
        <ActiveBadge active={user.active} />
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Rollen" id="rollen-titel">
          <PortalForm errors={failure?.errors} fieldLabels={{ roles: "Rollen", organisationId: "Organisatie", municipalityId: "Gemeente" }}>
            <input type="hidden" name="intent" value="roles" />
            <RoleFields
              errors={failure?.errors}
              roles={roles}
              organisationId={String(values?.organisationId ?? user.organisationId ?? "")}
              municipalityId={String(values?.municipalityId ?? user.municipalityId ?? "")}
              organisations={organisations}
              municipalities={municipalities}
            />
            <p className="mb-4 text-sm text-slate-700">Na het opslaan moet de gebruiker opnieuw inloggen.</p>
            <SubmitButton>Rollen opslaan</SubmitButton>
          </PortalForm>
        </Card>
        <Card title="Account" id="account-titel">
          {isSelf ? (
            <p>U kunt uw eigen account niet deactiveren.</p>
          ) : (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
              <p className="mb-4">
                {user.active
                  ? "Deactiveren beëindigt direct alle sessies van deze gebruiker. Het account blijft bewaard en kan weer worden geactiveerd."
                  : "Dit account is gedeactiveerd. Na activeren kan de gebruiker weer inloggen."}
              </p>
              <SubmitButton variant={user.active ? "danger" : "secondary"}>{user.active ? "Account deactiveren" : "Account activeren"}</SubmitButton>
            </Form>
          )}
        </Card>
      </div>
      <AuditHistory entries={history} />
    </>
  );
}
