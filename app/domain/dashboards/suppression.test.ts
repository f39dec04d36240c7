import { type Suppression, isSmallCount, isSmallShare, SECONDARY_SUPPRESSED_DISPLAY, shownCount, suppressLines, suppressRegionalTotal, SUPPRESSED_DISPLAY } from "./suppression";

test("what a suppressed cell shows: < 5 when it is small, x when it only protects a small one", () => {
  expect(SUPPRESSED_DISPLAY).toBe("< 5");
  expect(SECONDARY_SUPPRESSED_DISPLAY).toBe("x");
});

test.each([
  [0, false],
  [1, true],
  [4, true],
  [5, false],
  [120, false],
  ["0", false],
  ["3", true],
  ["4.99", true],
  ["5.00", false],
  [3n, true],
  [5n, false],
])("a count of %s is small: %s", (count, small) => {
  expect(isSmallCount(count)).toBe(small);
});

test.each([
  ["0", false],
  ["1", true],
  ["4", true],
  ["5", false],
  ["58", false],
])("a share with denominator %s is suppressed: %s", (denominator, small) => {
  expect(isSmallShare(denominator)).toBe(small);
});

test("anything that is not a number is refused", () => {
  expect(() => isSmallCount("vier")).toThrow(RangeError);
  expect(() => isSmallCount(Number.NaN)).toThrow(RangeError);
});

describe("secondary suppression in a breakdown that adds up to a shown total", () => {
  const s = "small";
  const x = "secondary";
  test.each<[string, (number | string)[], (Suppression | null)[]]>([
    ["nothing small: nothing hidden", [12, 30, 7], [null, null, null]],
    ["no lines", [], []],
    ["zeros are shown and never hidden", [0, 12, 0], [null, null, null]],
    ["one small line: the next-smallest line is hidden too", [3, 30, 12, 7], [s, null, null, x]],
    ["the next-smallest skips zeros", [2, 0, 40, 9], [s, null, null, x]],
    ["ties: the first of the equals", [1, 8, 8], [s, x, null]],
    ["one small line and only zeros beside it: nothing more to hide", [4, 0, 0], [s, null, null]],
    ["a single line that is small", [2], [s]],
    ["two small lines that together are 5 or more: enough", [3, 4, 50], [s, s, null]],
    ["two small lines that together are under 5: one more", [1, 2, 50, 20], [s, s, null, x]],
    ["three small lines summing to 5: enough", [1, 2, 2, 80], [s, s, s, null]],
    ["denominators as decimal strings", ["4", "12.00", "6"], [s, null, x]],
  ])("%s", (_name, values, hidden) => {
    expect(suppressLines(values)).toEqual(hidden);
  });
});

describe("a municipality's own figure beside the regional total", () => {
  test.each<[string, number | string, number | string, Suppression | null]>([
    ["the rest of the region is large: the total is shown", 10, 40, null],
    ["the rest of the region is 1–4: the total would give it away (it is not small itself)", 10, 13, "secondary"],
    ["the rest is exactly 4", "36", "40", "secondary"],
    ["the rest is 5: shown", 35, 40, null],
    ["the municipality is the whole region: nothing to disclose about others", 12, 12, null],
    ["the total itself is small", 0, 3, "small"],
    ["everything 0", 0, 0, null],
  ])("%s", (_name, own, regional, suppressed) => {
    expect(suppressRegionalTotal(own, regional)).toBe(suppressed);
  });
});

test("a suppressed count is shown as null", () => {
  expect(shownCount(3, "small")).toBeNull();
  expect(shownCount(30, "secondary")).toBeNull();
  expect(shownCount(3, null)).toBe(3);
  expect(shownCount(0, null)).toBe(0);
});
