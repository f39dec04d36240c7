import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { PortalForm, SubmitButton, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { logIn } from "~/domain/identity/sessions.server";
import { loginSchema } from "~/domain/identity/user-schemas";
import { getServerClock } from "~/utils/clock.server";
import { formFailure, parseForm, readForm } from "~/utils/form.server";
import { clientIp, commitSessionToken, getOptionalActor, safeRedirectPath } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Inloggen – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalActor(request)) return redirect("/overzicht");
  return json(null);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(loginSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const { email, password, redirectTo } = parsed.data;
  const result = await logIn(await getDb(), getServerClock(), { email, password, ipAddress: clientIp(context) });
  if (!result.ok) {
    const message =
      result.reason === "throttled"
        ? `Te veel mislukte inlogpogingen. Probeer het over ${result.retryAfterMinutes} ${result.retryAfterMinutes === 1 ? "minuut" : "minuten"} opnieuw.`
        : "Het e-mailadres of het wachtwoord is onjuist.";
    return formFailure({ errors: { form: [message] }, values: { email, redirectTo: redirectTo ?? "" } });
  }
  return redirect(safeRedirectPath(redirectTo), { headers: { "Set-Cookie": await commitSessionToken(result.sessionToken) } });
}

export default function Login() {
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const values = failure?.values ?? {};
  // a refused password is not left in the field for the next attempt
  useEffect(() => {
    const password = document.getElementById("password");
    if (failure && password instanceof HTMLInputElement) password.value = "";
  }, [failure]);
  return (
    <div className="max-w-lg">
      <h1 className="mb-2 text-3xl font-bold">Inloggen</h1>
      <p className="mb-6">
        Het portaal van de regio Westfriesland voor de aanbesteding en het contractbeheer van de leerroutes inburgering.
      </p>
      <PortalForm errors={failure?.errors} fieldLabels={{ email: "E-mailadres", password: "Wachtwoord" }}>
        <input type="hidden" name="redirectTo" value={String(values.redirectTo ?? searchParams.get("redirectTo") ?? "")} />
        <TextField
          name="email"
          label="E-mailadres"
          type="email"
          autoComplete="username"
          defaultValue={String(values.email ?? "")}
          errors={failure?.errors}
        />
        <TextField name="password" label="Wachtwoord" type="password" autoComplete="current-password" errors={failure?.errors} />
        <SubmitButton>Inloggen</SubmitButton>
      </PortalForm>
      <p className="mt-6">
        Nieuwe taalschool of vrijwilligersorganisatie? <a href="/registreren">Organisatie registreren</a>
      </p>
    </div>
  );
}
