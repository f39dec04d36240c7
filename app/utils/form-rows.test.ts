import { readRows } from "./form-rows";

function formOf(entries: [string, string][]) {
  const form = new FormData();
  for (const [key, value] of entries) form.append(key, value);
  return form;
}

test("rows are read in index order with every field, and empty spare rows are dropped", () => {
  const form = formOf([
    ["pc[1].name", "Prijs per uur"],
    ["pc[1].unit", "perHour"],
    ["pc[0].name", " Prijs per traject "],
    ["pc[0].unit", "perTrajectory"],
    ["pc[2].name", ""],
    ["pc[2].unit", ""],
    ["other[0].name", "x"],
  ]);
  expect(readRows(form, "pc", ["name", "unit", "quantity"])).toEqual([
    { index: 0, values: { name: "Prijs per traject", unit: "perTrajectory", quantity: "" } },
    { index: 1, values: { name: "Prijs per uur", unit: "perHour", quantity: "" } },
  ]);
});

test("fields that are not asked for are ignored", () => {
  const form = formOf([["pc[0].evil", "x"], ["pc[0].name", "A"]]);
  expect(readRows(form, "pc", ["name"])).toEqual([{ index: 0, values: { name: "A" } }]);
});
