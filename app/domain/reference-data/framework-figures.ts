// Figures of the "Beleidskader Inburgering 2021–2025, regio Westfriesland", seeded exactly as
// printed (amounts in whole euros; the seed stores cents). Section numbers refer to the framework.

export const westfriesland = { code: "westfriesland", name: "Westfriesland" } as const;

export interface MunicipalityFigures {
  name: string;
  cbsCode: string;
  /** Figure 3: housing quota 2020, first and second half year. */
  housingQuota2020: readonly [number, number];
  /** Figure 4: national funding in euros: 2020 implementation money, 2021–2023 execution money. */
  funding: { 2020: number; 2021: number; 2022: number; 2023: number };
}

export const municipalityFigures: readonly MunicipalityFigures[] = [
  { name: "Drechterland", cbsCode: "GM0498", housingQuota2020: [7, 8], funding: { 2020: 39_013, 2021: 25_386, 2022: 56_422, 2023: 62_071 } },
  { name: "Enkhuizen", cbsCode: "GM0388", housingQuota2020: [6, 7], funding: { 2020: 36_843, 2021: 25_893, 2022: 57_549, 2023: 63_311 } },
  { name: "Hoorn", cbsCode: "GM0405", housingQuota2020: [23, 27], funding: { 2020: 145_335, 2021: 116_550, 2022: 259_035, 2023: 284_970 } },
  { name: "Koggenland", cbsCode: "GM1598", housingQuota2020: [8, 9], funding: { 2020: 45_266, 2021: 29_455, 2022: 65_465, 2023: 72_019 } },
  { name: "Medemblik", cbsCode: "GM1911", housingQuota2020: [14, 17], funding: { 2020: 89_205, 2021: 59_339, 2022: 131_882, 2023: 145_087 } },
  { name: "Opmeer", cbsCode: "GM0420", housingQuota2020: [4, 5], funding: { 2020: 23_449, 2021: 15_101, 2022: 33_562, 2023: 36_922 } },
  { name: "Stede Broec", cbsCode: "GM0532", housingQuota2020: [7, 8], funding: { 2020: 43_212, 2021: 29_112, 2022: 64_702, 2023: 71_180 } },
];

/** Printed totals of figure 4, for checking the seed against the framework. */
export const printedFundingTotals = { 2020: 422_323, 2021: 300_836, 2022: 668_617, 2023: 735_560, all: 2_127_336 } as const;

export interface KpiSeed {
  code: string;
  name: string;
  definition: string;
  learningRoute: "b1" | "education" | "z" | null;
  scope: string;
  unit: "percent" | "score";
  target: string;
  direction: "higherIsBetter" | "lowerIsBetter";
  source: string;
  note?: string;
}

/** The policy goals of §6 as KPIs. */
export const policyKpis: readonly KpiSeed[] = [
  {
    code: "completedInTime.b1",
    name: "Voldaan binnen wettelijke termijn",
    definition: "Van de inburgeraars van wie de termijn van drie jaar is verstreken: het aandeel dat binnen de termijn aan de inburgeringsplicht heeft voldaan.",
    learningRoute: "b1",
    scope: "B1-route",
    unit: "percent",
    target: "75",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "completedInTime.education",
    name: "Voldaan binnen wettelijke termijn",
    definition: "Van de inburgeraars van wie de termijn van drie jaar is verstreken: het aandeel dat binnen de termijn aan de inburgeringsplicht heeft voldaan.",
    learningRoute: "education",
    scope: "Onderwijsroute",
    unit: "percent",
    target: "80",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "completedInTime.z",
    name: "Voldaan binnen wettelijke termijn",
    definition: "Van de inburgeraars van wie de termijn van drie jaar is verstreken: het aandeel dat binnen de termijn aan de inburgeringsplicht heeft voldaan.",
    learningRoute: "z",
    scope: "Z-route",
    unit: "percent",
    target: "90",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
    note: "§6.2 noemt 90 %; de figuur in §6.1 toont 80 %. Overgenomen is 90 % uit de toelichting in §6.2.",
  },
  {
    code: "outflowToWork.b1",
    name: "Uitstroom naar werk",
    definition: "Het aandeel inburgeraars dat na drie jaar werk heeft.",
    learningRoute: "b1",
    scope: "B1-route",
    unit: "percent",
    target: "50",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "outflowToWorkOrEducation.education",
    name: "Uitstroom naar werk of ander onderwijs",
    definition: "Het aandeel inburgeraars dat na drie jaar werk heeft of een vervolgopleiding volgt (werk en onderwijs worden apart gerapporteerd).",
    learningRoute: "education",
    scope: "Onderwijsroute",
    unit: "percent",
    target: "50",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "outflowToWorkOrEducation.z",
    name: "Uitstroom naar werk of onderwijs",
    definition: "Het aandeel inburgeraars dat na drie jaar werk heeft of onderwijs volgt (werk en onderwijs worden apart gerapporteerd).",
    learningRoute: "z",
    scope: "Z-route",
    unit: "percent",
    target: "65",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "workContactYearOne",
    name: "In aanraking met werk in jaar 1",
    definition: "Het aandeel inburgeraars dat in het eerste jaar in aanraking komt met werk, inclusief werkervaringsplaatsen en vrijwilligerswerk.",
    learningRoute: null,
    scope: "Alle leerroutes",
    unit: "percent",
    target: "80",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "localParticipation",
    name: "Participeert lokaal",
    definition: "Het aandeel inburgeraars dat deelneemt aan lokaal aanbod (taalmaatje, sport, vrijwilligerswerk).",
    learningRoute: null,
    scope: "Alle leerroutes",
    unit: "percent",
    target: "80",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "clientSatisfaction",
    name: "Klantbeleving",
    definition: "Het gemiddelde rapportcijfer (1–10) in het jaarlijkse klantonderzoek dat elke aanbieder uitvoert.",
    learningRoute: null,
    scope: "Alle leerroutes",
    unit: "score",
    target: "7",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "financialSelfRelianceAfterSixMonths",
    name: "Financiën zelf beheren na 6 maanden",
    definition: "Van de inburgeraars in financieel ontzorgen: het aandeel dat zes maanden na huisvesting de eigen financiën beheert. Volledige financiële zelfredzaamheid is het doel na anderhalf jaar.",
    learningRoute: null,
    scope: "Financieel ontzorgen (WerkSaam)",
    unit: "percent",
    target: "75",
    direction: "higherIsBetter",
    source: "Beleidskader §6.2",
  },
  {
    code: "withinNationalFunding",
    name: "Binnen rijksbijdragen",
    definition: "De uitgaven als percentage van de rijksbijdragen, regionaal en per gemeente; het doel is niet meer uit te geven dan de rijksbijdragen.",
    learningRoute: null,
    scope: "Financiën",
    unit: "percent",
    target: "100",
    direction: "lowerIsBetter",
    source: "Beleidskader §6.2 en §7.1",
  },
];
