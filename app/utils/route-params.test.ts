import { uuidParam } from "./route-params";

test("a UUID parameter is returned as it is", () => {
  expect(uuidParam({ id: "7d2f8a0e-3b1c-4c5d-9e6f-0a1b2c3d4e5f" })).toBe("7d2f8a0e-3b1c-4c5d-9e6f-0a1b2c3d4e5f");
  expect(uuidParam({ lotId: "7d2f8a0e-3b1c-4c5d-9e6f-0a1b2c3d4e5f" }, "lotId")).toBe("7d2f8a0e-3b1c-4c5d-9e6f-0a1b2c3d4e5f");
});

test("anything else is answered with a 404, not a database error", () => {
  for (const value of [undefined, "", "1", "abc", "7d2f8a0e-3b1c-4c5d-9e6f-0a1b2c3d4e5"]) {
    try {
      uuidParam({ id: value });
      throw new Error("expected a 404");
    } catch (error) {
      expect(error).toBeInstanceOf(Response);
      expect((error as Response).status).toBe(404);
    }
  }
});
