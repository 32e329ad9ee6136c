import { jsonInit, readJsonResponse } from './json-response.js';
import { fetchOrThrow } from './tessera-network-error.js';

/**
 * POSTs `body` as JSON with the plain `fetch`: no token, no refresh, no retry. For the calls made
 * before anyone is signed in (login, forgot password, a link's token, the second step).
 *
 * @example
 * ```ts
 * await postPublic(fetch, 'https://api.example.com/api/auth/password/forgot', { email });
 * ```
 * @throws TesseraHttpError for a non-2xx answer, TesseraNetworkError when offline.
 */
export async function postPublic(
  fetchFn: typeof fetch,
  url: string,
  body: unknown,
  init: RequestInit = {},
): Promise<unknown> {
  const response = await fetchOrThrow(fetchFn, url, jsonInit({ ...init, method: 'POST' }, body));
  return readJsonResponse(response);
}
