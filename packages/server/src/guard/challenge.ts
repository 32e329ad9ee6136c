import type { ErrorCode } from '@tessera/protocol';
import { TesseraError } from '../errors/tessera-error.js';

/** The realm sent in every `WWW-Authenticate` challenge. */
export const REALM = 'tessera';

const BASE = `Bearer realm="${REALM}"`;

/** 401 with the RFC 6750 challenge that fits; `withError` is false when no bearer token was sent. */
export function unauthorized(code: ErrorCode, options: { withError: boolean }): TesseraError {
  let challenge = BASE;
  if (options.withError) {
    challenge += ', error="invalid_token"';
    if (code === 'token_expired') challenge += ', error_description="The access token expired"';
  }
  return new TesseraError(code, undefined, { 'www-authenticate': challenge });
}

/** 400 `invalid_request`: credentials sent twice or by two methods. */
export function invalidRequest(): TesseraError {
  return new TesseraError('invalid_request', undefined, {
    'www-authenticate': `${BASE}, error="invalid_request"`,
  });
}

/** 403 `insufficient_scope` naming the scope the route needs. */
export function insufficientScope(scope: string): TesseraError {
  return new TesseraError('insufficient_scope', undefined, {
    'www-authenticate': `${BASE}, error="insufficient_scope", scope="${scope}"`,
  });
}
