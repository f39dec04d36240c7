import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { logOut } from "~/domain/identity/sessions.server";
import { getServerClock } from "~/utils/clock.server";
import { readForm } from "~/utils/form.server";
import { clearSessionCookie, sessionTokenFrom } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const token = await sessionTokenFrom(request);
  if (token) await logOut(await getDb(), getServerClock(), token);
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
}
