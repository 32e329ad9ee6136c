/**
 * Drives Tessera's sign-in by provider (issue #15) against the local OpenID provider, as a
 * browser would: `start` (keeping the flow cookie), the provider's pages (driveLogin), the
 * callback (with the cookie), then `complete` with the fragment's ticket.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TesseraConfig } from '../../src/config/config.js';
import type { OidcProviderConfig } from '../../src/config/oidc-config.js';
import { driveLogin, type TestProvider } from './oidc-provider.js';
import type { TestApp } from './test-app.js';

/** The test app's public URL (its `publicUrl`): the base of the callback. */
export const PUBLIC_URL = 'http://127.0.0.1:3000';
export const CALLBACK_URI = `${PUBLIC_URL}/api/auth/oidc/local/callback`;
/** The page of an AngularJS + Satellizer app the popup returns to (in the allowlist). */
export const SATELLIZER_PAGE = `${PUBLIC_URL}/legacy/`;

/** The provider `local` of the tests, over the test provider. */
export function localProvider(op: TestProvider): OidcProviderConfig {
  return {
    name: 'local',
    label: 'Local',
    kind: 'oidc',
    issuer: op.issuer,
    clientId: op.clientId,
    clientSecret: op.clientSecret,
    scopes: ['openid', 'email', 'profile'],
    redirectUris: [SATELLIZER_PAGE],
  };
}

/** The app's config with the `local` provider (sign-up by provider as asked, default off). */
export function oidcConfig(op: TestProvider, signup = false): Partial<TesseraConfig> {
  return { oidc: { providers: [localProvider(op)], signup } };
}

/** The value of the `tessera_oidc` cookie a response sets ('' when it clears it). */
export function flowCookieOf(response: LightMyRequestResponse): string | undefined {
  const header = response.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : header === undefined ? [] : [header];
  for (const cookie of cookies) {
    const match = /^tessera_oidc=([^;]*)/.exec(cookie);
    if (match) return match[1];
  }
  return undefined;
}

/** The fragment of a callback's 303 (to `/oidc/callback#…`). */
export function fragmentOf(response: LightMyRequestResponse): URLSearchParams {
  expect(response.statusCode, response.body).toBe(303);
  const location = String(response.headers.location);
  expect(location.startsWith('/oidc/callback#'), location).toBe(true);
  return new URLSearchParams(location.slice('/oidc/callback#'.length));
}

/** A flow started: its cookie and the provider's authorization URL. */
export interface StartedFlow {
  readonly cookie: string;
  readonly authorizationUrl: URL;
}

/** `GET /api/auth/oidc/<name>/start?<query>`, expecting the 302 to the provider. */
export async function startFlow(
  t: TestApp,
  query: Record<string, string> = {},
  name = 'local',
): Promise<StartedFlow> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/auth/oidc/${name}/start`,
    query,
  });
  expect(response.statusCode, response.body).toBe(302);
  const cookie = flowCookieOf(response);
  expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { cookie: cookie ?? '', authorizationUrl: new URL(String(response.headers.location)) };
}

/** The provider's redirect back (to `redirectUri`) after `login` signed in there. */
export async function loginAtProvider(
  flow: StartedFlow,
  login: string,
  redirectUri = CALLBACK_URI,
): Promise<URL> {
  return await driveLogin(flow.authorizationUrl, login, redirectUri);
}

/** Presents the provider's redirect to the callback with `cookie` (the flow's by default). */
export async function callback(
  t: TestApp,
  redirect: URL,
  cookie: string | undefined,
): Promise<LightMyRequestResponse> {
  return await t.app.inject({
    method: 'GET',
    url: `${redirect.pathname}${redirect.search}`,
    ...(cookie === undefined ? {} : { cookies: { tessera_oidc: cookie } }),
  });
}

/** `POST /api/auth/oidc/complete`. */
export function complete(t: TestApp, ticket: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/auth/oidc/complete', payload: { ticket } });
}

/** The whole redirect flow as `login`: start, provider, callback; returns the callback's fragment. */
export async function signInAtProvider(
  t: TestApp,
  login: string,
  query: Record<string, string> = {},
): Promise<URLSearchParams> {
  const flow = await startFlow(t, query);
  const redirect = await loginAtProvider(flow, login);
  return fragmentOf(await callback(t, redirect, flow.cookie));
}

/** The JSON payload of a compact JWT (no check: the tests read what the app issued). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}
