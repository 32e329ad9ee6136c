import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { expect } from 'vitest';
import type { TestApp, TestUser } from '../support/test-app.js';

/** A TOTP code of `secret` (base32) at `epoch` seconds. */
export function codeAt(secret: string, epoch: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(epoch) });
}

export function login(t: TestApp, email: string, password: string, url = '/api/auth/login') {
  return t.app.inject({ method: 'POST', url, payload: { email, password } });
}

export function verifyMfa(
  t: TestApp,
  mfaToken: string,
  method: string,
  code: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/mfa/verify',
    payload: { mfa_token: mfaToken, method, code },
  });
}

/** A bearer call of `user` (a token of their fixture session, or `token`). */
export function asUser(
  t: TestApp,
  user: TestUser,
  [method, url]: ['GET' | 'POST' | 'DELETE', string],
  { payload, token = t.tokenFor(user) }: { payload?: object; token?: string } = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** The `mfa_token` of a login that answered 401 `mfa_required`. */
export function mfaTokenOf(response: LightMyRequestResponse): string {
  expect(response.statusCode, response.body).toBe(401);
  const body = response.json<{ code: string; mfa_token: string }>();
  expect(body.code).toBe('mfa_required');
  return body.mfa_token;
}

/** Enrols and confirms TOTP for `user` at `now`; returns the secret and the recovery codes. */
export async function enrolTotp(
  t: TestApp,
  user: TestUser,
  now: number,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await asUser(t, user, ['POST', '/api/auth/mfa/totp'], {
    payload: {
      current_password: user.password,
    },
  });
  expect(started.statusCode, started.body).toBe(200);
  const { secret } = started.json<{ secret: string }>();
  const confirmed = await asUser(t, user, ['POST', '/api/auth/mfa/totp/confirm'], {
    payload: {
      code: await codeAt(secret, now),
    },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, recoveryCodes: confirmed.json<{ recovery_codes: string[] }>().recovery_codes };
}

/** The claims of a JWS access token (no verification: the app issued it). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
