import type { OidcFailure } from './oidc-failure.js';

/** The app page the callback sends the browser to (apps/web route `/oidc/callback`). */
export const CALLBACK_PAGE = '/oidc/callback';

/**
 * Where the callback sends the browser: the app's `/oidc/callback` page with the outcome in
 * the fragment (never sent to a server, never in a `Referer`): `ticket` (login), `linked`
 * (link) or `error` (a code), and `return_to`. Nothing else of the flow goes there: no provider
 * code, token, state or secret (O19).
 *
 * @example
 * ```ts
 * callbackLocation({ ticket }, '/'); // '/oidc/callback#ticket=…&return_to=%2F'
 * ```
 */
export function callbackLocation(
  outcome: { readonly ticket: string } | { readonly linked: string } | { readonly error: string },
  returnTo: string,
): string {
  const fragment = new URLSearchParams({ ...outcome, return_to: returnTo });
  return `${CALLBACK_PAGE}#${fragment.toString()}`;
}

/** The failure's location. */
export function failureLocation(failure: OidcFailure): string {
  return callbackLocation({ error: failure.code }, failure.returnTo);
}
