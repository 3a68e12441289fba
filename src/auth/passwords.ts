import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt. Stored form: `scrypt$N$r$p$saltB64$hashB64`, so the parameters can be
 * raised later without invalidating existing hashes (each hash is verified with its own parameters).
 * Passwords are normalised to Unicode NFC first, so the same password typed on different keyboards
 * or platforms hashes the same. Nothing here logs or returns a password.
 */
export const SCRYPT_PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 64;
const SALT_BYTES = 16;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

interface DecodedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

// Bounds for parameters read back from the database: a corrupted row must not make one login allocate gigabytes.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class PasswordHashFormatError extends Error {}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(plain, salt, KEY_BYTES, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

/**
 * True when `plain` matches the stored hash; the comparison takes the same time wherever the bytes differ.
 * Throws PasswordHashFormatError when the stored value is not a hash this module wrote (a data problem, not a wrong password).
 */
export async function verifyPassword(plain: string, encoded: string): Promise<boolean> {
  const stored = decodeHash(encoded);
  const candidate = await deriveKey(plain, stored.salt, stored.hash.length, stored);
  return timingSafeEqual(candidate, stored.hash);
}

function decodeHash(encoded: string): DecodedHash {
  const parts = encoded.split("$");
  const [scheme, n, r, p, salt, hash] = parts;
  const fail = (why: string) =>
    new PasswordHashFormatError(`stored password hash is unusable (${why}); expected scrypt$N$r$p$saltBase64$hashBase64, reset this user's password`);
  if (parts.length !== 6 || scheme !== "scrypt") throw fail("unknown scheme or wrong number of fields");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Number.isInteger(params.N) || params.N < 2 || (params.N & (params.N - 1)) !== 0) throw fail("N must be a power of two");
  if (!Number.isInteger(params.r) || params.r < 1 || !Number.isInteger(params.p) || params.p < 1 || params.p > 16) {
    throw fail("r and p must be positive integers, p at most 16");
  }
  if (128 * params.N * params.r > MAX_MEMORY_BYTES) throw fail("parameters need more than 256 MiB");
  if (!salt || !hash || !BASE64.test(salt) || !BASE64.test(hash)) throw fail("salt or hash is not base64");
  const decoded = { ...params, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
  if (decoded.hash.length < 16) throw fail("hash shorter than 16 bytes");
  return decoded;
}

function deriveKey(plain: string, salt: Buffer, keyBytes: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) would refuse hashes made with larger parameters.
  const maxmem = 128 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize("NFC"), salt, keyBytes, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
