// Splitting a regional amount over the municipalities by a key (domain.md §2: "pooled money,
// per-municipality accounts"). The municipalities pool funding and contract regionally (§7.1),
// yet each must see its own position, so regional costs are attributed to them by a key: by
// default their share of the housing quota (taakstelling), editable per contract.
//
// Method: largest remainder (Hamilton). Each municipality's exact share is total × weight / Σ
// weight; everyone gets the whole part (cents, or persons for volumes), and what is left over
// goes one unit each to the largest remainders. The parts therefore add up exactly to the total,
// and each part differs from its exact share by less than one unit. Rounding each share on its
// own would not add up: three equal keys over € 1,00 give 33 + 33 + 33 = 99 cents.
//
// Ties in the remainder go to the larger key (the municipality that carries more of the burden
// carries the odd cent too, as in the volumes proposal, tenders/volumes.ts), then to the one that
// comes first in the input. Callers pass municipalities sorted by name, so the same input always
// gives the same split.
//
// All arithmetic is in BigInt: total × weight can pass 2^53 for large totals (€ 10 million × a
// key of 10.000 already does), and a lost bit there would move a cent.
import { formatEuroCents } from "../../utils/format";
import type { RuleProblem } from "../errors";

export interface AllocationKey {
  id: string;
  /** A whole number of 0 or more: the housing quota by default. */
  weight: number;
}

export interface CentsPart {
  id: string;
  cents: number;
}

export interface CountPart {
  id: string;
  count: number;
}

export const ALL_ZERO_KEY_MESSAGE = "De verdeelsleutel is voor alle gemeenten 0; geef ten minste één gemeente een gewicht groter dan 0.";

/** Hamilton's method on integers; returns one whole part per key, in the input order. */
function largestRemainder(total: number, keys: readonly AllocationKey[], totalLabel: string): bigint[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`${totalLabel} moet een geheel getal van 0 of meer zijn; niet ${total}.`);
  const seen = new Set<string>();
  const weights = keys.map((key) => {
    if (!Number.isSafeInteger(key.weight) || key.weight < 0) {
      throw new RangeError(`Het gewicht in de verdeelsleutel moet een geheel getal van 0 of meer zijn; niet ${key.weight}.`);
    }
    // The same municipality twice would get two parts: a mistake of the caller, not a split.
    if (seen.has(key.id)) throw new RangeError(`De verdeelsleutel noemt dezelfde gemeente twee keer (${key.id}).`);
    seen.add(key.id);
    return BigInt(key.weight);
  });
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new RangeError(ALL_ZERO_KEY_MESSAGE);

  const exact = weights.map((weight) => BigInt(total) * weight);
  const parts = exact.map((share) => share / weightSum);
  const leftOver = BigInt(total) - parts.reduce((sum, part) => sum + part, 0n);
  // leftOver is the sum of the fractional parts, each below 1, so it is smaller than the number
  // of keys with a remainder: every unit handed out goes to a key with a non-zero remainder, and a
  // key of weight 0 never receives anything.
  const order = exact
    .map((share, index) => ({ index, remainder: share % weightSum, weight: weights[index]! }))
    .sort((a, b) => {
      if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
      if (a.weight !== b.weight) return a.weight > b.weight ? -1 : 1;
      return a.index - b.index;
    });
  for (const { index } of order.slice(0, Number(leftOver))) parts[index] = parts[index]! + 1n;
  return parts;
}

/**
 * Splits an amount in cents over the keys pro rata, by largest remainder: the parts add up to
 * the total exactly. Ties go to the larger key, then to the earlier one in the input.
 */
export function allocateCents(totalCents: number, keys: readonly AllocationKey[]): CentsPart[] {
  const parts = largestRemainder(totalCents, keys, "Het te verdelen bedrag in eurocenten");
  return keys.map((key, index) => ({ id: key.id, cents: Number(parts[index]!) }));
}

/** The same split for whole numbers such as volumes (participants, intakes): the parts add up to the total. */
export function allocateCounts(total: number, keys: readonly AllocationKey[]): CountPart[] {
  const parts = largestRemainder(total, keys, "Het te verdelen aantal");
  return keys.map((key, index) => ({ id: key.id, count: Number(parts[index]!) }));
}

/**
 * Regional costs attributed to the municipalities by the contract's key (domain.md §2), for the
 * KPI "Binnen rijksbijdragen": each municipality's spending against its own funding.
 */
export function attributeRegionalCosts(costCents: number, key: readonly AllocationKey[]): CentsPart[] {
  return allocateCents(costCents, key);
}

/**
 * Checks a split entered or edited by hand: every part whole cents of 0 or more, and together
 * exactly the total. Returns the problems for the form (empty when the split is right).
 */
export function checkAllocation(totalCents: number, parts: readonly CentsPart[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const part of parts) {
    if (!Number.isSafeInteger(part.cents) || part.cents < 0) {
      problems.push({ field: `allocation.${part.id}`, message: "Het bedrag van een gemeente moet een geheel aantal eurocenten van 0 of meer zijn." });
    }
  }
  const sum = parts.reduce((total, part) => total + part.cents, 0);
  if (sum !== totalCents) {
    problems.push({
      field: "allocation",
      message: `De verdeling over de gemeenten telt op tot ${formatEuroCents(sum)}; dat moet ${formatEuroCents(totalCents)} zijn.`,
    });
  }
  return problems;
}
