import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { caught } from "../../../test/factories/errors";
import { createPublishedTender, publishTestVersion } from "../../../test/factories/tenders";
import { ForbiddenError, NotFoundError } from "../errors";
import type { RequirementsProgramInput } from "./pve-pdf.server";
import { answerQuestion, askQuestion, publishInformationNotice } from "./tender-questions.server";
import { addTenderDocument, getRequirementsProgramPdf, getTenderDocument, removeTenderDocument } from "./tenders.server";

// The real renderer runs; its input is recorded, so a test can say which NvI and change log a
// version's PDF was built from (the PDF itself is compressed).
const rendered: RequirementsProgramInput[] = [];
vi.mock("./pve-pdf.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("./pve-pdf.server")>();
  return {
    ...original,
    renderRequirementsProgramPdf: async (input: RequirementsProgramInput) => {
      rendered.push(input);
      return original.renderRequirementsProgramPdf(input);
    },
  };
});

const database = useTestDatabase();
const pdfBytes = (label: string) => new TextEncoder().encode(`%PDF-1.4\n% ${label}\n%%EOF\n`);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function setup() {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-11-03T09:00:00Z"));
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"], name: "Petra Projectgroep" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"] });
  const tender = await createPublishedTender(db, projectgroup, { content: { documents: [] } });
  rendered.length = 0;
  return { db, clock, projectgroup, supplier, viewer, tender };
}

describe("getTenderDocument", () => {
  test("a document of a published version is downloadable by every reader, with its stored name and type", async () => {
    const { db, clock, projectgroup, supplier, viewer, tender } = await setup();
    const draft = await addTenderDocument(db, clock, projectgroup, tender.id, { title: "Conceptovereenkomst", fileName: "Conceptovereenkomst 2027.pdf", bytes: pdfBytes("overeenkomst") });
    const fileId = draft.documents[0]!.fileId;
    await publishTestVersion(db, projectgroup, tender.id, { change: (content) => content, publishedAt: new Date("2026-11-03T10:00:00Z"), changeNote: "Conceptovereenkomst toegevoegd" });

    for (const reader of [supplier, viewer, projectgroup]) {
      const file = await getTenderDocument(db, reader, tender.id, fileId);
      expect(file).toMatchObject({ fileName: "Conceptovereenkomst 2027.pdf", mimeType: "application/pdf" });
      expect(text(file.bytes)).toContain("% overeenkomst");
    }
  });

  test("a document only in the draft is for the projectgroep; a supplier gets 'not found'", async () => {
    const { db, clock, projectgroup, supplier, tender } = await setup();
    const draft = await addTenderDocument(db, clock, projectgroup, tender.id, { title: "Prijsformulier", fileName: "prijzen.pdf", bytes: pdfBytes("prijzen") });
    const fileId = draft.documents[0]!.fileId;

    expect((await getTenderDocument(db, projectgroup, tender.id, fileId)).fileName).toBe("prijzen.pdf");
    expect(await caught(() => getTenderDocument(db, supplier, tender.id, fileId))).toBeInstanceOf(NotFoundError);
  });

  test("a file of another tender is refused, even to the projectgroep, as is an unknown id", async () => {
    const { db, clock, projectgroup, supplier, tender } = await setup();
    const other = await createPublishedTender(db, projectgroup, { content: { documents: [] } });
    const otherDraft = await addTenderDocument(db, clock, projectgroup, other.id, { title: "Bijlage", fileName: "bijlage.pdf", bytes: pdfBytes("ander") });
    const foreignFileId = otherDraft.documents[0]!.fileId;
    await publishTestVersion(db, projectgroup, other.id, { change: (content) => content, publishedAt: new Date("2026-11-03T10:00:00Z"), changeNote: "Bijlage" });

    expect(await caught(() => getTenderDocument(db, projectgroup, tender.id, foreignFileId))).toBeInstanceOf(NotFoundError);
    expect(await caught(() => getTenderDocument(db, supplier, tender.id, foreignFileId))).toBeInstanceOf(NotFoundError);
    expect(await caught(() => getTenderDocument(db, supplier, tender.id, "00000000-0000-4000-8000-000000000000"))).toBeInstanceOf(NotFoundError);
    expect((await getTenderDocument(db, supplier, other.id, foreignFileId)).fileName).toBe("bijlage.pdf");
  });

  test("a document removed in a later version stays downloadable: suppliers worked from the earlier one", async () => {
    const { db, clock, projectgroup, supplier, tender } = await setup();
    const draft = await addTenderDocument(db, clock, projectgroup, tender.id, { title: "Oude bijlage", fileName: "oud.pdf", bytes: pdfBytes("oud") });
    const fileId = draft.documents[0]!.fileId;
    await publishTestVersion(db, projectgroup, tender.id, { change: (content) => content, publishedAt: new Date("2026-11-03T10:00:00Z"), changeNote: "Bijlage toegevoegd" });
    await removeTenderDocument(db, clock, projectgroup, tender.id, fileId);
    await publishTestVersion(db, projectgroup, tender.id, { change: (content) => content, publishedAt: new Date("2026-11-04T10:00:00Z"), changeNote: "Bijlage vervallen" });

    expect((await getTenderDocument(db, supplier, tender.id, fileId)).fileName).toBe("oud.pdf");
  });

  test("nobody reads documents of a never-published tender except the projectgroep", async () => {
    const { db, clock, projectgroup, supplier } = await setup();
    const draftTender = await createPublishedTender(db, projectgroup, { draftOnly: true, content: { documents: [] } });
    const draft = await addTenderDocument(db, clock, projectgroup, draftTender.id, { title: "Concept", fileName: "concept.pdf", bytes: pdfBytes("concept") });
    expect(await caught(() => getTenderDocument(db, supplier, draftTender.id, draft.documents[0]!.fileId))).toBeInstanceOf(NotFoundError);
    expect((await getTenderDocument(db, projectgroup, draftTender.id, draft.documents[0]!.fileId)).fileName).toBe("concept.pdf");
  });
});

describe("getRequirementsProgramPdf", () => {
  test("the latest published version comes as a PDF with its reference and version", async () => {
    const { db, clock, supplier, tender } = await setup();

    const pdf = await getRequirementsProgramPdf(db, clock, supplier, tender.id);

    expect(text(pdf.bytes.subarray(0, 5))).toBe("%PDF-");
    expect(pdf).toMatchObject({ reference: tender.reference, version: 1, draft: false });
    expect(rendered[0]).toMatchObject({ version: 1, publishedAt: new Date("2026-11-02T08:00:00Z"), informationNotice: null });
    expect(rendered[0]!.changeLog).toEqual([{ version: 1, publishedAt: new Date("2026-11-02T08:00:00Z"), changeNote: null }]);
    expect(Object.values(rendered[0]!.municipalityNames)).toContain("Opmeer");
  });

  test("each version carries the change log up to it and the NvI that was in force while it was the latest", async () => {
    const { db, clock, projectgroup, supplier, tender } = await setup();
    const ask = async (question: string) => {
      const { id } = await askQuestion(db, clock, supplier, tender.id, { text: question, lotId: null, documentReference: null });
      await answerQuestion(db, clock, projectgroup, tender.id, id, { answer: `Antwoord op: ${question}`, topic: "" });
    };
    await ask("Eerste vraag over de planning");
    clock.set(new Date("2026-11-05T09:00:00Z"));
    await publishInformationNotice(db, clock, projectgroup, tender.id); // NvI 1
    await publishTestVersion(db, projectgroup, tender.id, {
      change: (content) => ({ ...content, summary: `${content.summary} Verduidelijkt.` }),
      publishedAt: new Date("2026-11-06T09:00:00Z"),
      changeNote: "Samenvatting verduidelijkt",
    });
    clock.set(new Date("2026-11-07T09:00:00Z"));
    await ask("Tweede vraag over de prijs");
    await publishInformationNotice(db, clock, projectgroup, tender.id); // NvI 2, after version 2
    clock.set(new Date("2026-11-08T09:00:00Z"));

    const first = await getRequirementsProgramPdf(db, clock, supplier, tender.id, { version: 1 });
    const latest = await getRequirementsProgramPdf(db, clock, supplier, tender.id);
    const draft = await getRequirementsProgramPdf(db, clock, projectgroup, tender.id, { draft: true });

    expect([first, latest, draft].map(({ version, draft }) => ({ version, draft }))).toEqual([
      { version: 1, draft: false },
      { version: 2, draft: false },
      { version: 3, draft: true },
    ]);
    const [forFirst, forLatest, forDraft] = rendered;
    expect(forFirst!.informationNotice).toMatchObject({ version: 1, entries: [expect.objectContaining({ number: 1 })] });
    expect(forFirst!.changeLog.map((entry) => entry.version)).toEqual([1]);
    expect(forLatest!.informationNotice).toMatchObject({ version: 2, entries: [expect.objectContaining({ number: 1 }), expect.objectContaining({ number: 2 })] });
    expect(forLatest!.changeLog).toEqual([
      { version: 1, publishedAt: new Date("2026-11-02T08:00:00Z"), changeNote: null },
      { version: 2, publishedAt: new Date("2026-11-06T09:00:00Z"), changeNote: "Samenvatting verduidelijkt" },
    ]);
    expect(forLatest!.content.summary).toMatch(/Verduidelijkt\.$/);
    expect(forDraft).toMatchObject({ version: 3, publishedAt: null, informationNotice: { version: 2 } });
    expect(text(draft.bytes.subarray(0, 5))).toBe("%PDF-");
  });

  test("the draft is for the projectgroep only, and an unknown version is not found", async () => {
    const { db, clock, projectgroup, supplier, tender } = await setup();
    expect(await caught(() => getRequirementsProgramPdf(db, clock, supplier, tender.id, { draft: true }))).toBeInstanceOf(ForbiddenError);
    expect(await caught(() => getRequirementsProgramPdf(db, clock, supplier, tender.id, { version: 7 }))).toBeInstanceOf(NotFoundError);
    const never = await createPublishedTender(db, projectgroup, { draftOnly: true });
    expect(await caught(() => getRequirementsProgramPdf(db, clock, supplier, never.id))).toBeInstanceOf(NotFoundError);
    expect(rendered).toEqual([]);
  });
});
