import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
  type UploadHandlerPart,
} from "@remix-run/node";
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
    // No `return`: when the memory handler stops at its limit, the part stays readable so that
    // its remainder can be drained.
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
 * The form needs `encType="multipart/form-data"`. Files are held in memory, up to the limits.
 */
export async function readMultipartForm(request: Request, options: MultipartOptions = {}): Promise<MultipartForm> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxRequestBytes = options.maxRequestBytes ?? maxFileBytes * 2 + 1024 * 1024;
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes });

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
      const value = await memory(counted);
      if (typeof value === "string") fields.append(part.name, value);
      return value;
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
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
    // Not multipart (TypeError) or a malformed body (the parser's "malformed …"/"unexpected end
    // of stream"): the request is at fault, not the server.
    if (error instanceof TypeError || (error instanceof Error && /malformed|unexpected end/i.test(error.message))) {
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
  return { ok: true, form };
}

/**
 * The file chosen in `field`, as bytes for `storeFile`; null when the field is missing or no file
 * was chosen (a browser then sends an empty part without a name).
 */
export async function uploadedFile(form: FormData, field: string): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const value = form.get(field);
  if (value === null || typeof value === "string") return null;
  if (value.size === 0 && value.name === "") return null;
  return { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}
