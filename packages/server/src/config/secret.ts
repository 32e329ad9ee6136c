import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { readOrCreateKeptSecret } from './kept-secret-file.js';

/** File in the data folder that keeps the generated signing secret (mode 0600). */
export const SECRET_FILE_NAME = 'jwt-secret';

const MIN_SECRET_BYTES = 32;
const MIN_ESTIMATED_BITS = 128;
const MIN_DISTINCT_CHARACTERS = 10;
const KNOWN_WEAK = new Set([
  'secret',
  'changeme',
  'change-me',
  'your-256-bit-secret',
  'your-secret-key',
  'supersecret',
  'super-secret-key',
  'tessera',
  'jwt-secret',
  'mysecret',
  'password',
  'secretkey',
]);

/**
 * Generates a new signing secret: 32 bytes from the CSPRNG, base64url-encoded (43 characters).
 * The UTF-8 bytes of the returned string are the HS256 key.
 */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Checks a configured secret (RFC 7518 §3.2, SECURITY.md K07) and returns its key bytes.
 * Refuses fewer than 32 bytes, a known value, and low-entropy strings such as `"a" * 32`.
 */
export function validateSecret(value: string, variable = 'TESSERA_JWT_SECRET'): Uint8Array {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `${variable} is too short: it needs at least ${MIN_SECRET_BYTES} bytes (run \`tessera secret generate\`)`,
      variable,
    );
  }
  const lowered = value.toLowerCase();
  if ([...KNOWN_WEAK].some((weak) => lowered.includes(weak) && lowered.length < weak.length + 24)) {
    throw new ConfigError(`${variable} is a well-known value; generate a random one`, variable);
  }
  if (!looksRandom(bytes)) {
    throw new ConfigError(
      `${variable} has too little entropy; use a random value (run \`tessera secret generate\`)`,
      variable,
    );
  }
  return new Uint8Array(bytes);
}

function looksRandom(bytes: Buffer): boolean {
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_CHARACTERS) return false;
  let bitsPerByte = 0;
  for (const count of counts.values()) {
    const p = count / bytes.length;
    bitsPerByte -= p * Math.log2(p);
  }
  return bitsPerByte * bytes.length >= MIN_ESTIMATED_BITS;
}

/**
 * Returns the secret kept in `<dataDir>/jwt-secret`, creating it (mode 0600) on first start.
 * A kept secret that fails {@link validateSecret} stops the start.
 */
export async function loadOrCreateSecret(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, SECRET_FILE_NAME);
  return validateSecret(await readOrCreateKeptSecret(path, generateSecret), path);
}
