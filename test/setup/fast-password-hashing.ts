import { randomBytes, scrypt } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keyLength: number, options: object) => Promise<Buffer>;

// Production hashes cost about half a second each (N = 2^17). Tests about sessions and users
// hash and verify dozens of times, so they hash at N = 2^10 in the very same format; the real
// verifyPassword reads the cost from the stored hash, so verification still runs real scrypt.
// password.server.test.ts covers hashing at production cost.
const COST = 2 ** 10;

export async function hashPasswordCheaply(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize("NFC"), salt, 32, { N: COST, r: 8, p: 1 });
  return ["scrypt", COST, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

let decoy: Promise<string> | undefined;
export function cheapDecoyPasswordHash(): Promise<string> {
  decoy ??= hashPasswordCheaply(randomBytes(16).toString("hex"));
  return decoy;
}

/**
 * The factory for `vi.mock` of app/domain/identity/password.server:
 * `vi.mock("./password.server", cheapPasswordHashingModule)`.
 */
export async function cheapPasswordHashingModule(importOriginal: <T>() => Promise<T>) {
  const original = await importOriginal<typeof import("../../app/domain/identity/password.server")>();
  return { ...original, hashPassword: hashPasswordCheaply, decoyPasswordHash: cheapDecoyPasswordHash };
}
