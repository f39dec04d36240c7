import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestUser, TEST_PASSWORD } from "../../../test/factories/identity";
import { actorForSession, logIn, logOut } from "./sessions.server";

const database = useTestDatabase();

test("a user with the right password gets a session that identifies them", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));
  const user = await createTestUser(db, { roles: ["contractManager"], email: "carla@test.test" });
  const result = await logIn(db, clock, { email: "Carla@Test.test ", password: TEST_PASSWORD, ipAddress: "10.0.0.1" });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const actor = await actorForSession(db, clock, result.sessionToken);
  expect(actor?.id).toBe(user.id);
  expect(actor?.roles).toEqual(["contractManager"]);
});
