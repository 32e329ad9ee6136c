import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/** How the resource service checks Tessera's access tokens. */
export interface TokenCheckOptions {
  /** Tessera's `/.well-known/jwks.json`. */
  readonly jwksUrl: URL;
  /** `TESSERA_ISSUER` and `TESSERA_AUDIENCE` of the Tessera that issues the tokens. */
  readonly issuer: string;
  readonly audience: string;
  /**
   * How long fetched keys are trusted, in ms (jose's `cacheMaxAge`; Tessera serves the JWKS with
   * `max-age=300`). A key revoked in Tessera is refused here at most this long after.
   */
  readonly cacheMaxAgeMs?: number;
}

/** Why a token was refused: Tessera's own codes and messages. */
export type TokenRefusal =
  | {
      readonly status: 401;
      readonly code: 'token_missing';
      readonly message: 'Missing authorization header';
    }
  | { readonly status: 401; readonly code: 'token_invalid'; readonly message: 'Token is invalid' }
  | { readonly status: 401; readonly code: 'token_expired'; readonly message: 'Token has expired' }
  | {
      readonly status: 403;
      readonly code: 'insufficient_scope';
      readonly message: 'Insufficient scope';
    };

const INVALID: TokenRefusal = { status: 401, code: 'token_invalid', message: 'Token is invalid' };

/**
 * A check of `Authorization: Bearer <token>` against Tessera's JWKS (jose's remote key set:
 * fetched on first use, refreshed after `cacheMaxAgeMs` or when a token names an unknown kid),
 * with `iss`, `aud`, `typ: at+jwt`, the EdDSA / ES256 algorithms only, and a required scope.
 * Returns the claims, or the refusal to answer with.
 *
 * @example
 * ```ts
 * const check = tokenCheck({ jwksUrl: new URL('http://127.0.0.1:3000/.well-known/jwks.json'), issuer: 'tessera', audience: 'tessera-api' });
 * const result = await check(request.headers.authorization, 'profile:read');
 * ```
 */
export function tokenCheck(
  options: TokenCheckOptions,
): (authorization: string | undefined, scope: string) => Promise<JWTPayload | TokenRefusal> {
  const keys = createRemoteJWKSet(options.jwksUrl, {
    cacheMaxAge: options.cacheMaxAgeMs ?? 300_000,
    cooldownDuration: Math.min(options.cacheMaxAgeMs ?? 30_000, 30_000),
  });
  return async (authorization, scope) => {
    if (authorization === undefined) {
      return { status: 401, code: 'token_missing', message: 'Missing authorization header' };
    }
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization);
    if (match?.[1] === undefined) return INVALID;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], keys, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        algorithms: ['EdDSA', 'ES256'],
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        return { status: 401, code: 'token_expired', message: 'Token has expired' };
      }
      return INVALID;
    }
    const granted = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
    if (!granted.includes(scope)) {
      return { status: 403, code: 'insufficient_scope', message: 'Insufficient scope' };
    }
    return payload;
  };
}

/** True when `result` is a refusal rather than claims. */
export function isRefusal(result: JWTPayload | TokenRefusal): result is TokenRefusal {
  return 'code' in result && 'status' in result && typeof result.status === 'number';
}
