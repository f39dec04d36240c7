// The offer form as a supplier fills it in: Dutch amounts, "ja"/"nee" per requirement, texts.
// Turns the posted fields into OfferDraftFields with a Dutch message per field; the field names
// are those of offer-rules.ts `offerFields`, so the page and the domain agree on them.
import { z } from "zod";
import { MAX_ANSWER_LENGTH, MAX_EXPLANATION_LENGTH, MAX_UNIT_PRICE_CENTS, offerFields, type AttachmentPurpose, type OfferDraftFields } from "./offer-content";

export type OfferFormErrors = Record<string, string[]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids posted under `prefix-<id>`, in the order they appear in the form. */
function idsWithPrefix(form: FormData, prefix: string): string[] {
  const ids: string[] = [];
  for (const key of form.keys()) {
    if (!key.startsWith(prefix)) continue;
    const id = key.slice(prefix.length);
    if (UUID.test(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  // browsers send line breaks in a textarea as CRLF; stored (and hashed) as LF, whatever the browser
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n") : "";
}

const euroPattern = /^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/;

/**
 * "3.500", "3500,50", "€ 3.500,00" → cents; "" → null (not filled in yet). Dutch notation: dot for
 * thousands, comma for cents. Returns a message when it is not an amount.
 */
export function parseEuroCents(input: string): { ok: true; cents: number | null } | { ok: false; message: string } {
  const cleaned = input.replace(/€/g, "").replace(/\s/g, "");
  if (cleaned === "") return { ok: true, cents: null };
  if (!euroPattern.test(cleaned)) return { ok: false, message: "Vul een bedrag in euro in, bijvoorbeeld 3.500 of 3500,00 (hoogstens twee cijfers achter de komma)." };
  const [euros, cents = ""] = cleaned.replace(/\./g, "").split(",");
  const value = Number(euros) * 100 + Number(cents.padEnd(2, "0"));
  if (!Number.isSafeInteger(value) || value > MAX_UNIT_PRICE_CENTS) return { ok: false, message: "Vul een bedrag in van hoogstens € 10.000.000,00." };
  return { ok: true, cents: value };
}

/** Cents as the form shows them again: "3500,00" (no thousands dots, so it parses back as typed). */
export function centsForInput(cents: number | null): string {
  if (cents === null) return "";
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

/** Reads the typed fields of the offer form; every bad value is an error on its own field. */
export function offerFieldsFromForm(form: FormData): { ok: true; fields: OfferDraftFields } | { ok: false; errors: OfferFormErrors } {
  const errors: OfferFormErrors = {};
  const add = (field: string, message: string) => void (errors[field] ??= []).push(message);

  const prices = idsWithPrefix(form, "price-").map((id) => {
    const parsed = parseEuroCents(text(form, offerFields.price(id)));
    if (!parsed.ok) add(offerFields.price(id), parsed.message);
    return { priceComponentId: id, unitPriceCents: parsed.ok ? parsed.cents : null };
  });

  const answers = idsWithPrefix(form, "answer-").map((id) => {
    const value = text(form, offerFields.answer(id)).trimEnd();
    if (value.length > MAX_ANSWER_LENGTH) add(offerFields.answer(id), `Uw antwoord is te lang: ${value.length.toLocaleString("nl-NL")} tekens, maximaal ${MAX_ANSWER_LENGTH.toLocaleString("nl-NL")}.`);
    return { criterionId: id, text: value };
  });

  const requirementIds = [...new Set([...idsWithPrefix(form, "met-"), ...idsWithPrefix(form, "explanation-")])];
  const requirements = requirementIds.map((id) => {
    const met = text(form, offerFields.met(id));
    const explanation = text(form, offerFields.explanation(id)).trim();
    if (explanation.length > MAX_EXPLANATION_LENGTH) add(offerFields.explanation(id), `De toelichting is te lang: ${explanation.length.toLocaleString("nl-NL")} tekens, maximaal ${MAX_EXPLANATION_LENGTH.toLocaleString("nl-NL")}.`);
    return { requirementId: id, met: met === "ja" ? true : met === "nee" ? false : null, explanation };
  });

  const signedByName = text(form, offerFields.signedByName).trim();
  const signedByRole = text(form, offerFields.signedByRole).trim();
  if (signedByName.length > 200) add(offerFields.signedByName, "De naam is te lang (maximaal 200 tekens).");
  if (signedByRole.length > 200) add(offerFields.signedByRole, "De functie is te lang (maximaal 200 tekens).");

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    fields: { prices, answers, requirements, espdDeclared: form.get(offerFields.espdDeclared) === "on", signedByName, signedByRole },
  };
}

/** The purpose select of the upload: "uea", "criterion:<id>" or "requirement:<id>". */
export const attachmentPurposeValue = (purpose: AttachmentPurpose): string =>
  purpose.kind === "uea" ? "uea" : purpose.kind === "criterion" ? `criterion:${purpose.criterionId}` : `requirement:${purpose.requirementId}`;

const purposeSchema = z.union([
  z.literal("uea").transform((): AttachmentPurpose => ({ kind: "uea" })),
  z
    .string()
    .regex(/^criterion:/)
    .transform((value) => value.slice("criterion:".length))
    .pipe(z.uuid())
    .transform((criterionId): AttachmentPurpose => ({ kind: "criterion", criterionId })),
  z
    .string()
    .regex(/^requirement:/)
    .transform((value) => value.slice("requirement:".length))
    .pipe(z.uuid())
    .transform((requirementId): AttachmentPurpose => ({ kind: "requirement", requirementId })),
]);

export function attachmentPurposeFromForm(value: FormDataEntryValue | null): AttachmentPurpose | null {
  const parsed = purposeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
