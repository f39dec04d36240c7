import { dutchOrdinal, formatPoints, formatStandstillEnd, formatWeekdayDate } from "./award-format";

test("the end of the standstill is stated as the last day at 24:00, with its weekday", () => {
  expect(formatStandstillEnd("2020-11-02")).toBe("maandag 2 november 2020 om 24:00 uur");
  expect(formatStandstillEnd("2027-04-28")).toBe("woensdag 28 april 2027 om 24:00 uur");
  // a calendar date is the day itself, whatever the time zone of the server
  expect(formatWeekdayDate("2027-03-28")).toBe("zondag 28 maart 2027");
  expect(formatWeekdayDate("2026-12-31")).toBe("donderdag 31 december 2026");
  expect(() => formatWeekdayDate("2 november 2020")).toThrow(RangeError);
});

test("points have two decimals and a Dutch comma; ranks are written as 1e, 2e", () => {
  expect(formatPoints(82.8)).toBe("82,80");
  expect(formatPoints(0)).toBe("0,00");
  expect(formatPoints(100)).toBe("100,00");
  expect(dutchOrdinal(2)).toBe("2e");
});
