import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getOfferAttachment } from "~/domain/evaluation/evaluation.server";
import { privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requireActor } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";
import { attachmentDisposition } from "./aanbestedingen.$id.documenten.$fileId";

/**
 * GET /aanbestedingen/:id/beoordeling/:lotId/bijlagen/:offerId/:fileId: an attachment of an opened
 * offer. The domain checks the opening, the role and the lot assignment (an assessor gets only the
 * attachments to quality criteria of admissible offers); anything else is 403 or 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const offerId = uuidParam(params, "offerId");
  const fileId = uuidParam(params, "fileId");
  const file = await query(async () => getOfferAttachment(await getDb(), actor, tenderId, lotId, offerId, fileId));
  return privateDownload(file.bytes, file.mimeType, attachmentDisposition(file.fileName));
}
