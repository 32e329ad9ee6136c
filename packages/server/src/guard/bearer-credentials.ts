/**
 * What an `Authorization` header holds, read strictly per RFC 6750 §2.1 (`"Bearer" 1*SP
 * b64token`, scheme case-insensitive) and §3.1 (one method only).
 */
export type BearerCredentials =
  | { readonly kind: 'missing' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'other-scheme' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'bearer'; readonly token: string };

/**
 * Every `Authorization` value of a request, from the raw header list: Node's `req.headers`
 * keeps only the first of several lines and would hide a second one (SECURITY.md A13).
 */
export function authorizationValues(rawHeaders: readonly string[]): string[] | undefined {
  let values: string[] | undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    if (name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization') {
      (values ??= []).push(rawHeaders[index + 1] ?? '');
    }
  }
  return values;
}

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads the bearer token from the header values Node received (`headersDistinct`, so a second
 * `Authorization` line is seen rather than silently dropped).
 *
 * @example
 * ```ts
 * readBearerCredentials(['Bearer eyJ…']); // { kind: 'bearer', token: 'eyJ…' }
 * readBearerCredentials(['Basic dTpw']);  // { kind: 'other-scheme' }
 * ```
 */
export function readBearerCredentials(values: readonly string[] | undefined): BearerCredentials {
  if (values === undefined || values.length === 0) return { kind: 'missing' };
  if (values.length > 1) return { kind: 'duplicate' };
  const value = values[0] ?? '';
  if (value === '') return { kind: 'missing' };
  const schemeEnd = value.search(/[ \t]/);
  const scheme = schemeEnd === -1 ? value : value.slice(0, schemeEnd);
  if (scheme.toLowerCase() !== 'bearer') {
    return /^bearer/i.test(value) ? { kind: 'malformed' } : { kind: 'other-scheme' };
  }
  if (schemeEnd === -1 || value[schemeEnd] !== ' ') return { kind: 'malformed' };
  const token = value.slice(schemeEnd).replace(/^ +/, '').replace(/ +$/, '');
  return B64TOKEN.test(token) ? { kind: 'bearer', token } : { kind: 'malformed' };
}
