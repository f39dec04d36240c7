import { unstable_parseMultipartFormData, type UploadHandler, type UploadHandlerPart } from "@remix-run/node";
import { DEFAULT_MAX_FILE_BYTES, fileTooLargeMessage } from "../domain/files/file-storage.server";
import { CsrfError, verifyCsrf } from "./csrf.server";
import { formFailure, formValues } from "./form.server";

export type MultipartForm = { ok: true; form: FormData } | { ok: false; response: ReturnType<typeof formFailure> };

export interface MultipartOptions {
  /** Largest accepted part (file), in bytes; the domain's `storeFile` applies the same limit. */
  maxFileBytes?: number;
  /**
   * Most bytes read from the body in all. Above `maxFileBytes` the rest of a too-large file is
   * read and thrown away (so the browser receives the form error instead of a reset
   * connection) until this budget is spent; then the request is refused outright.
   */
  maxRequestBytes?: number;
}

class RequestTooLarge extends Error {}

/** A part (file or field) above its limit; readMultipartForm turns it into a Dutch form error. */
export class PartTooLargeError extends Error {
  constructor(
    readonly field: string,
    readonly maxBytes: number,
  ) {
    super(`Part "${field}" is larger than ${maxBytes} bytes`);
    this.name = "PartTooLargeError";
  }
}

/** The body held more bytes than its Content-Length announced: a malformed request. */
class BodyLongerThanAnnounced extends Error {}

export interface UploadedBytes {
  fileName: string;
  /** As the browser sent it; never trusted (storeFile detects the type from the content). */
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Reads a part's chunks into ONE buffer allocated up front, and returns a view of the bytes
 * written (no copy).
 *
 * Why: "at most one whole copy of an upload in memory" (issue 5: 100 suppliers uploading 2 MB
 * attachments in the final minute). Remix's memory handler keeps every chunk, then builds a File
 * from them (a second copy), and `await file.arrayBuffer()` made a third. Here each chunk is
 * copied into the buffer as it arrives and then dropped, so the whole upload exists once; the
 * view returned goes to storeFile (SHA-256, type check, insert) without further copies.
 *
 * `capacity` bounds the allocation: the request's Content-Length when known (a part can never
 * be longer than the body), otherwise the limit itself. A large typed array is zero-filled lazily
 * by the operating system, so even then memory grows with the bytes actually written.
 * More than `maxBytes` throws PartTooLargeError; more than `capacity` (below `maxBytes`: the body
 * is longer than it announced) throws BodyLongerThanAnnounced.
 */
export async function readIntoSingleBuffer(data: AsyncIterable<Uint8Array>, options: { field: string; capacity: number; maxBytes: number }): Promise<Uint8Array> {
  const capacity = Math.max(0, Math.min(options.capacity, options.maxBytes));
  const buffer = new Uint8Array(capacity);
  let written = 0;
  for await (const chunk of data) {
    if (written + chunk.byteLength > options.maxBytes) throw new PartTooLargeError(options.field, options.maxBytes);
    if (written + chunk.byteLength > capacity) throw new BodyLongerThanAnnounced();
    buffer.set(chunk, written);
    written += chunk.byteLength;
  }
  return buffer.subarray(0, written);
}

/** Reads a text field, refusing more than `maxBytes`. */
async function readText(data: AsyncIterable<Uint8Array>, field: string, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new PartTooLargeError(field, maxBytes);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * An upload handler for unstable_parseMultipartFormData that reads each file with
 * readIntoSingleBuffer and hands it to `onFile` instead of putting a File into the FormData
 * (a File would copy the bytes again). Text fields go into the FormData as strings. A file input
 * left empty (no name, no bytes) gives nothing.
 */
export function createSingleBufferUploadHandler(options: {
  maxFileBytes: number;
  /** The request's Content-Length, or null when it did not say. */
  contentLength: number | null;
  onFile: (field: string, file: UploadedBytes) => void;
}): UploadHandler {
  return async (part) => {
    if (typeof part.filename !== "string") return readText(part.data, part.name, options.maxFileBytes);
    const bytes = await readIntoSingleBuffer(part.data, {
      field: part.name,
      capacity: options.contentLength ?? options.maxFileBytes,
      maxBytes: options.maxFileBytes,
    });
    if (bytes.byteLength > 0 || part.filename !== "") options.onFile(part.name, { fileName: part.filename, contentType: part.contentType, bytes });
    return undefined;
  };
}

/** The files readMultipartForm read, by the FormData it returned: uploadedFile finds them here. */
const filesOfForm = new WeakMap<FormData, Map<string, UploadedBytes>>();

function contentLengthOf(request: Request): number | null {
  const header = request.headers.get("Content-Length");
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  const value = Number(header);
  return Number.isSafeInteger(value) ? value : null;
}

/** Counts every byte read from a part against the request's budget. */
function countedPart(part: UploadHandlerPart, take: (bytes: number) => void): UploadHandlerPart & { data: AsyncIterator<Uint8Array> & AsyncIterable<Uint8Array> } {
  const source = part.data[Symbol.asyncIterator]();
  const data = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const result = await source.next();
      if (!result.done) take(result.value.byteLength);
      return result;
    },
    // No `return`: when the handler stops at its limit, the part stays readable so that its
    // remainder can be drained.
  };
  return { ...part, data };
}

function csrfRefused(): Response {
  return new Response("Het formulier is verlopen of komt niet van deze website.", { status: 403, statusText: "Geen toegang" });
}

async function verifiedOrThrow(request: Request, form: FormData): Promise<void> {
  try {
    await verifyCsrf(request, form);
  } catch (error) {
    if (error instanceof CsrfError) throw csrfRefused();
    throw error;
  }
}

/**
 * Reads a multipart/form-data post (a form with a file) after checking, like `readForm`, that it
 * comes from this site with this browser's CSRF token (a normal field in the body; PortalForm
 * renders it first). A part above `maxFileBytes` is not a 500 but a Dutch form error on that
 * field, with what else was typed:
 *
 *   const upload = await readMultipartForm(request, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
 *   if (!upload.ok) return upload.response;
 *   const file = await uploadedFile(upload.form, "file");
 *
 * The form needs `encType="multipart/form-data"`. Files are held in memory, up to the limits, each
 * exactly once (readIntoSingleBuffer); `uploadedFile` hands out those bytes without copying.
 */
export async function readMultipartForm(request: Request, options: MultipartOptions = {}): Promise<MultipartForm> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxRequestBytes = options.maxRequestBytes ?? maxFileBytes * 2 + 1024 * 1024;
  const files = new Map<string, UploadedBytes>();
  const singleBuffer = createSingleBufferUploadHandler({
    maxFileBytes,
    contentLength: contentLengthOf(request),
    onFile: (field, file) => {
      // one file per field: a second part with the same name does not replace the first
      if (!files.has(field)) files.set(field, file);
    },
  });

  let bytesRead = 0;
  const take = (bytes: number) => {
    bytesRead += bytes;
    if (bytesRead > maxRequestBytes) throw new RequestTooLarge();
  };
  // Fields read so far, so that the CSRF token and the typed values survive a too-large file.
  const fields = new FormData();
  let tooLarge: { field: string; isFile: boolean } | null = null;

  const handler: UploadHandler = async (part) => {
    const counted = countedPart(part, take);
    try {
      const value = await singleBuffer(counted);
      if (typeof value === "string") fields.append(part.name, value);
      return value;
    } catch (error) {
      if (!(error instanceof PartTooLargeError)) throw error;
      tooLarge ??= { field: part.name, isFile: typeof part.filename === "string" };
      for await (const _chunk of counted.data) {
        // drained and discarded, within maxRequestBytes
      }
      return undefined;
    }
  };

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof RequestTooLarge) {
      throw new Response("Het verzonden formulier is te groot.", { status: 413, statusText: "Te groot" });
    }
    // Not multipart (TypeError), a malformed body (the parser's "malformed …"/"unexpected end
    // of stream") or a body longer than its Content-Length: the request is at fault, not the server.
    if (error instanceof TypeError || error instanceof BodyLongerThanAnnounced || (error instanceof Error && /malformed|unexpected end/i.test(error.message))) {
      throw new Response("Het formulier kon niet worden gelezen. Probeer het opnieuw.", { status: 400, statusText: "Ongeldig verzoek" });
    }
    throw error;
  }

  const refused = tooLarge as { field: string; isFile: boolean } | null;
  if (refused) {
    await verifiedOrThrow(request, fields);
    const message = refused.isFile ? fileTooLargeMessage(maxFileBytes) : "Dit veld is te lang.";
    return { ok: false, response: formFailure({ errors: { [refused.field]: [message] }, values: formValues(fields) }) };
  }
  await verifiedOrThrow(request, form);
  filesOfForm.set(form, files);
  return { ok: true, form };
}

/**
 * The file chosen in `field`, as bytes for `storeFile`; null when the field is missing or no file
 * was chosen (a browser then sends an empty part without a name). For a form read by
 * readMultipartForm these are the bytes as read, the one copy (no further copy is made here).
 */
export async function uploadedFile(form: FormData, field: string): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const read = filesOfForm.get(form);
  if (read) {
    const file = read.get(field);
    return file ? { fileName: file.fileName, bytes: file.bytes } : null;
  }
  // A FormData built some other way (request.formData(), a test) holds File objects; reading one
  // copies it once more, which only readMultipartForm avoids.
  const value = form.get(field);
  if (value === null || typeof value === "string") return null;
  if (value.size === 0 && value.name === "") return null;
  return { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}
