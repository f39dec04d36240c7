import { z } from "zod";

/** Runs a call that must fail validation and returns its messages by field path ("organisationId", "roles"). */
export async function validationMessages(call: () => Promise<unknown>): Promise<Record<string, string[]>> {
  let failure: unknown;
  try {
    await call();
  } catch (error) {
    failure = error;
  }
  if (!(failure instanceof z.ZodError)) throw new Error(`expected a validation error, got ${String(failure)}`);
  const messages: Record<string, string[]> = {};
  for (const issue of failure.issues) {
    const key = issue.path.join(".");
    (messages[key] ??= []).push(issue.message);
  }
  return messages;
}

/** Awaits a call that must fail and returns the error, for assertions on its fields. */
export async function caught(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
