import { containsBsnLikeNumber, passesElevenTest } from "./bsn";

describe("the eleven test for a BSN", () => {
  test.each(["123456782", "111222333", "999999990", "012345672"])("%s passes", (digits) => {
    expect(passesElevenTest(digits)).toBe(true);
  });

  test.each(["123456789", "111222334", "000000000", "12345678", "1234567820", "12345678a"])("%s does not pass", (digits) => {
    expect(passesElevenTest(digits)).toBe(false);
  });
});

describe("finding a BSN-like number in a text", () => {
  test.each([
    "Deelnemer 123456782 is gestart.",
    "BSN: 123.456.782",
    "bsn 1234 56 782 heeft voldaan",
    "In 2024 123 456 782 ingeschreven",
    "nummer:111222333.",
  ])("%s is refused", (text) => {
    expect(containsBsnLikeNumber(text)).toBe(true);
  });

  test.each([
    "In het derde kwartaal zijn 12 deelnemers gestart en 3 uitgestroomd.",
    "Het nummer 123456789 haalt de elfproef niet.",
    "Een tiencijferig getal 1234567820 is geen BSN.",
    "Bedrag € 1.234.567,89 gefactureerd.",
    "Telefoon 0229 252 200",
    "000000000",
    "",
  ])("%s is accepted", (text) => {
    expect(containsBsnLikeNumber(text)).toBe(false);
  });
});
