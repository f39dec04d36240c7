import { json } from "@remix-run/node";
import { databaseStatus } from "~/db.server";

export async function loader() {
  const database = await databaseStatus();
  return json(
    { status: database.ok ? "ok" : "error", database },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
