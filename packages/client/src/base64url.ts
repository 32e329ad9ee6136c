const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url (RFC 4648 §5, as JWS compact serialization uses it) to bytes.
 * Returns `null` for anything else: `+`, `/`, `=` padding, whitespace, or an impossible length.
 * Uses `atob`, so it runs in browsers and in Node alike.
 *
 * @example
 * ```ts
 * decodeBase64Url('eyJhIjoxfQ'); // Uint8Array of '{"a":1}'
 * decodeBase64Url('eyJhIjoxfQ=='); // null (padding is not allowed in a JWT)
 * ```
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) {
    bytes[index] = binary.charCodeAt(index);
  }
  return bytes;
}
