/** A scheme (`https:`, `data:`…) or a network-path reference (`//host`, `\\host`, `/\host`). */
const ABSOLUTE = /^(?:[a-z][a-z\d+.-]*:|[/\\]{2})/i;

function readString(host: unknown, name: string): string | undefined {
  if (typeof host !== 'object' || host === null) return undefined;
  const value: unknown = Reflect.get(host, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The URL that the browser resolves relative request URLs against (`document.baseURI`, else
 * `location.href`), or `undefined` outside a browser (Node, a worker without `location`).
 *
 * @example
 * ```ts
 * documentBaseUrl(); // 'https://app.example.com/users' in a browser, undefined in Node
 * ```
 */
export function documentBaseUrl(): string | undefined {
  try {
    return (
      readString(Reflect.get(globalThis, 'document'), 'baseURI') ??
      readString(Reflect.get(globalThis, 'location'), 'href')
    );
  } catch {
    return undefined;
  }
}

/**
 * Joins a path to the API base URL, as Satellizer does: `https://x.com/v1` + `/users` gives
 * `https://x.com/v1/users`. An absolute URL (with a scheme, or `//host`) is not joined. The
 * result is then resolved against the document (in a browser) or `baseUrl`, so it is absolute
 * whenever one of them is.
 *
 * @example
 * ```ts
 * resolveApiUrl('https://api.example.com/v1/', '/users'); // 'https://api.example.com/v1/users'
 * resolveApiUrl('', '/api/users'); // '/api/users' in Node, '<page origin>/api/users' in a browser
 * resolveApiUrl('https://api.example.com', 'https://other.example/x'); // unchanged
 * resolveApiUrl('https://api.example.com', '//evil.com/x'); // 'https://evil.com/x' (not joined)
 * ```
 */
export function resolveApiUrl(baseUrl: string, path: string): string {
  const joined = ABSOLUTE.test(path)
    ? path
    : `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^[/\\]+/, '')}`;
  for (const base of [documentBaseUrl(), baseUrl]) {
    try {
      return new URL(joined, base === '' ? undefined : base).href;
    } catch {
      // Try the next base: without a document, an absolute baseUrl resolves `//host` paths.
    }
  }
  return joined;
}

/**
 * The `credentials` mode for a cookie-carrying auth call to `url`: `'same-origin'` when it goes
 * to the page's own origin, `'include'` otherwise (a cross-origin `baseUrl`, or no page at all),
 * so the browser sends and stores the refresh cookie either way.
 *
 * @example
 * ```ts
 * credentialsFor('https://api.example.com/api/auth/refresh'); // 'include' from https://app.example.com
 * ```
 */
export function credentialsFor(url: string): RequestCredentials {
  const page = documentBaseUrl();
  if (page === undefined) return 'include';
  try {
    return new URL(url, page).origin === new URL(page).origin ? 'same-origin' : 'include';
  } catch {
    return 'include';
  }
}
