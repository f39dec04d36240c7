import { json } from "@remix-run/node";
import { z } from "zod";
import { ForbiddenError, NotFoundError, RuleViolation } from "../domain/errors";
import { CsrfError, verifyCsrf } from "./csrf.server";

export type FieldErrors = Record<string, string[]>;
export type FormValues = Record<string, string | string[]>;

export interface FormFailure {
  errors: FieldErrors;
  values: FormValues;
}

/** Reads a form post after checking it comes from this site with this browser's CSRF token. */
export async function readForm(request: Request): Promise<FormData> {
  const form = await request.formData();
  try {
    await verifyCsrf(request, form);
  } catch (error) {
    if (error instanceof CsrfError) {
      throw new Response("Het formulier is verlopen of komt niet van deze website.", { status: 403, statusText: "Geen toegang" });
    }
    throw error;
  }
  return form;
}

const NEVER_ECHOED = new Set(["password", "csrf"]);

function entriesOf(form: FormData, arrayFields: readonly string[]): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((value): value is string => typeof value === "string");
    values[key] = arrayFields.includes(key) ? all : (all[0] ?? "");
  }
  return values;
}

/** What the user typed, to put back in the form; passwords and tokens are never sent back. */
export function formValues(form: FormData, arrayFields: readonly string[] = []): FormValues {
  return Object.fromEntries(Object.entries(entriesOf(form, arrayFields)).filter(([key]) => !NEVER_ECHOED.has(key)));
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T; values: FormValues } | { ok: false; failure: FormFailure };

export function parseForm<T extends z.ZodType>(
  schema: T,
  form: FormData,
  arrayFields: readonly string[] = [],
): Parsed<z.output<T>> {
  const input: Record<string, unknown> = entriesOf(form, arrayFields);
  for (const field of arrayFields) input[field] ??= [];
  const values = formValues(form, arrayFields);
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data, values };
  return { ok: false, failure: { errors: fieldErrorsOf(result.error), values } };
}

export function formFailure(failure: FormFailure) {
  return json(failure, { status: 400 });
}

/**
 * Runs a domain command for a form. A rule violation becomes a field error on the same form
 * (with what was typed); not found and forbidden become the 404 and 403 pages.
 */
export async function runCommand<T>(
  values: FormValues,
  command: () => Promise<T>,
  options: { allProblemsOnForm?: boolean } = {},
): Promise<{ ok: true; result: T } | { ok: false; response: ReturnType<typeof formFailure> }> {
  try {
    return { ok: true, result: await command() };
  } catch (error) {
    if (error instanceof RuleViolation) {
      return { ok: false, response: formFailure({ errors: ruleErrors(error, options.allProblemsOnForm ?? false), values }) };
    }
    if (error instanceof z.ZodError) {
      return { ok: false, response: formFailure({ errors: fieldErrorsOf(error), values }) };
    }
    throw toHttpError(error);
  }
}

function ruleErrors(violation: RuleViolation, allOnForm: boolean): FieldErrors {
  if (violation.problems.length === 0) return { form: [violation.message] };
  const errors: FieldErrors = {};
  for (const problem of violation.problems) {
    const field = allOnForm ? "form" : (problem.field.split(".").at(-1) ?? "form");
    (errors[field] ??= []).push(problem.message);
  }
  return errors;
}

/** Maps a domain refusal to the response the error pages understand. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof NotFoundError) return new Response(error.message, { status: 404, statusText: "Niet gevonden" });
  if (error instanceof ForbiddenError) return new Response(error.message, { status: 403, statusText: "Geen toegang" });
  return error;
}

/** For loaders: a domain query whose refusals become 404/403 pages. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toHttpError(error);
  }
}
