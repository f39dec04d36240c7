import { execFileSync } from "node:child_process";
import path from "node:path";
import { pdfText } from "../../../test/setup/pdf-text";
import type { Dashboard, DashboardBreakdownRow, DashboardKpi, DashboardMoneyRow, KpiMeasurement } from "./dashboard-model";
import {
  buildYearlyReportDocument,
  evaluationQuestions,
  monitoringLevelOf,
  renderYearlyReportPdf,
  SUPPRESSION_NOTE,
  yearlyReportFileName,
  type YearlyReportData,
} from "./yearly-report-pdf.server";

/** The document information (pdfinfo, beside pdftotext in poppler-utils). */
function pdfInfo(pdf: Uint8Array): string {
  const pdfinfo = path.join(path.dirname(process.env.PDFTOTEXT ?? "/usr/bin/pdftotext"), "pdfinfo");
  return execFileSync(pdfinfo, ["-enc", "UTF-8", "-"], { input: pdf }).toString("utf8");
}

const municipalities = ["Drechterland", "Enkhuizen", "Hoorn", "Koggenland", "Medemblik", "Opmeer", "Stede Broec"];
const idOf = (name: string) => `00000000-0000-4000-8000-00000000000${municipalities.indexOf(name) + 1}`;

function measured(value: number | null, display: string, status: KpiMeasurement["status"], options: { suppressed?: boolean; denominator?: string } = {}): KpiMeasurement {
  return { numerator: "0", denominator: options.denominator ?? "20", value, display, status, suppressed: options.suppressed ?? false, suppression: options.suppressed ? "small" : null };
}
const suppressedShare = measured(null, "< 5", "noData", { suppressed: true, denominator: "3" });
const noData = measured(null, "geen data", "noData", { denominator: "0" });

function kpi(code: string, name: string, target: string, measurement: KpiMeasurement, overrides: Partial<DashboardKpi> = {}): DashboardKpi {
  return {
    code,
    name,
    unit: "percent",
    target: `${target}.0000`,
    targetDisplay: `≥ ${target} %`,
    direction: "higherIsBetter",
    learningRoute: null,
    measurement,
    regional: null,
    trend: [],
    ...overrides,
  };
}

function row(label: string, flows: [number | null, number | null, number | null], kpis: Record<string, KpiMeasurement>, key = label): DashboardBreakdownRow {
  const hiddenCounts: DashboardBreakdownRow["hiddenCounts"] = {};
  (["started", "active", "ended"] as const).forEach((flow, index) => {
    if (flows[index] === null) hiddenCounts[flow] = "small";
  });
  return { key, label, started: flows[0], active: flows[1], ended: flows[2], hiddenCounts, suppressed: flows.some((value) => value === null), kpis };
}

function money(name: string, funding: number, committed: number, realised: number): DashboardMoneyRow {
  return {
    municipalityId: idOf(name),
    municipalityName: name,
    year: 2025,
    fundingCents: { implementation: 0, execution: funding, provisions: 10_000_00 },
    committedCents: committed,
    realisedCents: realised,
  };
}

/** A regional 2025 dashboard as getDashboard gives it with suppressSmallNumbers and publicRegional. */
function fixtureDashboard(): Dashboard {
  const kpis: DashboardKpi[] = [
    kpi("completedInTime.b1", "Voldaan binnen wettelijke termijn", "75", measured(71.3, "71,3 %", "atRisk"), { learningRoute: "b1" }),
    kpi("completedInTime.z", "Voldaan binnen wettelijke termijn", "90", measured(55.0, "55,0 %", "missed"), { learningRoute: "z" }),
    kpi("outflowToWork.b1", "Uitstroom naar werk", "50", measured(52.4, "52,4 %", "met"), { learningRoute: "b1" }),
    kpi("workContactYearOne", "In aanraking met werk in jaar 1", "80", measured(84.0, "84,0 %", "met")),
    kpi("localParticipation", "Participeert lokaal", "80", measured(66.7, "66,7 %", "missed")),
    kpi("clientSatisfaction", "Klantbeleving", "7", measured(7.4, "7,4", "met"), { unit: "score", targetDisplay: "≥ 7" }),
    kpi("financialSelfRelianceAfterSixMonths", "Financiën zelf beheren na 6 maanden", "75", suppressedShare),
    kpi("withinNationalFunding", "Binnen rijksbijdragen", "100", noData, { direction: "lowerIsBetter", targetDisplay: "≤ 100 %" }),
  ];
  const municipalityKpis = (completed: KpiMeasurement): Record<string, KpiMeasurement> => ({
    "completedInTime.b1": completed,
    "outflowToWork.b1": measured(50, "50,0 %", "met"),
    workContactYearOne: measured(80, "80,0 %", "met"),
    localParticipation: measured(60, "60,0 %", "missed"),
    clientSatisfaction: measured(7.1, "7,1", "met"),
    financialSelfRelianceAfterSixMonths: suppressedShare,
    withinNationalFunding: noData,
  });
  const byMunicipality = [
    row("Drechterland", [6, 9, 5], municipalityKpis(measured(70, "70,0 %", "atRisk")), idOf("Drechterland")),
    row("Enkhuizen", [null, null, null], municipalityKpis(suppressedShare), idOf("Enkhuizen")),
    row("Hoorn", [23, 41, 12], municipalityKpis(measured(78.6, "78,6 %", "met")), idOf("Hoorn")),
    row("Koggenland", [7, 8, 6], municipalityKpis(measured(71.4, "71,4 %", "atRisk")), idOf("Koggenland")),
    row("Medemblik", [14, 19, 8], municipalityKpis(measured(68.8, "68,8 %", "missed")), idOf("Medemblik")),
    row("Opmeer", [null, null, null], municipalityKpis(suppressedShare), idOf("Opmeer")),
    row("Stede Broec", [8, 10, 7], municipalityKpis(measured(75, "75,0 %", "met")), idOf("Stede Broec")),
  ];
  const rows = [
    money("Drechterland", 62_071_00, 40_000_00, 21_500_50),
    money("Enkhuizen", 63_311_00, 40_000_00, 20_000_00),
    money("Hoorn", 284_970_00, 200_000_00, 150_123_45),
    money("Koggenland", 72_019_00, 50_000_00, 90_000_00),
    money("Medemblik", 145_087_00, 100_000_00, 90_000_00),
    money("Opmeer", 36_922_00, 20_000_00, 10_000_00),
    money("Stede Broec", 71_180_00, 50_000_00, 30_000_00),
  ];
  const sum = (pick: (row: DashboardMoneyRow) => number) => rows.reduce((total, candidate) => total + pick(candidate), 0);
  return {
    filters: { year: 2025 },
    year: 2025,
    ownMunicipality: null,
    options: {
      years: [2024, 2025],
      periods: ["2025-K1", "2025-K2", "2025-K3", "2025-K4"],
      municipalities: municipalities.map((name) => ({ value: idOf(name), label: name })),
      learningRoutes: [],
      targetGroups: [],
      suppliers: [],
      contracts: [],
    },
    kpis,
    breakdowns: {
      byLearningRoute: [row("B1-route", [40, 60, 25], {}, "b1"), row("Onderwijsroute", [9, 12, 6], {}, "education"), row("Z-route", [12, 18, 8], {}, "z")],
      bySupplier: [],
      byContract: [],
      byMunicipality,
      byTargetGroup: [row("Asielmigranten (vergunninghouders)", [41, 62, 27], {}, "asylumMigrant"), row("Gezinsmigranten", [20, 28, 12], {}, "familyMigrant")],
    },
    timeliness: [
      { contractId: "c1", contractNumber: "WF-2025-B1", contractTitle: "B1-route Westfriesland", supplierName: "Taalschool Noord", due: 4, onTime: 3, late: 1, overdue: 0, onTimeDisplay: "75 %" },
    ],
    money: {
      rows,
      regionTotal: {
        year: 2025,
        fundingCents: { implementation: 0, execution: sum((candidate) => candidate.fundingCents.execution), provisions: sum((candidate) => candidate.fundingCents.provisions) },
        committedCents: sum((candidate) => candidate.committedCents),
        realisedCents: sum((candidate) => candidate.realisedCents),
      },
    },
    pages: { byMunicipality: { page: 1, pageCount: 1, totalRows: byMunicipality.length, firstRow: 1, lastRow: byMunicipality.length }, money: { page: 1, pageCount: 1, totalRows: rows.length, firstRow: 1, lastRow: rows.length } },
    performancePayment: [
      {
        contractId: "c1",
        contractNumber: "WF-2025-B1",
        supplierName: "Taalschool Noord",
        year: 2025,
        mode: "shadow",
        commitmentCents: 250_000_00,
        atStakeCents: 25_000_00,
        payoutCents: 20_833_33,
        withheldCents: 4_166_67,
        weightedScorePercent: "83,33 %",
        noDataKpis: 1,
      },
    ],
  };
}

const data: YearlyReportData = { year: 2025, producedAt: new Date("2026-02-03T09:30:00Z"), dashboard: fixtureDashboard() };

describe("renderYearlyReportPdf", () => {
  let pdf: Buffer;
  let text: string;

  beforeAll(async () => {
    pdf = await renderYearlyReportPdf(data);
    text = pdfText(pdf);
  });

  test("is a PDF with a Dutch title in its metadata", () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const definition = buildYearlyReportDocument(data);
    expect(definition.info?.title).toBe("Voortgangsrapportage inburgering 2025");
    expect(definition.language).toBe("nl-NL");
    expect(pdfInfo(pdf)).toMatch(/^Title:\s+Voortgangsrapportage inburgering 2025$/m);
    expect(pdf.toString("latin1")).toContain("/Lang (nl-NL)");
  });

  test("the title page names the report, the region, the seven municipalities, the date and the suppression rule", () => {
    expect(text).toContain("Regio Westfriesland Voortgangsrapportage inburgering 2025");
    expect(text).toContain("Gemeenten Drechterland, Enkhuizen, Hoorn, Koggenland, Medemblik, Opmeer en Stede Broec");
    expect(text).toContain("Datum van productie 3 februari 2026");
    expect(text).toContain(SUPPRESSION_NOTE);
    expect(text).toContain("Kleine aantallen (minder dan 5) zijn onderdrukt en weergegeven als “< 5”; een cijfer dat niet getoond wordt omdat anders een klein aantal");
  });

  test("has page numbers and a running header", () => {
    expect(text).toMatch(/Openbaar document · Pagina 1 van (\d+)/);
    expect(text).toContain("Voortgangsrapportage inburgering 2025 Regio Westfriesland");
  });

  test("shows the KPIs per monitoring level with target, result and Dutch status", () => {
    expect(text).toContain("2.1 Niveau 1: Voortgang inburgering van inburgeraars");
    expect(text).toContain("2.2 Niveau 2: Samenwerking regionaal/lokaal");
    expect(text).toContain("2.3 Niveau 3: Integraliteit trajecten taal/werk & participatie");
    expect(text).toContain("Voldaan binnen wettelijke termijn (B1-route) minimaal 75 % 71,3 % bijna behaald (risico)");
    expect(text).toContain("Voldaan binnen wettelijke termijn (Z-route) minimaal 90 % 55,0 % niet behaald");
    expect(text).toContain("Klantbeleving minimaal 7 7,4 behaald");
    expect(text).toContain("Binnen rijksbijdragen hoogstens 100 % geen gegevens geen gegevens");
    expect(text).toContain("Financiën zelf beheren na 6 maanden minimaal 75 % < 5 niet getoond (kleine aantallen)");
    // the levels hold their KPIs: participation under level 2, work under level 3
    // (the last occurrence: the first is in the table of contents)
    const level2 = text.slice(text.lastIndexOf("2.2 Niveau 2"), text.lastIndexOf("2.3 Niveau 3"));
    expect(level2).toContain("Participeert lokaal minimaal 80 % 66,7 % niet behaald");
    const level3 = text.slice(text.lastIndexOf("2.3 Niveau 3"), text.lastIndexOf("3 Specificatie per gemeente"));
    expect(level3).toContain("In aanraking met werk in jaar 1 minimaal 80 % 84,0 % behaald");
    expect(level3).toContain("Uitstroom naar werk (B1-route) minimaal 50 % 52,4 % behaald");
  });

  test("the specification per municipality shows each municipality's line, with small numbers as “< 5”", () => {
    expect(text).toContain("Hoorn 23 41 12");
    expect(text).toContain("Opmeer < 5 < 5 < 5");
    expect(text).toContain("Enkhuizen < 5 < 5 < 5");
    // no regional total over a table with hidden cells; the leerroute table has none, so its total is shown
    expect(text).toContain("Regio Westfriesland 61 90 39");
    expect(text).toMatch(/Voldaan binnen wettelijke termijn \(B1-route\) minimaal 75 % 70,0 % < 5 78,6 % 71,4 % 68,8 % < 5 75,0 %/);
  });

  test("the finances show funding per stream, committed and realised per municipality and for the region, in euros", () => {
    expect(text).toContain("Hoorn € 0,00 € 284.970,00 € 10.000,00 € 294.970,00");
    expect(text).toContain("Hoorn € 294.970,00 € 200.000,00 € 150.123,45 50,9 %");
    expect(text).toContain("Regio Westfriesland € 0,00 € 735.560,00 € 70.000,00 € 805.560,00");
    expect(text).toContain("Koggenland € 82.019,00 € 50.000,00 € 90.000,00 109,7 %");
    expect(text).toContain("Bij Koggenland zijn de gerealiseerde uitgaven hoger dan de eigen rijksbijdragen.");
    expect(text).toContain("WF-2025-B1 Taalschool Noord Schaduw € 250.000,00 € 25.000,00 € 20.833,33 € 4.166,67 83,33 % 1 zonder gegevens");
  });

  test("ends with the four evaluation questions of §8.2, answered honestly", () => {
    for (const [index, question] of evaluationQuestions.entries()) expect(text).toContain(`Vraag ${index + 1}. ${question}`);
    expect(text).toContain("Hoe verloopt de inburgering?");
    expect(text).toContain("Hoe ervaren de inburgeraars het inburgeringsstelsel?");
    expect(text).toContain("Past de huidige aanpak bij de doelgroepen en de financiële kaders?");
    expect(text).toContain("Zijn de beleidsdoelstellingen bereikt?");
    expect(text).toContain("Het gemiddelde rapportcijfer in de klantonderzoeken van de aanbieders is 7,4 (doel minimaal 7): behaald.");
    expect(text).toContain("Van de 8 beleidsdoelen zijn er over 2025 3 behaald, 1 bijna behaald (risico) en 2 niet behaald; van 1 zijn nog geen gegevens en 1 is wegens kleine aantallen niet getoond.");
    expect(text).toContain("volwaardige evaluatie na vier jaar");
  });

  test("says so when the data cannot answer a question yet", async () => {
    const empty = fixtureDashboard();
    empty.kpis = empty.kpis.map((candidate) => ({ ...candidate, measurement: noData }));
    const emptyText = pdfText(await renderYearlyReportPdf({ ...data, dashboard: empty }));
    expect(emptyText).toContain("Over 2025 staan nog geen uitkomsten van klantonderzoek in geaccepteerde voortgangsrapportages; met deze gegevens is de vraag nog niet te beantwoorden.");
    expect(emptyText).toContain("Over 2025 is van geen enkel beleidsdoel een resultaat te tonen; met deze gegevens is de vraag nog niet te beantwoorden.");
  });
});

test("maps every catalogue KPI to a monitoring level of §8.1", () => {
  expect(monitoringLevelOf("completedInTime.education")).toBe(1);
  expect(monitoringLevelOf("clientSatisfaction")).toBe(1);
  expect(monitoringLevelOf("localParticipation")).toBe(2);
  expect(monitoringLevelOf("withinNationalFunding")).toBe(2);
  expect(monitoringLevelOf("outflowToWorkOrEducation.z")).toBe(3);
  expect(monitoringLevelOf("workContactYearOne")).toBe(3);
  // a contract-specific KPI (absence) is about the participants' progress
  expect(monitoringLevelOf("absence")).toBe(1);
});

test("the file name carries the year", () => {
  expect(yearlyReportFileName(2025)).toBe("voortgangsrapportage-inburgering-2025.pdf");
});
