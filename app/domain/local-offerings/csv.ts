/**
 * A small RFC 4180 CSV reader, for turning the framework's appendix 1 into data
 * (scripts/generate-appendix-1.mjs). Written here rather than installed: the input is one known
 * file, and a split on commas would break the quoted descriptions ("sport, spel, koken").
 *
 * Fields are separated by commas; a field in double quotes may hold commas, line breaks and
 * doubled quotes (`""` is one `"`). Lines end in CRLF or LF; a byte-order mark and a final line
 * ending are ignored. Malformed input (a quote inside an unquoted field, text after a closing
 * quote, an unclosed quote) throws, naming the line, rather than yielding shifted columns.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let line = 1;
  let index = 0;
  // "start": nothing read of this field yet; "unquoted"/"quoted": inside one; "closed": after its closing quote
  let state: "start" | "unquoted" | "quoted" | "closed" = "start";

  const endField = () => {
    row.push(field);
    field = "";
    state = "start";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };

  while (index < input.length) {
    const char = input[index]!;
    if (state === "quoted") {
      if (char === '"') {
        if (input[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        state = "closed";
      } else {
        if (char === "\n") line += 1;
        field += char;
      }
      index += 1;
      continue;
    }
    if (char === ",") {
      endField();
      index += 1;
      continue;
    }
    if (char === "\r" && input[index + 1] === "\n") {
      endRow();
      line += 1;
      index += 2;
      continue;
    }
    if (char === "\n") {
      endRow();
      line += 1;
      index += 1;
      continue;
    }
    if (char === '"') {
      if (state !== "start") throw new Error(`CSV line ${line}: a quote inside an unquoted field or after a closing quote`);
      state = "quoted";
      index += 1;
      continue;
    }
    if (state === "closed") throw new Error(`CSV line ${line}: text after a closing quote`);
    state = "unquoted";
    field += char;
    index += 1;
  }

  if (state === "quoted") throw new Error(`CSV line ${line}: a quoted field is not closed`);
  // a final line ending does not start another (empty) row
  if (state !== "start" || row.length > 0) endRow();
  return rows;
}

/** Rows as objects keyed by the header row; every row must have as many fields as the header. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((fields, index) => {
    if (fields.length !== header.length) {
      throw new Error(`CSV data row ${index + 1}: ${fields.length} fields, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, column) => [name, fields[column]!]));
  });
}
