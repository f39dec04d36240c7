import type { FigureKey } from "./report-figures";
import { parseEuroAmount, reportRowKey, totalsByRouteAndTargetGroup, validateNarrativeText, validateReportFigures, type ReportRowInput, type ReportRowKey } from "./report-validation";

const hoorn: ReportRowKey = { municipalityId: "00000000-0000-4000-8000-000000000001", learningRoute: "b1", targetGroup: "asylumMigrant" };
const opmeer: ReportRowKey = { municipalityId: "00000000-0000-4000-8000-000000000002", learningRoute: "b1", targetGroup: "asylumMigrant" };

/** A consistent row: 10 active before, 3 started, 2 ended, 11 active now. */
function goodValues(): Partial<Record<FigureKey, unknown>> {
  return {
    started: 3,
    active: 11,
    endedObligationMet: 1,
    endedWork: 1,
    endedEducation: 0,
    endedMoved: 0,
    endedExemption: 0,
    endedOther: 0,
    cohortTermEnded: 9,
    cohortMetInTime: 7,
    hoursOffered: 400,
    hoursAttended: 350,
    hoursAbsent: 50,
    outflowCohort: 9,
    outflowWork: 4,
    outflowEducation: 2,
    surveyRespondents: 8,
    surveyMeanScore: 7.25,
    invoicedCents: 1_234_56,
  };
}

const row = (key: ReportRowKey, values: Partial<Record<FigureKey, unknown>>): ReportRowInput => ({ ...key, values });

describe("validating the figures of a report", () => {
  test("consistent figures pass, with empty figures as null", () => {
    const result = validateReportFigures({ rows: [row(hoorn, goodValues())], werksaam: false, previousActive: new Map([[reportRowKey(hoorn), 10]]) });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.rows[0]!.values.surveyMeanScore).toBe(7.25);
    expect(result.rows[0]!.values.achievedKnm).toBeNull();
  });

  test("form input as text is read, with a decimal comma", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), started: " 3 ", surveyMeanScore: "7,5", achievedKnm: "" })], werksaam: false });
    expect(result.ok).toBe(true);
    expect(result.rows[0]!.values).toMatchObject({ started: 3, surveyMeanScore: 7.5, achievedKnm: null });
  });

  test.each([
    [{ started: -1 }, "started", "Gestart in de periode: vul een geheel getal in, 0 of meer."],
    [{ started: 2.5 }, "started", "Gestart in de periode: vul een geheel getal in, 0 of meer."],
    [{ achievedKnm: "veel" }, "achievedKnm", "KNM behaald: vul een getal in."],
    [{ hoursOffered: 1.5, hoursAttended: null, hoursAbsent: null }, "hoursOffered", "Uren aangeboden: vul een geheel getal in, 0 of meer (hele uren)."],
    [{ surveyMeanScore: 11 }, "surveyMeanScore", "Gemiddeld rapportcijfer (1–10): vul een cijfer van 1 tot en met 10 in."],
    [{ surveyMeanScore: 7.125 }, "surveyMeanScore", "Gemiddeld rapportcijfer (1–10): gebruik ten hoogste twee decimalen."],
    [{ invoicedCents: 12.5 }, "invoicedCents", "Gefactureerd bedrag (euro): vul een bedrag in hele centen in, 0 of meer."],
  ])("%o is refused", (change, figure, message) => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), ...change })], werksaam: false });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ rowIndex: 0, figure, message }]);
  });

  test("a nine-digit count that passes the eleven test is taken for a BSN", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), achievedKnm: 123456782, achievedMap: 123456789 })], werksaam: false });
    expect(result.problems).toEqual([{ rowIndex: 0, figure: "achievedKnm", message: "KNM behaald: dit getal lijkt op een burgerservicenummer (BSN). Een rapportage bevat alleen aantallen, nooit persoonsgegevens." }]);
  });

  test("a numerator above its denominator names both figures with their values", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), outflowWork: 12 })], werksaam: false });
    expect(result.problems).toEqual([{ rowIndex: 0, figure: "outflowWork", message: "Waarvan aan het werk (12) is groter dan cohort drie jaar na de start (9)." }]);
  });

  test("a numerator without its denominator is refused", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), cohortTermEnded: null })], werksaam: false });
    expect(result.problems.map((problem) => problem.message)).toEqual(["Waarvan binnen de termijn voldaan is ingevuld, maar cohort waarvan de termijn is afgelopen niet; vul dat ook in."]);
  });

  test("parts of one whole together cannot exceed it", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), outflowWork: 6, outflowEducation: 5, hoursAttended: 380 })], werksaam: false });
    expect(result.problems.map((problem) => problem.figure)).toEqual(["outflowEducation", "hoursAbsent"]);
    expect(result.problems[0]!.message).toBe("Aan het werk (6) en in onderwijs (5) zijn samen groter dan het cohort drie jaar na de start (9); tel iemand maar één keer.");
  });

  test("ended by reason: all reasons or none", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), endedMoved: null, endedOther: "" })], werksaam: false });
    expect(result.problems.map((problem) => problem.figure)).toEqual(["endedMoved", "endedOther"]);
    expect(result.problems[0]!.message).toContain("vul bij uitstroom alle redenen in");
  });

  test("the mean score is required with respondents and empty without", () => {
    const missing = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), surveyMeanScore: null })], werksaam: false });
    expect(missing.problems).toEqual([{ rowIndex: 0, figure: "surveyMeanScore", message: "Gemiddeld rapportcijfer: vul het gemiddelde in van de 8 respondenten." }]);
    const noRespondents = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), surveyRespondents: 0 })], werksaam: false });
    expect(noRespondents.problems.map((problem) => problem.figure)).toEqual(["surveyMeanScore"]);
    const neither = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), surveyRespondents: 0, surveyMeanScore: null })], werksaam: false });
    expect(neither.ok).toBe(true);
  });

  test("WerkSaam figures only in the WerkSaam report", () => {
    const values = { ...goodValues(), unburdeningCohort: 10, financiallySelfReliant: 8 };
    expect(validateReportFigures({ rows: [row(hoorn, values)], werksaam: true }).ok).toBe(true);
    const other = validateReportFigures({ rows: [row(hoorn, values)], werksaam: false });
    expect(other.problems.map((problem) => problem.message)).toEqual([
      "Cohort ontzorgen (zes maanden na huisvesting): alleen WerkSaam rapporteert dit cijfer; laat het leeg.",
      "Waarvan financieel zelfredzaam na zes maanden: alleen WerkSaam rapporteert dit cijfer; laat het leeg.",
    ]);
  });

  test("the same row twice is refused", () => {
    const result = validateReportFigures({ rows: [row(hoorn, goodValues()), row(hoorn, goodValues())], werksaam: false });
    expect(result.problems).toEqual([{ rowIndex: 1, figure: null, message: "Deze combinatie van gemeente, leerroute en doelgroep staat twee keer in de rapportage." }]);
  });

  test("a flow that does not add up is a warning that asks for an explanation, not a problem", () => {
    const result = validateReportFigures({ rows: [row(hoorn, { ...goodValues(), active: 9 })], werksaam: false, previousActive: new Map([[reportRowKey(hoorn), 10]]) });
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      { rowIndex: 0, figure: "active", message: "Actief vorige periode (10) + gestart (3) − uitgestroomd (2) = 11, maar er staan 9 deelnemers als actief gemeld. Licht het verschil toe." },
    ]);
    // the first period has no previous one: nothing to compare
    expect(validateReportFigures({ rows: [row(hoorn, { ...goodValues(), active: 9 })], werksaam: false }).warnings).toEqual([]);
  });
});

describe("euro amounts", () => {
  test.each([
    [1234.56, 123456],
    [0.1 + 0.2, 30],
    [19.99, 1999],
    [1e6, 100_000_000],
    ["1.234,56", 123456],
    ["1234,5", 123450],
    ["€ 12", 1200],
    [null, null],
    ["", null],
  ])("%o is %o cents", (value, cents) => {
    expect(parseEuroAmount(value)).toEqual({ ok: true, cents });
  });

  test.each([[12.345], [-1], ["12,345"], ["twaalf"], [Number.NaN]])("%o is refused, not rounded", (value) => {
    expect(parseEuroAmount(value).ok).toBe(false);
  });
});

describe("narrative texts", () => {
  test("a BSN-like number is refused with the reason", () => {
    const result = validateNarrativeText("Mevrouw met BSN 123.456.782 is uitgestroomd naar werk.");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain("burgerservicenummer (BSN)");
      expect(result.message).toContain("geen namen, BSN's of geboortedata");
    }
  });

  test("counts and years are fine", () => {
    expect(validateNarrativeText("In 2025 zijn 14 deelnemers gestart; 123456789 is geen BSN.")).toEqual({ ok: true });
  });
});

describe("totals across municipalities", () => {
  test("sums per route and target group, the mean score weighted by respondents", () => {
    const { rows } = validateReportFigures({
      rows: [row(hoorn, { started: 3, surveyRespondents: 8, surveyMeanScore: 7 }), row(opmeer, { started: 2, surveyRespondents: 2, surveyMeanScore: 9.5 })],
      werksaam: false,
    });
    const [total] = totalsByRouteAndTargetGroup(rows);
    expect(total).toMatchObject({ learningRoute: "b1", targetGroup: "asylumMigrant", municipalityCount: 2 });
    expect(total!.values).toMatchObject({ started: 5, surveyRespondents: 10, surveyMeanScore: 7.5, achievedKnm: null });
  });
});
