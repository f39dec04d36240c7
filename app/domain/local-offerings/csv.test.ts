import { parseCsv, parseCsvRecords } from "./csv";

test.each([
  ["plain fields", "a,b,c", [["a", "b", "c"]]],
  ["a quoted field with commas stays one field", 'Hoorn,"sport, spel, koken",x', [["Hoorn", "sport, spel, koken", "x"]]],
  ["doubled quotes are one quote", '"Project ""Stand by""",b', [['Project "Stand by"', "b"]]],
  ["a field of only a doubled quote", '"""",b', [['"', "b"]]],
  ["an empty quoted field", '"",b', [["", "b"]]],
  ["empty fields, also the last one", "a,,c,", [["a", "", "c", ""]]],
  ["a line break inside quotes is part of the field", '"regel 1\nregel 2",b', [["regel 1\nregel 2", "b"]]],
  ["CRLF line endings", "a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]],
  ["LF line endings without a final one", "a,b\nc,d", [["a", "b"], ["c", "d"]]],
  ["a byte-order mark is dropped", "\uFEFFgemeente,categorie", [["gemeente", "categorie"]]],
  ["non-ASCII text is kept as is", "’t Streekpunt,Cliëntondersteuning", [["’t Streekpunt", "Cliëntondersteuning"]]],
  ["nothing at all", "", []],
])("%s", (_name, text, expected) => {
  expect(parseCsv(text)).toEqual(expected);
});

test.each([
  ["an unclosed quote", 'a,"open\n'],
  ["a quote inside an unquoted field", 'ab"c,d'],
  ["text after a closing quote", '"ab"c,d'],
])("%s is refused rather than shifting columns", (_name, text) => {
  expect(() => parseCsv(text)).toThrow(/CSV line/);
});

test("records are keyed by the header row", () => {
  const text = 'gemeente,categorie,aanbod\r\nHoorn,Participatie,"Bijzondere bijstand voor sport, cultuur en laptop"\r\n';
  expect(parseCsvRecords(text)).toEqual([
    { gemeente: "Hoorn", categorie: "Participatie", aanbod: "Bijzondere bijstand voor sport, cultuur en laptop" },
  ]);
});

test("a record with more or fewer fields than the header is refused", () => {
  expect(() => parseCsvRecords("a,b\n1,2,3\n")).toThrow("CSV data row 1: 3 fields, the header has 2");
  expect(() => parseCsvRecords("a,b\n1\n")).toThrow("CSV data row 1: 1 fields, the header has 2");
});
