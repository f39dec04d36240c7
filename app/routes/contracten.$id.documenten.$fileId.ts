import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getContractDocument } from "~/domain/contracts/contracts.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";
import { attachmentDisposition } from "./aanbestedingen.$id.documenten.$fileId";

// Who may download is the contract's reading rule (municipal readers, the contract's own
// supplier), decided in the domain; a file of another contract is a 404 there.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const ids = z.object({ id: z.uuid(), fileId: z.uuid() }).safeParse(params);
  if (!ids.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const file = await query(async () => getContractDocument(await getDb(), actor, ids.data.id, ids.data.fileId));
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": attachmentDisposition(file.fileName),
      // the stored type was detected from the content at upload; the browser must not guess another
      "X-Content-Type-Options": "nosniff",
      // a contract document is for signed-in readers: never in a shared cache
      "Cache-Control": "private, no-cache",
    },
  });
}
