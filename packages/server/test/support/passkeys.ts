import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TesseraConfig } from '../../src/config/config.js';
import type { SoftAuthenticator } from './soft-authenticator.js';
import type { TestApp, TestUser } from './test-app.js';

/** Where the passkey tests' "browser" runs: the configured origin and RP ID. */
export const PASSKEY_ORIGIN = 'http://localhost:3000';
export const PASSKEY_RP_ID = 'localhost';
export const PASSKEY_CONFIG: Partial<TesseraConfig> = {
  webauthnRpId: PASSKEY_RP_ID,
  webauthnOrigins: [PASSKEY_ORIGIN],
};

/** `POST /api/auth/passkeys/options` as `user`; expects 200. */
export async function registrationOptions(
  t: TestApp,
  user: TestUser,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/passkeys/options',
    headers: { authorization: `Bearer ${t.tokenFor(user)}` },
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** `POST /api/auth/passkeys` as `user` with an answer. */
export function submitRegistration(
  t: TestApp,
  user: TestUser,
  answer: unknown,
  name?: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/passkeys',
    headers: { authorization: `Bearer ${t.tokenFor(user)}` },
    payload: { ...(name === undefined ? {} : { name }), response: answer },
  });
}

/** Options, `authenticator.create`, submit: the whole registration; expects 201, returns the id. */
export async function registerPasskey(
  t: TestApp,
  user: TestUser,
  authenticator: SoftAuthenticator,
  name = 'Laptop',
): Promise<string> {
  const options = await registrationOptions(t, user);
  const response = await submitRegistration(t, user, authenticator.create(options), name);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/** `POST /api/auth/passkey/options`; expects 200. */
export async function loginOptions(
  t: TestApp,
): Promise<{ challenge_id: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/passkey/options',
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** `POST /api/auth/passkey/login`. */
export function submitLogin(
  t: TestApp,
  challengeId: string,
  answer: unknown,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/passkey/login',
    payload: { challenge_id: challengeId, response: answer },
  });
}
