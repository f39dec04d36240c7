// A full, valid, publishable TenderContent for tests, benchmarks and demo PDFs. Deterministic:
// the same options always give the same content (ids are derived from counters, not random),
// so that snapshots, text assertions and benchmark figures are comparable between runs.
import { municipalityFigures, policyKpis } from "../../app/domain/reference-data/framework-figures";
import type { RequirementsProgramInput } from "../../app/domain/tenders/pve-pdf.server";
import {
  learningRouteOfService,
  type AwardCriterion,
  type Lot,
  type LotService,
  type Requirement,
  type TenderContent,
} from "../../app/domain/tenders/tender-content";
import type { InformationNoticeEntry } from "../../app/domain/tenders/tender.sql";
import { proposeVolumes } from "../../app/domain/tenders/volumes";

/** A valid v4-shaped UUID that says what it is: kind in the first group, number in the last. */
export function testUuid(kind: number, n: number): string {
  return `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

const KIND = { municipality: 1, lot: 2, priceComponent: 3, requirement: 4, criterion: 5, file: 6 } as const;

/** The seven municipalities of West-Friesland with their housing quota 2020 (figure 3). */
export const testMunicipalities: readonly { id: string; name: string; housingQuota: number }[] = municipalityFigures.map((figures, index) => ({
  id: testUuid(KIND.municipality, index + 1),
  name: figures.name,
  housingQuota: figures.housingQuota2020[0] + figures.housingQuota2020[1],
}));

export const testMunicipalityNames: Record<string, string> = Object.fromEntries(testMunicipalities.map((municipality) => [municipality.id, municipality.name]));

/** KPI code → framework target, as the database's catalogue gives it to the rules. */
export const testCatalogueTargets: Record<string, string> = Object.fromEntries(policyKpis.map((kpi) => [kpi.code, kpi.target]));

export const testAwardCriterionIds = {
  price: testUuid(KIND.criterion, 1),
  approach: testUuid(KIND.criterion, 2),
  cooperation: testUuid(KIND.criterion, 3),
  monitoring: testUuid(KIND.criterion, 4),
} as const;

export function buildAwardCriteria(): AwardCriterion[] {
  return [
    { id: testAwardCriterionIds.price, name: "Prijs", kind: "price", weight: 30, description: "De totaalprijs over de verwachte aantallen, berekend uit de prijscomponenten." },
    {
      id: testAwardCriterionIds.approach,
      name: "Plan van aanpak",
      kind: "quality",
      weight: 40,
      description: "Hoe de inschrijver taal, werk en participatie combineert (duaal traject) en afstemt op het persoonlijk plan inburgering en participatie (PIP).",
    },
    { id: testAwardCriterionIds.cooperation, name: "Samenwerking in de keten", kind: "quality", weight: 20, description: "Samenwerking met WerkSaam, de gemeenten en vrijwilligersorganisaties." },
    { id: testAwardCriterionIds.monitoring, name: "Monitoring en klantbeleving", kind: "quality", weight: 10, description: "Voortgangsrapportages per kwartaal en een jaarlijks klantbelevingsonderzoek." },
  ];
}

interface LotTemplate {
  service: LotService;
  title: string;
  routeSharePercent: string;
  ceilingAmountCents: number;
  performancePayment: boolean;
}

// The first lot's ceiling of € 1.250.000,00 is the amount tests look for in rendered output.
const lotTemplates: readonly LotTemplate[] = [
  { service: "b1Route", title: "B1-route Westfriesland", routeSharePercent: "55", ceilingAmountCents: 125_000_000, performancePayment: true },
  { service: "zRoute", title: "Z-route Westfriesland", routeSharePercent: "30", ceilingAmountCents: 98_000_000, performancePayment: true },
  { service: "educationRoute", title: "Onderwijsroute (met Alkmaar en Kop van Noord-Holland)", routeSharePercent: "15", ceilingAmountCents: 45_000_000, performancePayment: false },
  { service: "map", title: "Module Arbeidsmarkt en Participatie", routeSharePercent: "100", ceilingAmountCents: 12_500_000, performancePayment: false },
  { service: "pvt", title: "Participatieverklaringstraject", routeSharePercent: "100", ceilingAmountCents: 6_300_000, performancePayment: false },
  { service: "knm", title: "Kennis van de Nederlandse Maatschappij", routeSharePercent: "100", ceilingAmountCents: 8_400_000, performancePayment: false },
  { service: "socialGuidance", title: "Maatschappelijke begeleiding", routeSharePercent: "50", ceilingAmountCents: 54_600_000, performancePayment: false },
  { service: "interpreting", title: "Tolkdiensten", routeSharePercent: "100", ceilingAmountCents: 10_584_000, performancePayment: false },
];

let priceComponentSequence = 0;

function buildLot(index: number): Lot {
  const template = lotTemplates[index % lotTemplates.length]!;
  const round = Math.floor(index / lotTemplates.length);
  const volumes = proposeVolumes({ municipalities: testMunicipalities, obligatedShare: "70", routeSharePercent: template.routeSharePercent });
  const participants = volumes.reduce((sum, volume) => sum + volume.count, 0);
  const route = learningRouteOfService[template.service];
  const kpis: Lot["kpis"] = policyKpis
    .filter((kpi) => (route ? kpi.learningRoute === route || ["workContactYearOne", "localParticipation", "clientSatisfaction"].includes(kpi.code) : kpi.code === "clientSatisfaction"))
    .map((kpi) => ({ kpiCode: kpi.code, name: kpi.name, target: kpi.target, unit: kpi.unit, direction: kpi.direction, source: kpi.source, overrideReason: null }));
  if (template.service === "b1Route") {
    // One deliberate deviation from the framework, with its reason, as a contract may have.
    const outflow = kpis.find((kpi) => kpi.kpiCode === "outflowToWork.b1");
    if (outflow) Object.assign(outflow, { target: "55", overrideReason: "Regionale ambitie: hoger dan het beleidskader vanwege de krappe arbeidsmarkt." });
  }
  // A contract-specific operational KPI (Divosa): lower is better, not in the catalogue.
  if (route) {
    kpis.push({ kpiCode: `absence.${route}`, name: "Verzuim", target: "10", unit: "percent", direction: "lowerIsBetter", source: "Contract (Divosa 2025)", overrideReason: null });
  }
  const component = (name: string, unit: Lot["priceComponents"][number]["unit"], expectedQuantity: number) => ({
    id: testUuid(KIND.priceComponent, (priceComponentSequence += 1)),
    name,
    unit,
    expectedQuantity,
  });
  return {
    id: testUuid(KIND.lot, index + 1),
    number: index + 1,
    title: round === 0 ? template.title : `${template.title} (deel ${round + 1})`,
    service: template.service,
    description: `Dit perceel omvat: ${template.title}, voor de inburgeraars van de deelnemende gemeenten.\n\nDe opdrachtnemer werkt volgens het PIP en rapporteert per kwartaal.`,
    ceilingAmountCents: template.ceilingAmountCents,
    routeSharePercent: template.routeSharePercent,
    volumes,
    priceComponents: [component("Traject", "perTrajectory", participants), component("Aanvullende begeleiding", "perHour", participants * 10)],
    kpis,
    performancePayment: template.performancePayment,
  };
}

const mandatoryTitles = [
  "Keurmerk Blik op Werk gedurende de hele looptijd",
  "Verklaring Omtrent het Gedrag voor alle docenten",
  "Docenten met een NT2-bevoegdheid",
  "Verwerkersovereenkomst volgens de AVG",
  "Lesruimtes bereikbaar met het openbaar vervoer",
];
const scoredTitles: readonly { title: string; criterionId: string }[] = [
  { title: "Duale trajecten: taal en werk tegelijk", criterionId: testAwardCriterionIds.approach },
  { title: "Aanpak van verzuim", criterionId: testAwardCriterionIds.approach },
  { title: "Samenwerking met WerkSaam", criterionId: testAwardCriterionIds.cooperation },
  { title: "Inzet van taalmaatjes en vrijwilligers", criterionId: testAwardCriterionIds.cooperation },
  { title: "Kwartaalrapportage per gemeente", criterionId: testAwardCriterionIds.monitoring },
];

/** Requirement i: every third applies to all lots; the rest go to the lots in turn. Alternating kinds. */
function buildRequirement(index: number, lots: readonly Lot[]): Requirement {
  const mandatory = index % 2 === 0;
  const lotSpecific = index - Math.floor(index / 3) - 1; // 0, 1, 2 … over the indexes not divisible by 3
  const lotId = index % 3 === 0 || lots.length === 0 ? null : lots[lotSpecific % lots.length]!.id;
  const round = Math.floor(index / 2);
  const suffix = round >= 5 ? ` (${Math.floor(round / 5) + 1})` : "";
  if (mandatory) {
    return {
      id: testUuid(KIND.requirement, index + 1),
      lotId,
      kind: "mandatory",
      title: `${mandatoryTitles[round % mandatoryTitles.length]!}${suffix}`,
      description: "De inschrijver voldoet hieraan op de sluitingsdatum en gedurende de hele looptijd van het contract.",
      evidenceRequired: index % 4 === 0,
      criterionId: null,
    };
  }
  const scored = scoredTitles[round % scoredTitles.length]!;
  return {
    id: testUuid(KIND.requirement, index + 1),
    lotId,
    kind: "scored",
    title: `${scored.title}${suffix}`,
    description: "Beschrijf in maximaal twee A4 hoe u dit aanpakt, met een voorbeeld uit de praktijk.",
    evidenceRequired: false,
    criterionId: scored.criterionId,
  };
}

export interface TenderContentOptions {
  lots?: number;
  requirements?: number;
  overrides?: Partial<TenderContent>;
}

/** A publishable tender with `lots` lots (default 3) and `requirements` requirements (default 10). */
export function buildTenderContent(options: TenderContentOptions = {}): TenderContent {
  const { lots: lotCount = 3, requirements: requirementCount = 10, overrides = {} } = options;
  priceComponentSequence = 0;
  const lots = Array.from({ length: lotCount }, (_, index) => buildLot(index));
  const requirements = Array.from({ length: requirementCount }, (_, index) => buildRequirement(index, lots));
  return {
    title: "Leerroutes inburgering Westfriesland 2027–2031",
    reference: "WF-2026-INB-01",
    summary: "Inkoop van de B1-route, de Z-route en de onderwijsroute voor de zeven West-Friese gemeenten, met bijbehorende modules.",
    procedure: "open",
    lightRegime: true,
    cpvCodes: ["80580000-3", "85312320-8"],
    estimatedValueCents: lots.reduce((sum, lot) => sum + lot.ceilingAmountCents, 0),
    contractTerm: { initialYears: 4, extensionYears: [2, 2] },
    municipalityIds: testMunicipalities.map((municipality) => municipality.id),
    timeline: {
      publicationDate: "2026-11-02",
      questionDeadline: "2026-11-16T11:00:00.000Z", // 16 November 12:00 in Amsterdam
      informationNoticeDate: "2026-11-23",
      submissionDeadline: "2026-12-15T11:00:00.000Z", // 15 December 12:00 in Amsterdam
      plannedAwardDecisionDate: "2027-01-12",
      standstillDays: 20,
      contractStartDate: "2027-03-01",
    },
    lots,
    requirements,
    awardCriteria: buildAwardCriteria(),
    scoringScale: { min: 0, max: 10, step: 2 },
    priceScoringMethod: "lowestPriceRatio",
    sections: {
      background:
        "De Wet inburgering 2021 maakt de gemeenten verantwoordelijk voor de inburgering.\n\nDe zeven gemeenten van Westfriesland kopen de leerroutes samen in.\n\n## Uitgangspunten\n- Snel starten na de huisvesting\n- Taal, werk en participatie tegelijk\n- Maatwerk volgens het PIP",
      assignment: "De opdrachtnemer verzorgt de leerroutes voor de inburgeraars die de gemeenten aanmelden.\nAanmelding gebeurt via het PIP.",
      requirements: "De eisen gelden als knock-outcriteria. De wensen worden gescoord onder de gunningscriteria.",
      award: "De opdracht wordt per perceel gegund aan de inschrijving met de beste prijs-kwaliteitverhouding.",
      planning: "De planning staat in het hoofdstuk Termijnen.",
      contractTerms: "Op de overeenkomst zijn de inkoopvoorwaarden van de gemeente Hoorn van toepassing.",
    },
    documents: [
      {
        fileId: testUuid(KIND.file, 1),
        title: "Conceptovereenkomst",
        fileName: "conceptovereenkomst.pdf",
        mimeType: "application/pdf",
        sizeBytes: 183_204,
        sha256: "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
      },
    ],
    ...overrides,
  };
}

const noticeQuestions: readonly { topic: string; lot: boolean; documentReference: string | null; question: string; answer: string }[] = [
  {
    topic: "Planning",
    lot: false,
    documentReference: "§ 3 Termijnen",
    question: "Kan de sluitingstermijn een week later worden gezet in verband met de feestdagen?",
    answer: "Nee, de sluitingstermijn blijft ongewijzigd.",
  },
  {
    topic: "Perceel 2",
    lot: true,
    documentReference: null,
    question: "Mogen de lessen van de Z-route ook op zaterdag worden gegeven?",
    answer: "Ja, mits de deelnemer daarmee instemt en het PIP dit toelaat.",
  },
  {
    topic: "Algemeen",
    lot: false,
    documentReference: "Bijlage conceptovereenkomst, artikel 7",
    question: "Geldt de indexering van de tarieven ook voor de verlengingsperioden?",
    answer: "Ja, de tarieven worden jaarlijks per 1 januari geïndexeerd met de CBS-cao-loonindex.",
  },
  {
    topic: "Perceel 1",
    lot: true,
    documentReference: "Eis ‘Keurmerk Blik op Werk’",
    question: "Volstaat een aangevraagd keurmerk op de sluitingsdatum?",
    answer: "Nee, het keurmerk moet op de sluitingsdatum zijn toegekend.",
  },
];

/** `count` answered questions for a Nota van Inlichtingen, numbered from 1, spread over topics. */
export function buildInformationNoticeEntries(content: TenderContent, count = 4): InformationNoticeEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const template = noticeQuestions[index % noticeQuestions.length]!;
    const round = Math.floor(index / noticeQuestions.length);
    const lotNumber = template.topic.startsWith("Perceel ") ? Number(template.topic.slice(8)) : null;
    const lot = lotNumber === null ? undefined : content.lots.find((candidate) => candidate.number === lotNumber);
    return {
      number: index + 1,
      topic: lot || !template.lot ? template.topic : "Algemeen",
      lotTitle: lot ? lot.title : null,
      documentReference: template.documentReference,
      question: round === 0 ? template.question : `${template.question} (vervolgvraag ${round})`,
      answer: template.answer,
    };
  });
}

/** Everything the PvE PDF needs for a published version 2 with a change log and an NvI. */
export function buildRequirementsProgramInput(options: TenderContentOptions & { draft?: boolean; noticeEntries?: number } = {}): RequirementsProgramInput {
  const content = buildTenderContent(options);
  return {
    content,
    version: 2,
    publishedAt: options.draft ? null : new Date("2026-11-24T09:30:00Z"),
    municipalityNames: testMunicipalityNames,
    changeLog: [
      { version: 1, publishedAt: new Date("2026-11-02T08:00:00Z"), changeNote: null },
      { version: 2, publishedAt: new Date("2026-11-24T09:30:00Z"), changeNote: "Eis over het keurmerk verduidelijkt naar aanleiding van de Nota van Inlichtingen." },
    ],
    informationNotice: {
      version: 1,
      publishedAt: new Date("2026-11-23T15:00:00Z"),
      entries: buildInformationNoticeEntries(content, options.noticeEntries ?? 4),
    },
  };
}
