import { readErrorBody } from './error-body.js';
import { TesseraMfaRequiredError } from './mfa-required-error.js';
import { TesseraHttpError } from './tessera-http-error.js';
import { TesseraNetworkError } from './tessera-network-error.js';

/**
 * Reads a response as JSON: throws {@link TesseraHttpError} for a non-2xx status (its subclass
 * {@link TesseraMfaRequiredError} for `mfa_required`) or a 2xx body that is not JSON; gives
 * `undefined` for 204, 205 or an empty body.
 *
 * @example
 * ```ts
 * const users = await readJsonResponse(await fetch('/api/users'));
 * ```
 * @throws TesseraHttpError, or TesseraNetworkError when the body cannot be read.
 */
export async function readJsonResponse(response: Response): Promise<unknown> {
  if (!response.ok) {
    throw TesseraMfaRequiredError.orHttpError(response.status, await readErrorBody(response));
  }
  if (response.status === 204 || response.status === 205) return undefined;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new TesseraNetworkError('The response was cut off before its end', { cause: error });
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new TesseraHttpError(response.status, {
      message: 'The server sent a response that is not valid JSON',
    });
  }
}

/**
 * Builds the `RequestInit` of a JSON call: `accept: application/json`, and `value` serialized
 * with `content-type: application/json`. Headers the caller set are kept.
 *
 * @example
 * ```ts
 * await fetch(url, jsonInit({ method: 'POST' }, { email, password }));
 * ```
 * @throws TypeError when both `init.body` and a JSON value are given.
 */
export function jsonInit(init: RequestInit, value: unknown): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (value === undefined) return { ...init, headers };
  if (init.body !== undefined && init.body !== null) {
    throw new TypeError('give either body or json, not both');
  }
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { ...init, headers, body: JSON.stringify(value) };
}
