import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getOfferReceiptPdf } from "~/domain/offers/offers.server";
import { attachmentNamed, privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

const versionSchema = z.string().regex(/^[1-9]\d{0,5}$/).transform(Number);

/**
 * The supplier and the tender, lot and version of a URL about one of its own submitted versions
 * (…/inschrijving/:lotId/ontvangstbewijs/:version.pdf and …/inhoud/:version.json); a version that
 * is not a number is a page that does not exist.
 */
export async function ownOfferVersionFrom({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const version = versionSchema.safeParse(params.version);
  if (!version.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  return { actor, tenderId, lotId, version: version.data };
}

/** GET /aanbestedingen/:id/inschrijving/:lotId/ontvangstbewijs/:version.pdf: the receipt of one of the supplier's own versions. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, tenderId, lotId, version } = await ownOfferVersionFrom(args);
  const pdf = await query(async () => getOfferReceiptPdf(await getDb(), actor, tenderId, lotId, version));
  return privateDownload(pdf.bytes, "application/pdf", attachmentNamed(pdf.fileName));
}
