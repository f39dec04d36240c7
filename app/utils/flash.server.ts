import { createCookie } from "@remix-run/node";
import { secureCookies, sessionSecret } from "./secrets.server";

let flashCookie: ReturnType<typeof createCookie> | undefined;

function getFlashCookie() {
  flashCookie ??= createCookie("wf_melding", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    secrets: [sessionSecret()],
    maxAge: 60,
  });
  return flashCookie;
}

/** A one-time confirmation ("Gebruiker aangemaakt") shown on the page a redirect leads to. */
export function setFlash(message: string): Promise<string> {
  return getFlashCookie().serialize(message);
}

export async function takeFlash(request: Request): Promise<{ message: string | null; setCookie: string | null }> {
  const message = await getFlashCookie().parse(request.headers.get("Cookie"));
  if (typeof message !== "string" || !message) return { message: null, setCookie: null };
  return { message, setCookie: await getFlashCookie().serialize("", { maxAge: 0 }) };
}
