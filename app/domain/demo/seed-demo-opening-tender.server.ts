import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import { addCalendarDays, amsterdamDateOf, amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import { createMovableClock, type Clock } from "../../utils/clock.server";
import { renderPdf } from "../../utils/pdf.server";
import type { Actor } from "../identity/roles";
import type { OfferDraftFields } from "../offers/offer-content";
import { saveOfferDraft, submitOffer } from "../offers/offers.server";
import { listMunicipalities } from "../regions/region-overview.server";
import type { AwardCriterion, Lot, LotService, PriceUnit, Requirement } from "../tenders/tender-content";
import { tenders, tenderVersions } from "../tenders/tender.sql";
import { createTender, publishTender, saveAwardCriteria, saveLot, saveRequirement, saveSections, updateLotPriceComponents, updateTenderTimeline } from "../tenders/tenders.server";
import { actorByEmail } from "./seed-demo-tender.server";

export const DEMO_OPENING_TENDER_REFERENCE = "WF-TMB-2027-01";
export const DEMO_OPENING_TENDER_TITLE = "Tolken en maatschappelijke begeleiding 2027";

/** Days before the seed day on which the tender was published. */
const PUBLISHED_DAYS_BEFORE = 42;

// ---------------------------------------------------------------------------------------------
// The tender

interface DemoLot {
  key: "interpreting" | "guidance";
  title: string;
  service: LotService;
  ceilingEuros: number;
  description: string;
  prices: { name: string; unit: PriceUnit; expectedQuantity: number }[];
}

const lots: DemoLot[] = [
  {
    key: "interpreting",
    title: "Tolken",
    service: "interpreting",
    ceilingEuros: 180_000,
    description: "Tolkdiensten bij de brede intake, het PIP en de gesprekken met het RIT, op locatie in de zeven gemeenten of op afstand.",
    prices: [
      { name: "Tarief per tolkuur op locatie", unit: "perHour", expectedQuantity: 2_400 },
      { name: "Tarief per tolkuur via telefoon of video", unit: "perHour", expectedQuantity: 1_600 },
    ],
  },
  {
    key: "guidance",
    title: "Maatschappelijke begeleiding",
    service: "socialGuidance",
    ceilingEuros: 950_000,
    description: "Maatschappelijke begeleiding in het eerste jaar na vestiging: wonen, zorg, financiën en de weg naar taal en werk, met inzet van vrijwilligers.",
    prices: [{ name: "Uurtarief begeleiding", unit: "perHour", expectedQuantity: 14_000 }],
  },
];

const criteria: Omit<AwardCriterion, "id">[] = [
  { name: "Plan van aanpak", kind: "quality", weight: 35, description: "Hoe organiseert u de dienst in de zeven gemeenten, ook bij spoed en in de kleinere kernen?" },
  { name: "Samenwerking en vrijwilligers", kind: "quality", weight: 25, description: "Hoe werkt u samen met de gemeenten, het RIT, de taalaanbieders en vrijwilligers?" },
  { name: "Prijs", kind: "price", weight: 40, description: "De totaalprijs op basis van de verwachte aantallen uren." },
];

const sections = {
  background:
    "De West-Friese gemeenten kopen tolkdiensten en maatschappelijke begeleiding voor inburgeraars gezamenlijk in, aansluitend op de leerroutes (Beleidskader Inburgering 2021–2025).",
  assignment: "Twee percelen: tolkdiensten en maatschappelijke begeleiding. Per perceel sluit de regio een overeenkomst met één opdrachtnemer.",
  requirements: "Tolken zijn beëdigd; begeleiders en vrijwilligers hebben een verklaring omtrent het gedrag. Persoonsgegevens worden verwerkt volgens de AVG.",
  award: "Gunning op de beste prijs-kwaliteitverhouding. De kwaliteit wordt beoordeeld voordat de prijzen bekend zijn.",
  planning: "De inschrijftermijn is gesloten. De projectgroep opent de inschrijvingen onder vier ogen en laat ze daarna beoordelen.",
  contractTerms: "Looptijd twee jaar met twee verlengingsopties van één jaar. Opdrachtnemers rapporteren per kwartaal, per gemeente.",
};

// ---------------------------------------------------------------------------------------------
// The offers: three demo suppliers, four offers, one of them revised

interface DemoOffer {
  email: string;
  organisation: string;
  lot: DemoLot["key"];
  /** Unit price per price component of the lot, in cents. */
  unitPriceCents: number[];
  answers: [string, string];
  wish: string;
  signedBy: [string, string];
  /** A later revision (version 2) with other unit prices. */
  revision?: { daysBeforeDeadline: number; unitPriceCents: number[] };
  /** Days before the deadline on which version 1 is submitted. */
  daysBeforeDeadline: number;
}

const offers: DemoOffer[] = [
  {
    email: "aanbieder@taalinstituut-dehorn.test",
    organisation: "Taalinstituut De Horn",
    lot: "interpreting",
    unitPriceCents: [62_50, 48_00],
    answers: [
      "Een vaste pool van twaalf beëdigde tolken in de tien meest gevraagde talen, ingepland via één loket in Hoorn. Spoedverzoeken binnen 24 uur; in de kleinere kernen tolken we op locatie of via een beveiligde videoverbinding vanuit het gemeentehuis.",
      "Wij sluiten aan bij het RIT-overleg per kwartaal en stemmen de planning af met de taalaanbieders. Vrijwilligers zetten we niet in als tolk, wel als gastheer bij de intake.",
    ],
    wish: "Iedere gemeente krijgt een vaste planner als contactpersoon, bereikbaar op werkdagen van 8 tot 18 uur.",
    signedBy: ["Marieke Bakker", "Directeur"],
    daysBeforeDeadline: 9,
  },
  {
    email: "aanbieder@lingua-westfriesland.test",
    organisation: "Lingua Westfriesland",
    lot: "interpreting",
    unitPriceCents: [64_00, 44_50],
    revision: { daysBeforeDeadline: 2, unitPriceCents: [59_50, 44_50] },
    answers: [
      "Tolken op afstand zijn onze standaard: via video binnen vier uur beschikbaar, in 25 talen. Op locatie tolken we bij de brede intake en bij gevoelige gesprekken, met een vaste tolk per gezin waar dat kan.",
      "Onze coördinator schuift aan bij het RIT en bij de casusoverleggen van de gemeenten. Met de taalmaatjes in de regio maken we afspraken over de overdracht na het eerste gesprek.",
    ],
    wish: "Eén coördinator voor de hele regio, met per gemeente een vaste vervanger.",
    signedBy: ["Sanne de Vries", "Manager bedrijfsvoering"],
    daysBeforeDeadline: 6,
  },
  {
    email: "aanbieder@lingua-westfriesland.test",
    organisation: "Lingua Westfriesland",
    lot: "guidance",
    unitPriceCents: [68_00],
    answers: [
      "Een vaste begeleider per huishouden in het eerste jaar, met een startgesprek binnen vijf werkdagen na vestiging. Onze begeleiders combineren de begeleiding met de lessen, zodat taal en praktische zaken samen opgaan.",
      "Wij werken met de taalmaatjes en de vluchtelingenwerkers in de regio en dragen na het eerste jaar warm over aan het lokale aanbod in de eigen gemeente.",
    ],
    wish: "Per gemeente een vaste contactpersoon die ook het casusoverleg bijwoont.",
    signedBy: ["Sanne de Vries", "Manager bedrijfsvoering"],
    daysBeforeDeadline: 5,
  },
  {
    email: "aanbieder@samenthuis.test",
    organisation: "Stichting Samen Thuis",
    lot: "guidance",
    unitPriceCents: [57_50],
    answers: [
      "Professionele begeleiders met een team van zestig getrainde vrijwilligers, in alle zeven gemeenten. Het eerste huisbezoek is op de dag van de sleuteloverdracht; daarna wekelijks, afnemend naar maandelijks.",
      "Wij zijn al jaren partner van de gemeenten en het lokale aanbod. Vrijwilligers krijgen een training van acht dagdelen en een vaste coach; de RIT-regisseur hoort elke maand hoe het gaat.",
    ],
    wish: "Een vaste contactpersoon per gemeente, die ook de vrijwilligers in die gemeente coördineert.",
    signedBy: ["Kees Dekker", "Voorzitter"],
    daysBeforeDeadline: 3,
  },
];

/** A small real PDF for an attachment, rendered like every PDF of the portal. */
async function demoPdf(title: string, lines: string[]): Promise<Uint8Array> {
  const buffer = await renderPdf({
    defaultStyle: { font: "Helvetica", fontSize: 11, lineHeight: 1.3 },
    content: [{ text: title, fontSize: 16, bold: true, margin: [0, 0, 0, 10] }, ...lines.map((line) => ({ text: line, margin: [0, 0, 0, 6] as [number, number, number, number] })), { text: "Voorbeelddocument van het demo-portaal; de organisatie is fictief.", italics: true, fontSize: 9 }],
  });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function offerFields(lot: Lot, qualityCriteria: AwardCriterion[], requirements: Requirement[], offer: DemoOffer, unitPriceCents: number[]): OfferDraftFields {
  return {
    prices: lot.priceComponents.map((component, index) => ({ priceComponentId: component.id, unitPriceCents: unitPriceCents[index]! })),
    answers: qualityCriteria.map((criterion, index) => ({ criterionId: criterion.id, text: offer.answers[index]! })),
    requirements: requirements.map((requirement) => ({ requirementId: requirement.id, met: true, explanation: requirement.kind === "scored" ? offer.wish : "" })),
    espdDeclared: true,
    signedByName: offer.signedBy[0],
    signedByRole: offer.signedBy[1],
  };
}

/**
 * The second demo tender, "Tolken en maatschappelijke begeleiding 2027", for trying the opening,
 * the evaluation and the award at once: published six weeks before the seed day, closed at 12:00
 * on the day before it, with four offers of three demo suppliers (one revised), NOT opened. The
 * projectgroep (projectgroep1 and projectgroep2) opens it under four eyes; until then no municipal
 * role sees anything of the offers. Built through the domain commands with a clock set in the
 * past, as people would have done it. Skips when the tender exists.
 */
export async function seedDemoOpeningTender(db: Db, clock: Clock): Promise<void> {
  const [existing] = await db.select({ id: tenders.id }).from(tenders).where(eq(tenders.reference, DEMO_OPENING_TENDER_REFERENCE));
  if (existing) return;
  const today = amsterdamDateOf(clock.now());
  const published = new Date(amsterdamLocalToInstant(`${addCalendarDays(today, -PUBLISHED_DAYS_BEFORE)}T09:30`));
  const deadline = new Date(amsterdamLocalToInstant(`${addCalendarDays(today, -1)}T12:00`));
  // the tender's history happens on a clock of its own; the seed itself stays at "now"
  const past = createMovableClock(published);

  const projectgroup = await actorByEmail(db, "projectgroep1@westfriesland.test");
  const municipalityIds = (await listMunicipalities(db)).map((municipality) => municipality.id);
  const { id: tenderId } = await createTender(db, past, projectgroup, {
    title: DEMO_OPENING_TENDER_TITLE,
    reference: DEMO_OPENING_TENDER_REFERENCE,
    summary: "Gezamenlijke inkoop door de zeven West-Friese gemeenten van tolkdiensten en maatschappelijke begeleiding voor inburgeraars, vanaf 2027.",
    procedure: "open",
    lightRegime: true,
    cpvCodes: ["79540000-1", "85312000-9"],
    estimatedValueCents: 1_130_000_00,
    initialYears: 2,
    extensionYears: [1, 1],
    municipalityIds,
  });
  await updateTenderTimeline(db, past, projectgroup, tenderId, {
    publicationDate: addCalendarDays(today, -PUBLISHED_DAYS_BEFORE),
    questionDeadline: amsterdamLocalToInstant(`${addCalendarDays(today, -28)}T12:00`),
    informationNoticeDate: addCalendarDays(today, -21),
    submissionDeadline: deadline.toISOString(),
    plannedAwardDecisionDate: addCalendarDays(today, 21),
    standstillDays: 20,
    contractStartDate: addCalendarDays(today, 75),
  });
  const savedCriteria = await saveAwardCriteria(db, past, projectgroup, tenderId, {
    criteria,
    priceScoringMethod: "lowestPriceRatio",
    scoringScale: { min: 0, max: 10, step: 2 },
  });
  const qualityCriteria = savedCriteria.awardCriteria.filter((criterion) => criterion.kind === "quality");
  const lotIds = {} as Record<DemoLot["key"], string>;
  for (const lot of lots) {
    const saved = await saveLot(db, past, projectgroup, tenderId, {
      title: lot.title,
      service: lot.service,
      description: lot.description,
      ceilingAmountCents: lot.ceilingEuros * 100,
      routeSharePercent: "100",
      performancePayment: false,
    });
    await updateLotPriceComponents(db, past, projectgroup, tenderId, saved.id, lot.prices);
    lotIds[lot.key] = saved.id;
  }
  const requirementInputs = [
    { lotId: lotIds.interpreting, kind: "mandatory" as const, title: "Beëdigde tolken", description: "Alle ingezette tolken staan ingeschreven in het Register beëdigde tolken en vertalers (Rbtv). Voeg een overzicht van de registraties toe.", evidenceRequired: true, criterionId: null },
    { lotId: lotIds.guidance, kind: "mandatory" as const, title: "Verklaring omtrent het gedrag", description: "Alle begeleiders en vrijwilligers hebben een VOG die bij de start niet ouder is dan drie maanden. Voeg uw werkwijze voor de VOG toe.", evidenceRequired: true, criterionId: null },
    { lotId: null, kind: "mandatory" as const, title: "Verwerking van persoonsgegevens", description: "De opdrachtnemer sluit een verwerkersovereenkomst en verwerkt persoonsgegevens volgens de AVG.", evidenceRequired: false, criterionId: null },
    { lotId: null, kind: "scored" as const, title: "Vaste contactpersoon per gemeente", description: "Elke gemeente heeft één vaste contactpersoon bij de opdrachtnemer.", evidenceRequired: false, criterionId: qualityCriteria.find((criterion) => criterion.name === "Samenwerking en vrijwilligers")!.id },
  ];
  for (const requirement of requirementInputs) await saveRequirement(db, past, projectgroup, tenderId, requirement);
  await saveSections(db, past, projectgroup, tenderId, sections);
  await publishTender(db, past, projectgroup, tenderId, { changeNote: "" });

  // The offers, each on its own day before the deadline, with evidence and a plan van aanpak as PDF;
  // then the revisions, in the order they happened.
  const [version] = await db.select({ content: tenderVersions.content }).from(tenderVersions).where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, 1)));
  const content = version!.content;
  const plan = qualityCriteria.find((criterion) => criterion.name === "Plan van aanpak")!;
  const suppliers = new Map<string, Actor>();
  const prepared: { offer: DemoOffer; supplier: Actor; lot: Lot; applicable: Requirement[] }[] = [];
  for (const offer of [...offers].sort((a, b) => b.daysBeforeDeadline - a.daysBeforeDeadline)) {
    const supplier = suppliers.get(offer.email) ?? (await actorByEmail(db, offer.email));
    suppliers.set(offer.email, supplier);
    const lot = content.lots.find((candidate) => candidate.id === lotIds[offer.lot])!;
    const applicable = content.requirements.filter((requirement) => requirement.lotId === null || requirement.lotId === lot.id);
    past.set(new Date(deadline.getTime() - offer.daysBeforeDeadline * DAY - 2 * HOUR));
    await saveOfferDraft(db, past, supplier, tenderId, lot.id, { fields: offerFields(lot, qualityCriteria, applicable, offer, offer.unitPriceCents) });
    for (const requirement of applicable.filter((candidate) => candidate.evidenceRequired)) {
      const bytes = await demoPdf(`${requirement.title} – ${offer.organisation}`, [requirement.description, `Perceel ${lot.number}: ${lot.title}. Aanbesteding ${DEMO_OPENING_TENDER_REFERENCE}.`]);
      await saveOfferDraft(db, past, supplier, tenderId, lot.id, { upload: { purpose: { kind: "requirement", requirementId: requirement.id }, fileName: fileName(requirement.title, offer.organisation), bytes } });
    }
    const planPdf = await demoPdf(`Plan van aanpak ${lot.title} – ${offer.organisation}`, offer.answers);
    await saveOfferDraft(db, past, supplier, tenderId, lot.id, { upload: { purpose: { kind: "criterion", criterionId: plan.id }, fileName: fileName("Plan van aanpak", offer.organisation), bytes: planPdf } });
    past.advance(20 * 60 * 1000);
    await submitOffer(db, past, supplier, tenderId, lot.id);
    prepared.push({ offer, supplier, lot, applicable });
  }
  for (const { offer, supplier, lot, applicable } of prepared) {
    if (!offer.revision) continue;
    past.set(new Date(deadline.getTime() - offer.revision.daysBeforeDeadline * DAY - 3 * HOUR));
    await submitOffer(db, past, supplier, tenderId, lot.id, { fields: offerFields(lot, qualityCriteria, applicable, offer, offer.revision.unitPriceCents) });
  }
}

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** "Beëdigde tolken", "Taalinstituut De Horn" → "beedigde-tolken-taalinstituut-de-horn.pdf" */
function fileName(...parts: string[]): string {
  const slug = parts
    .join(" ")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug}.pdf`;
}
