/** Longest `return_to` kept. */
const MAX_RETURN_TO = 512;

/**
 * A same-origin absolute path to go on to after sign-in, or `/` (O14: never an open redirect).
 * Refused, hence `/`: anything not starting with one `/` (`//evil.example`, `https://…`,
 * `javascript:`), a backslash (browsers read `/\evil` as `//evil`), control characters, or a
 * path that would resolve to another origin.
 *
 * @example
 * ```ts
 * safeReturnTo('/account/security'); // '/account/security'
 * safeReturnTo('//evil.example/'); // '/'
 * ```
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_RETURN_TO) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) {
    return '/';
  }
  const base = 'http://return-to.invalid';
  const resolved = new URL(value, base);
  return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : '/';
}
