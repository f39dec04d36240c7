import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getTenderDocument } from "~/domain/tenders/tenders.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

/**
 * `attachment` with the name twice: an ASCII fallback in `filename` for old clients, and the
 * real (Dutch, possibly accented) name in `filename*` (RFC 6266 with RFC 5987 encoding). The
 * fallback drops quotes, backslashes, percent signs and anything outside printable ASCII, so the
 * header cannot be broken open or decoded into something else.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]|["\\%;]/g, "_")
      .trim() || "download";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const fileId = z.uuid().safeParse(params.fileId);
  if (!fileId.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const file = await query(async () => getTenderDocument(await getDb(), actor, tenderId, fileId.data));
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": attachmentDisposition(file.fileName),
      // the stored type was detected from the content at upload; the browser must not guess another
      "X-Content-Type-Options": "nosniff",
      // a document of a tender is for signed-in readers: never in a shared cache
      "Cache-Control": "private, no-cache",
    },
  });
}
