import { hashPassword, verifyPassword } from "./password.server";

// Each scrypt call costs a few hundred milliseconds at production cost: one hash shared by the file.
const PASSWORD = "wachtwoord-café-Hoorn-2026";
let stored: Promise<string>;
beforeAll(() => {
  stored = hashPassword(PASSWORD);
});

test("a hash records the scheme and its parameters, and never contains the password", async () => {
  const hash = await stored;
  expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  expect(hash).not.toContain(PASSWORD);
});

test("the password that was hashed verifies, also when typed in decomposed Unicode", async () => {
  const hash = await stored;
  const [composed, decomposed] = await Promise.all([
    verifyPassword(PASSWORD, hash),
    verifyPassword(PASSWORD.normalize("NFD"), hash),
  ]);
  expect(composed).toBe(true);
  expect(decomposed).toBe(true);
});

test("a wrong password does not verify", async () => {
  expect(await verifyPassword("wachtwoord-cafe-Hoorn-2026", await stored)).toBe(false);
});

test("two hashes of the same password differ, because each has its own salt", async () => {
  const [first, second] = [await stored, await hashPassword(PASSWORD)];
  expect(second).not.toBe(first);
  expect(second.split("$")[4]).not.toBe(first.split("$")[4]);
});

test.each([
  ["an empty string", ""],
  ["a plain-text password", PASSWORD],
  ["another scheme", "bcrypt$10$abcdefghijklmnopqrstuv$abcdefghijklmnopqrstuvwxyz"],
  ["too few parts", "scrypt$131072$8$1$c2FsdHNhbHRzYWx0c2FsdA=="],
  ["a cost that is not a number", "scrypt$abc$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U="],
  ["a cost that is not a power of two", "scrypt$100$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U="],
  ["a key that decodes to nothing", "scrypt$16$8$1$c2FsdHNhbHRzYWx0c2FsdA==$%%%"],
])("a malformed stored hash (%s) verifies nothing and does not throw", async (_case, malformed) => {
  await expect(verifyPassword(PASSWORD, malformed)).resolves.toBe(false);
});
