/**
 * A download of offer or evaluation data (an offer's attachment, receipt or recorded content, the
 * record of the opening, an award letter): sealed or confidential, so never kept in a shared cache
 * nor by the browser, and served as the stored type without letting the browser guess another.
 */
export function privateDownload(bytes: Uint8Array, contentType: string, disposition: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": disposition,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/** `attachment` with a file name the portal made itself (plain ASCII, no quotes). */
export function attachmentNamed(fileName: string): string {
  return `attachment; filename="${fileName}"`;
}
