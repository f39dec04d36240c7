// The award decision letter (gunningsbeslissing) of one lot for one bidder, as a PDF.
//
// Art. 2.130 Aanbestedingswet 2012: the decision is sent to every bidder at the same time and
// states the relevant reasons: for a bidder that lost, its own scores and the winner's, and the
// characteristics and relative advantages of the winning offer; for an excluded bidder, the
// reason of the exclusion. Art. 2.127: the letter states when the standstill (opschortende
// termijn) ends, and a contract is not concluded before it has. The winner gets the intention to
// award (voornemen tot gunning), from which no rights follow until the standstill is over.
//
// The letter is built from the lot's evaluation result (the consensus scores and motivations,
// lot-result.ts) and the award row; it is rendered on demand, so the same data always gives the
// same letter. A preview before the decision is sent is marked CONCEPT.
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { amsterdamDateOf } from "../../utils/amsterdam-time";
import { formatCalendarDate, formatEuroCents } from "../../utils/format";
import { keepHeadingsWithTheirText, pageNumberFooter, printable, renderPdf, toWinAnsi } from "../../utils/pdf.server";
import { priceScoringMethodLabels, type PriceScoringMethod } from "../tenders/tender-content";
import { dutchOrdinal, formatPoints, formatStandstillEnd } from "./award-format";
import type { RankedOffer } from "./ranking";

export type AwardLetterKind = "winner" | "unsuccessful" | "excluded";

export interface AwardLetterInput {
  kind: AwardLetterKind;
  tender: { reference: string; title: string };
  lot: { number: number; title: string };
  recipient: { organisationName: string; kvkNumber: string };
  /** When the decision was sent; null for a preview of a proposal (marked CONCEPT). */
  decisionSentAt: Date | null;
  /** The standstill of the sent decision; null for a preview. */
  standstill: { days: number; lastDay: string; extended: boolean } | null;
  /** Number of standstill days the preview announces. */
  standstillDays: number;
  scale: { max: number };
  priceScoringMethod: PriceScoringMethod;
  /** Sum of the price criteria's weights (0 when price is not scored). */
  priceWeight: number;
  winner: { organisationName: string; ranked: RankedOffer; motivations: Readonly<Record<string, string>> };
  /** The recipient's own result; null for an excluded bidder (not scored). */
  own: { ranked: RankedOffer; motivations: Readonly<Record<string, string>> } | null;
  /** The recipient's own total price, shown to it alone. */
  ownTotalPriceCents: number | null;
  /** How many admissible offers were ranked. */
  rankedCount: number;
  exclusionReason: string | null;
  /** The projectgroep's motivation of the award. */
  awardMotivation: string;
  /** How a tie at the top was broken, when there was one. */
  tieBreakNote: string | null;
}

const LEGAL_BASIS = "art. 2.127 Aanbestedingswet 2012";
const COURT = "de voorzieningenrechter van de Rechtbank Noord-Holland";

function header(cells: string[]): TableCell[] {
  return cells.map((text) => ({ text, style: "tableHeader" }));
}

function keyValues(rows: [string, string][]): Content {
  return {
    table: { widths: [130, "*"], body: rows.map(([key, value]) => [{ text: key, bold: true }, value]) },
    layout: "noBorders",
    style: "table",
  };
}

function subject(input: AwardLetterInput): string {
  const lot = `perceel ${input.lot.number} "${input.lot.title}"`;
  return input.kind === "winner" ? `Voornemen tot gunning van ${lot}` : `Gunningsbeslissing ${lot}`;
}

function opening(input: AwardLetterInput): Content[] {
  const { tender, lot, winner, own } = input;
  const what = `perceel ${lot.number} "${lot.title}" van de aanbesteding ${tender.reference} "${tender.title}"`;
  switch (input.kind) {
    case "winner":
      return [
        {
          text: `Hierbij delen wij u mee dat wij voornemens zijn ${what} aan uw organisatie te gunnen. Uw inschrijving heeft de beste prijs-kwaliteitverhouding: zij is als 1e geëindigd van ${input.rankedCount} geldige ${input.rankedCount === 1 ? "inschrijving" : "inschrijvingen"}, met ${formatPoints(winner.ranked.totalPoints)} punten.`,
          style: "paragraph",
        },
        {
          text: "Dit is een voornemen. Aan deze brief kunt u geen rechten ontlenen: de gunning wordt pas definitief na afloop van de opschortende termijn hieronder, en tot dan wordt geen overeenkomst gesloten.",
          style: "paragraph",
        },
      ];
    case "unsuccessful":
      if (own!.ranked.rank === winner.ranked.rank) {
        return [
          {
            text: `Hierbij delen wij u mee dat wij voornemens zijn ${what} te gunnen aan ${winner.organisationName}. Uw inschrijving eindigde met ${formatPoints(own!.ranked.totalPoints)} punten gelijk met de winnende inschrijving, ook na de regels voor een gelijke stand; hoe de gelijke stand is beslist, staat hieronder.`,
            style: "paragraph",
          },
        ];
      }
      return [
        {
          text: `Hierbij delen wij u mee dat wij voornemens zijn ${what} te gunnen aan ${winner.organisationName}. Uw inschrijving komt niet voor gunning in aanmerking: zij is als ${dutchOrdinal(own!.ranked.rank)} geëindigd van ${input.rankedCount} geldige inschrijvingen, met ${formatPoints(own!.ranked.totalPoints)} punten. De winnende inschrijving behaalde ${formatPoints(winner.ranked.totalPoints)} punten.`,
          style: "paragraph",
        },
      ];
    case "excluded":
      return [
        {
          text: `Hierbij delen wij u mee dat uw inschrijving op ${what} is uitgesloten en daarom niet inhoudelijk is beoordeeld.`,
          style: "paragraph",
        },
        { text: "Reden van uitsluiting", style: "h2", headlineLevel: 1 },
        { text: input.exclusionReason?.trim() || "Niet voldaan aan een of meer eisen (knock-outcriteria).", style: "paragraph" },
        { text: `Wij zijn voornemens dit perceel te gunnen aan ${winner.organisationName}, met ${formatPoints(winner.ranked.totalPoints)} punten de inschrijving met de beste prijs-kwaliteitverhouding.`, style: "paragraph" },
      ];
  }
}

/** Own and winner's points per criterion, price and total; the winner's letter has one column set. */
function scoreTable(input: AwardLetterInput): Content[] {
  const { winner, own } = input;
  if (!own) return [];
  const alone = input.kind === "winner";
  const head = alone
    ? ["Criterium (weging)", "Score", "Punten"]
    : ["Criterium (weging)", "Uw score", "Uw punten", "Score winnaar", "Punten winnaar"];
  const rows: TableCell[][] = own.ranked.quality.map((line) => {
    const winnerLine = winner.ranked.quality.find((candidate) => candidate.criterionId === line.criterionId);
    const cells: TableCell[] = [`${line.name} (${line.weight})`, `${line.score} van ${input.scale.max}`, formatPoints(line.points)];
    if (!alone) cells.push(winnerLine ? `${winnerLine.score} van ${input.scale.max}` : "–", winnerLine ? formatPoints(winnerLine.points) : "–");
    return cells;
  });
  if (input.priceWeight > 0) {
    const cells: TableCell[] = [`Prijs (${input.priceWeight})`, "", formatPoints(own.ranked.pricePoints)];
    if (!alone) cells.push("", formatPoints(winner.ranked.pricePoints));
    rows.push(cells);
  }
  const total: TableCell[] = [{ text: "Totaal", bold: true }, "", { text: formatPoints(own.ranked.totalPoints), bold: true }];
  if (!alone) total.push("", { text: formatPoints(winner.ranked.totalPoints), bold: true });
  rows.push(total);
  const widths = alone ? ["*", 70, 60] : ["*", 55, 55, 60, 65];
  const parts: Content[] = [
    { text: alone ? "Uw scores" : "Uw scores en die van de winnende inschrijving", style: "h2", headlineLevel: 1 },
    {
      text: `Kwaliteit is gescoord op een schaal tot ${input.scale.max}; punten = score / ${input.scale.max} × weging, afgerond op twee decimalen. ${
        input.priceWeight > 0 ? `De prijspunten volgen de formule uit het programma van eisen: ${priceScoringMethodLabels[input.priceScoringMethod]}.` : ""
      }`,
      style: "muted",
    },
    { table: { headerRows: 1, widths, body: [header(head), ...rows] }, layout: "lightHorizontalLines", style: "table" },
  ];
  if (input.ownTotalPriceCents !== null && input.priceWeight > 0) {
    parts.push({ text: `Uw totaalprijs over de verwachte aantallen: ${formatEuroCents(input.ownTotalPriceCents)}.`, style: "paragraph" });
  }
  parts.push({ text: `Uw rangorde: ${dutchOrdinal(own.ranked.rank)} van ${input.rankedCount}.`, style: "paragraph" });
  return parts;
}

/** The consensus motivation of every criterion: the recipient's own and, for a loser, the winner's. */
function motivations(input: AwardLetterInput): Content[] {
  const { winner, own } = input;
  if (!own) return [];
  const parts: Content[] = [{ text: "Motivering per criterium", style: "h2", headlineLevel: 1 }];
  for (const line of own.ranked.quality) {
    parts.push({ text: `${line.name} (weging ${line.weight})`, style: "h3" });
    parts.push({ text: [{ text: `Uw inschrijving (score ${line.score}): `, bold: true }, own.motivations[line.criterionId] ?? "–"], style: "paragraph" });
    if (input.kind !== "winner") {
      const winnerLine = winner.ranked.quality.find((candidate) => candidate.criterionId === line.criterionId);
      parts.push({
        text: [{ text: `Winnende inschrijving (score ${winnerLine?.score ?? "–"}): `, bold: true }, winner.motivations[line.criterionId] ?? "–"],
        style: "paragraph",
      });
    }
  }
  return parts;
}

/** The characteristics and relative advantages of the winning offer (art. 2.130 lid 1 sub b). */
function relativeAdvantages(input: AwardLetterInput): Content[] {
  const { winner, own } = input;
  const items: string[] = [];
  if (own && input.kind === "unsuccessful") {
    for (const line of winner.ranked.quality) {
      const ownLine = own.ranked.quality.find((candidate) => candidate.criterionId === line.criterionId);
      const difference = line.points - (ownLine?.points ?? 0);
      if (difference > 0.004) {
        items.push(`${line.name}: de winnende inschrijving behaalde ${formatPoints(difference)} punten meer (${formatPoints(line.points)} tegen ${formatPoints(ownLine?.points ?? 0)}). ${winner.motivations[line.criterionId] ?? ""}`.trim());
      }
    }
    const priceDifference = winner.ranked.pricePoints - own.ranked.pricePoints;
    if (input.priceWeight > 0 && priceDifference > 0.004) {
      items.push(`Prijs: de winnende inschrijving behaalde ${formatPoints(priceDifference)} prijspunten meer (${formatPoints(winner.ranked.pricePoints)} tegen ${formatPoints(own.ranked.pricePoints)}).`);
    }
  } else {
    for (const line of winner.ranked.quality) items.push(`${line.name} (score ${line.score} van ${input.scale.max}): ${winner.motivations[line.criterionId] ?? "–"}`);
  }
  const parts: Content[] = [{ text: input.kind === "winner" ? "Redenen van het voornemen" : "Kenmerken en relatieve voordelen van de winnende inschrijving", style: "h2", headlineLevel: 1 }];
  if (items.length) parts.push({ ul: items, style: "paragraph" });
  parts.push({ text: [{ text: "Motivering van de gunning: ", bold: true }, input.awardMotivation], style: "paragraph" });
  if (input.tieBreakNote) {
    parts.push({
      text: [{ text: "Gelijke stand: ", bold: true }, `de hoogste inschrijvingen eindigden gelijk, ook na de regels voor een gelijke stand uit het programma van eisen. De winnaar is als volgt bepaald: ${input.tieBreakNote}`],
      style: "paragraph",
    });
  }
  return parts;
}

function standstillPart(input: AwardLetterInput): Content[] {
  const parts: Content[] = [{ text: "Opschortende termijn", style: "h2", headlineLevel: 1 }];
  if (!input.standstill) {
    parts.push({
      text: `De opschortende termijn van ${input.standstillDays} kalenderdagen (${LEGAL_BASIS}) begint op de dag na verzending van deze beslissing en eindigt om 24:00 uur op de laatste dag; de datum staat in de verzonden brief.`,
      style: "paragraph",
    });
    return parts;
  }
  const { standstill } = input;
  parts.push({ text: `De opschortende termijn eindigt op ${formatStandstillEnd(standstill.lastDay)}.`, style: "emphasis" });
  parts.push({
    text: `Deze termijn van ${standstill.days} kalenderdagen volgt uit ${LEGAL_BASIS}. Hij begint op de dag na verzending van deze beslissing${
      standstill.extended
        ? "; omdat de laatste dag op een zaterdag, zondag of algemeen erkende feestdag viel, loopt hij door tot het einde van de eerstvolgende werkdag (artikel 1 Algemene termijnenwet)."
        : "."
    } Voor het einde van de termijn sluiten wij geen overeenkomst.`,
    style: "paragraph",
  });
  return parts;
}

function objectionPart(input: AwardLetterInput): Content[] {
  const term = input.standstill ? `uiterlijk op ${formatStandstillEnd(input.standstill.lastDay)}` : "binnen de opschortende termijn";
  if (input.kind === "winner") {
    return [
      { text: "Wat er nu gebeurt", style: "h2", headlineLevel: 1 },
      {
        text: `De andere inschrijvers ontvangen tegelijk met u bericht. Zij kunnen ${term} bezwaar maken door een kort geding aanhangig te maken. Doet niemand dat, dan gunnen wij het perceel na afloop van de termijn definitief aan u en ontvangt u het conceptcontract. Wordt de gunning opgeschort of ingetrokken, dan laten wij u dat direct weten.`,
        style: "paragraph",
      },
    ];
  }
  return [
    { text: "Bezwaar maken", style: "h2", headlineLevel: 1 },
    {
      text: `Bent u het niet eens met deze beslissing, dan kunt u ${term} een kort geding aanhangig maken bij ${COURT}. Een kort geding is aanhangig zodra de dagvaarding is betekend; laat het ons binnen de termijn ook weten via het Leerrouteportaal. Maakt u binnen de termijn geen kort geding aanhangig, dan gaan wij ervan uit dat u met deze beslissing instemt, vervalt uw recht om er later nog tegen op te komen, en gunnen wij het perceel definitief.`,
      style: "paragraph",
    },
    {
      text: "U kunt ook een klacht indienen bij de projectgroep inkoop inburgering van de regio Westfriesland. Een klacht schort de opschortende termijn niet op: wilt u de definitieve gunning tegenhouden, maak dan binnen de termijn een kort geding aanhangig.",
      style: "paragraph",
    },
  ];
}

export function buildAwardLetterDocument(input: AwardLetterInput): TDocumentDefinitions {
  const concept = input.decisionSentAt === null;
  const date = input.decisionSentAt ? formatCalendarDate(amsterdamDateOf(input.decisionSentAt)) : "Concept, nog niet verzonden";
  const body: Content[] = [
    { text: "Gemeenten van de regio Westfriesland", style: "kicker" },
    { text: "Projectgroep inkoop inburgering, via het Leerrouteportaal Westfriesland", style: "muted" },
    keyValues([
      ["Aan", `${input.recipient.organisationName} (KvK ${input.recipient.kvkNumber})`],
      ["Datum", date],
      ["Kenmerk", `${input.tender.reference}, perceel ${input.lot.number}`],
      ["Onderwerp", subject(input)],
    ]),
    { text: subject(input), style: "title" },
    { text: "Geachte heer, mevrouw,", style: "paragraph" },
    ...opening(input),
    ...scoreTable(input),
    ...motivations(input),
    ...relativeAdvantages(input),
    ...standstillPart(input),
    ...objectionPart(input),
    { text: "Met vriendelijke groet,", style: "paragraph", margin: [0, 12, 0, 0] },
    { text: "namens de gemeenten van de regio Westfriesland,\nde projectgroep inkoop inburgering", style: "paragraph" },
  ];
  return {
    pageSize: "A4",
    pageMargins: [56, 56, 56, 60],
    language: "nl-NL",
    info: {
      title: toWinAnsi(`${input.tender.reference} ${subject(input)}`),
      subject: toWinAnsi(input.recipient.organisationName),
      author: "Leerrouteportaal",
      creator: "Leerrouteportaal",
      ...(input.decisionSentAt ? { creationDate: input.decisionSentAt } : {}),
    },
    ...(concept ? { watermark: { text: "CONCEPT", color: "#b91c1c", opacity: 0.12, bold: true } } : {}),
    footer: pageNumberFooter(`${input.tender.reference}, perceel ${input.lot.number} · `),
    content: printable(body),
    pageBreakBefore: keepHeadingsWithTheirText,
    defaultStyle: { font: "Helvetica", fontSize: 10, lineHeight: 1.2 },
    styles: {
      kicker: { fontSize: 12, color: "#1d4ed8", bold: true },
      title: { fontSize: 15, bold: true, margin: [0, 14, 0, 10] },
      h2: { fontSize: 12, bold: true, margin: [0, 12, 0, 6] },
      h3: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
      paragraph: { margin: [0, 0, 0, 6] },
      emphasis: { bold: true, margin: [0, 0, 0, 6] },
      table: { margin: [0, 4, 0, 8], fontSize: 9 },
      tableHeader: { bold: true, fillColor: "#eeeeee" },
      muted: { color: "#555555", margin: [0, 0, 0, 6] },
      pageMargin: { fontSize: 8, color: "#555555" },
    },
  };
}

export function renderAwardLetterPdf(input: AwardLetterInput): Promise<Buffer> {
  return renderPdf(buildAwardLetterDocument(input));
}
