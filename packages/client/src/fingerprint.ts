/**
 * A short, stable fingerprint of a token (53-bit cyrb53 hash, hex): it names a used-up refresh
 * token to the other tabs without sending it, and ties stored token details to the access
 * token they describe. Not a secret-preserving hash: it is only computed for a token that is
 * used up, or one stored in the clear next to it.
 *
 * @example
 * ```ts
 * fingerprint('rt-1') === fingerprint('rt-1'); // true
 * ```
 */
export function fingerprint(value: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}
