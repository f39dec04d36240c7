// The yearly progress report ("Voortgangsrapportage inburgering <jaar>") for the colleges and the
// councils of the seven municipalities (issue 7 item 4; beleidskader §8.1 and §8.2).
//
// §8.2: after the first year a yearly progress report goes to the colleges and the councils; a
// full evaluation follows after four years, around four questions. §8.1: monitoring has three
// levels. The report therefore has, per monitoring level, the policy goals (KPIs) against their
// targets, a specification per municipality (§8.1: "specificaties per gemeente"), the finances
// (§8.1: "in ieder geval informatie over de beleidsdoelstellingen en de financiën") and the four
// evaluation questions, answered from the figures where they can be and saying so where not.
//
// It is a public document (domain.md §5): it is built from a dashboard that getDashboard produced
// with every small number suppressed, and it never derives a count of its own that could undo
// that (no totals over a table in which a cell was suppressed, no numerators of shares).
//
// Rendering is a pure function of YearlyReportData, so the document can be tested from a fixture;
// produceYearlyReport (yearly-report.server.ts) fetches the data (authorisation happens in
// getDashboard).
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { amsterdamDateOf } from "../../utils/amsterdam-time";
import { formatCalendarDate, formatEuroCents, formatNumber, formatTarget } from "../../utils/format";
import { keepHeadingsWithTheirText, pageNumberFooter, printable, renderPdf, toWinAnsi } from "../../utils/pdf.server";
import type { KpiStatus } from "../performance/performance-payment";
import { learningRouteLabels } from "../reports/report-figures";
import type { Dashboard, DashboardBreakdownRow, DashboardKpi, DashboardMoneyRow, FundingStream, KpiMeasurement } from "./dashboard-model";
import { suppressedDisplay, type Suppression } from "./suppression";

export interface YearlyReportData {
  year: number;
  /** When the document was produced (shown on the title page as a Dutch date). */
  producedAt: Date;
  /** A regional dashboard of the year, with every small number suppressed. */
  dashboard: Dashboard;
}

// ------------------------------------------------------------------------ monitoring levels

export type MonitoringLevel = 1 | 2 | 3;

/** The three levels of §8.1, with the framework's own wording and what the report measures there. */
export const monitoringLevels: readonly { level: MonitoringLevel; title: string; framework: string; about: string }[] = [
  {
    level: 1,
    title: "Voortgang inburgering van inburgeraars",
    framework: "Op voortgang inburgering van inburgeraars",
    about:
      "Hoe inburgeraars vorderen in hun leerroute: hoeveel er zijn gestart, actief zijn en zijn uitgestroomd, hoeveel er binnen de wettelijke termijn aan hun inburgeringsplicht voldoen, of zij na financieel ontzorgen hun eigen financiën beheren en hoe zij hun traject waarderen.",
  },
  {
    level: 2,
    title: "Samenwerking regionaal/lokaal",
    framework: "Op samenwerking regionaal/lokaal",
    about:
      "Hoe de regionale aanpak (het regionale inburgeringsteam van WerkSaam en de ingekochte leerroutes) en het lokale aanbod van de gemeenten samenwerken: deelname aan lokaal aanbod, de gezamenlijke financiën en of de samenwerkings- en contractpartners hun voortgangsrapportages op tijd indienen.",
  },
  {
    level: 3,
    title: "Integraliteit trajecten taal/werk & participatie",
    framework: "Op integraliteit trajecten taal/werk & participatie",
    about: "Of taal, werk en participatie in de trajecten samengaan (dualiteit): contact met werk in het eerste jaar en uitstroom naar werk of onderwijs na drie jaar.",
  },
];

/**
 * Which monitoring level (§8.1) each KPI of the catalogue reports on. Route-specific codes
 * ("completedInTime.b1") are looked up by the part before the dot.
 *
 * - 1 participants' progress: completing the obligation in time (the outcome of the route
 *   itself), financial self-reliance after ontzorgen (the participant's own progress towards
 *   self-reliance, §6.2) and the client score (how participants experience their route, the
 *   "klantervaring" §8.2 asks the yearly report to look at).
 * - 2 cooperation regional/local: taking part in local offerings (the link between the regional
 *   route and what each municipality offers locally, appendix 1) and staying within the national
 *   funding (the municipalities pool the money regionally, §7.1).
 * - 3 integrated language/work/participation: contact with work in year one (dualiteit) and
 *   outflow to work or education after three years.
 * A KPI the catalogue does not know (a contract-specific one, such as absence or waiting time)
 * is about how participants progress through their route: level 1.
 */
export const kpiMonitoringLevels: Readonly<Record<string, MonitoringLevel>> = {
  completedInTime: 1,
  financialSelfRelianceAfterSixMonths: 1,
  clientSatisfaction: 1,
  localParticipation: 2,
  withinNationalFunding: 2,
  workContactYearOne: 3,
  outflowToWork: 3,
  outflowToWorkOrEducation: 3,
};

export function monitoringLevelOf(kpiCode: string): MonitoringLevel {
  return kpiMonitoringLevels[kpiCode] ?? kpiMonitoringLevels[kpiCode.split(".")[0]!] ?? 1;
}

/** The four questions of the evaluation, quoted from §8.2. */
export const evaluationQuestions = [
  "Hoe verloopt de inburgering?",
  "Hoe ervaren de inburgeraars het inburgeringsstelsel?",
  "Past de huidige aanpak bij de doelgroepen en de financiële kaders?",
  "Zijn de beleidsdoelstellingen bereikt?",
] as const;

// ------------------------------------------------------------------------------- formatting

export const REGION_NAME = "Regio Westfriesland";
export const SUPPRESSION_NOTE =
  "Kleine aantallen (minder dan 5) zijn onderdrukt en weergegeven als “< 5”; een cijfer dat niet getoond wordt omdat anders een klein aantal uit het totaal te berekenen is, staat als “x”.";

export const kpiStatusLabels: Record<KpiStatus, string> = {
  met: "behaald",
  atRisk: "bijna behaald (risico)",
  missed: "niet behaald",
  noData: "geen gegevens",
};
/** A suppressed value has a status too, but saying "behaald" of 4 people would tell about them. */
const SUPPRESSED_STATUS = "niet getoond (kleine aantallen)";

export function yearlyReportTitle(year: number): string {
  return `Voortgangsrapportage inburgering ${year}`;
}

export function yearlyReportFileName(year: number): string {
  return `voortgangsrapportage-inburgering-${year}.pdf`;
}

function kpiLabel(kpi: DashboardKpi): string {
  return kpi.learningRoute ? `${kpi.name} (${learningRouteLabels[kpi.learningRoute]})` : kpi.name;
}

/** "minimaal 75 %", "hoogstens 100 %": words instead of "≥", which the standard fonts lack. */
function targetText(kpi: DashboardKpi): string {
  return `${kpi.direction === "lowerIsBetter" ? "hoogstens" : "minimaal"} ${formatTarget(kpi.target, kpi.unit)}`;
}

function achievedText(measurement: KpiMeasurement | undefined): string {
  if (!measurement) return "n.v.t.";
  if (measurement.suppression) return suppressedDisplay[measurement.suppression];
  if (measurement.value === null) return "geen gegevens";
  return measurement.display;
}

function statusText(measurement: KpiMeasurement): string {
  return measurement.suppressed ? SUPPRESSED_STATUS : kpiStatusLabels[measurement.status];
}

function countText(value: number | null, suppression: Suppression | undefined): string {
  if (value === null) return suppression ? suppressedDisplay[suppression] : "–";
  return formatNumber(value);
}

const percentFormat = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function shareOf(part: number, whole: number): string {
  return whole > 0 ? `${percentFormat.format((part / whole) * 100)} %` : "–";
}

function fundingTotal(row: Pick<DashboardMoneyRow, "fundingCents">): number {
  return row.fundingCents.implementation + row.fundingCents.execution + row.fundingCents.provisions;
}

/** "a, b en c". */
function dutchList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} en ${items[items.length - 1]}`;
}

type Flow = "started" | "active" | "ended";

/**
 * The regional total of a flow count, only from a breakdown in which nothing was suppressed: a
 * total over a table with a hidden cell would let a reader compute that cell (or, with the cell
 * unknown, could not be made at all). Null when no breakdown allows it.
 */
function regionalFlow(dashboard: Dashboard, flow: Flow): number | null {
  for (const rows of [dashboard.breakdowns.byLearningRoute, dashboard.breakdowns.byMunicipality, dashboard.breakdowns.byTargetGroup]) {
    if (rows.length === 0 || rows.some((row) => row.suppressed || row[flow] === null)) continue;
    return rows.reduce((sum, row) => sum + (row[flow] ?? 0), 0);
  }
  return null;
}

// ---------------------------------------------------------------------------------- building

interface Outline {
  chapter(title: string, options?: { newPage?: boolean }): Content;
  section(title: string): Content;
}

function createOutline(): Outline {
  let chapter = 0;
  let section = 0;
  return {
    chapter(title, options = {}) {
      chapter += 1;
      section = 0;
      return { text: `${chapter}  ${title}`, style: "h1", tocItem: true, headlineLevel: 1, ...(options.newPage ? { pageBreak: "before" as const } : {}) };
    },
    section(title) {
      section += 1;
      return { text: `${chapter}.${section}  ${title}`, style: "h2", tocItem: true, tocMargin: [14, 0, 0, 0], headlineLevel: 1 };
    },
  };
}

function headerCells(cells: string[], rightFrom = 1): TableCell[] {
  return cells.map((text, index) => ({ text, style: "tableHeader", ...(index >= rightFrom ? { alignment: "right" as const } : {}) }));
}

function right(text: string, extra: Record<string, unknown> = {}): TableCell {
  return { text, alignment: "right", ...extra };
}

function table(widths: (string | number)[], head: TableCell[], rows: TableCell[][]): Content {
  return { table: { headerRows: 1, dontBreakRows: true, widths, body: [head, ...rows] }, layout: "lightHorizontalLines", style: "table" };
}

function municipalityNames(dashboard: Dashboard): string[] {
  const names = new Set<string>(dashboard.options.municipalities.map((option) => option.label));
  for (const row of dashboard.money.rows) names.add(row.municipalityName);
  for (const row of dashboard.breakdowns.byMunicipality) names.add(row.label);
  return [...names].sort((a, b) => a.localeCompare(b, "nl"));
}

function titlePage(data: YearlyReportData): Content[] {
  const municipalities = municipalityNames(data.dashboard);
  return [
    { text: REGION_NAME, style: "kicker", margin: [0, 120, 0, 8] },
    { text: yearlyReportTitle(data.year), style: "title" },
    {
      text: `Voortgang van de inburgering, de samenwerking en de financiën over ${data.year}, voor de colleges van burgemeester en wethouders en de gemeenteraden (beleidskader inburgering, §8.2).`,
      style: "subtitle",
    },
    {
      table: {
        widths: [110, "*"],
        body: [
          [{ text: "Gemeenten", bold: true }, municipalities.length ? dutchList(municipalities) : "–"],
          [{ text: "Verslagjaar", bold: true }, String(data.year)],
          [{ text: "Datum van productie", bold: true }, formatCalendarDate(amsterdamDateOf(data.producedAt))],
          [{ text: "Bron", bold: true }, "Geaccepteerde voortgangsrapportages van de aanbieders, contractregister en rijksbijdragen in het Leerrouteportaal Westfriesland"],
          [{ text: "Openbaarheid", bold: true }, "Openbaar document"],
        ],
      },
      layout: "noBorders",
      margin: [0, 24, 0, 16],
    },
    { text: SUPPRESSION_NOTE, style: "emphasis" },
    {
      text: "Een aandeel (percentage) waarvan de noemer kleiner is dan 5 is op dezelfde manier onderdrukt. Waar een onderdrukt aantal uit een totaal zou kunnen worden afgeleid, is ook een tweede cel onderdrukt; totalen staan alleen waar geen enkel onderdeel is onderdrukt.",
      style: "muted",
    },
  ];
}

function aboutPart(data: YearlyReportData, outline: Outline): Content[] {
  const { dashboard, year } = data;
  const counts = statusCounts(dashboard.kpis);
  return [
    outline.chapter("Over deze rapportage", { newPage: true }),
    {
      text: `Het beleidskader inburgering Westfriesland 2021–2025 (§8.2) vraagt na het eerste jaar om een jaarlijkse voortgangsrapportage aan de colleges en de gemeenteraden, gericht op integraliteit, dualiteit en de klantervaring. Deze rapportage over ${year} volgt de drie niveaus waarop de Westfriese gemeenten monitoren (§8.1), geeft een specificatie per gemeente en de financiën, en sluit af met de vier vragen van de evaluatie.`,
      style: "paragraph",
    },
    {
      text: "De cijfers komen uit de voortgangsrapportages die de contractmanager heeft geaccepteerd (van elke rapportage de laatste, geaccepteerde versie). Een beleidsdoel is per indicator gemeten als de som van de tellers gedeeld door de som van de noemers over het jaar, dezelfde rekenregel als bij de prestatiebekostiging.",
      style: "paragraph",
    },
    { text: "Status van een beleidsdoel", style: "h3" },
    {
      ul: [
        "behaald: het doel is gehaald;",
        "bijna behaald (risico): het doel is niet gehaald, maar het resultaat ligt binnen 10 % van het doel;",
        "niet behaald: het resultaat ligt verder van het doel af;",
        "geen gegevens: er zijn over dit jaar geen geaccepteerde cijfers voor deze indicator;",
        `${SUPPRESSED_STATUS}: de noemer is kleiner dan 5, zodat het resultaat niet wordt getoond.`,
      ],
      style: "paragraph",
    },
    { text: "Samenvatting", style: "h3" },
    {
      text:
        dashboard.kpis.length === 0
          ? `Over ${year} zijn geen beleidsdoelen gemeten.`
          : `Van de ${dashboard.kpis.length} gemeten beleidsdoelen zijn er ${statusSummary(counts)}.`,
      style: "paragraph",
    },
  ];
}

function statusCounts(kpis: DashboardKpi[]): Record<KpiStatus | "suppressed", number> {
  const counts = { met: 0, atRisk: 0, missed: 0, noData: 0, suppressed: 0 };
  for (const kpi of kpis) {
    if (kpi.measurement.suppressed) counts.suppressed += 1;
    else counts[kpi.measurement.status] += 1;
  }
  return counts;
}

function kpiTable(kpis: DashboardKpi[]): Content {
  return table(
    ["*", 80, 62, 95],
    headerCells(["Beleidsdoel", "Doel", "Behaald", "Status"]),
    kpis.map((kpi) => [kpiLabel(kpi), targetText(kpi), right(achievedText(kpi.measurement)), statusText(kpi.measurement)]),
  );
}

function flowTable(firstColumn: string, rows: DashboardBreakdownRow[], totalLabel: string | null, dashboard: Dashboard): Content {
  const body: TableCell[][] = rows.map((row) => [
    row.label,
    right(countText(row.started, row.hiddenCounts.started)),
    right(countText(row.active, row.hiddenCounts.active)),
    right(countText(row.ended, row.hiddenCounts.ended)),
  ]);
  if (totalLabel) {
    const total = (flow: Flow) => {
      const value = regionalFlow(dashboard, flow);
      return value === null ? "–" : formatNumber(value);
    };
    body.push([{ text: totalLabel, bold: true }, right(total("started"), { bold: true }), right(total("active"), { bold: true }), right(total("ended"), { bold: true })]);
  }
  return table(["*", 70, 70, 70], headerCells([firstColumn, "Gestart", "Actief", "Uitgestroomd"]), body);
}

function levelsPart(data: YearlyReportData, outline: Outline): Content[] {
  const { dashboard, year } = data;
  const parts: Content[] = [
    outline.chapter("Beleidsdoelen per monitoringsniveau", { newPage: true }),
    {
      text: `De Westfriese gemeenten monitoren op drie niveaus (beleidskader §8.1). Per niveau staan hieronder de beleidsdoelen (§6.2) met hun doel en het resultaat over ${year} voor de hele regio.`,
      style: "paragraph",
    },
  ];
  for (const level of monitoringLevels) {
    const kpis = dashboard.kpis.filter((kpi) => monitoringLevelOf(kpi.code) === level.level);
    parts.push(outline.section(`Niveau ${level.level}: ${level.title}`));
    parts.push({ text: [{ text: "Beleidskader §8.1: ", italics: true }, { text: `“${level.framework}”. `, italics: true }, level.about], style: "paragraph" });
    parts.push(kpis.length ? kpiTable(kpis) : { text: `Voor dit niveau zijn over ${year} geen beleidsdoelen gemeten.`, style: "muted" });
    if (level.level === 1) {
      parts.push({ text: "Instroom en uitstroom per leerroute", style: "h3" });
      parts.push(
        dashboard.breakdowns.byLearningRoute.length
          ? flowTable("Leerroute", dashboard.breakdowns.byLearningRoute, REGION_NAME, dashboard)
          : { text: `Over ${year} zijn geen geaccepteerde aantallen.`, style: "muted" },
      );
      if (dashboard.breakdowns.byTargetGroup.length) {
        parts.push({ text: "Per doelgroep", style: "h3" });
        parts.push(flowTable("Doelgroep", dashboard.breakdowns.byTargetGroup, null, dashboard));
      }
    }
    if (level.level === 2) parts.push(...timelinessPart(data));
  }
  return parts;
}

/** §8.1: WerkSaam, language schools and volunteer organisations report progress; on time? */
function timelinessPart(data: YearlyReportData): Content[] {
  const rows = data.dashboard.timeliness;
  const parts: Content[] = [{ text: "Voortgangsrapportages van de samenwerkings- en contractpartners", style: "h3" }];
  if (rows.length === 0) return [...parts, { text: `Over ${data.year} waren nog geen voortgangsrapportages verschuldigd.`, style: "muted" }];
  parts.push({
    text: "Per contract: hoeveel rapportages over het jaar verschuldigd waren (de inleverdatum is verstreken), hoeveel op tijd en te laat zijn ingediend en hoeveel nog ontbreken.",
    style: "muted",
  });
  parts.push(
    table(
      ["*", 56, 42, 42, 50, 50],
      headerCells(["Contract en aanbieder", "Verschuldigd", "Op tijd", "Te laat", "Ontbreekt", "Op tijd (%)"]),
      rows.map((row) => [
        { stack: [{ text: `${row.contractNumber} ${row.contractTitle}` }, { text: row.supplierName, style: "fine" }] },
        right(formatNumber(row.due)),
        right(formatNumber(row.onTime)),
        right(formatNumber(row.late)),
        right(formatNumber(row.overdue)),
        right(row.onTimeDisplay),
      ]),
    ),
  );
  return parts;
}

function municipalityPart(data: YearlyReportData, outline: Outline): Content[] {
  const { dashboard, year } = data;
  const rows = dashboard.breakdowns.byMunicipality;
  const parts: Content[] = [
    outline.chapter("Specificatie per gemeente", { newPage: true }),
    {
      text: `De aantallen en beleidsdoelen over ${year} per gemeente (beleidskader §8.1: de rapportages bevatten specificaties per gemeente). ${SUPPRESSION_NOTE}`,
      style: "paragraph",
    },
    outline.section("Instroom en uitstroom per gemeente"),
  ];
  if (rows.length === 0) return [...parts, { text: `Over ${year} zijn geen geaccepteerde aantallen per gemeente.`, style: "muted" }];
  parts.push(flowTable("Gemeente", rows, REGION_NAME, dashboard));

  // on a landscape page: seven municipality columns beside the KPI's name stay readable there
  parts.push({ ...(outline.section("Beleidsdoelen per gemeente") as object), pageBreak: "before", pageOrientation: "landscape" } as Content);
  if (dashboard.kpis.length === 0) return [...parts, { text: `Over ${year} zijn geen beleidsdoelen gemeten.`, style: "muted" }];
  parts.push({ text: "Het resultaat per gemeente; n.v.t.: het beleidsdoel hoort bij een leerroute die in de gemeente niet is gerapporteerd.", style: "muted" });
  // seven municipalities fit beside the KPI's name on A4; more (another region) go in chunks
  const perTable = 7;
  for (let start = 0; start < rows.length; start += perTable) {
    const chunk = rows.slice(start, start + perTable);
    parts.push(
      table(
        ["*", ...chunk.map(() => 62)],
        headerCells(["Beleidsdoel (doel)", ...chunk.map((row) => row.label)]),
        dashboard.kpis.map((kpi) => [
          { stack: [{ text: kpiLabel(kpi) }, { text: targetText(kpi), style: "fine" }] },
          ...chunk.map((row) => right(achievedText(row.kpis[kpi.code]))),
        ]),
      ),
    );
  }
  return parts;
}

const fundingStreamLabels: Record<FundingStream, string> = {
  implementation: "Invoeringsgelden",
  execution: "Uitvoeringsgelden",
  provisions: "Voorzieningen",
};

function financePart(data: YearlyReportData, outline: Outline): Content[] {
  const { dashboard, year } = data;
  const { rows, regionTotal } = dashboard.money;
  const streams = Object.keys(fundingStreamLabels) as FundingStream[];
  const parts: Content[] = [
    { ...(outline.chapter("Financiën", { newPage: true }) as object), pageOrientation: "portrait" } as Content,
    {
      text: `De rijksbijdragen over ${year} per stroom, wat daarvan in contracten is vastgelegd (de budgetten van de lopende en afgelopen contracten) en wat is gerealiseerd (de gefactureerde bedragen in de geaccepteerde voortgangsrapportages). De gemeenten bundelen de middelen regionaal (§7.1); elke gemeente ziet haar eigen positie. Het beleidsdoel is niet meer uit te geven dan de rijksbijdragen.`,
      style: "paragraph",
    },
    outline.section("Rijksbijdragen per stroom"),
    table(
      ["*", 78, 78, 84, 84],
      headerCells(["Gemeente", ...streams.map((stream) => fundingStreamLabels[stream]), "Totaal"]),
      [
        ...rows.map((row) => [row.municipalityName, ...streams.map((stream) => right(formatEuroCents(row.fundingCents[stream]))), right(formatEuroCents(fundingTotal(row)))]),
        [
          { text: REGION_NAME, bold: true },
          ...streams.map((stream) => right(formatEuroCents(regionTotal.fundingCents[stream]), { bold: true })),
          right(formatEuroCents(fundingTotal(regionTotal)), { bold: true }),
        ],
      ],
    ),
    {
      text: "Voorzieningen: de specifieke uitkering voor de inburgeringsvoorzieningen (leerroutes, maatschappelijke begeleiding, tolken, KNM, MAP en PVT).",
      style: "muted",
    },
    outline.section("Vastgelegd en gerealiseerd"),
    table(
      ["*", 84, 84, 84, 70],
      headerCells(["Gemeente", "Rijksbijdragen", "Vastgelegd", "Gerealiseerd", "Gerealiseerd t.o.v. rijksbijdragen"]),
      [
        ...rows.map((row) => [
          row.municipalityName,
          right(formatEuroCents(fundingTotal(row))),
          right(formatEuroCents(row.committedCents)),
          right(formatEuroCents(row.realisedCents)),
          right(shareOf(row.realisedCents, fundingTotal(row))),
        ]),
        [
          { text: REGION_NAME, bold: true },
          right(formatEuroCents(fundingTotal(regionTotal)), { bold: true }),
          right(formatEuroCents(regionTotal.committedCents), { bold: true }),
          right(formatEuroCents(regionTotal.realisedCents), { bold: true }),
          right(shareOf(regionTotal.realisedCents, fundingTotal(regionTotal)), { bold: true }),
        ],
      ],
    ),
    { text: fundingJudgement(data), style: "paragraph" },
    ...performancePaymentPart(data, outline),
  ];
  return parts;
}

function fundingJudgement({ dashboard, year }: YearlyReportData): string {
  const total = dashboard.money.regionTotal;
  const funding = fundingTotal(total);
  if (funding === 0) {
    return `Voor ${year} zijn in het portaal geen rijksbijdragen vastgelegd; of de uitgaven binnen de rijksbijdragen blijven, is daarom niet te beoordelen.`;
  }
  const realised =
    total.realisedCents <= funding
      ? `De gerealiseerde uitgaven (${formatEuroCents(total.realisedCents)}, ${shareOf(total.realisedCents, funding)}) blijven regionaal binnen de rijksbijdragen van ${formatEuroCents(funding)}.`
      : `De gerealiseerde uitgaven (${formatEuroCents(total.realisedCents)}) zijn regionaal ${formatEuroCents(total.realisedCents - funding)} hoger dan de rijksbijdragen van ${formatEuroCents(funding)}.`;
  const committed =
    total.committedCents > funding
      ? ` De in contracten vastgelegde budgetten (${formatEuroCents(total.committedCents)}) zijn hoger dan de rijksbijdragen: een aandachtspunt voor de financiële kaders.`
      : "";
  const over = dashboard.money.rows.filter((row) => fundingTotal(row) > 0 && row.realisedCents > fundingTotal(row)).map((row) => row.municipalityName);
  const perMunicipality = over.length ? ` Bij ${dutchList(over)} zijn de gerealiseerde uitgaven hoger dan de eigen rijksbijdragen.` : "";
  return realised + committed + perMunicipality;
}

function performancePaymentPart(data: YearlyReportData, outline: Outline): Content[] {
  const rows = data.dashboard.performancePayment;
  const parts: Content[] = [
    outline.section("Prestatiebekostiging"),
    {
      text: "Een deel van het leerroutebudget (standaard 10 %) hangt af van de resultaten op de beleidsdoelen (§7.1.1). Landelijk is prestatiebekostiging nog niet ingevoerd: zolang zij voor een contract nog niet geldt, staat er een schaduwberekening, ter informatie; er wordt dan niets ingehouden.",
      style: "paragraph",
    },
  ];
  if (rows.length === 0) return [...parts, { text: `Over ${data.year} is voor geen enkel contract prestatiebekostiging berekend.`, style: "muted" }];
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
  parts.push(
    table(
      ["*", 50, 62, 60, 60, 58, 48],
      headerCells(["Contract en aanbieder", "Berekening", "Budget", "Afhankelijk van prestatie", "Uit te betalen", "Ingehouden", "Score"], 2),
      [
        ...rows.map((row): TableCell[] => [
          { stack: [{ text: row.contractNumber }, { text: row.supplierName, style: "fine" }] },
          row.mode === "live" ? "Toegepast" : "Schaduw",
          right(formatEuroCents(row.commitmentCents)),
          right(formatEuroCents(row.atStakeCents)),
          right(formatEuroCents(row.payoutCents)),
          right(formatEuroCents(row.withheldCents)),
          {
            stack: [{ text: row.weightedScorePercent, alignment: "right" }, ...(row.noDataKpis ? [{ text: `${row.noDataKpis} zonder gegevens`, style: "fine", alignment: "right" } as Content] : [])],
          },
        ]),
        [
          { text: "Totaal", bold: true },
          "",
          right(formatEuroCents(sum((row) => row.commitmentCents)), { bold: true }),
          right(formatEuroCents(sum((row) => row.atStakeCents)), { bold: true }),
          right(formatEuroCents(sum((row) => row.payoutCents)), { bold: true }),
          right(formatEuroCents(sum((row) => row.withheldCents)), { bold: true }),
          "",
        ],
      ],
    ),
  );
  if (rows.some((row) => row.noDataKpis > 0)) {
    parts.push({ text: "Een beleidsdoel zonder geaccepteerde cijfers over het jaar telt in de score als 0 (“zonder gegevens”).", style: "muted" });
  }
  return parts;
}

function sentenceFor(kpi: DashboardKpi): string {
  const measurement = kpi.measurement;
  if (measurement.suppressed) return `${kpiLabel(kpi)}: wegens kleine aantallen niet getoond (doel ${targetText(kpi)}).`;
  if (measurement.value === null) return `${kpiLabel(kpi)}: nog geen gegevens (doel ${targetText(kpi)}).`;
  return `${kpiLabel(kpi)}: ${measurement.display} (doel ${targetText(kpi)}), ${kpiStatusLabels[measurement.status]}.`;
}

function evaluationPart(data: YearlyReportData, outline: Outline): Content[] {
  const { year } = data;
  const parts: Content[] = [
    outline.chapter("De vier evaluatievragen", { newPage: true }),
    {
      text: `Het beleidskader (§8.2) noemt vier vragen die in de volwaardige evaluatie centraal staan. Die evaluatie volgt na vier jaar, omdat inburgeraars drie jaar de tijd hebben om aan hun inburgeringsplicht te voldoen. Deze voortgangsrapportage vervangt haar niet: per vraag staat hieronder wat de cijfers over ${year} er al over zeggen, en waar de gegevens nog geen antwoord geven.`,
      style: "paragraph",
    },
  ];
  const answers: Content[][] = [answerProgress(data), answerExperience(data), answerFit(data), answerGoals(data)];
  evaluationQuestions.forEach((question, index) => {
    parts.push({ text: `Vraag ${index + 1}. ${question}`, style: "h3", headlineLevel: 1 });
    parts.push(...answers[index]!);
  });
  return parts;
}

function answerProgress({ dashboard, year }: YearlyReportData): Content[] {
  const parts: Content[] = [];
  const started = regionalFlow(dashboard, "started");
  const active = regionalFlow(dashboard, "active");
  const ended = regionalFlow(dashboard, "ended");
  if (started === null && active === null && ended === null) {
    parts.push({
      text:
        dashboard.breakdowns.byLearningRoute.length === 0
          ? `Over ${year} zijn nog geen geaccepteerde aantallen, zodat niet te zeggen is hoeveel inburgeraars zijn gestart of uitgestroomd.`
          : "De regionale aantallen gestarte, actieve en uitgestroomde inburgeraars zijn wegens kleine aantallen niet als totaal te tonen; zie de tabellen per leerroute en per gemeente.",
      style: "paragraph",
    });
  } else {
    const show = (value: number | null) => (value === null ? "niet te tonen" : formatNumber(value));
    parts.push({
      text: `Volgens de geaccepteerde voortgangsrapportages over ${year}: gestart ${show(started)}, actief ${show(active)}, uitgestroomd ${show(ended)} (regio).`,
      style: "paragraph",
    });
  }
  const kpis = dashboard.kpis.filter((kpi) => kpi.code !== "clientSatisfaction" && monitoringLevelOf(kpi.code) !== 2);
  if (kpis.length) parts.push({ ul: kpis.map(sentenceFor), style: "paragraph" });
  const outcomes = kpis.filter((kpi) => /^(completedInTime|outflowTo)/.test(kpi.code));
  if (outcomes.length === 0 || outcomes.some((kpi) => kpi.measurement.value === null)) {
    parts.push({
      text: "Of inburgeraars binnen de wettelijke termijn voldoen en waarheen zij na drie jaar uitstromen, is pas te meten zodra de termijn van drie jaar van een groep is verstreken; waar die gegevens nog ontbreken, kan deze vraag nog maar ten dele worden beantwoord.",
      style: "muted",
    });
  }
  return parts;
}

function answerExperience({ dashboard, year }: YearlyReportData): Content[] {
  const kpi = dashboard.kpis.find((candidate) => candidate.code === "clientSatisfaction");
  let figure: string;
  if (!kpi || kpi.measurement.value === null) {
    figure = kpi?.measurement.suppressed
      ? "Aan de klantonderzoeken deden te weinig inburgeraars mee om het rapportcijfer te tonen (kleine aantallen)."
      : `Over ${year} staan nog geen uitkomsten van klantonderzoek in geaccepteerde voortgangsrapportages; met deze gegevens is de vraag nog niet te beantwoorden.`;
  } else {
    figure = `Het gemiddelde rapportcijfer in de klantonderzoeken van de aanbieders is ${kpi.measurement.display} (doel ${targetText(kpi)}): ${kpiStatusLabels[kpi.measurement.status]}.`;
  }
  return [
    { text: figure, style: "paragraph" },
    {
      text: "Het rapportcijfer meet de tevredenheid over het aanbod van de aanbieders. Hoe inburgeraars het inburgeringsstelsel als geheel ervaren, is daaruit niet af te leiden; daarvoor zijn in de evaluatie ook gesprekken met inburgeraars nodig.",
      style: "muted",
    },
  ];
}

function answerFit(data: YearlyReportData): Content[] {
  const { dashboard } = data;
  const parts: Content[] = [];
  const groups = dashboard.breakdowns.byTargetGroup;
  if (groups.length) {
    parts.push({
      text: `Gestart per doelgroep: ${groups.map((row) => `${row.label} ${countText(row.started, row.hiddenCounts.started)}`).join("; ")}.`,
      style: "paragraph",
    });
  }
  parts.push({ text: fundingJudgement(data), style: "paragraph" });
  parts.push({
    text: "Of de aanpak bij de doelgroepen past, volgt niet uit aantallen alleen: daarvoor zijn ook de toelichtingen van de aanbieders en de ervaringen van inburgeraars en gemeenten nodig, die in de evaluatie aan bod komen.",
    style: "muted",
  });
  return parts;
}

/** "4 behaald, 3 bijna behaald (risico) en 3 niet behaald; van 1 zijn nog geen gegevens": only the parts that occur. */
function statusSummary(counts: ReturnType<typeof statusCounts>): string {
  const measured = `${counts.met} behaald, ${counts.atRisk} bijna behaald (risico) en ${counts.missed} niet behaald`;
  const rest = [counts.noData ? `van ${counts.noData} zijn nog geen gegevens` : "", counts.suppressed ? `${counts.suppressed} ${counts.suppressed === 1 ? "is" : "zijn"} wegens kleine aantallen niet getoond` : ""].filter(Boolean);
  return rest.length ? `${measured}; ${rest.join(" en ")}` : measured;
}

function answerGoals({ dashboard, year }: YearlyReportData): Content[] {
  const counts = statusCounts(dashboard.kpis);
  const measured = counts.met + counts.atRisk + counts.missed;
  const parts: Content[] = [];
  if (measured === 0) {
    parts.push({ text: `Over ${year} is van geen enkel beleidsdoel een resultaat te tonen; met deze gegevens is de vraag nog niet te beantwoorden.`, style: "paragraph" });
  } else {
    parts.push({
      text: `Van de ${dashboard.kpis.length} beleidsdoelen zijn er over ${year} ${statusSummary(counts)}.`,
      style: "paragraph",
    });
    const missed = dashboard.kpis.filter((kpi) => !kpi.measurement.suppressed && (kpi.measurement.status === "missed" || kpi.measurement.status === "atRisk"));
    if (missed.length) parts.push({ text: "Aandacht vragen:", style: "paragraph" }, { ul: missed.map(sentenceFor), style: "paragraph" });
  }
  parts.push({
    text: "Dit is de stand over één jaar. Of de beleidsdoelstellingen over de hele beleidsperiode zijn bereikt, beantwoordt de volwaardige evaluatie na vier jaar (§8.2), wanneer voor volledige groepen inburgeraars de termijn van drie jaar is verstreken.",
    style: "muted",
  });
  return parts;
}

/** The document definition; separate from rendering so that its structure is easy to inspect. */
export function buildYearlyReportDocument(data: YearlyReportData): TDocumentDefinitions {
  const outline = createOutline();
  const title = yearlyReportTitle(data.year);
  const body: Content[] = [
    ...titlePage(data),
    { toc: { title: { text: "Inhoud", style: "h1" }, textStyle: { fontSize: 10 }, numberStyle: { fontSize: 10 } }, pageBreak: "before" },
    ...aboutPart(data, outline),
    ...levelsPart(data, outline),
    ...municipalityPart(data, outline),
    ...financePart(data, outline),
    ...evaluationPart(data, outline),
  ];
  return {
    pageSize: "A4",
    pageMargins: [56, 64, 56, 60],
    // pdfmake writes this as the document's /Lang, so screen readers read it as Dutch
    language: "nl-NL",
    // viewers show the title, not the file name (PDF/UA)
    displayTitle: true,
    info: {
      title: toWinAnsi(title),
      subject: toWinAnsi(`${REGION_NAME}: voortgang van de inburgering over ${data.year}, voor colleges en gemeenteraden`),
      author: toWinAnsi("Gemeenten van de regio Westfriesland"),
      creator: "Leerrouteportaal",
      keywords: "inburgering, voortgangsrapportage, Westfriesland",
      creationDate: data.producedAt,
    },
    header: (currentPage) =>
      currentPage === 1
        ? null
        : printable<Content>({ columns: [{ text: title }, { text: REGION_NAME, alignment: "right" }], margin: [56, 28, 56, 0], style: "pageMargin" }),
    footer: pageNumberFooter(`Openbaar document · `),
    content: printable(body),
    pageBreakBefore: keepHeadingsWithTheirText,
    defaultStyle: { font: "Helvetica", fontSize: 10, lineHeight: 1.2 },
    styles: {
      kicker: { fontSize: 14, color: "#1d4ed8", bold: true },
      title: { fontSize: 24, bold: true, lineHeight: 1.1 },
      subtitle: { fontSize: 12, margin: [0, 10, 0, 0], color: "#333333" },
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 6] },
      h3: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      paragraph: { margin: [0, 0, 0, 6] },
      emphasis: { bold: true, margin: [0, 0, 0, 6] },
      table: { margin: [0, 2, 0, 8], fontSize: 8.5 },
      tableHeader: { bold: true, fillColor: "#eeeeee" },
      muted: { color: "#555555", margin: [0, 0, 0, 6] },
      fine: { fontSize: 7.5, color: "#555555" },
      pageMargin: { fontSize: 8, color: "#555555" },
    },
  };
}

/** Renders the yearly report from its data (no database: testable from a fixture). */
export function renderYearlyReportPdf(data: YearlyReportData): Promise<Buffer> {
  return renderPdf(buildYearlyReportDocument(data));
}
