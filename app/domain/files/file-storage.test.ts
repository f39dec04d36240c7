import ExcelJS from "exceljs";
import { minimalDocx, zipArchive } from "../../../test/factories/zip";
import { detectFileKind, fileChunks, fileKindNotAllowedMessage, fileTooLargeMessage, FILE_CHUNK_BYTES, sanitiseFileName } from "./file-storage.server";

const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1"));
const png = new Uint8Array(Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001", "hex"));

async function xlsxBytes(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Budget").addRow(["Gemeente", "Bedrag"]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Sets a 16- or 32-bit little-endian field of a copy of `bytes`. */
function patched(bytes: Uint8Array, offset: number, value: number, size: 2 | 4): Uint8Array {
  const copy = Buffer.from(bytes);
  if (size === 2) copy.writeUInt16LE(value, offset);
  else copy.writeUInt32LE(value, offset);
  return new Uint8Array(copy);
}

describe("detecting what a file is by its content", () => {
  test("a PDF is recognised by its %PDF- header", () => {
    expect(detectFileKind(pdf)).toBe("pdf");
  });

  test("a Word document written as a ZIP package is a docx", () => {
    expect(detectFileKind(minimalDocx())).toBe("docx");
  });

  test("a workbook written by exceljs is an xlsx", async () => {
    expect(detectFileKind(await xlsxBytes())).toBe("xlsx");
  });

  test("a PNG image is none of the allowed kinds", () => {
    expect(detectFileKind(png)).toBeNull();
  });

  test("a ZIP without [Content_Types].xml is not an Office document", () => {
    expect(detectFileKind(zipArchive([{ name: "word/document.xml", content: "<w:document/>" }]))).toBeNull();
  });

  test("an Office package without a Word or Excel main part is refused", () => {
    expect(detectFileKind(zipArchive([{ name: "[Content_Types].xml", content: "<Types/>" }, { name: "ppt/presentation.xml", content: "<p/>" }]))).toBeNull();
  });

  test("a package claiming to be both Word and Excel is refused", () => {
    const both = zipArchive([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: "<w/>" },
      { name: "xl/workbook.xml", content: "<x/>" },
    ]);
    expect(detectFileKind(both)).toBeNull();
  });

  test("a macro-enabled Word document (.docm renamed .docx) is refused", () => {
    const docm = zipArchive([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: "<w/>" },
      { name: "word/vbaProject.bin", content: "macro" },
    ]);
    expect(detectFileKind(docm)).toBeNull();
  });

  test("an archive with two entries of the same name is refused", () => {
    const duplicated = zipArchive([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: "<w/>" },
      { name: "word/document.xml", content: "<other/>" },
    ]);
    expect(detectFileKind(duplicated)).toBeNull();
  });

  test("every truncation of a docx is refused without throwing", () => {
    const docx = minimalDocx();
    for (let length = 0; length < docx.length; length += 1) {
      expect(detectFileKind(docx.subarray(0, length))).toBeNull();
    }
  });

  test("random bytes behind a ZIP signature are refused without throwing", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed & 0xff;
    };
    for (let round = 0; round < 200; round += 1) {
      const garbage = new Uint8Array(64 + round * 7).map(random);
      garbage.set([0x50, 0x4b, 0x03, 0x04]);
      // an end record at the very end, pointing at nonsense
      garbage.set([0x50, 0x4b, 0x05, 0x06], garbage.length - 22);
      garbage.set([0, 0], garbage.length - 2);
      expect(detectFileKind(garbage)).toBeNull();
    }
  });

  describe("a docx with an inconsistent directory is refused", () => {
    const docx = minimalDocx();
    const eocd = docx.length - 22;
    const cases: [string, number, number, 2 | 4][] = [
      ["more than 10 000 entries", eocd + 10, 10_001, 2],
      ["entry counts that disagree", eocd + 8, 1, 2],
      ["a directory offset past the end record", eocd + 16, eocd, 4],
      ["a directory size past the end record", eocd + 12, 0xfffff, 4],
      ["a ZIP64 marker", eocd + 16, 0xffffffff, 4],
      ["a second disk", eocd + 4, 1, 2],
      ["a comment length that does not match the file", eocd + 20, 5, 2],
    ];
    test.each(cases)("%s", (_label, offset, value, size) => {
      expect(detectFileKind(patched(docx, offset, value, size))).toBeNull();
    });

    test("an entry pointing at a local header that is not there", () => {
      const directoryOffset = Buffer.from(docx).readUInt32LE(eocd + 16);
      expect(detectFileKind(patched(docx, directoryOffset + 42, 7, 4))).toBeNull();
    });

    test("a name length running past the directory", () => {
      const directoryOffset = Buffer.from(docx).readUInt32LE(eocd + 16);
      expect(detectFileKind(patched(docx, directoryOffset + 28, 0xffff, 2))).toBeNull();
    });
  });
});

describe("Dutch messages", () => {
  test("name the allowed kinds, with Dutch compound hyphens", () => {
    expect(fileKindNotAllowedMessage(["pdf", "docx", "xlsx"])).toBe(
      "Alleen PDF-, Word- (.docx) en Excel-bestanden (.xlsx) zijn toegestaan. Dit bestand is van een ander type.",
    );
    expect(fileKindNotAllowedMessage(["docx", "pdf"])).toBe("Alleen PDF- en Word-bestanden (.docx) zijn toegestaan. Dit bestand is van een ander type.");
    expect(fileKindNotAllowedMessage(["pdf"])).toBe("Alleen PDF-bestanden zijn toegestaan. Dit bestand is van een ander type.");
  });

  test("state the size limit in MB", () => {
    expect(fileTooLargeMessage(20 * 1024 * 1024)).toBe("Het bestand is groter dan 20 MB.");
    expect(fileTooLargeMessage(2.5 * 1024 * 1024)).toBe("Het bestand is groter dan 2,5 MB.");
    expect(fileTooLargeMessage(1000)).toBe("Het bestand is groter dan 1.000 bytes.");
  });
});

describe("sanitising a file name", () => {
  test.each([
    ["C:\\Users\\jan\\Bestek.pdf", "pdf", "Bestek.pdf"],
    ["../../etc/passwd", "pdf", "passwd.pdf"],
    ["..bestek.PDF", "pdf", "bestek.PDF"],
    ["rapport\u202Efdp.exe", "pdf", "rapportfdp.exe.pdf"],
    ["regel\nnieuw.docx", "docx", "regelnieuw.docx"],
    ["bestek.pdf", "docx", "bestek.pdf.docx"],
    ["   ", "xlsx", "document.xlsx"],
  ] as const)("%j as %s becomes %j", (input, kind, expected) => {
    expect(sanitiseFileName(input, kind)).toBe(expected);
  });

  test("a long name is cut to 200 characters and keeps its extension", () => {
    const name = sanitiseFileName(`${"é".repeat(300)}.xlsx`, "xlsx");
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith("é.xlsx")).toBe(true);
  });
});

describe("cutting a file into chunks", () => {
  test("pieces of the chunk size and the rest, in order, each a view on the file rather than a copy", () => {
    const bytes = new Uint8Array(10).map((_, index) => index);
    const chunks = [...fileChunks(bytes, 4)];
    expect(chunks.map((chunk) => ({ seq: chunk.seq, content: [...chunk.content] }))).toEqual([
      { seq: 0, content: [0, 1, 2, 3] },
      { seq: 1, content: [4, 5, 6, 7] },
      { seq: 2, content: [8, 9] },
    ]);
    for (const chunk of chunks) expect(chunk.content.buffer).toBe(bytes.buffer);
  });

  test("a file of exactly N chunks has N, one byte more has N + 1, an empty file none", () => {
    expect([...fileChunks(new Uint8Array(3 * FILE_CHUNK_BYTES))].map((chunk) => chunk.content.length)).toEqual([FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, FILE_CHUNK_BYTES]);
    expect([...fileChunks(new Uint8Array(3 * FILE_CHUNK_BYTES + 1))].map((chunk) => chunk.content.length)).toEqual([FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, 1]);
    expect([...fileChunks(new Uint8Array(0))]).toEqual([]);
  });

  test("a view into a larger buffer is cut within the view only", () => {
    const backing = new Uint8Array(20).map((_, index) => index);
    const view = backing.subarray(5, 12);
    expect([...fileChunks(view, 4)].map((chunk) => [...chunk.content])).toEqual([
      [5, 6, 7, 8],
      [9, 10, 11],
    ]);
  });
});
