import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getOwnOfferAttachment } from "~/domain/offers/offers.server";
import { privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";
import { attachmentDisposition } from "./aanbestedingen.$id.documenten.$fileId";

/**
 * GET /aanbestedingen/:id/inschrijving/:lotId/bijlagen/:fileId: an attachment of the supplier's
 * own offer (working copy or a submitted version). Sealed: municipal roles get 403, another
 * organisation's file is 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const fileId = uuidParam(params, "fileId");
  const file = await query(async () => getOwnOfferAttachment(await getDb(), actor, tenderId, lotId, fileId));
  return privateDownload(file.bytes, file.mimeType, attachmentDisposition(file.fileName));
}
