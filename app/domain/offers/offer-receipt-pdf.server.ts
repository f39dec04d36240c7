// The receipt (ontvangstbewijs) of a submitted offer version as a PDF: what was submitted, when
// (Europe/Amsterdam), by whom, its SHA-256 receipt hash and each attachment's own SHA-256, and
// how anyone can check the hash. Built from the stored version only, so it can be produced again
// at any time with the same content.
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import { formatEuroCents, formatFileSize, formatNumber, TIME_ZONE } from "../../utils/format";
import { renderPdf } from "../../utils/pdf.server";
import { priceUnitLabels } from "../tenders/tender-content";
import type { AttachmentPurpose, OfferVersionContent } from "./offer-content";

export interface OfferReceiptPdfInput {
  content: OfferVersionContent;
  contentHash: string;
  tenderTitle: string;
  submittedByName: string;
}

const withSeconds = new Intl.DateTimeFormat("nl-NL", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "15 december 2026 om 11:59:12 (Nederlandse tijd)" */
export function formatReceiptInstant(iso: string): string {
  const parts = Object.fromEntries(withSeconds.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year} om ${parts.hour}:${parts.minute}:${parts.second} (Nederlandse tijd)`;
}

function purposeText(content: OfferVersionContent, purpose: AttachmentPurpose): string {
  switch (purpose.kind) {
    case "uea":
      return "UEA";
    case "criterion":
      return `Gunningscriterium: ${content.answers.find((answer) => answer.criterionId === purpose.criterionId)?.criterionName ?? "onbekend"}`;
    case "requirement": {
      const requirement = content.requirements.find((candidate) => candidate.requirementId === purpose.requirementId);
      return requirement ? `${requirement.kind === "mandatory" ? "Eis" : "Wens"}: ${requirement.title}` : "Eis: onbekend";
    }
  }
}



export function receiptDefinition(input: OfferReceiptPdfInput): TDocumentDefinitions {
  const { content, contentHash } = input;
  const keyValue = (rows: [string, string][]): Content => ({
    table: { widths: [150, "*"], body: rows.map(([key, value]) => [{ text: key, bold: true }, value]) },
    layout: "lightHorizontalLines",
    margin: [0, 0, 0, 12],
  });
  const attachments: Content = content.attachments.length
    ? {
        stack: content.attachments.map((attachment, index) => ({
          stack: [
            { text: `${index + 1}. ${attachment.fileName} (${formatFileSize(attachment.sizeBytes)}) – ${purposeText(content, attachment.purpose)}` },
            { text: `SHA-256: ${attachment.sha256}`, fontSize: 8 },
          ],
          margin: [0, 0, 0, 6],
        })),
        margin: [0, 0, 0, 12],
      }
    : { text: "Geen bijlagen.", margin: [0, 0, 0, 12] };
  return {
    info: { title: `Ontvangstbewijs inschrijving ${content.tenderReference} perceel ${content.lotNumber} versie ${content.version}` },
    pageSize: "A4",
    pageMargins: [50, 50, 50, 60],
    defaultStyle: { font: "Helvetica", fontSize: 10, lineHeight: 1.2 },
    footer: (page: number, pages: number) => ({ text: `Ontvangstbewijs – pagina ${page} van ${pages}`, alignment: "center", fontSize: 8, margin: [0, 20, 0, 0] }),
    content: [
      { text: "Ontvangstbewijs inschrijving", fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      { text: "Leerrouteportaal Westfriesland", margin: [0, 0, 0, 16] },
      keyValue([
        ["Aanbesteding", `${content.tenderReference} – ${input.tenderTitle}`],
        ["Programma van eisen", `versie ${content.tenderVersion}`],
        ["Perceel", `${content.lotNumber}: ${content.lotTitle}`],
        ["Inschrijver", content.organisation.name],
        ["KvK-nummer", content.organisation.kvkNumber],
        ["Versie van de inschrijving", String(content.version)],
        ["Ingediend op", formatReceiptInstant(content.submittedAt)],
        ["Ingediend (UTC)", content.submittedAt],
        ["Ingediend door", input.submittedByName],
        ["Ondertekend door", `${content.signedByName}, ${content.signedByRole}`],
        ["Totaalprijs", formatEuroCents(content.totalPriceCents)],
      ]),
      { text: "Controlewaarde (SHA-256)", bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      { text: contentHash, fontSize: 9, margin: [0, 0, 0, 12] },
      { text: "Prijzen", bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: ["*", 80, 60, 90],
          body: [
            [
              { text: "Prijscomponent", bold: true },
              { text: "Eenheidsprijs", bold: true, alignment: "right" },
              { text: "Aantal", bold: true, alignment: "right" },
              { text: "Totaal", bold: true, alignment: "right" },
            ],
            ...content.prices.map((line) => [
              `${line.name} (${priceUnitLabels[line.unit as keyof typeof priceUnitLabels] ?? line.unit})`,
              { text: formatEuroCents(line.unitPriceCents), alignment: "right" as const },
              { text: formatNumber(line.quantity), alignment: "right" as const },
              { text: formatEuroCents(line.totalCents), alignment: "right" as const },
            ]),
            [{ text: "Totaal", bold: true }, "", "", { text: formatEuroCents(content.totalPriceCents), bold: true, alignment: "right" }],
          ],
        },
        layout: "lightHorizontalLines",
        margin: [0, 0, 0, 12],
      },
      { text: "Bijlagen", bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      attachments,
      { text: "Zo controleert u dit ontvangstbewijs", bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      {
        text:
          "De controlewaarde is de SHA-256 (hexadecimaal) over de UTF-8-bytes van de inhoud van deze versie van uw inschrijving in canonieke JSON volgens RFC 8785 (JSON Canonicalization Scheme): alle velden, met sleutels gesorteerd en zonder witruimte. " +
          "De inhoud bevat alle prijzen, antwoorden, bevestigingen van eisen met toelichting, de UEA-verklaring, de ondertekening, het tijdstip van indienen en van elke bijlage de eigen SHA-256, zodat ook de bijlagen vastliggen. " +
          "U kunt die inhoud als JSON-bestand downloaden bij uw inschrijving in het portaal; de SHA-256 van dat bestand (bijvoorbeeld met sha256sum) moet gelijk zijn aan de controlewaarde hierboven, en de SHA-256 van elke bijlage aan de waarde die hier bij de bijlage staat. " +
          "De ingediende versie wordt onveranderlijk bewaard; bij de opening wordt de controlewaarde opnieuw berekend.",
        margin: [0, 0, 0, 12],
      },
    ],
  };
}

export async function renderOfferReceiptPdf(input: OfferReceiptPdfInput): Promise<Buffer> {
  return renderPdf(receiptDefinition(input));
}
