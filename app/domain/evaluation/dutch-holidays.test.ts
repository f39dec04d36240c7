import { dutchPublicHolidayOn, dutchPublicHolidays, easterSunday, isNonWorkingDay, nextWorkingDay, workingDayOnOrAfter } from "./dutch-holidays";

describe("easterSunday (anonymous Gregorian algorithm)", () => {
  test.each([
    { year: 2020, easter: "2020-04-12" },
    { year: 2021, easter: "2021-04-04" },
    { year: 2022, easter: "2022-04-17" },
    { year: 2023, easter: "2023-04-09" },
    { year: 2024, easter: "2024-03-31" },
    { year: 2025, easter: "2025-04-20" },
    { year: 2026, easter: "2026-04-05" },
    { year: 2027, easter: "2027-03-28" },
    { year: 2028, easter: "2028-04-16" },
    { year: 2029, easter: "2029-04-01" },
    { year: 2030, easter: "2030-04-21" },
    // the extremes of the Gregorian computus: 22 March and 25 April
    { year: 1818, easter: "1818-03-22" },
    { year: 2285, easter: "2285-03-22" },
    { year: 1943, easter: "1943-04-25" },
    { year: 2038, easter: "2038-04-25" },
  ])("Easter $year is $easter", ({ year, easter }) => {
    expect(easterSunday(year)).toBe(easter);
    expect(new Date(`${easter}T00:00:00Z`).getUTCDay()).toBe(0);
  });

  test.each([1582, 2026.5, Number.NaN, 10_000])("refuses the year %s", (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe("dutchPublicHolidays: art. 3 Algemene termijnenwet", () => {
  test("every feestdag of 2026", () => {
    expect(dutchPublicHolidays(2026)).toEqual([
      { date: "2026-01-01", name: "Nieuwjaarsdag" },
      { date: "2026-04-06", name: "Tweede Paasdag" },
      { date: "2026-04-27", name: "Koningsdag" },
      { date: "2026-05-05", name: "Bevrijdingsdag" },
      { date: "2026-05-14", name: "Hemelvaartsdag" },
      { date: "2026-05-25", name: "Tweede Pinksterdag" },
      { date: "2026-12-25", name: "Eerste Kerstdag" },
      { date: "2026-12-26", name: "Tweede Kerstdag" },
    ]);
  });

  test.each([
    { case: "Koningsdag 2025 is Saturday 26 April, because 27 April 2025 is a Sunday", year: 2025, date: "2025-04-26" },
    { case: "Koningsdag 2026 is Monday 27 April", year: 2026, date: "2026-04-27" },
    { case: "Koningsdag 2014 (the first) is Saturday 26 April, 27 April 2014 being a Sunday", year: 2014, date: "2014-04-26" },
    { case: "Koningsdag 2031 is Saturday 26 April, 27 April 2031 being a Sunday", year: 2031, date: "2031-04-26" },
  ])("$case", ({ year, date }) => {
    expect(dutchPublicHolidays(year).find((holiday) => holiday.name === "Koningsdag")?.date).toBe(date);
  });

  test("Hemelvaartsdag is a Thursday and tweede Pinksterdag a Monday, every year 2020–2030", () => {
    for (let year = 2020; year <= 2030; year++) {
      const holidays = dutchPublicHolidays(year);
      const weekday = (name: string) => new Date(`${holidays.find((holiday) => holiday.name === name)!.date}T00:00:00Z`).getUTCDay();
      expect(weekday("Hemelvaartsdag")).toBe(4);
      expect(weekday("Tweede Pinksterdag")).toBe(1);
      expect(weekday("Tweede Paasdag")).toBe(1);
    }
  });

  test("the list is in date order, even when Hemelvaartsdag falls before or on 5 May", () => {
    // 2008: Easter 23 March, Hemelvaart 1 May; 2016: Hemelvaart on 5 May itself
    for (const year of [2008, 2016, 2026]) {
      const dates = dutchPublicHolidays(year).map((holiday) => holiday.date);
      expect(dates).toEqual([...dates].sort());
    }
    expect(dutchPublicHolidays(2016).filter((holiday) => holiday.date === "2016-05-05").map((holiday) => holiday.name)).toEqual(["Bevrijdingsdag", "Hemelvaartsdag"]);
  });
});

describe("isNonWorkingDay", () => {
  test.each([
    // each feestdag of 2026
    { case: "Nieuwjaarsdag 2026 (Thursday)", date: "2026-01-01", nonWorking: true },
    { case: "tweede Paasdag 2026", date: "2026-04-06", nonWorking: true },
    { case: "Koningsdag 2026 (Monday)", date: "2026-04-27", nonWorking: true },
    { case: "Bevrijdingsdag 2026 (Tuesday), a feestdag every year for this law", date: "2026-05-05", nonWorking: true },
    { case: "Bevrijdingsdag 2027 (Wednesday), not a lustrum year", date: "2027-05-05", nonWorking: true },
    { case: "Hemelvaartsdag 2026", date: "2026-05-14", nonWorking: true },
    { case: "tweede Pinksterdag 2026", date: "2026-05-25", nonWorking: true },
    { case: "eerste Kerstdag 2026 (Friday)", date: "2026-12-25", nonWorking: true },
    { case: "tweede Kerstdag 2026 (Saturday)", date: "2026-12-26", nonWorking: true },
    // weekends
    { case: "a Saturday", date: "2026-03-14", nonWorking: true },
    { case: "a Sunday", date: "2026-03-15", nonWorking: true },
    { case: "Easter Sunday (a Sunday, not separately listed)", date: "2026-04-05", nonWorking: true },
    // working days
    { case: "Goede Vrijdag is NOT a feestdag of the Algemene termijnenwet", date: "2026-04-03", nonWorking: false },
    { case: "an ordinary Monday", date: "2026-03-16", nonWorking: false },
    { case: "27 April 2025 is a Sunday anyway; 28 April 2025 is a working day", date: "2025-04-28", nonWorking: false },
    { case: "oudejaarsdag (31 December) is a working day", date: "2025-12-31", nonWorking: false },
    { case: "4 May (Dodenherdenking) is a working day", date: "2026-05-04", nonWorking: false },
    { case: "29 February in a leap year, a Thursday", date: "2024-02-29", nonWorking: false },
  ])("$case → $nonWorking", ({ date, nonWorking }) => {
    expect(isNonWorkingDay(date)).toBe(nonWorking);
  });

  test("names the feestdag on a date, and null on an ordinary day", () => {
    expect(dutchPublicHolidayOn("2026-05-25")).toBe("Tweede Pinksterdag");
    expect(dutchPublicHolidayOn("2026-04-03")).toBeNull();
  });

  test.each(["2026-02-30", "26-04-2026", "2026-4-6", ""])("refuses the invalid date %j with a Dutch message", (date) => {
    expect(() => isNonWorkingDay(date)).toThrow(/Geen geldige datum/);
  });
});

describe("nextWorkingDay: the first working day strictly after a date", () => {
  test.each([
    { case: "an ordinary Monday → Tuesday", date: "2026-03-16", next: "2026-03-17" },
    { case: "a Friday → Monday", date: "2026-03-13", next: "2026-03-16" },
    { case: "Goede Vrijdag → over Easter weekend and tweede Paasdag to Tuesday", date: "2026-04-03", next: "2026-04-07" },
    { case: "Saturday before Easter → Tuesday after", date: "2026-04-04", next: "2026-04-07" },
    { case: "Wednesday before Hemelvaart → Friday", date: "2026-05-13", next: "2026-05-15" },
    { case: "Christmas Eve 2026 (Thursday) → Monday 28 December", date: "2026-12-24", next: "2026-12-28" },
    { case: "oudejaarsdag 2026 (Thursday) → Monday 4 January 2027, over Nieuwjaarsdag (Friday) and the weekend", date: "2026-12-31", next: "2027-01-04" },
    { case: "Friday 24 April 2026 → Tuesday 28 April, over Koningsdag", date: "2026-04-24", next: "2026-04-28" },
  ])("$case", ({ date, next }) => {
    expect(nextWorkingDay(date)).toBe(next);
  });

  test("workingDayOnOrAfter keeps a working day and moves a non-working one", () => {
    expect(workingDayOnOrAfter("2026-04-03")).toBe("2026-04-03");
    expect(workingDayOnOrAfter("2026-04-04")).toBe("2026-04-07");
  });
});
