/** A DNS name (punycode after URL parsing), an IPv4 address or a bracketed IPv6 address. */
const HOSTNAME = /^(?:[a-z\d-]+(?:\.[a-z\d-]+)*|\[[\da-f:.]+\])$/i;

/**
 * The origin (`scheme://host[:port]`) of an allowlist entry, or `null` when the entry is not a
 * bare http(s) origin (a path, a query, credentials, a wildcard or another scheme make it
 * invalid: entries are origins, never prefixes or patterns).
 *
 * @example
 * ```ts
 * normalizeOrigin('https://API.example.com:443/'); // 'https://api.example.com'
 * normalizeOrigin('https://api.example.com/v1'); // null
 * normalizeOrigin('https://*.example.com'); // null
 * ```
 */
export function normalizeOrigin(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  const bare =
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    HOSTNAME.test(url.hostname) &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    !entry.endsWith('?') &&
    !entry.endsWith('#');
  return bare ? url.origin : null;
}

/**
 * Whether `url` (resolved against `base` when relative) is on one of `allowedOrigins`, by exact
 * origin match: same scheme, same host, same port. This is the test that decides whether a
 * request may carry the token (SECURITY.md W11). Unlike angular-jwt before CVE-2018-11537, an
 * entry is never a prefix or a pattern, so `https://api.example.com.evil.com`,
 * `https://api.example.com@evil.com` and `//evil.com` are all refused. Never throws; an
 * unparsable URL or base gives `false`.
 *
 * @example
 * ```ts
 * const api = ['https://api.example.com'];
 * isAllowedOrigin('/api/users', api, 'https://api.example.com'); // true
 * isAllowedOrigin('https://api.example.com.evil.com/x', api, 'https://api.example.com'); // false
 * isAllowedOrigin('http://api.example.com/x', api, 'https://api.example.com'); // false
 * ```
 */
export function isAllowedOrigin(
  url: string | URL,
  allowedOrigins: readonly string[],
  base: string,
): boolean {
  let target: URL;
  try {
    target = typeof url === 'string' ? new URL(url, base === '' ? undefined : base) : url;
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  return allowedOrigins.some((entry) => normalizeOrigin(entry) === target.origin);
}
