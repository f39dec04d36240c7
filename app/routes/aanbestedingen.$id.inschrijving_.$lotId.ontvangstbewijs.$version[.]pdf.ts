import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getOfferReceiptPdf } from "~/domain/offers/offers.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

const versionSchema = z.string().regex(/^[1-9]\d{0,5}$/).transform(Number);

/** GET /aanbestedingen/:id/inschrijving/:lotId/ontvangstbewijs/:version.pdf: the receipt of one of the supplier's own versions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const version = versionSchema.safeParse(params.version);
  if (!version.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const pdf = await query(async () => getOfferReceiptPdf(await getDb(), actor, tenderId, lotId, version.data));
  return new Response(new Uint8Array(pdf.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.bytes.byteLength),
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      // a sealed offer's receipt: never in a shared cache
      "Cache-Control": "private, no-store",
    },
  });
}
