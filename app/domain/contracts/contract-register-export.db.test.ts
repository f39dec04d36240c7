import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { seedDemoData } from "../demo/seed-demo-data.server";
import { seedDemoContracts } from "../demo/seed-demo-contracts.server";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { exportContractRegister } from "./contract-register-export.server";

const database = useTestDatabase();

async function read(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.getWorksheet("Contracten")!;
}

async function actor(email: string) {
  const { db } = database();
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return (await loadActor(db, row!.id))!;
}

test("the register export has a frozen header, an autofilter, euro and date formats, and the page's filters", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-11-29T09:00:00Z"));
  await seedDemoData(db, clock);
  await seedDemoContracts(db, clock);
  const manager = await actor("contractmanager@westfriesland.test");

  const all = await read(await exportContractRegister(db, manager, {}));
  expect(all.rowCount).toBe(7);
  expect(all.getRow(1).getCell(1).value).toBe("Contractnummer");
  expect(all.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(all.autoFilter).toBeTruthy();
  const b1 = all.getRows(2, 6)!.find((row) => row.getCell(1).value === "WF-2022-B1-01")!;
  expect(b1.getCell(9).value).toBe(2_400_000);
  expect(b1.getCell(9).numFmt).toBe('"€" #,##0.00');
  expect(b1.getCell(8).value).toEqual(new Date("2027-12-31T12:00:00Z"));
  expect(b1.getCell(8).numFmt).toBe("dd-mm-yyyy");

  const subsidies = await read(await exportContractRegister(db, manager, { kind: "subsidy" }));
  expect(subsidies.rowCount).toBe(3);
  expect([subsidies.getRow(2).getCell(1).value, subsidies.getRow(3).getCell(1).value]).toEqual(["WF-SUB-2026-01", "WF-SUB-2026-02"]);
});

test("a supplier's export holds only its own contracts", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-11-29T09:00:00Z"));
  await seedDemoData(db, clock);
  await seedDemoContracts(db, clock);
  const supplier = await actor("aanbieder@taalschool-zuiderzee.test");
  const sheet = await read(await exportContractRegister(db, supplier, {}));
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getRow(2).getCell(1).value).toBe("WF-2022-Z-01");
});
