import { inputUrl, requestHeaders } from './fetch-input.js';
import { errorCodeOf } from './problem-body.js';
import { replayable } from './replayable-request.js';
import type { RetryPath } from './retry-path.js';
import { fetchOrThrow } from './tessera-network-error.js';

/** Status and, for a 401 with a JSON body, its `code`, read without consuming the caller's body. */
async function answerOf(response: Response): Promise<{ status: number; code?: string }> {
  const { status } = response;
  if (status !== 401 || !/json/i.test(response.headers.get('content-type') ?? '')) {
    return { status };
  }
  try {
    const code = errorCodeOf(JSON.parse(await response.clone().text()));
    return code === undefined ? { status } : { status, code };
  } catch {
    return { status };
  }
}

function send(
  fetchFn: typeof fetch,
  input: string | URL | Request,
  init: RequestInit | undefined,
  authorization: string | null,
): Promise<Response> {
  const headers = requestHeaders(input, init);
  if (authorization !== null) headers.set('authorization', authorization);
  return fetchOrThrow(fetchFn, input, { ...init, headers });
}

/**
 * `fetch` through the client's refresh/retry path: the token for API origins (a stale one
 * refreshed first), and after a 401 about an expired token, one more send with the new token.
 * Only a request that can be sent again is: its `init.body` is absent, a string,
 * `URLSearchParams`, a `Blob`, `FormData` or an `ArrayBuffer` (view), or its input is a
 * `Request` (cloned before the first send). A streamed body is not: the 401 comes back, with the
 * token refreshed.
 *
 * @example
 * ```ts
 * const response = await authorizedFetch(fetch, path, 'https://api.example.com/api/users');
 * ```
 * @throws TesseraNetworkError, TesseraHttpError (a refresh needed first failed), or an abort.
 */
export async function authorizedFetch(
  fetchFn: typeof fetch,
  path: RetryPath,
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const url = inputUrl(input);
  const attempt = path.begin(url);
  const replay = path.mayResend(url) ? replayable(input, init) : null;
  const first = await send(fetchFn, input, init, await attempt.freshHeader());
  if (!(await attempt.retry(await answerOf(first))) || replay === null) return first;
  const second = await send(fetchFn, replay.input, replay.init, attempt.header());
  await attempt.retry(await answerOf(second)); // Refused again: the token is over, no loop.
  return second;
}
