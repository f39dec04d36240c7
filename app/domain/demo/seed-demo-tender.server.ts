import { eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import { addCalendarDays, amsterdamDateOf, amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { listMunicipalities } from "../regions/region-overview.server";
import type { LotService, PriceUnit } from "../tenders/tender-content";
import { answerQuestion, askQuestion, publishInformationNotice } from "../tenders/tender-questions.server";
import { tenders } from "../tenders/tender.sql";
import {
  createTender,
  publishTender,
  saveAwardCriteria,
  saveLot,
  saveRequirement,
  saveSections,
  updateLotPriceComponents,
  updateTenderTimeline,
} from "../tenders/tenders.server";

export const DEMO_TENDER_REFERENCE = "WF-INB-2022-01";

interface DemoLot {
  title: string;
  service: LotService;
  ceilingEuros: number;
  routeSharePercent: string;
  performancePayment: boolean;
  description: string;
  prices: { name: string; unit: PriceUnit; expectedQuantity: number }[];
}

// Route shares are the demo's assumption (55 % B1, 30 % Z, 15 % onderwijsroute): the framework gives none.
const demoLots: DemoLot[] = [
  { title: "B1-route", service: "b1Route", ceilingEuros: 2_400_000, routeSharePercent: "55", performancePayment: true, description: "Taalonderwijs naar niveau B1, duaal met werk of participatie, inclusief KNM-voorbereiding. Afschalen naar A2 na ten minste 600 lesuren in overleg met het RIT.", prices: [{ name: "Prijs per traject B1-route", unit: "perTrajectory", expectedQuantity: 232 }, { name: "Prijs per extra lesuur", unit: "perHour", expectedQuantity: 2_000 }] },
  { title: "Onderwijsroute", service: "educationRoute", ceilingEuros: 900_000, routeSharePercent: "15", performancePayment: true, description: "Schakeltraject van 1,5 tot 2 jaar naar mbo-2 of hoger, samen met de regio's Alkmaar en Kop van Noord-Holland.", prices: [{ name: "Prijs per schakeltraject", unit: "perTrajectory", expectedQuantity: 64 }] },
  { title: "Z-route", service: "zRoute", ceilingEuros: 1_500_000, routeSharePercent: "30", performancePayment: true, description: "Zelfredzaamheidsroute van 1.600 uur (ongeveer 800 uur taal en 800 uur participatie), dicht bij huis.", prices: [{ name: "Prijs per traject Z-route", unit: "perTrajectory", expectedQuantity: 128 }, { name: "Prijs per uur participatiebegeleiding", unit: "perHour", expectedQuantity: 6_000 }] },
  { title: "Module Arbeidsmarkt en Participatie (MAP)", service: "map", ceilingEuros: 120_000, routeSharePercent: "100", performancePayment: false, description: "MAP voor asiel- en gezinsmigranten, in groepen per gemeente.", prices: [{ name: "Prijs per deelnemer MAP", unit: "perParticipant", expectedQuantity: 840 }] },
  { title: "Participatieverklaringstraject (PVT)", service: "pvt", ceilingEuros: 60_000, routeSharePercent: "100", performancePayment: false, description: "PVT met workshop en ondertekening, in samenwerking met de gemeenten.", prices: [{ name: "Prijs per deelnemer PVT", unit: "perParticipant", expectedQuantity: 840 }] },
  { title: "Kennis van de Nederlandse Maatschappij (KNM)", service: "knm", ceilingEuros: 150_000, routeSharePercent: "100", performancePayment: false, description: "KNM in de eigen taal waar dat kan, afgestemd op de leerroute.", prices: [{ name: "Prijs per deelnemer KNM", unit: "perParticipant", expectedQuantity: 420 }] },
  { title: "Maatschappelijke begeleiding", service: "socialGuidance", ceilingEuros: 2_184_000, routeSharePercent: "100", performancePayment: false, description: "Begeleiding in het eerste jaar: 80 uur per asielmigrant, met inzet van vrijwilligers en lokaal aanbod.", prices: [{ name: "Uurtarief begeleiding", unit: "perHour", expectedQuantity: 33_600 }] },
  { title: "Tolken", service: "interpreting", ceilingEuros: 423_360, routeSharePercent: "100", performancePayment: false, description: "Tolkdiensten bij de brede intake en het PIP, ook op afstand.", prices: [{ name: "Tarief per tolkuur", unit: "perHour", expectedQuantity: 5_880 }] },
];

const sections = {
  background:
    "Met de Wet inburgering 2021 krijgen gemeenten de regie op de inburgering. De zeven West-Friese gemeenten werken samen in de regionale projectgroep inburgering en kopen de leerroutes gezamenlijk in (Beleidskader Inburgering 2021–2025).\n\nUitgangspunten:\n- inburgeraars doen zo snel mogelijk mee, bij voorkeur via betaald werk;\n- taal, werk en participatie gaan gelijk op (duaal);\n- het aanbod sluit aan op het lokale aanbod in de eigen gemeente.",
  assignment:
    "De opdracht omvat de B1-route, de onderwijsroute, de Z-route, de modules MAP, PVT en KNM, maatschappelijke begeleiding en tolkdiensten, in acht percelen. Per perceel sluit de regio een overeenkomst met één opdrachtnemer.",
  requirements:
    "Voor de B1-route en de Z-route is het keurmerk Blik op Werk gedurende de hele looptijd vereist. Lessen worden gegeven op locaties in de regio, bereikbaar met het openbaar vervoer.",
  award:
    "Gunning vindt plaats op basis van de beste prijs-kwaliteitverhouding. Kwaliteit wordt beoordeeld door een beoordelingscommissie voordat de prijzen bekend zijn.",
  planning: "De planning staat in het overzicht van de aanbesteding. Vragen worden beantwoord in een Nota van Inlichtingen.",
  contractTerms:
    "Looptijd vier jaar met twee verlengingsopties van twee jaar. 10 % van het budget voor de leerroutes is afhankelijk van de resultaten (prestatiebekostiging), zodra die is geactiveerd; tot dan wordt een schaduwberekening gemaakt. Opdrachtnemers rapporteren per kwartaal, per gemeente.",
};

export async function actorByEmail(db: Db, email: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const actor = row ? await loadActor(db, row.id) : null;
  if (!actor) throw new Error(`demo account ${email} missing`);
  return actor;
}

/**
 * The demo tender "Leerroutes inburgering Westfriesland 2022–2025", built through the same
 * domain commands a person uses, with dates relative to today so that it is open for questions.
 */
export async function seedDemoTender(db: Db, clock: Clock): Promise<void> {
  const [existing] = await db.select({ id: tenders.id }).from(tenders).where(eq(tenders.reference, DEMO_TENDER_REFERENCE));
  if (existing) return;
  const projectgroup = await actorByEmail(db, "projectgroep1@westfriesland.test");
  const municipalityIds = (await listMunicipalities(db)).map((municipality) => municipality.id);

  const { id: tenderId } = await createTender(db, clock, projectgroup, {
    title: "Leerroutes inburgering Westfriesland 2022–2025",
    reference: DEMO_TENDER_REFERENCE,
    summary: "Gezamenlijke inkoop door de zeven West-Friese gemeenten van de leerroutes, modules, maatschappelijke begeleiding en tolkdiensten voor inburgeraars onder de Wet inburgering 2021.",
    procedure: "open",
    lightRegime: true,
    cpvCodes: ["80580000-3", "85312000-9", "79540000-1"],
    estimatedValueCents: 7_737_360_00,
    initialYears: 4,
    extensionYears: [2, 2],
    municipalityIds,
  });

  const today = amsterdamDateOf(clock.now());
  await updateTenderTimeline(db, clock, projectgroup, tenderId, {
    publicationDate: today,
    questionDeadline: amsterdamLocalToInstant(`${addCalendarDays(today, 14)}T12:00`),
    informationNoticeDate: addCalendarDays(today, 21),
    submissionDeadline: amsterdamLocalToInstant(`${addCalendarDays(today, 35)}T12:00`),
    plannedAwardDecisionDate: addCalendarDays(today, 49),
    standstillDays: 20,
    contractStartDate: addCalendarDays(today, 90),
  });

  const criteria = await saveAwardCriteria(db, clock, projectgroup, tenderId, {
    criteria: [
      { name: "Integrale aanpak taal, werk en participatie", kind: "quality", weight: 25, description: "Hoe combineert u taal met werk, vrijwilligerswerk of stage vanaf het begin?" },
      { name: "Lokale verbinding en vrijwilligers", kind: "quality", weight: 20, description: "Hoe sluit u aan op het lokale aanbod per gemeente en zet u vrijwilligers (taalmaatjes) in?" },
      { name: "Klantbeleving en maatwerk", kind: "quality", weight: 15, description: "Hoe meet en verbetert u de klantbeleving, en hoe past u het traject aan?" },
      { name: "Locaties in de regio", kind: "quality", weight: 10, description: "Waar geeft u les, en hoe bereikbaar is dat voor inburgeraars uit de kleinere kernen?" },
      { name: "Prijs", kind: "price", weight: 30, description: "De totaalprijs op basis van de verwachte aantallen." },
    ],
    priceScoringMethod: "lowestPriceRatio",
    scoringScale: { min: 0, max: 10, step: 2 },
  });
  const criterionId = (name: string) => criteria.awardCriteria.find((criterion) => criterion.name === name)!.id;

  const lotIds: Record<string, string> = {};
  for (const lot of demoLots) {
    const saved = await saveLot(db, clock, projectgroup, tenderId, {
      title: lot.title,
      service: lot.service,
      description: lot.description,
      ceilingAmountCents: lot.ceilingEuros * 100,
      routeSharePercent: lot.routeSharePercent,
      performancePayment: lot.performancePayment,
    });
    await updateLotPriceComponents(db, clock, projectgroup, tenderId, saved.id, lot.prices);
    lotIds[lot.service] = saved.id;
  }

  const requirements = [
    { lotId: lotIds.b1Route!, kind: "mandatory" as const, title: "Keurmerk Blik op Werk", description: "De inschrijver beschikt over het keurmerk Blik op Werk en behoudt dat gedurende de hele looptijd.", evidenceRequired: true, criterionId: null },
    { lotId: lotIds.zRoute!, kind: "mandatory" as const, title: "Keurmerk Blik op Werk", description: "De inschrijver beschikt over het keurmerk Blik op Werk en behoudt dat gedurende de hele looptijd.", evidenceRequired: true, criterionId: null },
    { lotId: null, kind: "mandatory" as const, title: "Kwartaalrapportage per gemeente", description: "De opdrachtnemer rapporteert elk kwartaal geaggregeerde aantallen per gemeente, leerroute en doelgroep, zonder persoonsgegevens.", evidenceRequired: false, criterionId: null },
    { lotId: null, kind: "mandatory" as const, title: "Lesaanbod binnen de regio", description: "Het aanbod wordt gegeven op locaties in West-Friesland.", evidenceRequired: false, criterionId: null },
    { lotId: null, kind: "scored" as const, title: "Duale trajecten", description: "Binnen het eerste jaar komt ten minste 80 % van de deelnemers in aanraking met werk (§6).", evidenceRequired: false, criterionId: criterionId("Integrale aanpak taal, werk en participatie") },
    { lotId: null, kind: "scored" as const, title: "Samenwerking met lokaal aanbod", description: "Deelnemers worden actief gekoppeld aan lokaal aanbod (taalmaatje, sport, vrijwilligerswerk).", evidenceRequired: false, criterionId: criterionId("Lokale verbinding en vrijwilligers") },
    { lotId: null, kind: "scored" as const, title: "Jaarlijks klantonderzoek", description: "De opdrachtnemer voert jaarlijks een klantonderzoek uit; streefwaarde gemiddeld ten minste een 7.", evidenceRequired: false, criterionId: criterionId("Klantbeleving en maatwerk") },
  ];
  for (const requirement of requirements) {
    await saveRequirement(db, clock, projectgroup, tenderId, requirement);
  }
  await saveSections(db, clock, projectgroup, tenderId, sections);
  await publishTender(db, clock, projectgroup, tenderId, { changeNote: "" });

  const questions = [
    { email: "aanbieder@taalinstituut-dehorn.test", lot: "b1Route", text: "Mag een B1-traject worden gecombineerd met een werkervaringsplaats bij een werkgever buiten de regio?", answer: "Ja, mits de lessen in de regio worden gegeven en het traject in het PIP is afgestemd met het RIT.", topic: "Perceel 1: B1-route" },
    { email: "aanbieder@taalschool-zuiderzee.test", lot: "zRoute", text: "Hoe worden de 1.600 uur van de Z-route verdeeld over taal en participatie?", answer: "Ongeveer 800 uur taal en 800 uur participatie; de verdeling per deelnemer volgt uit het PIP.", topic: "Perceel 3: Z-route" },
    { email: "aanbieder@lingua-westfriesland.test", lot: null, text: "Is de prestatiebekostiging al van toepassing vanaf de start van het contract?", answer: "Nee. Tot de activeringsdatum maakt de regio een schaduwberekening; de opdrachtnemer ontvangt die per jaar.", topic: "Contractvoorwaarden" },
  ];
  const asked: string[] = [];
  for (const question of questions) {
    const supplier = await actorByEmail(db, question.email);
    const { id } = await askQuestion(db, clock, supplier, tenderId, {
      text: question.text,
      lotId: question.lot ? lotIds[question.lot]! : null,
      documentReference: null,
    });
    asked.push(id);
  }
  for (const [index, question] of questions.entries()) {
    await answerQuestion(db, clock, projectgroup, tenderId, asked[index]!, { answer: question.answer, topic: question.topic });
  }
  await publishInformationNotice(db, clock, projectgroup, tenderId);
}
