// One pdfmake set-up for every PDF of the portal (PvE, receipts, proces-verbaal, award letters).
//
// Fonts: the standard-14 Helvetica family, built into every PDF reader, so no font file is read
// or embedded. Its encoding (WinAnsi) covers Dutch text, "€" and typographic quotes but not,
// for example, "−" or "≥": every string is passed through `toWinAnsi` before it reaches pdfmake,
// which otherwise prints such characters as garbage.
//
// pdfmake 0.3's server module is one shared instance; fonts and access policies are set on it
// right before each createPdf, which copies them synchronously, so another module configuring
// the same instance in between cannot change a document.
import { createRequire } from "node:module";
import path from "node:path";
import pdfmake from "pdfmake";
import type { DynamicContent, TDocumentDefinitions } from "pdfmake/interfaces";

const STANDARD_FONTS = ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"] as const;
const FONTS = { Helvetica: { normal: STANDARD_FONTS[0], bold: STANDARD_FONTS[1], italics: STANDARD_FONTS[2], bolditalics: STANDARD_FONTS[3] } };
// pdfmake's own font folder stays readable for other pdfmake users in this process (Roboto);
// nothing else on disk is.
const BUNDLED_FONT_FOLDER = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfmake/package.json")), "fonts") + path.sep;

function allowLocalFile(file: string): boolean {
  return (STANDARD_FONTS as readonly string[]).includes(file) || path.resolve(file).startsWith(BUNDLED_FONT_FOLDER);
}

// WinAnsi (Windows-1252): ASCII, Latin-1 and these 27 characters in 0x80–0x9F.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const REPLACEMENTS: Record<string, string> = {
  "−": "-", "‐": "-", "‑": "-", "‒": "-", "―": "—",
  "≥": ">=", "≤": "<=", "≠": "<>", "→": "->", "←": "<-", "⇒": "=>", "✓": "v", "✔": "v",
  "\u2009": " ", "\u202f": "\u00a0", "\u200b": "", "\u2060": "", "\ufeff": "", "\t": "    ",
  "′": "'", "″": "\"", "‛": "‘", "‟": "“",
};

/** Makes a string printable in the standard fonts: known look-alikes replaced, anything else "?". */
export function toWinAnsi(text: string): string {
  let result = "";
  for (const char of text.normalize("NFC")) {
    const code = char.codePointAt(0)!;
    if (char === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) result += char;
    else result += REPLACEMENTS[char] ?? "?";
  }
  return result;
}

/** Every string in a pdfmake tree through toWinAnsi; style names and the like are ASCII and unchanged. */
export function printable<T>(node: T): T {
  if (typeof node === "string") return toWinAnsi(node) as T;
  if (Array.isArray(node)) return node.map((item: unknown) => printable(item)) as T;
  if (node && typeof node === "object" && !(node instanceof Date)) {
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, value]) => [key, printable(value)])) as T;
  }
  return node;
}

/**
 * The portal's page footer: "Pagina 3 van 9" at the right, after an optional prefix ("WF-2026-01,
 * perceel 2 · "). Uses the document's "pageMargin" style.
 */
export function pageNumberFooter(prefix = ""): DynamicContent {
  return (currentPage, pageCount) => ({
    text: toWinAnsi(`${prefix}Pagina ${currentPage} van ${pageCount}`),
    alignment: "right",
    margin: [56, 24, 56, 0],
    style: "pageMargin",
  });
}

/** No heading (a node with headlineLevel 1) alone at the bottom of a page: it moves to the next. */
export const keepHeadingsWithTheirText: NonNullable<TDocumentDefinitions["pageBreakBefore"]> = (currentNode, nodeQueries) =>
  currentNode.headlineLevel === 1 && nodeQueries.getFollowingNodesOnPage().length === 0;

/** Renders a document definition with the standard fonts, all text made printable first. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  const printableDefinition = printable(definition);
  pdfmake.addFonts(FONTS);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(allowLocalFile);
  return pdfmake.createPdf(printableDefinition).getBuffer();
}
