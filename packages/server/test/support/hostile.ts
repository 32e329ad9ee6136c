/**
 * Helpers for the guard's HTTP attack tests (SECURITY.md §2.1–§2.5): send a hostile request to
 * the protected probe route and assert the catalogue answer together with the global assertions
 * G1 (never 2xx, 3xx or 5xx), G2 (the handler did not run), G4 (no echo, no stack) and G6 (no
 * token and no password in any captured log line).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { claims } from '../token/support.js';
import { expectAnswer, type ExpectedAnswer } from './expect-problem.js';
import { PASSWORD, type TestApp, type TestUser } from './test-app.js';

/** The protected probe route (scope `profile:read`) that {@link TestApp.probeHits} counts. */
export const PROBE = '/api/probe';

/** Request headers as `inject` takes them; an array value sends the header more than once. */
export type Headers = Record<string, string | string[]>;

/** `Bearer <token>`. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/**
 * `V` for `user` (its id as `sub`, its fixture session as `sid`), with overrides; a property set
 * to `undefined` is removed.
 */
export function claimsFor(user: TestUser, overrides: Record<string, unknown> = {}) {
  return claims({ sub: String(user.id), sid: user.sessionId, ...overrides });
}

/** Placeholder swapped for raw JSON text by {@link rawJson}. */
const RAW = '\u0000raw\u0000';

/**
 * JSON text of `object` where member `name` holds `text` verbatim: values `JSON.stringify` cannot
 * write (`1e309`, `1.8e9`) or duplicate member names.
 *
 * @example
 * ```ts
 * rawJson(claims(), 'exp', '1e309'); // '{"iss":…,"exp":1e309,…}'
 * ```
 */
export function rawJson(object: Record<string, unknown>, name: string, text: string): string {
  const json = JSON.stringify({ ...object, [name]: RAW });
  return json.replace(
    `${JSON.stringify(name)}:${JSON.stringify(RAW)}`,
    `${JSON.stringify(name)}:${text}`,
  );
}

/**
 * G6: no captured log line contains a fixture password or any of `secrets` (those of at least
 * 8 characters; shorter ones would match by accident).
 */
export function expectNotLogged(app: TestApp, ...secrets: readonly string[]): void {
  const text = app.logs.text;
  for (const secret of [PASSWORD, ...secrets]) {
    if (secret.length < 8) continue;
    expect(text.includes(secret), `a log line contains "${secret.slice(0, 16)}…"`).toBe(false);
  }
}

/**
 * Sends `request` (default `GET /api/probe`) and asserts the catalogue `answer` (status, code,
 * message, `WWW-Authenticate`, problem media type, G4 against `presented`), then G2 (probe not
 * run) and G6 (neither `presented` nor a password logged).
 */
export async function expectRefused(
  app: TestApp,
  request: InjectOptions,
  answer: ExpectedAnswer,
  presented?: string,
): Promise<LightMyRequestResponse> {
  const hits = app.probeHits();
  const response = await app.app.inject({ method: 'GET', url: PROBE, ...request });
  expectAnswer(response, answer, presented);
  expect(app.probeHits(), 'G2: the probe handler ran').toBe(hits);
  expect(loggedReasons(app, response), 'G6: one log line with the reason').toHaveLength(1);
  expectNotLogged(app, ...(presented === undefined ? [] : [presented]));
  return response;
}

/** {@link expectRefused} for `Authorization: Bearer <token>` on the probe. */
export function expectTokenRefused(
  app: TestApp,
  token: string,
  answer: ExpectedAnswer = 'R401i',
): Promise<LightMyRequestResponse> {
  return expectRefused(app, { headers: { authorization: bearer(token) } }, answer, token);
}

/** Sends `headers` to the probe and asserts 200 as `user`, with the handler run once. */
export async function expectAccepted(
  app: TestApp,
  headers: Headers,
  user: TestUser,
): Promise<void> {
  const hits = app.probeHits();
  const response = await app.app.inject({ method: 'GET', url: PROBE, headers });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toEqual({ ok: true, user_id: user.id });
  expect(app.probeHits()).toBe(hits + 1);
}

/** {@link expectAccepted} for `Authorization: Bearer <token>`. */
export function expectTokenAccepted(app: TestApp, token: string, user: TestUser): Promise<void> {
  return expectAccepted(app, { authorization: bearer(token) }, user);
}

/**
 * The `reason` of every `token rejected` line the guard logged for this refused request, found by
 * the `request_id` of its problem body.
 */
export function loggedReasons(app: TestApp, response: LightMyRequestResponse): unknown[] {
  const requestId = response.json<{ request_id?: string }>().request_id;
  return app.logs
    .records()
    .filter((record) => record['reqId'] === requestId && record['msg'] === 'token rejected')
    .map((record) => record['reason']);
}

/** The single reason the guard logged for this refused request (see {@link loggedReasons}). */
export function loggedReason(app: TestApp, response: LightMyRequestResponse): unknown {
  const reasons = loggedReasons(app, response);
  expect(reasons).toHaveLength(1);
  return reasons[0];
}
