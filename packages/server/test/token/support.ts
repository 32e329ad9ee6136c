/**
 * Fixtures of SECURITY.md §2 "Conventions" for the token tests: `ISS`, `AUD`, the secret `K`, a
 * pinned `NOW`, `VH`, `V`, and `tok(h, p, k)` to build hostile tokens by hand.
 */
import { createHash, createHmac } from 'node:crypto';
import { expect } from 'vitest';
import {
  TokenService,
  TokenVerificationError,
  type TokenFailureReason,
  type TokenServiceOptions,
} from '../../src/token/index.js';

export const ISS = 'urn:app:api';
export const AUD = 'urn:app:api';
/** `K`: 32 fixed high-entropy bytes, so failures reproduce. */
export const K: Buffer = createHash('sha256').update('tessera token test key K').digest();
/** The pinned server time, in seconds. */
export const NOW = 1_800_000_000;
export const TTL = 900;

/** `VH`: the header Tessera issues. */
export const VH = { alg: 'HS256', typ: 'at+jwt' } as const;

/** `V` with overrides; a property set to `undefined` is removed (for "claim absent" rows). */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: ISS,
    aud: AUD,
    sub: '1',
    iat: NOW,
    exp: NOW + TTL,
    jti: '2f1c8a52-3f0e-4a43-9b8e-0f5c3b1c9d21',
    scope: 'profile:read profile:write',
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

/** Unpadded base64url of bytes or of a UTF-8 string. */
export function b64u(input: string | Uint8Array): string {
  return Buffer.from(typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString(
    'base64url',
  );
}

/** A header or payload: an object (JSON-encoded), a string (raw JSON text), or raw bytes. */
export type Part = string | Uint8Array | object;

/** `b64u` of a {@link Part}: an object JSON-encoded, a string or bytes as they are. */
export function encodePart(part: Part): string {
  if (typeof part === 'string' || part instanceof Uint8Array) return b64u(part);
  return b64u(JSON.stringify(part));
}

/** HMAC-SHA256 of `signingInput` under `key`, base64url. */
export function mac(signingInput: string, key: string | Uint8Array = K): string {
  return createHmac('sha256', key).update(signingInput).digest('base64url');
}

/** `tok(h, p, k)` = `b64u(h) "." b64u(p) "." b64u(HMAC-SHA256(k, first two parts))`. */
export function tok(
  header: Part = VH,
  payload: Part = claims(),
  key: string | Uint8Array = K,
): string {
  const signingInput = `${encodePart(header)}.${encodePart(payload)}`;
  return `${signingInput}.${mac(signingInput, key)}`;
}

/** The three segments of a compact token. */
export function parts(token: string): [string, string, string] {
  const [h = '', p = '', s = ''] = token.split('.');
  return [h, p, s];
}

/** A service with the fixture configuration and the clock pinned to `NOW` (or `now`). */
export function service(overrides: Partial<TokenServiceOptions> = {}, now = NOW): TokenService {
  return new TokenService({
    secret: K,
    issuer: ISS,
    audience: AUD,
    accessTtlSeconds: TTL,
    clock: () => now,
    ...overrides,
  });
}

/** Runs `fn`, expects a {@link TokenVerificationError}, and returns it. */
export function rejection(fn: () => unknown): TokenVerificationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenVerificationError);
    return error as TokenVerificationError;
  }
  throw new Error('expected a TokenVerificationError, but nothing was thrown');
}

/** Expects `fn` to throw `token_invalid` (or `token_expired` for `expired`) with this reason. */
export function expectRejected(
  fn: () => unknown,
  reason: TokenFailureReason,
  claim?: string,
): void {
  const error = rejection(fn);
  expect(error.reason).toBe(reason);
  expect(error.code).toBe(reason === 'expired' ? 'token_expired' : 'token_invalid');
  if (claim !== undefined) expect(error.claim).toBe(claim);
}
