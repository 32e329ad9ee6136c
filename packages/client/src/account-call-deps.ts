import type { TokenResponse } from '@tessera/protocol';
import type { ApiUrls } from './api-urls.js';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * What the account calls need from their client: `request` is the client's own (the token, the
 * refresh/retry path); `signIn` posts without a token and stores the answer like `login`.
 *
 * @example
 * ```ts
 * const deps: AccountCallDeps = { options, urls, request, signIn: (path, body) => sessions.signIn(path, body) };
 * ```
 */
export interface AccountCallDeps {
  readonly options: ResolvedOptions;
  readonly urls: ApiUrls;
  readonly request: <T>(path: string, init?: RequestInit & { json?: unknown }) => Promise<T>;
  readonly signIn: (path: string, body: unknown) => Promise<TokenResponse>;
}

/**
 * `value`, checked to be a non-empty string (a token, a code, an id).
 *
 * @example
 * ```ts
 * const token = nonEmpty(fragmentToken, 'resetPassword needs the token of the link');
 * ```
 * @throws TypeError otherwise.
 */
export function nonEmpty(value: unknown, message: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(message);
  return value;
}
