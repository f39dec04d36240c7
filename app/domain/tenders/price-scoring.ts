// Points for price under the two methods a tender can choose (tender-content.ts):
// - lowestPriceRatio:  maxPoints × lowest / offered. The lowest price gets the maximum.
// - relativeToCeiling: maxPoints × (ceiling − offered) / ceiling; a price at or above the
//   ceiling gets 0 points (an offer above the ceiling is normally excluded; scoring it 0 keeps
//   the formula total instead of negative).
//
// Rounding: points are rounded to 2 decimals, half up, decided on the exact value (third
// decimal 5 or more rounds up: 26,665 → 26,67; 26,6649… → 26,66). The formulas run on integer
// cents with BigInt and one integer division at the end, so no float drift can move a score
// across a rounding boundary: the ranking of offers must not depend on binary fractions.
//
// A price of € 0 is refused rather than scored: under lowestPriceRatio it would divide by zero
// (or hand every other offer 0 points), and a free offer is in practice an error or an
// abnormally low offer that the buyer must ask about (art. 2.116 Aanbestedingswet 2012).
import type { PriceScoringMethod } from "./tender-content";

export interface PriceScoringInput {
  /** The offer's price (total, integer euro cents). */
  offeredCents: number;
  /** The lowest price among the admissible offers (integer cents); used by lowestPriceRatio. */
  lowestCents: number;
  /** The lot's ceiling amount (integer cents); used by relativeToCeiling. */
  ceilingCents: number;
  /** Points for the best possible price: the price criterion's weight. At most 2 decimals. */
  maxPoints: number;
}

export const ZERO_PRICE_MESSAGE = "Een prijs van € 0 kan niet worden gescoord; vraag de inschrijver om een verduidelijking.";

function positiveCents(value: number, label: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${label} moet een geheel aantal eurocenten zijn.`);
  if (value < 0) throw new RangeError(`${label} kan niet negatief zijn.`);
  return BigInt(value);
}

/** maxPoints in hundredths of a point, exactly; a third decimal would make the rule ambiguous. */
function hundredthsOf(maxPoints: number): bigint {
  const hundredths = Math.round(maxPoints * 100);
  if (!Number.isFinite(maxPoints) || maxPoints < 0 || Math.abs(hundredths - maxPoints * 100) > 1e-6) {
    throw new RangeError("De maximumscore moet een getal van 0 of meer zijn met hoogstens twee decimalen.");
  }
  return BigInt(hundredths);
}

/** numerator / denominator rounded half up to a whole number; both non-negative. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** Points for one offer's price, rounded to 2 decimals (see the top of this file). */
export function scorePrice(method: PriceScoringMethod, input: PriceScoringInput): number {
  const offered = positiveCents(input.offeredCents, "De aangeboden prijs");
  if (offered === 0n) throw new RangeError(ZERO_PRICE_MESSAGE);
  const max = hundredthsOf(input.maxPoints);

  let hundredths: bigint;
  switch (method) {
    case "lowestPriceRatio": {
      const lowest = positiveCents(input.lowestCents, "De laagste prijs");
      if (lowest === 0n) throw new RangeError(ZERO_PRICE_MESSAGE);
      // A "lowest" price above this offer means the caller passed the wrong one: this offer
      // would score more than the maximum.
      if (lowest > offered) throw new RangeError("De laagste prijs kan niet hoger zijn dan de aangeboden prijs.");
      hundredths = roundHalfUp(max * lowest, offered);
      break;
    }
    case "relativeToCeiling": {
      const ceiling = positiveCents(input.ceilingCents, "Het plafondbedrag");
      if (ceiling === 0n) throw new RangeError("Het plafondbedrag moet hoger zijn dan € 0.");
      hundredths = offered >= ceiling ? 0n : roundHalfUp(max * (ceiling - offered), ceiling);
      break;
    }
    default: {
      const unknown: never = method;
      throw new RangeError(`Onbekende prijsbeoordeling: ${String(unknown)}.`);
    }
  }
  return Number(hundredths) / 100;
}
