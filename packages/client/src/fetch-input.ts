/**
 * Whether a `fetch` input is a `Request` (checked by shape, so a `Request` of another realm,
 * e.g. an iframe or a test environment, counts too).
 *
 * @example
 * ```ts
 * isRequest(new Request('https://api.example.com/x')); // true
 * isRequest('https://api.example.com/x'); // false
 * ```
 */
export function isRequest(input: string | URL | Request): input is Request {
  return (
    typeof input === 'object' &&
    !(input instanceof URL) &&
    typeof Reflect.get(input, 'url') === 'string' &&
    typeof Reflect.get(input, 'headers') === 'object'
  );
}

/**
 * The URL a `fetch` input targets, as given (a string may be relative).
 *
 * @example
 * ```ts
 * inputUrl(new URL('https://api.example.com/x')); // 'https://api.example.com/x'
 * inputUrl('/api/users'); // '/api/users'
 * ```
 */
export function inputUrl(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return isRequest(input) ? input.url : input.href;
}

/**
 * The headers `fetch(input, init)` would send: `init.headers` when given (they replace those of
 * a `Request`, as in `fetch` itself), else the `Request`'s own. Always a fresh copy.
 *
 * @example
 * ```ts
 * requestHeaders('/x', { headers: { accept: 'application/json' } }).get('accept');
 * ```
 */
export function requestHeaders(input: string | URL | Request, init?: RequestInit): Headers {
  if (init?.headers !== undefined) return new Headers(init.headers);
  return new Headers(isRequest(input) ? input.headers : undefined);
}
