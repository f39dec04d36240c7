import { sql } from "drizzle-orm";
import { useTestDatabase } from "../../test/setup/test-database";
import { createTestOrganisation } from "../../test/factories/identity";
import { caught } from "../../test/factories/errors";
import { isUniqueViolation } from "./db-errors";

const database = useTestDatabase();

test("a duplicate key refused by the database is recognised as a unique violation, under this driver", async () => {
  const { db } = database();
  await createTestOrganisation(db, { kvkNumber: "11112222" });
  const error = await caught(() => createTestOrganisation(db, { kvkNumber: "11112222" }));
  expect(isUniqueViolation(error)).toBe(true);
  expect(isUniqueViolation(error, "organisations_kvk_number_unique")).toBe(true);
  expect(isUniqueViolation(error, "users_email_unique")).toBe(false);
});

test("other database errors are not unique violations", async () => {
  const { db } = database();
  const error = await caught(() => db.execute(sql`select * from no_such_table`));
  expect(isUniqueViolation(error)).toBe(false);
  expect(isUniqueViolation(new Error("boom"))).toBe(false);
  expect(isUniqueViolation(undefined)).toBe(false);
});

test("a unique violation wrapped a few levels deep is still found", () => {
  const driverError = { code: "23505", constraint_name: "users_email_unique" };
  expect(isUniqueViolation({ cause: { cause: driverError } })).toBe(true);
  expect(isUniqueViolation({ cause: { cause: { cause: { cause: driverError } } } })).toBe(false);
});
