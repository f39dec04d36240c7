import { obligatedPerMunicipality, proposeVolumes, type MunicipalityQuota } from "./volumes";
import { seededRandom } from "../../utils/seeded-random";

// Housing quota 2020 (framework figure 3), in the order of the table.
const westFriesland: MunicipalityQuota[] = [
  { id: "drechterland", housingQuota: 15 },
  { id: "enkhuizen", housingQuota: 13 },
  { id: "hoorn", housingQuota: 50 },
  { id: "koggenland", housingQuota: 17 },
  { id: "medemblik", housingQuota: 31 },
  { id: "opmeer", housingQuota: 9 },
  { id: "stede-broec", housingQuota: 15 },
];

const countsOf = (rows: { municipalityId: string; count: number }[]) => Object.fromEntries(rows.map((row) => [row.municipalityId, row.count]));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);


describe("obligatedPerMunicipality", () => {
  test("70 % of the West-Friesland quota of 150 gives 105, with Hoorn exactly 35", () => {
    const rows = obligatedPerMunicipality({ municipalities: westFriesland, obligatedShare: "70" });
    expect(sum(rows.map((row) => row.count))).toBe(105);
    expect(countsOf(rows)).toEqual({
      // 10,5 / 9,1 / 35 / 11,9 / 21,7 / 6,3 / 10,5: floors add up to 102; the 3 left over go to
      // the remainders ,9 (Koggenland), ,7 (Medemblik) and one ,5: Drechterland and Stede Broec
      // tie on remainder and quota, so the input order decides.
      drechterland: 11,
      enkhuizen: 9,
      hoorn: 35,
      koggenland: 12,
      medemblik: 22,
      opmeer: 6,
      "stede-broec": 10,
    });
  });

  test("an equal remainder goes to the larger quota", () => {
    // 50 % of 3 and of 5: 1,5 and 2,5; total round(4) = 4; floors 1 + 2 = 3; the one left goes to 5
    const rows = obligatedPerMunicipality({
      municipalities: [
        { id: "small", housingQuota: 3 },
        { id: "large", housingQuota: 5 },
      ],
      obligatedShare: "50",
    });
    expect(countsOf(rows)).toEqual({ small: 1, large: 3 });
  });

  test("the regional total is rounded half up once, not per municipality", () => {
    // 50 % of 1, 1 and 1: 1,5 in total rounds to 2; per municipality 0,5 each would give 3
    const rows = obligatedPerMunicipality({
      municipalities: ["a", "b", "c"].map((id) => ({ id, housingQuota: 1 })),
      obligatedShare: "50",
    });
    expect(rows.map((row) => row.count)).toEqual([1, 1, 0]);
  });

  test("a decimal share is exact: 72.5 % of 2 is 1,45 and rounds to 1", () => {
    const rows = obligatedPerMunicipality({ municipalities: [{ id: "a", housingQuota: 2 }], obligatedShare: "72.5" });
    expect(rows).toEqual([{ municipalityId: "a", count: 1 }]);
  });

  test.each([
    { case: "a share that is not a number", obligatedShare: "seventy" },
    { case: "a share above 100 %", obligatedShare: "100.5" },
    { case: "a negative share", obligatedShare: "-70" },
  ])("refuses $case", ({ obligatedShare }) => {
    expect(() => obligatedPerMunicipality({ municipalities: westFriesland, obligatedShare })).toThrow(RangeError);
  });

  test.each([-1, 1.5, Number.NaN])("refuses a housing quota of %s", (housingQuota) => {
    expect(() => obligatedPerMunicipality({ municipalities: [{ id: "a", housingQuota }], obligatedShare: "70" })).toThrow(RangeError);
  });
});

describe("proposeVolumes", () => {
  test("the B1 lot at 55 % gets 58 per target group, spread over the municipalities", () => {
    const volumes = proposeVolumes({ municipalities: westFriesland, obligatedShare: "70", routeSharePercent: "55" });
    const asylum = volumes.filter((volume) => volume.targetGroup === "asylumMigrant");
    expect(sum(asylum.map((volume) => volume.count))).toBe(58);
    // 11 9 35 12 22 6 10 × 58 / 105 = 6,08 4,97 19,33 6,63 12,15 3,31 5,52: floors 55, three left
    expect(countsOf(asylum)).toEqual({ drechterland: 6, enkhuizen: 5, hoorn: 19, koggenland: 7, medemblik: 12, opmeer: 3, "stede-broec": 6 });
  });

  test("family migrants are expected in the same numbers as asylum migrants (§3.4)", () => {
    const volumes = proposeVolumes({ municipalities: westFriesland, obligatedShare: "70", routeSharePercent: "30" });
    const byGroup = (group: string) => volumes.filter((volume) => volume.targetGroup === group).map((volume) => [volume.municipalityId, volume.count]);
    expect(byGroup("familyMigrant")).toEqual(byGroup("asylumMigrant"));
    expect(volumes).toHaveLength(14);
  });

  test.each([
    { share: "55", lotTotal: 58 },
    { share: "30", lotTotal: 32 },
    { share: "15", lotTotal: 16 },
    { share: "100", lotTotal: 105 },
    { share: "0", lotTotal: 0 },
  ])("at a route share of $share % the parts add up to round half up(105 × share) = $lotTotal per target group", ({ share, lotTotal }) => {
    const volumes = proposeVolumes({ municipalities: westFriesland, obligatedShare: "70", routeSharePercent: share });
    for (const group of ["asylumMigrant", "familyMigrant"]) {
      expect(sum(volumes.filter((volume) => volume.targetGroup === group).map((volume) => volume.count))).toBe(lotTotal);
    }
  });

  test("at 100 % the lot gets exactly the obligated counts", () => {
    const volumes = proposeVolumes({ municipalities: westFriesland, obligatedShare: "70", routeSharePercent: "100" });
    const obligated = countsOf(obligatedPerMunicipality({ municipalities: westFriesland, obligatedShare: "70" }));
    expect(countsOf(volumes.filter((volume) => volume.targetGroup === "asylumMigrant"))).toEqual(obligated);
  });

  test("municipalities without a quota get zero, also when nobody has one", () => {
    expect(proposeVolumes({ municipalities: [{ id: "a", housingQuota: 0 }], obligatedShare: "70", routeSharePercent: "55" })).toEqual([
      { municipalityId: "a", targetGroup: "asylumMigrant", count: 0 },
      { municipalityId: "a", targetGroup: "familyMigrant", count: 0 },
    ]);
  });

  test("the proposal for random quotas and shares always adds up, and each part is the exact share rounded down or up", () => {
    const random = seededRandom(20_260_315);
    for (let run = 0; run < 500; run += 1) {
      const municipalities = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, index) => ({
        id: `m${index}`,
        housingQuota: Math.floor(random() * 200),
      }));
      const obligatedShare = String(Math.floor(random() * 1001) / 10); // 0.0 – 100.0
      const routeSharePercent = String(Math.floor(random() * 101));
      const context = JSON.stringify({ run, municipalities, obligatedShare, routeSharePercent });

      const obligated = obligatedPerMunicipality({ municipalities, obligatedShare });
      const quotaTotal = sum(municipalities.map((municipality) => municipality.housingQuota));
      // exact share in tenths of a percent: quota × share / 100, compared with integers × 1000
      const shareTenths = Math.round(Number(obligatedShare) * 10);
      const regionalTotal = Math.floor((2 * quotaTotal * shareTenths + 1000) / 2000);
      expect(sum(obligated.map((row) => row.count)), context).toBe(regionalTotal);
      obligated.forEach((row, index) => {
        const exactTimes1000 = municipalities[index]!.housingQuota * shareTenths;
        expect(row.count * 1000, context).toBeGreaterThanOrEqual(Math.floor(exactTimes1000 / 1000) * 1000);
        expect(row.count * 1000, context).toBeLessThanOrEqual(Math.ceil(exactTimes1000 / 1000) * 1000);
      });

      const volumes = proposeVolumes({ municipalities, obligatedShare, routeSharePercent });
      const lotTotal = Math.floor((2 * regionalTotal * Number(routeSharePercent) + 100) / 200);
      for (const group of ["asylumMigrant", "familyMigrant"] as const) {
        const counts = volumes.filter((volume) => volume.targetGroup === group);
        expect(sum(counts.map((volume) => volume.count)), context).toBe(lotTotal);
        counts.forEach((volume, index) => {
          expect(volume.count, context).toBeGreaterThanOrEqual(0);
          if (regionalTotal === 0) return;
          const exactNumerator = obligated[index]!.count * lotTotal;
          expect(volume.count, context).toBeGreaterThanOrEqual(Math.floor(exactNumerator / regionalTotal));
          expect(volume.count, context).toBeLessThanOrEqual(Math.ceil(exactNumerator / regionalTotal));
        });
      }
    }
  });

  test("the same input gives the same proposal", () => {
    const input = { municipalities: westFriesland, obligatedShare: "70", routeSharePercent: "15" };
    expect(proposeVolumes(input)).toEqual(proposeVolumes(input));
  });
});
