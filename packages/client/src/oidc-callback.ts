import { ERROR_CODES, isErrorCode, problemType, type OidcCallbackResult } from '@tessera/protocol';
import { TesseraHttpError } from './tessera-http-error.js';

/** The message of a fragment `error` code the registry does not know. */
const UNKNOWN_FAILURE = 'Sign-in with the provider failed, start again';

/**
 * `value` when it is a same-origin absolute path (`/…`: not `//host`, no backslash, no control
 * character), else `/`. The callback page goes there, so anything else would be an open redirect.
 *
 * @example
 * ```ts
 * safeReturnTo('/users?page=2'); // '/users?page=2'
 * safeReturnTo('//evil.example/'); // '/'
 * ```
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  if (value.startsWith('//') || value.includes('\\')) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
  try {
    const base = 'https://app.invalid';
    return new URL(value, base).origin === base ? value : '/';
  } catch {
    return '/';
  }
}

/**
 * Parses the fragment the server put on the app's `/oidc/callback` page: `#ticket=…`,
 * `#linked=…` or `#error=…`, each with `return_to` (made safe by {@link safeReturnTo}).
 * `null` when the fragment holds none of them.
 *
 * @example
 * ```ts
 * parseOidcCallback('#ticket=abc&return_to=%2Fusers'); // { ticket: 'abc', returnTo: '/users' }
 * ```
 */
export function parseOidcCallback(hash: string): OidcCallbackResult | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const returnTo = safeReturnTo(params.get('return_to'));
  const value = (name: string): string | null => {
    const found = params.get(name);
    return found === null || found === '' ? null : found;
  };
  const error = value('error');
  if (error !== null) return { error, returnTo };
  const ticket = value('ticket');
  if (ticket !== null) return { ticket, returnTo };
  const linked = value('linked');
  if (linked !== null) return { linked, returnTo };
  return null;
}

/**
 * The error of the callback fragment's `error` code: a {@link TesseraHttpError} with the
 * registry's status and user-facing message (as the server would have answered it as JSON), so
 * an app shows it like any other failure. An unknown code gets a generic message (the code is
 * never shown as text). `authenticate()` and `link()` reject with it; a redirect's callback page
 * calls it.
 *
 * @example
 * ```ts
 * const result = auth.oidcCallbackResult();
 * if (result && 'error' in result) show(oidcCallbackError(result.error).message);
 * // 'Sign-in was cancelled at the provider' for oidc_access_denied
 * ```
 */
export function oidcCallbackError(code: string): TesseraHttpError {
  if (!isErrorCode(code)) {
    return new TesseraHttpError(400, { code, message: UNKNOWN_FAILURE });
  }
  const { status, message } = ERROR_CODES[code];
  return new TesseraHttpError(status, {
    type: problemType(code),
    title: message,
    status,
    detail: message,
    message,
    code,
  });
}
