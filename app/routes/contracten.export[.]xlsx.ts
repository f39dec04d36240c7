import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { contractKinds, contractStatuses } from "~/domain/contracts/contract.sql";
import { exportContractRegister } from "~/domain/contracts/contract-register-export.server";
import { amsterdamDateOf } from "~/utils/amsterdam-time";
import { getServerClock } from "~/utils/clock.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

const filterSchema = z.object({
  soort: z.enum(contractKinds).optional().catch(undefined),
  status: z.enum(contractStatuses).optional().catch(undefined),
  leerroute: z.enum(["b1", "education", "z"]).optional().catch(undefined),
  gemeente: z.uuid().optional().catch(undefined),
  aanbieder: z.uuid().optional().catch(undefined),
  eindeVoor: z.iso.date().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const workbook = await query(async () =>
    exportContractRegister(await getDb(), actor, { kind: filter.soort, status: filter.status, learningRoute: filter.leerroute, municipalityId: filter.gemeente, endsBefore: filter.eindeVoor, supplierOrganisationId: filter.aanbieder }),
  );
  return new Response(new Uint8Array(workbook), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="Contractregister-${amsterdamDateOf(getServerClock().now())}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
