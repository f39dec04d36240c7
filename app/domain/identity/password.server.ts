import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

// node:crypto scrypt with OWASP's parameters (N=2^17, r=8, p=1: 128 MiB, a few hundred ms).
// The parameters are stored with each hash, so they can be raised later without a migration.
const COST = 2 ** 17;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize("NFC"), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function memoryFor(cost: number, blockSize: number): number {
  return 128 * cost * blockSize * 2;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, {
    N: COST,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: memoryFor(COST, BLOCK_SIZE),
  });
  return ["scrypt", COST, BLOCK_SIZE, PARALLELISM, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallelism, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !cost || !blockSize || !parallelism || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, "base64");
  const N = Number(cost);
  const r = Number(blockSize);
  const p = Number(parallelism);
  // A key that decodes to nothing would match every password (an empty key equals an empty key).
  if (expected.length < 16 || ![N, r, p].every((value) => Number.isSafeInteger(value) && value > 0)) return false;
  let actual: Buffer;
  try {
    actual = await scrypt(password, Buffer.from(saltText, "base64"), expected.length, { N, r, p, maxmem: memoryFor(N, r) });
  } catch {
    // parameters scrypt refuses (N not a power of two, too much memory): a damaged hash, not a match
    return false;
  }
  return timingSafeEqual(actual, expected);
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not reveal which e-mail addresses have an account.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}
