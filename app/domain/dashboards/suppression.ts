// Small-number suppression (domain.md §5): in the yearly PDF and in anything a municipality sees
// beyond its own figures, a count under 5, and a share whose denominator is under 5, shows as
// "< 5"; a second cell is suppressed where the first could be computed back from a total.
//
// Choices:
// - Only 1–4 is small. A count of 0 (and a share with denominator 0, which is "geen data") is
//   shown: it singles out no person, there is nobody in it to recognise. This is the practice of
//   CBS, whose tables suppress 1 to 4 and print 0. A 0 is therefore also never picked as the
//   secondary cell: hiding it would protect nothing, since 0 + the small cell is still the small
//   cell.
// - A share is judged by its denominator only (§5). Its numerator can be small (2 of 40) without
//   pointing at a person any more than the 40 does.
// - Secondary suppression in a breakdown whose lines add up to a shown total: when exactly one line
//   is suppressed, the next-smallest line (above 0) is suppressed too, so total − shown lines gives
//   only the sum of two hidden cells. We go one step further than "exactly one": when the hidden
//   lines together are still under 5 (1 + 2 hidden, total known), their sum would disclose a small
//   number, so the next-smallest line is added until the hidden sum is 5 or more.
// - A municipality shown its own figure O beside the regional total R: R − O is the rest of the
//   region. When that is 1–4, R is suppressed (the viewer knows O, so R would tell it the others'
//   small number).
// - Values are compared exactly (BigInt), never as floats; denominators may come as the decimal
//   strings PostgreSQL sums ("58", "12.00").
// - A cell hidden for its own sake (1–4) shows "< 5"; a cell hidden only so that a small one cannot
//   be worked out from the total (secondary, and a regional total whose rest of the region is
//   small) shows "x", the sign CBS uses for "geheim". It is usually 5 or more, so "< 5" would
//   tell the reader something untrue. Telling the two apart gives nothing away: the secondary
//   cell's value is hidden either way.

/** Counts from 1 up to (not including) this are small (§5). */
export const SUPPRESSION_THRESHOLD = 5;
/** Why a cell is hidden: it is small itself, or it would let a small cell be worked out. */
export type Suppression = "small" | "secondary";
/** What a cell hidden because it is small shows. */
export const SUPPRESSED_DISPLAY = "< 5";
/** What a cell hidden only to protect a small one shows (CBS: "x", geheim). */
export const SECONDARY_SUPPRESSED_DISPLAY = "x";
export const suppressedDisplay: Record<Suppression, string> = { small: SUPPRESSED_DISPLAY, secondary: SECONDARY_SUPPRESSED_DISPLAY };

export type Amount = number | bigint | string;

const SCALE_DIGITS = 6;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const THRESHOLD = BigInt(SUPPRESSION_THRESHOLD) * SCALE;

/** An amount as an exact integer in millionths; decimals beyond six are not expected (counts, sums of two-decimal scores). */
function scaled(value: Amount): bigint {
  if (typeof value === "bigint") return value * SCALE;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Geen geldig aantal: ${value}.`);
    if (Number.isInteger(value)) return BigInt(value) * SCALE;
    return scaled(value.toFixed(SCALE_DIGITS));
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Geen geldig aantal: "${value}".`);
  const fraction = (match[3] ?? "").padEnd(SCALE_DIGITS, "0").slice(0, SCALE_DIGITS);
  const magnitude = BigInt(match[2]!) * SCALE + BigInt(fraction);
  return match[1] === "-" ? -magnitude : magnitude;
}

function isSmallScaled(value: bigint): boolean {
  return value > 0n && value < THRESHOLD;
}

/** A count of 1–4 (§5). 0 is not small: see the top of this file. */
export function isSmallCount(count: Amount): boolean {
  return isSmallScaled(scaled(count));
}

/** A share whose denominator is 1–4 (§5). Denominator 0 means no data, not a small number. */
export function isSmallShare(denominator: Amount): boolean {
  return isSmallScaled(scaled(denominator));
}

/**
 * Which lines of a breakdown to hide, when the lines add up to a total that is shown: the small
 * ones (1–4), and secondary ones until the hidden lines cannot be worked out from the total (see
 * the top of this file). `values` are the counts, or for a share the denominators, of the lines.
 */
export function suppressLines(values: readonly Amount[]): (Suppression | null)[] {
  const amounts = values.map(scaled);
  const small = amounts.map(isSmallScaled);
  const hidden = [...small];
  for (;;) {
    const hiddenCount = hidden.filter(Boolean).length;
    if (hiddenCount === 0) break;
    const hiddenSum = amounts.reduce((sum, amount, index) => (hidden[index] ? sum + amount : sum), 0n);
    if (hiddenCount >= 2 && !isSmallScaled(hiddenSum)) break;
    // the next-smallest line above 0 that is still shown; the first one of equals
    let next = -1;
    amounts.forEach((amount, index) => {
      if (hidden[index] || amount <= 0n) return;
      if (next < 0 || amount < amounts[next]!) next = index;
    });
    if (next < 0) break;
    hidden[next] = true;
  }
  return hidden.map((isHidden, index) => (small[index] ? "small" : isHidden ? "secondary" : null));
}

/**
 * Whether a viewer who sees its own figure `own` must not see the regional total `regional`:
 * "small" when the total is itself small, "secondary" when regional − own (the rest of the
 * region) is 1–4. For a share pass the denominators.
 */
export function suppressRegionalTotal(own: Amount, regional: Amount): Suppression | null {
  const total = scaled(regional);
  if (isSmallScaled(total)) return "small";
  return isSmallScaled(total - scaled(own)) ? "secondary" : null;
}

/** A count as shown: null when suppressed. */
export function shownCount(count: number, suppression: Suppression | null): number | null {
  return suppression ? null : count;
}
