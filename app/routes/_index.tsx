import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalActor } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getOptionalActor(request);
  return redirect(actor ? "/overzicht" : "/login");
}
