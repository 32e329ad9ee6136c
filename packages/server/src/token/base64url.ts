/**
 * Strict base64url (RFC 4648 §5, no padding) helpers for the compact JWS layer.
 *
 * Node's `Buffer.from(s, 'base64url')` is lenient: it skips characters outside the alphabet and
 * ignores the unused low bits of the last character, so several strings decode to the same bytes
 * (S10, S12). Callers first match the alphabet with a regex, then require the canonical form here.
 */

/**
 * The 6-bit value of a base64url character. Only meaningful for characters already matched by
 * `[A-Za-z0-9_-]`; only its low bits are read by {@link isCanonicalBase64url}.
 */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a–z → 26–51
  if (code >= 65) return code === 95 ? 63 : code - 65; // A–Z → 0–25, '_' → 63
  if (code >= 48) return code + 4; // 0–9 → 52–61
  return 62; // '-'
}

/**
 * Whether an unpadded base64url segment (alphabet already checked) is the canonical encoding of
 * the bytes it decodes to, i.e. `decode` then `encode` gives the same string. That holds exactly
 * when the length is not 1 mod 4 (a lone 6-bit tail encodes no byte) and the unused low bits of
 * the last character are zero (4 bits when the length is 2 mod 4, 2 bits when it is 3 mod 4).
 * O(1), so it costs nothing on the hot path; the test suite checks the equivalence with a real
 * re-encoding.
 *
 * @example
 * ```ts
 * isCanonicalBase64url('QQ'); // true  ('A')
 * isCanonicalBase64url('QR'); // false (also decodes to 'A')
 * ```
 */
export function isCanonicalBase64url(segment: string): boolean {
  const tail = segment.length & 3;
  if (tail === 0) return true;
  if (tail === 1) return false;
  const last = sextet(segment.charCodeAt(segment.length - 1));
  return (last & (tail === 2 ? 0x0f : 0x03)) === 0;
}

/**
 * Encodes bytes or a UTF-8 string as unpadded base64url.
 *
 * @example
 * ```ts
 * encodeBase64url('{"alg":"HS256"}'); // 'eyJhbGciOiJIUzI1NiJ9'
 * ```
 */
export function encodeBase64url(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
