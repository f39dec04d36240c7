import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getTestClock, isTestClockEnabled } from "~/utils/clock.server";

// Lets end-to-end tests pass deadlines. Exists only with NODE_ENV=test and ENABLE_TEST_CLOCK=1;
// the server refuses to start with ENABLE_TEST_CLOCK=1 in any other mode.
const clockCommand = z.union([
  z.object({ set: z.iso.datetime({ offset: true }) }),
  z.object({ advanceMinutes: z.coerce.number().int() }),
  z.object({ reset: z.literal(true) }),
]);

function notFound() {
  return new Response("Niet gevonden", { status: 404 });
}

export async function loader() {
  if (!isTestClockEnabled()) throw notFound();
  return json({ now: getTestClock().now().toISOString() });
}

export async function action({ request }: ActionFunctionArgs) {
  if (!isTestClockEnabled()) throw notFound();
  const command = clockCommand.parse(await request.json());
  const clock = getTestClock();
  if ("set" in command) clock.set(new Date(command.set));
  else if ("advanceMinutes" in command) clock.advance(command.advanceMinutes * 60_000);
  else clock.reset();
  return json({ now: clock.now().toISOString() });
}
