// The CSRF cookie is signed with SESSION_SECRET; without it the secret would be generated in the
// data folder. getEnv() caches on first use, which is after this line.
vi.stubEnv("SESSION_SECRET", "upload-test-secret-".padEnd(40, "x"));

import { csrfTokenFor } from "./csrf.server";
import { PartTooLargeError, readIntoSingleBuffer, readMultipartForm, uploadedFile } from "./upload.server";

const ORIGIN = "http://localhost";
const URL_ = `${ORIGIN}/aanbestedingen/1/documenten`;

async function csrf(): Promise<{ token: string; cookie: string }> {
  const { token, setCookie } = await csrfTokenFor(new Request(`${ORIGIN}/`));
  return { token, cookie: setCookie!.split(";")[0]! };
}

function multipart(form: FormData, headers: Record<string, string>): Request {
  // A Request built from FormData gets a multipart/form-data body with its own boundary.
  return new Request(URL_, { method: "POST", body: form, headers });
}

function file(size: number, name = "bestek.pdf"): File {
  const bytes = new Uint8Array(size).fill(0x41);
  bytes.set(Buffer.from("%PDF-1.4\n"));
  return new File([bytes], name, { type: "application/pdf" });
}

async function thrown(call: () => Promise<unknown>): Promise<Response> {
  try {
    await call();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

test("a multipart form from this site with the CSRF token is read, with its file", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("title", "Bestek");
  form.append("file", file(2000));

  const result = await readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }), { maxFileBytes: 4096 });

  if (!result.ok) throw new Error("expected the form to be read");
  expect(result.form.get("title")).toBe("Bestek");
  const upload = await uploadedFile(result.form, "file");
  expect(upload?.fileName).toBe("bestek.pdf");
  expect(upload?.bytes).toHaveLength(2000);
  expect(Buffer.from(upload!.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
});

test("a file above the limit becomes a Dutch form error on its field, keeping what was typed", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("title", "Bestek");
  form.append("file", file(1024 * 1024 + 1));

  const result = await readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }), { maxFileBytes: 1024 * 1024 });

  if (result.ok) throw new Error("expected a form error");
  expect(result.response.status).toBe(400);
  expect(await result.response.json()).toEqual({ errors: { file: ["Het bestand is groter dan 1 MB."] }, values: { title: "Bestek" } });
});

test("with the default limit, 20 MB plus one byte is refused with the 20 MB message", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("file", file(20 * 1024 * 1024 + 1));

  const result = await readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }));

  if (result.ok) throw new Error("expected a form error");
  expect(await result.response.json()).toMatchObject({ errors: { file: ["Het bestand is groter dan 20 MB."] } });
});

test("a too-large file is drained, so a CSRF token sent after it is still checked and fields after it kept", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("file", file(5000));
  form.append("title", "Na het bestand");
  form.append("csrf", token);

  const result = await readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }), { maxFileBytes: 1024 });

  if (result.ok) throw new Error("expected a form error");
  expect(await result.response.json()).toEqual({ errors: { file: ["Het bestand is groter dan 1 kB."] }, values: { title: "Na het bestand" } });
});

test("a too-large file without a valid token is refused as CSRF, not answered with a form error", async () => {
  const { cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", "wrong-token-of-the-right-length-x".padEnd(43, "x"));
  form.append("file", file(5000));
  const response = await thrown(() => readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }), { maxFileBytes: 1024 }));
  expect(response.status).toBe(403);
});

test("a form without the CSRF token is refused with 403", async () => {
  const { cookie } = await csrf();
  const form = new FormData();
  form.append("file", file(100));
  const response = await thrown(() => readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie })));
  expect(response.status).toBe(403);
  expect(await response.text()).toBe("Het formulier is verlopen of komt niet van deze website.");
});

test("a form posted from another site is refused with 403, even with a valid token", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("file", file(100));
  const response = await thrown(() => readMultipartForm(multipart(form, { Origin: "https://evil.example", Cookie: cookie })));
  expect(response.status).toBe(403);
});

test("a body that is not multipart is a 400, not a 500", async () => {
  const { token, cookie } = await csrf();
  const request = new Request(URL_, {
    method: "POST",
    body: new URLSearchParams({ csrf: token }),
    headers: { Origin: ORIGIN, Cookie: cookie },
  });
  expect((await thrown(() => readMultipartForm(request))).status).toBe(400);
});

test("a request above the total budget is refused outright with 413", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("file", file(50_000));
  const response = await thrown(() =>
    readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }), { maxFileBytes: 1024, maxRequestBytes: 10_000 }),
  );
  expect(response.status).toBe(413);
});

test("a file input left empty gives no file", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("file", new File([], "", { type: "application/octet-stream" }));
  const result = await readMultipartForm(multipart(form, { Origin: ORIGIN, Cookie: cookie }));
  if (!result.ok) throw new Error("expected the form to be read");
  expect(await uploadedFile(result.form, "file")).toBeNull();
  expect(await uploadedFile(result.form, "missing")).toBeNull();
});

// ---------------------------------------------------------------------------------------------
// One copy of an upload in memory

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65_536)));
  return bytes;
}

test("readIntoSingleBuffer writes the chunks into one buffer of the announced size and returns a view of it, bytes identical", async () => {
  const original = randomBytes(300_001);
  const bytes = await readIntoSingleBuffer(chunksOf(original, 65_536), { field: "file", capacity: 310_000, maxBytes: 1024 * 1024 });
  expect(Buffer.from(bytes).equals(Buffer.from(original))).toBe(true);
  // the result is a view on the one preallocated buffer (size bounded by the Content-Length), not an exact-size copy
  expect(bytes.byteLength).toBe(300_001);
  expect(bytes.buffer.byteLength).toBe(310_000);
  expect(bytes.byteOffset).toBe(0);
});

test("readIntoSingleBuffer allocates no more than the limit, and refuses a part above it", async () => {
  const within = await readIntoSingleBuffer(chunksOf(randomBytes(1000), 100), { field: "file", capacity: 50 * 1024 * 1024, maxBytes: 4096 });
  expect(within.buffer.byteLength).toBe(4096);
  const error = await readIntoSingleBuffer(chunksOf(randomBytes(4097), 1000), { field: "bijlage", capacity: 10_000, maxBytes: 4096 }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PartTooLargeError);
  expect(error).toMatchObject({ field: "bijlage", maxBytes: 4096 });
});

test("a body longer than its Content-Length is a 400", async () => {
  const { token, cookie } = await csrf();
  const form = new FormData();
  form.append("csrf", token);
  form.append("file", file(5000));
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const request = new Request(URL_, { method: "POST", body, headers: { "Content-Type": encoded.headers.get("Content-Type")!, "Content-Length": "1000", Origin: ORIGIN, Cookie: cookie } });
  expect((await thrown(() => readMultipartForm(request))).status).toBe(400);
});

test("through readMultipartForm a file exists once: uploadedFile returns a view on the buffer sized by the Content-Length", async () => {
  const { token, cookie } = await csrf();
  const original = randomBytes(2 * 1024 * 1024);
  original.set(Buffer.from("%PDF-1.7\n"));
  const form = new FormData();
  form.append("csrf", token);
  form.append("title", "Plan van aanpak");
  form.append("file", new File([original], "plan.pdf", { type: "application/pdf" }));
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const request = new Request(URL_, {
    method: "POST",
    body,
    headers: { "Content-Type": encoded.headers.get("Content-Type")!, "Content-Length": String(body.byteLength), Origin: ORIGIN, Cookie: cookie },
  });

  const result = await readMultipartForm(request);

  if (!result.ok) throw new Error("expected the form to be read");
  expect(result.form.get("title")).toBe("Plan van aanpak");
  const upload = await uploadedFile(result.form, "file");
  expect(upload?.fileName).toBe("plan.pdf");
  expect(Buffer.from(upload!.bytes).equals(Buffer.from(original))).toBe(true);
  // the one buffer, allocated at the body's size before the first byte arrived (not grown, not copied to fit)
  expect(upload!.bytes.buffer.byteLength).toBe(body.byteLength);
  // asking again hands out the same bytes, not a copy
  expect((await uploadedFile(result.form, "file"))!.bytes.buffer).toBe(upload!.bytes.buffer);
  // the file is not also kept as a File in the form data
  expect(result.form.get("file")).toBeNull();
});
