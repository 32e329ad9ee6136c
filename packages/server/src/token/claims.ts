import type { AccessTokenClaims } from '@tessera/protocol';
import { TokenVerificationError } from './errors.js';
import type { JsonObject } from './json-object.js';

/**
 * The claims of a Tessera access token (the wire type, whose optional `sid` is the session id
 * that revocation checks when the token was issued for a session).
 */
export type TesseraAccessClaims = AccessTokenClaims;

/** What the claims must name. */
export interface ClaimRules {
  readonly issuer: string;
  readonly audience: string;
}

/** Longest `sub`, `jti` or `sid` accepted. */
export const MAX_IDENTIFIER_LENGTH = 255;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function fail(claim: string): never {
  throw new TokenVerificationError('claims', claim);
}

/** A non-empty string of at most 255 UTF-16 units: `sub`, `jti`, `sid`. Never coerced (C11). */
function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_IDENTIFIER_LENGTH;
}

/** Most entries of an `amr` claim, and the longest entry (RFC 8176 names are short). */
const MAX_METHODS = 8;
const METHOD_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** An `amr` claim: a non-empty array of at most 8 short lower-case names. */
export function isMethodList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_METHODS &&
    value.every((name) => typeof name === 'string' && METHOD_NAME.test(name))
  );
}

/** Checks the `amr` of a token about to be issued. */
export function checkMethods(amr: readonly string[]): string[] {
  if (!isMethodList(amr)) throw new TypeError('amr must be 1 to 8 RFC 8176 method names');
  return [...amr];
}

/** RFC 7519 NumericDate: a finite, non-negative JSON number. `1e309` parses to Infinity and fails (S21). */
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** `aud` is our audience, or a non-empty array of strings that contains it (RFC 7519 §4.1.3). */
function namesAudience(aud: unknown, audience: string): boolean {
  if (typeof aud === 'string') return aud === audience;
  if (!Array.isArray(aud) || aud.length === 0) return false;
  let found = false;
  for (const entry of aud as readonly unknown[]) {
    if (typeof entry !== 'string') return false;
    if (entry === audience) found = true;
  }
  return found;
}

/**
 * Type-checks the claims of a payload whose signature has already verified, and returns a fresh
 * object holding only the claims Tessera uses (so `role`, `is_admin` or any other claim a token
 * carries never reaches authorisation, C15). Comparisons are exact, code point by code point.
 *
 * Required: `iss` (equal to the issuer), `aud`, `sub`, `jti`, `scope` (string), `iat`, `exp`.
 * Optional: `nbf` (NumericDate), `sid` (identifier). Time rules are checked separately.
 *
 * @throws {@link TokenVerificationError} with `reason: 'claims'` and `claim` set.
 */
export function readAccessClaims(payload: JsonObject, rules: ClaimRules): TesseraAccessClaims {
  const { iss, aud, sub, jti, scope, iat, exp, nbf, sid, amr } = payload;
  if (iss !== rules.issuer) fail('iss');
  if (!namesAudience(aud, rules.audience)) fail('aud');
  if (!isIdentifier(sub)) fail('sub');
  if (!isIdentifier(jti)) fail('jti');
  if (typeof scope !== 'string') fail('scope');
  if (!isNumericDate(iat)) fail('iat');
  if (!isNumericDate(exp)) fail('exp');
  if (nbf !== undefined && !isNumericDate(nbf)) fail('nbf');
  if (sid !== undefined && !isIdentifier(sid)) fail('sid');
  if (amr !== undefined && !isMethodList(amr)) fail('amr');

  const claims: Mutable<TesseraAccessClaims> = {
    iss: rules.issuer,
    aud: aud as string | readonly string[],
    sub,
    iat,
    exp,
    jti,
    scope,
  };
  if (nbf !== undefined) claims.nbf = nbf;
  if (sid !== undefined) claims.sid = sid;
  if (amr !== undefined) claims.amr = amr;
  return claims;
}
