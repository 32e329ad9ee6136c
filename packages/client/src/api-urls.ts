import { isAllowedOrigin } from './origin-allowlist.js';
import type { ResolvedOptions } from './resolve-options.js';
import { documentBaseUrl, resolveApiUrl } from './url-resolution.js';

/** Origin and path of a URL, to recognise an endpoint whatever its query. */
function endpointOf(url: string, base: string | undefined): string | null {
  try {
    const parsed = new URL(url, base);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/**
 * Every decision a client makes from a URL alone: whether it is on an API origin (the token may
 * go there), and whether it is one of the auth endpoints that the refresh/retry path leaves
 * alone. Relative URLs are resolved as the browser would (against the document), or against
 * `baseUrl` where there is no document.
 *
 * @example
 * ```ts
 * const urls = new ApiUrls(resolveOptions({ baseUrl: 'https://api.example.com' }));
 * urls.isApiOrigin('https://api.example.com/api/users'); // true
 * urls.isCredentialsEndpoint('https://api.example.com/api/auth/login?next=1'); // true
 * ```
 */
export class ApiUrls {
  readonly #options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** `path` joined to `baseUrl` (an absolute URL is kept). */
  resolve(path: string): string {
    return resolveApiUrl(this.#options.baseUrl, path);
  }

  /** Whether `url`'s origin is exactly one of `apiOrigins`. */
  isApiOrigin(url: string | URL): boolean {
    return isAllowedOrigin(url, this.#options.apiOrigins, this.#base());
  }

  /** The refresh endpoint (only with `refresh`): it never gets the access token. */
  isRefreshEndpoint(url: string): boolean {
    const { refresh } = this.#options;
    return refresh !== null && this.#isEndpoint(url, [refresh.url]);
  }

  /** Login and refresh: a 401 there is about credentials, never about the access token. */
  isCredentialsEndpoint(url: string): boolean {
    return this.#isEndpoint(url, [this.#options.loginUrl]) || this.isRefreshEndpoint(url);
  }

  /** Login, refresh and logout: never refreshed for, nor sent again. */
  isAuthEndpoint(url: string): boolean {
    const { logoutUrl } = this.#options;
    return (
      this.isCredentialsEndpoint(url) || (logoutUrl !== null && this.#isEndpoint(url, [logoutUrl]))
    );
  }

  #base(): string {
    return documentBaseUrl() ?? this.resolve('');
  }

  /** Whether `url` is one of the endpoints `paths` (joined to `baseUrl`), whatever its query. */
  #isEndpoint(url: string, paths: readonly string[]): boolean {
    const base = this.#base();
    const endpoint = endpointOf(url, base);
    return paths.some((path) => endpointOf(this.resolve(path), base) === endpoint);
  }
}
