import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getOfferVersionJson } from "~/domain/offers/offers.server";
import { attachmentNamed, privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { ownOfferVersionFrom } from "./aanbestedingen.$id.inschrijving_.$lotId.ontvangstbewijs.$version[.]pdf";

/**
 * GET /aanbestedingen/:id/inschrijving/:lotId/inhoud/:version.json: the canonical JSON (RFC 8785)
 * of one of the supplier's own versions, byte for byte what the receipt hash covers, so that
 * `sha256sum` of the download equals the hash on the receipt.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, tenderId, lotId, version } = await ownOfferVersionFrom(args);
  const { json, fileName } = await query(async () => getOfferVersionJson(await getDb(), actor, tenderId, lotId, version));
  return privateDownload(new TextEncoder().encode(json), "application/json; charset=utf-8", attachmentNamed(fileName));
}
