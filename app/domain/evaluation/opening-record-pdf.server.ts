// The proces-verbaal van opening (TenderNed practice, domain.md §6): the official record of what
// was in the vault when two projectgroep members opened it. Per lot the bidders with their KvK
// number, the version that counts, its submission time (Europe/Amsterdam) and the SHA-256 of the
// receipt, recomputed at the moment the record is made; withdrawn offers are counted, not named.
// No prices: the second envelope stays closed for the assessment (two envelopes).
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { formatDateTime } from "../../utils/format";
import { pageNumberFooter, printable, renderPdf, toWinAnsi } from "../../utils/pdf.server";
import type { OpeningRecord } from "./opening.server";

export interface OpeningRecordInput {
  reference: string;
  title: string;
  tenderVersion: number;
  submissionDeadline: Date;
  record: OpeningRecord;
  generatedAt: Date;
}

const HASH_CHECK_OK = "Klopt";
const HASH_CHECK_FAILED = "WIJKT AF";

function attachmentCheck(offer: OpeningRecord["lots"][number]["offers"][number]): string {
  if (offer.attachmentCount === 0) return "geen bijlagen";
  const count = `${offer.attachmentCount} ${offer.attachmentCount === 1 ? "bijlage" : "bijlagen"}`;
  return offer.attachmentsIntact ? `${count}: kloppen` : `${count}: WIJKEN AF`;
}

function keyValues(rows: [string, string][]): Content {
  return {
    table: { widths: [150, "*"], body: rows.map(([key, value]) => [{ text: key, bold: true }, value]) },
    layout: "noBorders",
    margin: [0, 0, 0, 10],
  };
}

function lotPart(lot: OpeningRecord["lots"][number]): Content[] {
  const parts: Content[] = [{ text: `Perceel ${lot.number}: ${lot.title}`, style: "h2" }];
  if (lot.offers.length === 0) {
    parts.push({ text: "Geen inschrijvingen ontvangen.", style: "paragraph" });
  } else {
    const body: TableCell[][] = [
      ["Inschrijver", "KvK-nummer", "Versie", "Ingediend op", "Controle hash"].map((text) => ({ text, style: "tableHeader" })),
    ];
    for (const offer of lot.offers) {
      body.push([
        { text: offer.organisationName, bold: true },
        offer.kvkNumber,
        String(offer.version),
        formatDateTime(offer.submittedAt),
        { text: `${offer.hashMatches ? HASH_CHECK_OK : HASH_CHECK_FAILED}; ${attachmentCheck(offer)}`, bold: !offer.hashMatches || !offer.attachmentsIntact },
      ]);
      // the hash on a row of its own, in full, so that it is never broken over two lines
      body.push([{ text: `SHA-256: ${offer.contentHash}`, colSpan: 5, style: "hash" }, {}, {}, {}, {}]);
      if (offer.needsReconfirmation) {
        body.push([
          { text: "Let op: de aanbesteding is na deze inschrijving wezenlijk gewijzigd en de inschrijver heeft de inschrijving niet opnieuw bevestigd.", colSpan: 5, italics: true },
          {},
          {},
          {},
          {},
        ]);
      }
    }
    parts.push({ table: { headerRows: 1, widths: ["*", 60, 40, 110, 100], body, dontBreakRows: true }, layout: "lightHorizontalLines", style: "table" });
    parts.push({ text: `Aantal geldende inschrijvingen: ${lot.offers.length}.`, style: "paragraph" });
  }
  parts.push({
    text: `Ingetrokken inschrijvingen (niet geopend, apart geteld): ${lot.withdrawnCount}.`,
    style: "paragraph",
  });
  return parts;
}

export function buildOpeningRecordDocument(input: OpeningRecordInput): TDocumentDefinitions {
  const { record } = input;
  const body: Content[] = [
    { text: "Proces-verbaal van opening", style: "title" },
    { text: `${input.reference} – ${input.title}`, style: "subtitle" },
    keyValues([
      ["Aanbesteding", `${input.reference}, versie ${input.tenderVersion} van het programma van eisen`],
      ["Sluitingstermijn", formatDateTime(input.submissionDeadline)],
      ["Opening aangevraagd door", `${record.requestedByName} op ${formatDateTime(record.requestedAt)}`],
      ["Opening bevestigd door", `${record.confirmedByName} op ${formatDateTime(record.confirmedAt)}`],
      ["Proces-verbaal opgemaakt op", formatDateTime(input.generatedAt)],
    ]),
    {
      text:
        "De inschrijvingen zijn na de sluitingstermijn geopend door twee leden van de projectgroep (vier ogen). Per perceel staan hieronder de inschrijvingen die meetellen: de laatste versie die vóór de sluitingstermijn is ingediend. Tijden in Nederlandse tijd (Europe/Amsterdam). De SHA-256 is de controlewaarde van het ontvangstbewijs van de inschrijver. Bij het opmaken van dit proces-verbaal is zij opnieuw berekend uit de opgeslagen inschrijving (\"Klopt\": gelijk aan het ontvangstbewijs), en is van elke bijlage de SHA-256 van het opgeslagen bestand vergeleken met die in de inschrijving. Prijzen worden pas na de kwaliteitsbeoordeling getoond.",
      style: "paragraph",
    },
    ...[...record.lots].sort((a, b) => a.number - b.number).flatMap(lotPart),
  ];
  return {
    pageSize: "A4",
    pageMargins: [56, 64, 56, 60],
    language: "nl-NL",
    info: {
      title: toWinAnsi(`${input.reference} Proces-verbaal van opening`),
      subject: toWinAnsi(input.title),
      author: "Leerrouteportaal",
      creator: "Leerrouteportaal",
      creationDate: input.generatedAt,
    },
    header: printable<Content>({ columns: [{ text: input.reference }, { text: "Proces-verbaal van opening", alignment: "right" }], margin: [56, 28, 56, 0], style: "pageMargin" }),
    footer: pageNumberFooter(),
    content: printable(body),
    defaultStyle: { font: "Helvetica", fontSize: 10, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 22, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 12, margin: [0, 0, 0, 14] },
      h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 6] },
      paragraph: { margin: [0, 0, 0, 6] },
      table: { margin: [0, 2, 0, 6], fontSize: 9 },
      tableHeader: { bold: true, fillColor: "#eeeeee" },
      hash: { fontSize: 8, color: "#333333" },
      pageMargin: { fontSize: 8, color: "#555555" },
    },
  };
}

export async function renderOpeningRecordPdf(input: OpeningRecordInput): Promise<Buffer> {
  return renderPdf(buildOpeningRecordDocument(input));
}
