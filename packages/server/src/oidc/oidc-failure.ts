import * as client from 'openid-client';
import type { AnyErrorCode } from '../errors/error-registry.js';

/** The error codes a sign-in by provider can end with (see `@tessera/protocol`). */
export type OidcFailureCode = Extract<AnyErrorCode, `oidc_${string}`>;

/**
 * A sign-in by provider that failed: the stable `code` the browser is told (in the callback's
 * fragment, or a problem+json body) and the `reason` only the log gets. Neither ever holds a
 * code, token, secret or state value (O19).
 */
export class OidcFailure extends Error {
  override readonly name = 'OidcFailure';
  constructor(
    readonly code: OidcFailureCode,
    readonly reason: string,
    readonly userId?: number,
    /** Where the app goes on after the failure (the flow's `return_to`, once the flow is known). */
    readonly returnTo = '/',
  ) {
    super(`${code}: ${reason}`);
  }

  /** The same failure, going on to `returnTo`. */
  withReturnTo(returnTo: string): OidcFailure {
    return new OidcFailure(this.code, this.reason, this.userId, returnTo);
  }
}

/** A provider's error name as logged: its `error` parameter when it looks like one, else `other`. */
function errorName(value: unknown): string {
  return typeof value === 'string' && /^[a-z_]{1,40}$/.test(value) ? value : 'other';
}

/** Whether `error` says the provider could not be reached (network, timeout, a 5xx page). */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return true;
  }
  return (
    error instanceof client.ClientError &&
    (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_RESPONSE_IS_NOT_JSON')
  );
}

/**
 * The `error` of a token response answered with HTTP 200 (GitHub answers a bad code so:
 * `{"error": "bad_verification_code"}`), which openid-client reports as an invalid response.
 */
function errorInOkBody(error: unknown): string | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth += 1) {
    const body = (cause as { body?: unknown }).body;
    if (typeof body === 'object' && body !== null) {
      const name = (body as { error?: unknown }).error;
      return typeof name === 'string' ? name : undefined;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What an exchange's error means: the user cancelled (or the provider refused) at the
 * provider, the token endpoint refused the code (replayed, wrong PKCE verifier, wrong redirect),
 * the provider could not be reached, or the answer failed verification (ID token signature,
 * `iss`, `aud`, `exp`, `nonce`, the authorization response's `iss`).
 */
export function exchangeFailure(error: unknown): OidcFailure {
  if (error instanceof OidcFailure) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcFailure('oidc_access_denied', `provider_error:${errorName(error.error)}`);
  }
  if (error instanceof client.ResponseBodyError) {
    return new OidcFailure('oidc_code_rejected', `token_endpoint:${errorName(error.error)}`);
  }
  if (isUnreachable(error)) {
    return new OidcFailure('oidc_provider_unavailable', 'provider_unreachable');
  }
  const okBodyError = errorInOkBody(error);
  if (okBodyError !== undefined) {
    return new OidcFailure('oidc_code_rejected', `token_endpoint:${errorName(okBodyError)}`);
  }
  const code =
    error instanceof client.ClientError && typeof error.code === 'string'
      ? error.code.toLowerCase().replace(/^oauth_/, '')
      : 'unexpected';
  return new OidcFailure('oidc_id_token_invalid', `verification:${code}`);
}
