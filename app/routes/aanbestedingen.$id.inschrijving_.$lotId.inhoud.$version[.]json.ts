import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getOfferVersionJson } from "~/domain/offers/offers.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

const versionSchema = z.string().regex(/^[1-9]\d{0,5}$/).transform(Number);

/**
 * GET /aanbestedingen/:id/inschrijving/:lotId/inhoud/:version.json: the canonical JSON (RFC 8785)
 * of one of the supplier's own versions, byte for byte what the receipt hash covers, so that
 * `sha256sum` of the download equals the hash on the receipt.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const version = versionSchema.safeParse(params.version);
  if (!version.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const { json, fileName } = await query(async () => getOfferVersionJson(await getDb(), actor, tenderId, lotId, version.data));
  const bytes = new TextEncoder().encode(json);
  return new Response(bytes, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
