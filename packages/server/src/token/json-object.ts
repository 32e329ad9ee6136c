/** A JSON object as `JSON.parse` returns it: own data properties only. */
export type JsonObject = Record<string, unknown>;

/** Strict UTF-8: invalid sequences, overlongs and surrogates throw instead of becoming U+FFFD (S16). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether the bytes start with a UTF-8 byte order mark (EF BB BF), which RFC 8725 §3.7 rules out. */
function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Decodes a JOSE header or claims set: strict UTF-8 without a BOM, then `JSON.parse`, then a plain
 * object (not an array, `null` or a primitive). Returns `undefined` for anything else (S13–S17).
 *
 * Duplicate member names follow `JSON.parse`: the lexically last one wins (RFC 7515 §4 allows
 * this). Authorisation must use exactly the object returned here, never a second parse by another
 * library, so the verified and the authorised values cannot differ (S18).
 *
 * No cause is kept from a failure: V8's `SyntaxError` messages quote the input, which is token data.
 *
 * @example
 * ```ts
 * parseJsonObject(Buffer.from('{"sub":"2","sub":"1"}')); // { sub: '1' }
 * parseJsonObject(Buffer.from('[1]')); // undefined
 * ```
 */
export function parseJsonObject(bytes: Uint8Array): JsonObject | undefined {
  if (startsWithBom(bytes)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as JsonObject;
}
