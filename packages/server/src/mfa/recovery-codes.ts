import { createHash, randomInt } from 'node:crypto';

/** How many recovery codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;
/**
 * Crockford's base32 alphabet (no i, l, o, u): 12 characters hold 60 bits, shown as
 * `xxxx-xxxx-xxxx`. Typed codes are read generously (case, spaces, hyphens, o→0, i/l→1).
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 12;
const GROUP = 4;

/** One new code, `xxxx-xxxx-xxxx` (CSPRNG). */
function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) {
    if (i > 0 && i % GROUP === 0) code += '-';
    code += ALPHABET[randomInt(ALPHABET.length)];
  }
  return code;
}

/** {@link RECOVERY_CODE_COUNT} new codes, all different. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  return [...codes];
}

/**
 * A typed code in its stored form: lower case, separators dropped, look-alikes mapped; or
 * `undefined` when it cannot be a code (so nothing is looked up).
 */
export function normalizeRecoveryCode(typed: string): string | undefined {
  const code = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  if (code.length !== CODE_LENGTH) return undefined;
  for (const char of code) if (!ALPHABET.includes(char)) return undefined;
  return code;
}

/**
 * What is stored for a code: base64url SHA-256 of the user id and the normalised code (60
 * random bits each, so a fast hash suffices; the user id keeps equal codes of two users apart).
 */
export function hashRecoveryCode(userId: number, normalized: string): string {
  return createHash('sha256')
    .update(`tessera-recovery-code:${userId}:${normalized}`)
    .digest('base64url');
}
