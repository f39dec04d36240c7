import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getRequirementsProgramPdf } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { query } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

const searchSchema = z.object({
  versie: z.coerce.number().int().positive().optional(),
  concept: z.literal("1").optional(),
});

/** GET /aanbestedingen/:id/pve.pdf[?versie=N | ?concept=1]: the PvE as PDF, with the NvI as appendix. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const search = searchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const pdf = await query(async () =>
    getRequirementsProgramPdf(await getDb(), getServerClock(), actor, tenderId, { version: search.data.versie, draft: search.data.concept === "1" }),
  );
  // the reference may hold slashes ("WF/INB/2026"): only a plain, portable file name goes out
  const reference = pdf.reference.replace(/[^A-Za-z0-9._-]/g, "-");
  const fileName = `PvE-${reference}-${pdf.draft ? "concept" : `v${pdf.version}`}.pdf`;
  return new Response(new Uint8Array(pdf.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.bytes.byteLength),
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "X-Content-Type-Options": "nosniff",
      // a draft changes with every edit and is not public; versions are immutable but still private
      "Cache-Control": "private, no-cache",
    },
  });
}
