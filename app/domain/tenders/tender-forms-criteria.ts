import type { RuleProblem } from "../errors";
import type { AwardCriterion } from "./tender-content";

// The award-criteria form is a table of rows (`criteria[0].name`, `criteria[0].weight`, …): the
// saved criteria plus empty rows for new ones. A zod object schema does not fit a variable number
// of rows, so this parser reads them and places each Dutch message at its row
// (`criteria.2.weight`), which is also the id of the input it belongs to.

export const criterionFields = ["id", "name", "kind", "weight", "description"] as const;
export type CriterionField = (typeof criterionFields)[number];

/** The name the browser posts: `criteria[2].weight`. */
export const criterionFieldName = (row: number, field: CriterionField) => `criteria[${row}].${field}`;
/** The id of the input and the key of its error: `criteria.2.weight`. */
export const criterionFieldId = (row: number, field: CriterionField) => `criteria.${row}.${field}`;
/** The key of a problem with the criteria as a whole (the weights do not add up to 100). */
export const CRITERIA_FIELD = "criteria";

/** More rows than anyone types; a post with more is not from our form. */
export const MAX_CRITERIA_ROWS = 50;

export type CriterionInput = Omit<AwardCriterion, "id"> & { id?: string };

export type CriteriaRowsResult =
  | { ok: true; criteria: CriterionInput[]; /** the form row of each criterion, to place the domain's problems */ rows: number[] }
  | { ok: false; errors: Record<string, string[]> };

const ROW_FIELD = /^criteria\[(\d{1,3})\]\.(id|name|kind|weight|description)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type FormLike = Pick<FormData, "get" | "keys">;

function text(form: FormLike, row: number, field: CriterionField): string {
  const value = form.get(criterionFieldName(row, field));
  return typeof value === "string" ? value.trim() : "";
}

/**
 * Reads the rows of the award-criteria form. A row without name, weight and description is an
 * unused empty row and is skipped (so is a saved row the user emptied: that removes it).
 */
export function parseCriteriaRows(form: FormLike): CriteriaRowsResult {
  const rowNumbers = new Set<number>();
  for (const key of form.keys()) {
    const match = ROW_FIELD.exec(key);
    if (match) rowNumbers.add(Number(match[1]));
  }
  if (rowNumbers.size > MAX_CRITERIA_ROWS) {
    return { ok: false, errors: { form: [`Er kunnen hoogstens ${MAX_CRITERIA_ROWS} gunningscriteria worden opgegeven.`] } };
  }

  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const criteria: CriterionInput[] = [];
  const rows: number[] = [];
  const seenIds = new Set<string>();

  for (const row of [...rowNumbers].sort((a, b) => a - b)) {
    const name = text(form, row, "name");
    const weight = text(form, row, "weight");
    const description = text(form, row, "description");
    if (!name && !weight && !description) continue;

    const id = text(form, row, "id");
    const kind = text(form, row, "kind");
    if (!name) add(criterionFieldId(row, "name"), "Vul de naam van het criterium in.");
    else if (name.length > 200) add(criterionFieldId(row, "name"), "De naam is te lang (maximaal 200 tekens).");
    if (kind !== "price" && kind !== "quality") add(criterionFieldId(row, "kind"), "Kies of het criterium over prijs of kwaliteit gaat.");
    if (!/^\d+$/.test(weight)) add(criterionFieldId(row, "weight"), "Vul de weging in als heel getal.");
    if (description.length > 10_000) add(criterionFieldId(row, "description"), "De toelichting is te lang (maximaal 10.000 tekens).");
    // the id only ties a row to a saved criterion (wishes point at it); a forged or repeated id
    // would give two criteria one identity
    if (id && (!UUID.test(id) || seenIds.has(id))) {
      add("form", "Het formulier is niet compleet verstuurd. Laad de pagina opnieuw en probeer het nog eens.");
      continue;
    }
    if (id) seenIds.add(id);

    criteria.push({
      ...(id ? { id } : {}),
      name,
      kind: kind === "price" ? "price" : "quality",
      weight: Number(weight),
      description,
    });
    rows.push(row);
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, criteria, rows };
}

/** The running total the form shows beside the weights; what is not a whole number counts as 0. */
export function sumOfWeights(weights: readonly string[]): number {
  return weights.reduce((total, weight) => total + (/^\d+$/.test(weight.trim()) ? Number(weight.trim()) : 0), 0);
}

/**
 * Places the domain's problems with the criteria (`awardCriteria.1.weight`, counted over the
 * criteria that were saved) at the form row they came from (`criteria.3.weight`, counted over
 * every row, empty ones included). A problem of the whole list goes to `criteria`; one of the
 * scale (`scaleMax`) keeps its field name; one without a field goes on the form.
 */
export function criteriaErrorsFromProblems(
  violation: { message: string; problems: readonly RuleProblem[] },
  rows: readonly number[],
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  if (violation.problems.length === 0) {
    add("form", violation.message);
    return errors;
  }
  for (const problem of violation.problems) {
    const perRow = /^awardCriteria\.(\d+)\.(\w+)$/.exec(problem.field);
    const row = perRow ? rows[Number(perRow[1])] : undefined;
    if (perRow && row !== undefined && (criterionFields as readonly string[]).includes(perRow[2]!)) {
      add(criterionFieldId(row, perRow[2] as CriterionField), problem.message);
    } else if (problem.field === "awardCriteria" || problem.field.startsWith("awardCriteria.")) {
      add(CRITERIA_FIELD, problem.message);
    } else {
      add(problem.field.split(".").at(-1) || "form", problem.message);
    }
  }
  return errors;
}
