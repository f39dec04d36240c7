import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

// A rendered PDF is read back with pdftotext (poppler-utils), as the end-to-end tests do.
const PDFTOTEXT = process.env.PDFTOTEXT ?? "/usr/bin/pdftotext";

/** The PDF's text in content order, with all whitespace (also no-break spaces) as single spaces. */
export function pdfText(pdf: Uint8Array): string {
  if (!existsSync(PDFTOTEXT)) {
    throw new Error(`pdftotext not found at ${PDFTOTEXT}: install poppler-utils (apt-get install poppler-utils) or set PDFTOTEXT to its path.`);
  }
  return execFileSync(PDFTOTEXT, ["-raw", "-enc", "UTF-8", "-", "-"], { input: pdf }).toString("utf8").replace(/\s+/g, " ");
}
