import { z } from "zod";

const uuid = z.uuid();

/** A route's id parameter; anything that is not a UUID is a page that does not exist. */
export function uuidParam(params: Record<string, string | undefined>, name = "id"): string {
  const parsed = uuid.safeParse(params[name]);
  if (!parsed.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  return parsed.data;
}
