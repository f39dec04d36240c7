import { buildRequirementsProgramInput, buildTenderContent, testMunicipalityNames } from "../../../test/factories/tender-content";
import { pdfText } from "../../../test/setup/pdf-text";
import { sectionKeys, type TenderContent } from "./tender-content";
import { buildRequirementsProgramDocument, parseTextBlocks, renderRequirementsProgramPdf, toWinAnsi, type RequirementsProgramInput } from "./pve-pdf.server";

/** All PvE sections empty except the ones given. */
const sections = (filled: Partial<TenderContent["sections"]> = {}): TenderContent["sections"] =>
  Object.fromEntries(sectionKeys.map((key) => [key, filled[key] ?? ""])) as TenderContent["sections"];

describe("renderRequirementsProgramPdf", () => {
  let published: RequirementsProgramInput;
  let pdf: Buffer;
  let text: string;

  beforeAll(async () => {
    published = buildRequirementsProgramInput({ lots: 3, requirements: 12 });
    pdf = await renderRequirementsProgramPdf(published);
    text = pdfText(pdf);
  });

  test("is a PDF", () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  test("the title page names the document, the tender, its version and the municipalities", () => {
    expect(text).toContain("Programma van eisen");
    expect(text).toContain("Leerroutes inburgering Westfriesland 2027–2031");
    expect(text).toContain("Kenmerk WF-2026-INB-01");
    expect(text).toContain("Versie 2");
    expect(text).toContain("Datum 24 november 2026");
    for (const name of Object.values(testMunicipalityNames)) expect(text).toContain(name);
  });

  test("has a table of contents with the chapters, and every lot as a section", () => {
    expect(text).toMatch(/Inhoud 1 Toelichting \d+ 1\.1 Achtergrond \d+/);
    expect(text).toMatch(/4\.1 Perceel 1: B1-route Westfriesland \d+/);
    expect(text).toMatch(/Bijlage A Nota van Inlichtingen \d+/);
  });

  test("shows every lot with its ceiling as a Dutch euro amount", () => {
    for (const lot of published.content.lots) expect(text).toContain(`Perceel ${lot.number}: ${lot.title}`);
    expect(text).toContain("Plafondbedrag € 1.250.000,00");
    expect(text).toContain("Plafondbedrag € 980.000,00");
  });

  test("shows the timeline in Dutch dates and Amsterdam time", () => {
    expect(text).toContain("Sluitingstermijn inschrijvingen 15 december 2026 om 12:00");
    expect(text).toContain("Uiterste moment voor vragen 16 november 2026 om 12:00");
    expect(text).toContain("Beoogde start van het contract 1 maart 2027");
  });

  test("shows the volumes per municipality with totals, the price components and the KPIs", () => {
    // B1 lot: 55 % of 105 = 58 per target group (volumes.ts)
    expect(text).toContain("Hoorn 19 19 38");
    expect(text).toContain("Totaal 58 58 116");
    expect(text).toContain("Traject per traject 116");
    expect(text).toMatch(/Uitstroom naar werk Afwijking van het beleidskader: Regionale ambitie: [^%]* 55 % hoger is beter Beleidskader §6\.2/);
    expect(text).toContain("Verzuim 10 % lager is beter");
  });

  test("lists the requirements numbered, per lot, with their criterion", () => {
    expect(text).toContain("Voor alle percelen");
    expect(text).toContain("E1 Keurmerk Blik op Werk gedurende de hele looptijd");
    expect(text).toContain("W1 Duale trajecten: taal en werk tegelijk");
    expect(text).toMatch(/W1 Duale trajecten: taal en werk tegelijk .*Plan van aanpak/);
  });

  test("explains the award criteria, the scale and the price formula with a worked example", () => {
    expect(text).toMatch(/Prijs De totaalprijs [^.]*\. Prijs 30 punten Plan van aanpak [^.]*\. Kwaliteit 40 punten/);
    expect(text).toContain("Totaal 100 punten");
    expect(text).toContain("Mogelijke scores: 0, 2, 4, 6, 8, 10.");
    expect(text).toContain("30 × 80.000 / 100.000 = 24,00 punten");
  });

  test("has the change log and the Nota van Inlichtingen with numbered questions grouped by topic", () => {
    expect(text).toContain("Eis over het keurmerk verduidelijkt naar aanleiding van de Nota van Inlichtingen.");
    expect(text).toContain("Perceel 2 Vraag 2 Perceel: Z-route Westfriesland Mogen de lessen van de Z-route ook op zaterdag worden gegeven? Antwoord Ja,");
    expect(text).toContain("Verwijzing: § 3 Termijnen");
  });

  test("numbers every page as 'Pagina X van Y' and carries reference and version in the header", () => {
    const numbers = [...text.matchAll(/Pagina (\d+) van (\d+)/g)].map((match) => [Number(match[1]), Number(match[2])] as const);
    const pageCount = numbers[0]![1];
    expect(pageCount).toBeGreaterThan(5);
    expect(numbers.map(([page]) => page)).toEqual(Array.from({ length: pageCount }, (_, index) => index + 1));
    expect(numbers.every(([, total]) => total === pageCount)).toBe(true);
    expect(text).toContain("Pagina 1 van");
    expect(text.split("WF-2026-INB-01 Versie 2 van 24 november 2026").length - 1).toBe(pageCount - 1);
  });

  test("a published version has no CONCEPT watermark", () => {
    expect(text.replace(/\s+/g, "")).not.toContain("CONCEPT");
  });
});

describe("a draft preview", () => {
  test("is marked CONCEPT on every page and says it is not published", async () => {
    const input = buildRequirementsProgramInput({ lots: 1, requirements: 2, draft: true });
    expect(buildRequirementsProgramDocument(input).watermark).toMatchObject({ text: "CONCEPT" });
    const text = pdfText(await renderRequirementsProgramPdf(input));
    expect(text).toContain("Datum Concept, niet gepubliceerd");
    expect(text).toContain("Aan deze versie kunnen geen rechten worden ontleend.");
    expect(text).toContain("Versie 2 (concept)");
    const pages = Number(/Pagina 1 van (\d+)/.exec(text)![1]);
    expect(text.replace(/\s+/g, "").split("CONCEPT").length - 1).toBe(pages);
  });

  test("of a tender that is still empty renders with placeholders", async () => {
    const content = buildTenderContent({
      lots: 0,
      requirements: 0,
      overrides: { timeline: null, awardCriteria: [], documents: [], cpvCodes: [], sections: sections(), municipalityIds: [] },
    });
    const text = pdfText(
      await renderRequirementsProgramPdf({ content, version: 1, publishedAt: null, municipalityNames: {}, changeLog: [], informationNotice: null }),
    );
    expect(text).toContain("Er is nog geen toelichting opgenomen.");
    expect(text).toContain("De planning is nog niet vastgesteld.");
    expect(text).toContain("Er zijn nog geen percelen.");
    expect(text).toContain("Er zijn nog geen eisen of wensen.");
    expect(text).toContain("Er zijn nog geen gunningscriteria vastgesteld.");
    expect(text).toContain("Dit is de eerste versie van het programma van eisen.");
    expect(text).toContain("Er is nog geen Nota van Inlichtingen gepubliceerd.");
  });
});

test("the price explanation follows the tender's method", async () => {
  const input = buildRequirementsProgramInput({ lots: 1, requirements: 0, overrides: { priceScoringMethod: "relativeToCeiling" } });
  const text = pdfText(await renderRequirementsProgramPdf(input));
  expect(text).toContain("Een prijs op of boven het plafondbedrag krijgt 0 punten.");
  expect(text).toContain("30 × 20.000 / 100.000 = 6,00 punten");
  // the method's label contains "−" (U+2212), which Helvetica cannot print
  expect(text).toContain("(plafond - aangeboden prijs) / plafond × maximumscore");
});

test("characters outside the standard font's range print as look-alikes, not as garbage", async () => {
  const input = buildRequirementsProgramInput({
    lots: 1,
    requirements: 0,
    overrides: { sections: sections({ background: "Streefwaarde ≥ 75 % − minimaal; tolken voor het Tigrinya (ትግርኛ) en het Arabisch (عربي)." }) },
  });
  const text = pdfText(await renderRequirementsProgramPdf(input));
  expect(text).toContain("Streefwaarde >= 75 % - minimaal; tolken voor het Tigrinya (????) en het Arabisch (????).");
});

describe("toWinAnsi", () => {
  test.each([
    { case: "Dutch text, euro sign and typographic quotes are kept", input: "€ 1.250,00 — ‘geïndexeerd’ “café” …", output: "€ 1.250,00 — ‘geïndexeerd’ “café” …" },
    { case: "the minus sign becomes a hyphen", input: "a − b", output: "a - b" },
    { case: "comparison signs become ASCII", input: "≥ 75 % en ≤ 10 %", output: ">= 75 % en <= 10 %" },
    { case: "a narrow no-break space becomes a no-break space", input: "10\u202f%", output: "10\u00a0%" },
    { case: "a decomposed ë is composed first", input: "e\u0308", output: "ë" },
    { case: "line breaks survive", input: "a\nb", output: "a\nb" },
    { case: "anything else becomes a question mark", input: "中文 🙂", output: "?? ?" },
  ])("$case", ({ input, output }) => {
    expect(toWinAnsi(input)).toBe(output);
  });
});

describe("parseTextBlocks", () => {
  test.each([
    { case: "an empty text has no blocks", text: "  \n\n ", blocks: [] },
    { case: "blank lines separate paragraphs", text: "Eén.\n\nTwee.", blocks: [{ kind: "paragraph", text: "Eén." }, { kind: "paragraph", text: "Twee." }] },
    { case: "lines of one paragraph are joined", text: "Eén\ntwee\r\ndrie", blocks: [{ kind: "paragraph", text: "Eén twee drie" }] },
    {
      case: "lines starting with a dash are bullets",
      text: "Doelen:\n- taal\n- werk\n\nSlot.",
      blocks: [{ kind: "paragraph", text: "Doelen:" }, { kind: "bullets", items: ["taal", "werk"] }, { kind: "paragraph", text: "Slot." }],
    },
    {
      case: "a line after bullets starts a new paragraph",
      text: "- taal\nDaarna meer.",
      blocks: [{ kind: "bullets", items: ["taal"] }, { kind: "paragraph", text: "Daarna meer." }],
    },
    {
      case: "two hashes make a subheading",
      text: "## Uitgangspunten\nSnel starten.",
      blocks: [{ kind: "heading", text: "Uitgangspunten" }, { kind: "paragraph", text: "Snel starten." }],
    },
    {
      case: "other Markdown is printed as typed",
      text: "# Titel *vet* -geen bullet",
      blocks: [{ kind: "paragraph", text: "# Titel *vet* -geen bullet" }],
    },
  ])("$case", ({ text, blocks }) => {
    expect(parseTextBlocks(text)).toEqual(blocks);
  });
});
