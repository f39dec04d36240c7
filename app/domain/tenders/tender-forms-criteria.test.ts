import { checkAwardCriteria } from "./tender-rules";
import { criteriaErrorsFromProblems, parseCriteriaRows, sumOfWeights } from "./tender-forms-criteria";

const SAVED_ID = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

function form(rows: Record<string, string>[]): FormData {
  const data = new FormData();
  data.set("intent", "award");
  rows.forEach((row, index) => {
    for (const [field, value] of Object.entries(row)) data.set(`criteria[${index}].${field}`, value);
  });
  return data;
}

const emptyRow = { name: "", kind: "quality", weight: "", description: "" };

test("filled rows become criteria and empty rows are ignored", () => {
  const result = parseCriteriaRows(
    form([
      { id: SAVED_ID, name: " Kwaliteit van het plan ", kind: "quality", weight: "70", description: "Plan van aanpak" },
      emptyRow,
      { name: "Prijs", kind: "price", weight: "30", description: "" },
      emptyRow,
    ]),
  );
  expect(result).toEqual({
    ok: true,
    criteria: [
      { id: SAVED_ID, name: "Kwaliteit van het plan", kind: "quality", weight: 70, description: "Plan van aanpak" },
      { name: "Prijs", kind: "price", weight: 30, description: "" },
    ],
    rows: [0, 2],
  });
});

test("a saved row that is emptied is removed, even though it still carries its id", () => {
  const result = parseCriteriaRows(form([{ id: SAVED_ID, name: "", kind: "quality", weight: "", description: "" }, { name: "Prijs", kind: "price", weight: "100", description: "" }]));
  expect(result).toEqual({ ok: true, criteria: [{ name: "Prijs", kind: "price", weight: 100, description: "" }], rows: [1] });
});

test.each([
  ["70%", "Vul de weging in als heel getal."],
  ["7,5", "Vul de weging in als heel getal."],
  ["", "Vul de weging in als heel getal."],
  ["-5", "Vul de weging in als heel getal."],
])("weight %j is refused at its row with a Dutch message", (weight, message) => {
  const result = parseCriteriaRows(form([emptyRow, { name: "Kwaliteit", kind: "quality", weight, description: "" }]));
  expect(result).toEqual({ ok: false, errors: { "criteria.1.weight": [message] } });
});

test("a row with a weight but no name, or an unknown kind, gets messages at those fields", () => {
  const result = parseCriteriaRows(form([{ name: "", kind: "both", weight: "40", description: "" }]));
  expect(result).toEqual({
    ok: false,
    errors: {
      "criteria.0.name": ["Vul de naam van het criterium in."],
      "criteria.0.kind": ["Kies of het criterium over prijs of kwaliteit gaat."],
    },
  });
});

test("a forged or repeated id is refused on the form", () => {
  expect(parseCriteriaRows(form([{ id: "not-a-uuid", name: "A", kind: "quality", weight: "100", description: "" }]))).toMatchObject({ ok: false, errors: { form: [expect.any(String)] } });
  expect(
    parseCriteriaRows(
      form([
        { id: SAVED_ID, name: "A", kind: "quality", weight: "50", description: "" },
        { id: SAVED_ID, name: "B", kind: "quality", weight: "50", description: "" },
      ]),
    ),
  ).toMatchObject({ ok: false, errors: { form: [expect.any(String)] } });
});

test("more rows than the form ever shows are refused", () => {
  const many = Array.from({ length: 51 }, () => ({ name: "", kind: "quality", weight: "", description: "" }));
  expect(parseCriteriaRows(form(many))).toMatchObject({ ok: false, errors: { form: ["Er kunnen hoogstens 50 gunningscriteria worden opgegeven."] } });
});

test("no filled rows gives no criteria; the domain then says at least one is needed", () => {
  expect(parseCriteriaRows(form([emptyRow, emptyRow]))).toEqual({ ok: true, criteria: [], rows: [] });
});

test("the running total counts whole numbers only", () => {
  expect(sumOfWeights(["70", " 20 ", "", "abc", "5,5"])).toBe(90);
});

describe("the domain's problems are placed at the rows they came from", () => {
  test("weights that do not add up to 100 go to the criteria as a whole; a duplicate name to its row", () => {
    // rows 0 and 2 filled, row 1 left empty: the domain counts them as criteria 0 and 1
    const problems = checkAwardCriteria([
      { id: SAVED_ID, name: "Kwaliteit", kind: "quality", weight: 60, description: "" },
      { id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", name: "kwaliteit ", kind: "quality", weight: 30, description: "" },
    ]);
    expect(criteriaErrorsFromProblems({ message: "", problems }, [0, 2])).toEqual({
      criteria: ["De wegingen tellen op tot 90; dat moet 100 zijn."],
      "criteria.2.name": ["Er is al een gunningscriterium met de naam ‘kwaliteit’."],
    });
  });

  test("a problem of the scale keeps its field; one without a field goes on the form", () => {
    expect(criteriaErrorsFromProblems({ message: "", problems: [{ field: "scaleMax", message: "De hoogste score moet groter zijn dan de laagste." }] }, [])).toEqual({
      scaleMax: ["De hoogste score moet groter zijn dan de laagste."],
    });
    expect(criteriaErrorsFromProblems({ message: "Er zijn nog wensen gekoppeld.", problems: [] }, [])).toEqual({ form: ["Er zijn nog wensen gekoppeld."] });
  });
});
