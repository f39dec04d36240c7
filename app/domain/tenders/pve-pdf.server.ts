// The programma van eisen (PvE) of one tender version as a PDF, with pdfmake 0.3 on the server.
// Suppliers download it and the published version is what they are bound to, so the document
// shows everything an offer depends on: lots, volumes, prices asked, KPIs, requirements, award
// criteria and how price is scored, plus the change log and the Nota van Inlichtingen.
//
// Fonts: the standard-14 Helvetica family, built into every PDF reader, so no font file is read
// or embedded. Its encoding (WinAnsi) covers Dutch text, "€" and typographic quotes but not,
// for example, "−" or "≥": every string is passed through `toWinAnsi` (app/utils/pdf.server.ts).
import { pageNumberFooter, printable, renderPdf, toWinAnsi } from "../../utils/pdf.server";

export { toWinAnsi };
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { amsterdamDateOf } from "../../utils/amsterdam-time";
import { formatCalendarDate, formatDate, formatDateTime, formatEuroCents, formatNumber, formatTarget } from "../../utils/format";
import { scorePrice } from "./price-scoring";
import {
  describeContractTerm,
  lotServiceLabels,
  priceScoringMethodLabels,
  priceUnitLabels,
  procedureLabels,
  sectionKeys,
  sectionLabels,
  targetGroupLabels,
  targetGroups,
  type Lot,
  type Requirement,
  type TenderContent,
} from "./tender-content";
import type { InformationNoticeEntry } from "./tender.sql";

export interface RequirementsProgramInput {
  content: TenderContent;
  version: number;
  /** null: a draft preview, marked CONCEPT on every page. */
  publishedAt: Date | null;
  municipalityNames: Record<string, string>;
  changeLog: { version: number; publishedAt: Date; changeNote: string | null }[];
  informationNotice: { version: number; publishedAt: Date; entries: InformationNoticeEntry[] } | null;
}


export type TextBlock = { kind: "paragraph"; text: string } | { kind: "bullets"; items: string[] } | { kind: "heading"; text: string };

/**
 * The PvE's free text, read as a small subset of Markdown that the editor's users can type
 * without knowing it: blank lines separate paragraphs; lines within a paragraph are joined (as
 * in Markdown); a line starting with "- " is a bullet; a line starting with "## " is a
 * subheading. Nothing else is interpreted, so "*" or "#" elsewhere print as typed.
 */
export function parseTextBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let bullets: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
    if (bullets.length) blocks.push({ kind: "bullets", items: bullets });
    paragraph = [];
    bullets = [];
  };
  for (const rawLine of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = rawLine.trim();
    if (!line) {
      flush();
    } else if (line.startsWith("## ")) {
      flush();
      blocks.push({ kind: "heading", text: line.slice(3).trim() });
    } else if (line.startsWith("- ")) {
      if (paragraph.length) flush();
      bullets.push(line.slice(2).trim());
    } else {
      if (bullets.length) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

function textBlocks(text: string): Content[] {
  return parseTextBlocks(text).map((block): Content => {
    switch (block.kind) {
      case "heading":
        return { text: block.text, style: "h3" };
      case "bullets":
        return { ul: block.items, style: "paragraph" };
      case "paragraph":
        return { text: block.text, style: "paragraph" };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const pointsFormat = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function header(cells: string[]): TableCell[] {
  return cells.map((text) => ({ text, style: "tableHeader" }));
}

function table(widths: (number | string)[], head: string[], rows: TableCell[][], footer?: TableCell[]): Content {
  return {
    table: { headerRows: 1, widths, body: [header(head), ...rows, ...(footer ? [footer.map((cell) => (typeof cell === "string" ? { text: cell, bold: true } : cell))] : [])] },
    layout: "lightHorizontalLines",
    style: "table",
  };
}

function keyValues(rows: [string, string | Content][], margin?: [number, number, number, number]): Content {
  return {
    table: { widths: [160, "*"], body: rows.map(([key, value]) => [{ text: key, bold: true }, value as TableCell]) },
    layout: "lightHorizontalLines",
    style: "table",
    ...(margin ? { margin } : {}),
  };
}

/** Numbered chapter and section headings that also feed the table of contents. */
function createOutline() {
  let chapter = 0;
  let section = 0;
  return {
    chapter(title: string, options: { newPage?: boolean; label?: string } = {}): Content {
      chapter += 1;
      section = 0;
      return { text: `${options.label ?? String(chapter)}  ${title}`, style: "h1", tocItem: true, ...(options.newPage ? { pageBreak: "before" as const } : {}) };
    },
    section(title: string): Content {
      section += 1;
      return { text: `${chapter}.${section}  ${title}`, style: "h2", tocItem: true, tocMargin: [14, 0, 0, 0] };
    },
  };
}

type Outline = ReturnType<typeof createOutline>;

function lotName(lot: Pick<Lot, "number" | "title">): string {
  return `Perceel ${lot.number}: ${lot.title}`;
}

// ---------------------------------------------------------------------------------------------
// Parts of the document

function titlePage(input: RequirementsProgramInput, municipalities: string[]): Content[] {
  const { content, version, publishedAt } = input;
  return [
    { text: "Programma van eisen", style: "kicker", margin: [0, 120, 0, 8] },
    { text: content.title, style: "title" },
    ...(content.summary.trim() ? [{ text: content.summary, style: "paragraph", margin: [0, 12, 0, 0] } as Content] : []),
    keyValues(
      [
        ["Kenmerk", content.reference],
        ["Versie", String(version)],
        ["Datum", publishedAt ? formatDate(publishedAt) : "Concept, niet gepubliceerd"],
        ["Deelnemende gemeenten", { ul: municipalities.length ? municipalities : ["Nog geen gemeenten gekozen"] }],
      ],
      [0, 36, 0, 0],
    ),
    ...(publishedAt
      ? []
      : [{ text: "Dit is een concept. Aan deze versie kunnen geen rechten worden ontleend.", style: "muted", margin: [0, 24, 0, 0] } as Content]),
  ];
}

function explanation(content: TenderContent, outline: Outline): Content[] {
  const parts: Content[] = [outline.chapter("Toelichting", { newPage: true })];
  const filled = sectionKeys.filter((key) => content.sections[key]?.trim());
  if (filled.length === 0) parts.push({ text: "Er is nog geen toelichting opgenomen.", style: "muted" });
  for (const key of filled) parts.push(outline.section(sectionLabels[key]), ...textBlocks(content.sections[key]!));
  return parts;
}

function generalData(content: TenderContent, municipalities: string[], outline: Outline): Content[] {
  const term = content.contractTerm;
  const extensions = term.extensionYears.length;
  const termText =
    extensions === 0
      ? describeContractTerm(term)
      : `${describeContractTerm(term)}: ${term.initialYears} jaar, met ${extensions === 1 ? "één verlengingsoptie" : `${extensions} verlengingsopties`}`;
  const parts: Content[] = [
    outline.chapter("Algemene gegevens", { newPage: true }),
    keyValues([
      ["Aanbestedende diensten", municipalities.length ? municipalities.join(", ") : "–"],
      ["Procedure", procedureLabels[content.procedure]],
      ["Regime", content.lightRegime ? "Sociale en andere specifieke diensten (licht regime)" : "Regulier regime"],
      ["CPV-codes", content.cpvCodes.length ? content.cpvCodes.join(", ") : "–"],
      ["Geraamde waarde", formatEuroCents(content.estimatedValueCents)],
      ["Looptijd", termText],
      ["Aantal percelen", formatNumber(content.lots.length)],
    ]),
  ];
  if (content.documents.length) {
    parts.push(
      outline.section("Bijgevoegde documenten"),
      { text: "De controlegetallen (SHA-256) laten zien dat een gedownload document ongewijzigd is.", style: "paragraph" },
      table(
        ["*", "auto", "auto"],
        ["Document", "Bestand", "Grootte"],
        content.documents.map((document) => [
          { stack: [document.title, { text: `SHA-256: ${document.sha256}`, style: "fine" }] },
          document.fileName,
          { text: `${formatNumber(Math.max(1, Math.round(document.sizeBytes / 1024)))} kB`, alignment: "right" },
        ]),
      ),
    );
  }
  return parts;
}

function timelinePart(content: TenderContent, outline: Outline): Content[] {
  const parts: Content[] = [outline.chapter("Termijnen")];
  const timeline = content.timeline;
  if (!timeline) return [...parts, { text: "De planning is nog niet vastgesteld.", style: "muted" }];
  return [
    ...parts,
    table(
      [220, "*"],
      ["Moment", "Datum"],
      [
        ["Publicatie", formatCalendarDate(timeline.publicationDate)],
        ["Uiterste moment voor vragen", formatDateTime(timeline.questionDeadline)],
        ["Publicatie Nota van Inlichtingen", formatCalendarDate(timeline.informationNoticeDate)],
        [{ text: "Sluitingstermijn inschrijvingen", bold: true }, { text: formatDateTime(timeline.submissionDeadline), bold: true }],
        ["Voorgenomen gunningsbeslissing", formatCalendarDate(timeline.plannedAwardDecisionDate)],
        ["Opschortende termijn", `${timeline.standstillDays} kalenderdagen na verzending van de gunningsbeslissing`],
        ["Beoogde start van het contract", formatCalendarDate(timeline.contractStartDate)],
      ],
    ),
    {
      text: "Alle tijden zijn Nederlandse tijd. Een inschrijving die na de sluitingstermijn binnenkomt, wordt door het portaal geweigerd.",
      style: "muted",
    },
  ];
}

function volumesTable(lot: Lot, content: TenderContent, names: Record<string, string>): Content {
  if (lot.volumes.length === 0) return { text: "Voor dit perceel zijn geen aantallen opgegeven.", style: "muted" };
  // The tender's municipalities in their order first, then any other municipality in the volumes.
  const order = [...new Set([...content.municipalityIds, ...lot.volumes.map((volume) => volume.municipalityId)])].filter((id) =>
    lot.volumes.some((volume) => volume.municipalityId === id),
  );
  const count = (municipalityId: string | null, group: string | null) =>
    lot.volumes
      .filter((volume) => (municipalityId === null || volume.municipalityId === municipalityId) && (group === null || volume.targetGroup === group))
      .reduce((sum, volume) => sum + volume.count, 0);
  const number = (value: number, bold = false): TableCell => ({ text: formatNumber(value), alignment: "right", bold });
  return table(
    ["*", 95, 95, 60],
    ["Gemeente", ...targetGroups.map((group) => targetGroupLabels[group]), "Totaal"],
    order.map((id) => [names[id] ?? "Onbekende gemeente", ...targetGroups.map((group) => number(count(id, group))), number(count(id, null), true)]),
    [{ text: "Totaal", bold: true }, ...targetGroups.map((group) => number(count(null, group), true)), number(count(null, null), true)],
  );
}

function lotsPart(content: TenderContent, names: Record<string, string>, outline: Outline): Content[] {
  const parts: Content[] = [outline.chapter("Percelen", { newPage: true })];
  if (content.lots.length === 0) return [...parts, { text: "Er zijn nog geen percelen.", style: "muted" }];
  const lots = [...content.lots].sort((a, b) => a.number - b.number);
  for (const lot of lots) {
    parts.push(
      outline.section(lotName(lot)),
      keyValues([
        ["Dienst", lotServiceLabels[lot.service]],
        ["Plafondbedrag", formatEuroCents(lot.ceilingAmountCents)],
        ["Aandeel van de regionale instroom", formatTarget(lot.routeSharePercent, "percent")],
        ["Prestatiebekostiging", lot.performancePayment ? "Ja" : "Nee"],
      ]),
      ...textBlocks(lot.description),
      { text: "Verwachte aantallen deelnemers", style: "h3" },
      volumesTable(lot, content, names),
      { text: "Prijscomponenten", style: "h3" },
      lot.priceComponents.length
        ? table(
            ["*", 100, 110],
            ["Prijscomponent", "Eenheid", "Verwachte hoeveelheid"],
            lot.priceComponents.map((component) => [component.name, priceUnitLabels[component.unit], { text: formatNumber(component.expectedQuantity), alignment: "right" }]),
          )
        : { text: "Er zijn nog geen prijscomponenten.", style: "muted" },
      { text: "Prestatie-indicatoren (KPI's)", style: "h3" },
      lot.kpis.length
        ? table(
            ["*", 65, 75, 110],
            ["KPI", "Streefwaarde", "Richting", "Bron"],
            lot.kpis.map((kpi) => [
              kpi.overrideReason?.trim() ? { stack: [kpi.name, { text: `Afwijking van het beleidskader: ${kpi.overrideReason}`, style: "fine" }] } : kpi.name,
              { text: formatTarget(kpi.target, kpi.unit), alignment: "right" },
              kpi.direction === "higherIsBetter" ? "hoger is beter" : "lager is beter",
              kpi.source,
            ]),
          )
        : { text: "Voor dit perceel zijn geen KPI's vastgelegd.", style: "muted" },
    );
  }
  return parts;
}

/** E1, E2 … for mandatory requirements and W1, W2 … for scored wishes, in content order. */
function requirementNumbers(requirements: readonly Requirement[]): Map<string, string> {
  const counters = { mandatory: 0, scored: 0 };
  return new Map(
    requirements.map((requirement) => {
      counters[requirement.kind] += 1;
      return [requirement.id, `${requirement.kind === "mandatory" ? "E" : "W"}${counters[requirement.kind]}`];
    }),
  );
}

function requirementsPart(content: TenderContent, outline: Outline): Content[] {
  const parts: Content[] = [
    outline.chapter("Eisen en wensen", { newPage: true }),
    {
      text: "Een inschrijving die niet aan alle eisen (knock-outcriteria) voldoet, wordt uitgesloten. Wensen worden beoordeeld onder het genoemde gunningscriterium.",
      style: "paragraph",
    },
  ];
  if (content.requirements.length === 0) return [...parts, { text: "Er zijn nog geen eisen of wensen.", style: "muted" }];
  const numbers = requirementNumbers(content.requirements);
  const criteria = new Map(content.awardCriteria.map((criterion) => [criterion.id, criterion.name]));
  const lots = [...content.lots].sort((a, b) => a.number - b.number);
  const knownLots = new Set(lots.map((lot) => lot.id));
  const groups: { title: string; requirements: Requirement[] }[] = [
    { title: "Voor alle percelen", requirements: content.requirements.filter((requirement) => requirement.lotId === null) },
    ...lots.map((lot) => ({ title: lotName(lot), requirements: content.requirements.filter((requirement) => requirement.lotId === lot.id) })),
    // Only possible in a draft preview: a requirement whose lot was removed.
    { title: "Perceel onbekend", requirements: content.requirements.filter((requirement) => requirement.lotId !== null && !knownLots.has(requirement.lotId)) },
  ];
  const described = (requirement: Requirement): TableCell => ({
    stack: [{ text: requirement.title, bold: true }, ...(requirement.description.trim() ? [{ text: requirement.description }] : [])],
  });
  for (const group of groups.filter((candidate) => candidate.requirements.length)) {
    parts.push(outline.section(group.title));
    const mandatory = group.requirements.filter((requirement) => requirement.kind === "mandatory");
    const scored = group.requirements.filter((requirement) => requirement.kind === "scored");
    if (mandatory.length) {
      parts.push(
        { text: "Eisen (knock-out)", style: "h3" },
        table(
          [28, "*", 70],
          ["Nr.", "Eis", "Bewijs"],
          mandatory.map((requirement) => [numbers.get(requirement.id)!, described(requirement), requirement.evidenceRequired ? "meesturen" : "op verzoek"]),
        ),
      );
    }
    if (scored.length) {
      parts.push(
        { text: "Wensen (gescoord)", style: "h3" },
        table(
          [28, "*", 120],
          ["Nr.", "Wens", "Gunningscriterium"],
          scored.map((requirement) => [
            numbers.get(requirement.id)!,
            described(requirement),
            (requirement.criterionId && criteria.get(requirement.criterionId)) || "nog niet gekoppeld",
          ]),
        ),
      );
    }
  }
  return parts;
}

function awardPart(content: TenderContent, outline: Outline): Content[] {
  const parts: Content[] = [outline.chapter("Gunning", { newPage: true })];
  const criteria = content.awardCriteria;
  parts.push(outline.section("Gunningscriteria"));
  if (criteria.length === 0) {
    parts.push({ text: "Er zijn nog geen gunningscriteria vastgesteld.", style: "muted" });
  } else {
    const total = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    parts.push(
      { text: "De opdracht wordt per perceel gegund aan de inschrijving met de hoogste totaalscore: de som van de punten per criterium.", style: "paragraph" },
      table(
        ["*", 80, 60],
        ["Criterium", "Soort", "Weging"],
        criteria.map((criterion) => [
          { stack: [{ text: criterion.name, bold: true }, ...(criterion.description.trim() ? [{ text: criterion.description }] : [])] },
          criterion.kind === "price" ? "Prijs" : "Kwaliteit",
          { text: `${criterion.weight} punten`, alignment: "right" },
        ]),
        [{ text: "Totaal", bold: true }, "", { text: `${total} punten`, alignment: "right", bold: true }],
      ),
    );
  }

  const scale = content.scoringScale;
  const steps = scale.step > 0 && scale.max >= scale.min ? Math.floor((scale.max - scale.min) / scale.step) + 1 : 0;
  parts.push(
    outline.section("Beoordelingsschaal"),
    {
      text: `Elk kwaliteitscriterium wordt beoordeeld op een schaal van ${scale.min} tot en met ${scale.max}, in stappen van ${scale.step}.${
        steps > 0 && steps <= 21 ? ` Mogelijke scores: ${Array.from({ length: steps }, (_, index) => scale.min + index * scale.step).join(", ")}.` : ""
      } Elke score wordt gemotiveerd.`,
      style: "paragraph",
    },
  );

  const price = criteria.find((criterion) => criterion.kind === "price");
  const maxPoints = price?.weight ?? 30;
  const points = (value: number) => `${pointsFormat.format(value)} punten`;
  const explanationText =
    content.priceScoringMethod === "lowestPriceRatio"
      ? [
          `De inschrijving met de laagste prijs krijgt het maximum van ${maxPoints} punten. Elke andere inschrijving krijgt ${maxPoints} punten, vermenigvuldigd met de laagste prijs en gedeeld door haar eigen prijs.`,
          `Voorbeeld: bij een laagste prijs van ${formatEuroCents(8_000_000)} en een aangeboden prijs van ${formatEuroCents(10_000_000)} is de score ${maxPoints} × 80.000 / 100.000 = ${points(
            scorePrice("lowestPriceRatio", { lowestCents: 8_000_000, offeredCents: 10_000_000, ceilingCents: 10_000_000, maxPoints }),
          )}.`,
        ]
      : [
          `Elke inschrijving krijgt ${maxPoints} punten, vermenigvuldigd met het verschil tussen het plafondbedrag van het perceel en de aangeboden prijs, en gedeeld door het plafondbedrag. Een prijs op of boven het plafondbedrag krijgt 0 punten.`,
          `Voorbeeld: bij een plafondbedrag van ${formatEuroCents(10_000_000)} en een aangeboden prijs van ${formatEuroCents(8_000_000)} is de score ${maxPoints} × 20.000 / 100.000 = ${points(
            scorePrice("relativeToCeiling", { lowestCents: 8_000_000, offeredCents: 8_000_000, ceilingCents: 10_000_000, maxPoints }),
          )}.`,
        ];
  parts.push(
    outline.section("Beoordeling van de prijs"),
    { text: `Methode: ${priceScoringMethodLabels[content.priceScoringMethod]}.`, style: "paragraph" },
    ...explanationText.map((text): Content => ({ text, style: "paragraph" })),
    {
      text: "De prijs is de totaalprijs van de inschrijving over de verwachte hoeveelheden van de prijscomponenten. Scores worden afgerond op twee decimalen; een derde decimaal van 5 of hoger wordt naar boven afgerond. Een prijs van € 0 wordt niet gescoord: de inschrijver wordt dan om een verduidelijking gevraagd.",
      style: "paragraph",
    },
  );
  return parts;
}

function changeLogPart(input: RequirementsProgramInput, outline: Outline): Content[] {
  const parts: Content[] = [outline.chapter("Wijzigingen")];
  if (input.changeLog.length === 0) return [...parts, { text: "Dit is de eerste versie van het programma van eisen.", style: "paragraph" }];
  return [
    ...parts,
    table(
      [45, 140, "*"],
      ["Versie", "Gepubliceerd", "Wijziging"],
      [...input.changeLog]
        .sort((a, b) => a.version - b.version)
        .map((entry) => [String(entry.version), formatDateTime(entry.publishedAt), entry.changeNote?.trim() || (entry.version === 1 ? "Eerste publicatie" : "–")]),
    ),
  ];
}

function informationNoticePart(input: RequirementsProgramInput, outline: Outline): Content[] {
  const parts: Content[] = [outline.chapter("Nota van Inlichtingen", { newPage: true, label: "Bijlage A" })];
  const notice = input.informationNotice;
  if (!notice) return [...parts, { text: "Er is nog geen Nota van Inlichtingen gepubliceerd.", style: "muted" }];
  parts.push({
    text: `Versie ${notice.version}, gepubliceerd op ${formatDateTime(notice.publishedAt)}. De antwoorden maken deel uit van de aanbestedingsstukken. Vragen worden gepubliceerd zonder de naam van de vragensteller.`,
    style: "paragraph",
  });
  if (notice.entries.length === 0) return [...parts, { text: "Deze nota bevat geen vragen.", style: "muted" }];
  // Topics in the order of their first question, questions by number within a topic.
  const entries = [...notice.entries].sort((a, b) => a.number - b.number);
  const topics = [...new Set(entries.map((entry) => entry.topic.trim() || "Algemeen"))];
  for (const topic of topics) {
    parts.push({ text: topic, style: "h2" });
    for (const entry of entries.filter((candidate) => (candidate.topic.trim() || "Algemeen") === topic)) {
      const about = [entry.lotTitle ? `Perceel: ${entry.lotTitle}` : null, entry.documentReference ? `Verwijzing: ${entry.documentReference}` : null].filter(Boolean).join(" · ");
      parts.push({
        margin: [0, 0, 0, 10],
        stack: [
          { text: `Vraag ${entry.number}`, bold: true },
          ...(about ? [{ text: about, style: "fine" } as Content] : []),
          { text: entry.question, margin: [0, 2, 0, 4] },
          { text: "Antwoord", bold: true },
          { text: entry.answer, margin: [0, 2, 0, 0] },
        ],
      });
    }
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------

/** The document definition; separate from rendering so that its structure is easy to inspect. */
export function buildRequirementsProgramDocument(input: RequirementsProgramInput): TDocumentDefinitions {
  const { content, version, publishedAt } = input;
  const draft = publishedAt === null;
  const municipalities = content.municipalityIds.map((id) => input.municipalityNames[id] ?? "Onbekende gemeente");
  const outline = createOutline();
  const versionLabel = `Versie ${version}${draft ? " (concept)" : ` van ${formatCalendarDate(amsterdamDateOf(publishedAt))}`}`;

  const body: Content[] = [
    ...titlePage(input, municipalities),
    { toc: { title: { text: "Inhoud", style: "h1" }, textStyle: { fontSize: 10 }, numberStyle: { fontSize: 10 } }, pageBreak: "before" },
    ...explanation(content, outline),
    ...generalData(content, municipalities, outline),
    ...timelinePart(content, outline),
    ...lotsPart(content, input.municipalityNames, outline),
    ...requirementsPart(content, outline),
    ...awardPart(content, outline),
    ...changeLogPart(input, outline),
    ...informationNoticePart(input, outline),
  ];

  return {
    pageSize: "A4",
    pageMargins: [56, 64, 56, 60],
    language: "nl-NL",
    info: {
      title: toWinAnsi(`${content.reference} Programma van eisen, versie ${version}`),
      subject: toWinAnsi(content.title),
      author: "Leerrouteportaal",
      creator: "Leerrouteportaal",
      ...(publishedAt ? { creationDate: publishedAt } : {}),
    },
    ...(draft ? { watermark: { text: "CONCEPT", color: "#b91c1c", opacity: 0.12, bold: true } } : {}),
    header: (currentPage) =>
      currentPage === 1
        ? null
        : printable<Content>({
            columns: [{ text: content.reference }, { text: versionLabel, alignment: "right" }],
            margin: [56, 28, 56, 0],
            style: "pageMargin",
          }),
    footer: pageNumberFooter(),
    content: printable(body),
    defaultStyle: { font: "Helvetica", fontSize: 10, lineHeight: 1.2 },
    styles: {
      kicker: { fontSize: 14, color: "#1d4ed8", bold: true },
      title: { fontSize: 24, bold: true, lineHeight: 1.1 },
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 6] },
      h3: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      paragraph: { margin: [0, 0, 0, 6] },
      table: { margin: [0, 2, 0, 8], fontSize: 9 },
      tableHeader: { bold: true, fillColor: "#eeeeee" },
      muted: { color: "#555555", margin: [0, 0, 0, 6] },
      fine: { fontSize: 7.5, color: "#555555" },
      pageMargin: { fontSize: 8, color: "#555555" },
    },
  };
}

/** Renders the PvE of one version (or a draft preview) as a PDF. */
export async function renderRequirementsProgramPdf(input: RequirementsProgramInput): Promise<Buffer> {
  const definition = buildRequirementsProgramDocument(input);
  return renderPdf(definition);
}
