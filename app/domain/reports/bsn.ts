// A progress report holds aggregate counts only (issue 6 item 3): a citizen service number (BSN)
// in a narrative text is personal data that must never enter the portal. A BSN has nine digits
// and passes the eleven test, so any nine-digit number that passes it is treated as one: a
// false alarm only asks the writer to rephrase, a missed BSN would be a data breach.

/** Digits in groups separated by single dots or spaces: "123456782", "123.456.782", "1234 56 782". */
const DIGIT_RUN = /\d+(?:[. ]\d+)*/g;
const BSN_LENGTH = 9;

/** The eleven test (elfproef) for a BSN: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is divisible by 11. */
export function passesElevenTest(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0{9}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 8; index += 1) sum += (9 - index) * Number(digits[index]);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/**
 * Whether the text holds a nine-digit number, written plain or with dots or spaces between digit
 * groups, that passes the eleven test. Within a longer run ("in 2024 123 456 782") every stretch
 * of whole groups that adds up to nine digits is tried, so a year or a count before or after the
 * number does not hide it; a group is never split, so a ten-digit number is not a BSN.
 */
export function containsBsnLikeNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const groups = match[0].split(/[. ]/);
    for (let first = 0; first < groups.length; first += 1) {
      let digits = "";
      for (let last = first; last < groups.length && digits.length < BSN_LENGTH; last += 1) {
        digits += groups[last];
        if (digits.length === BSN_LENGTH && passesElevenTest(digits)) return true;
      }
    }
  }
  return false;
}
