/**
 * Helpers for the guard's HTTP attack tests (SECURITY.md §2.1–§2.5): send a hostile request to
 * the protected probe route and assert the catalogue answer together with the global assertions
 * G1 (never 2xx, 3xx or 5xx), G2 (the handler did not run), G4 (no echo, no stack) and G6 (no
 * token and no password in any captured log line).
 *
 * The token helpers send the token a test made as {@link presented}: itself, or, in a `describe`
 * that called {@link presentWrapped} on an app with `TESSERA_TOKEN_FORMAT=jwe`, wrapped in an
 * authentic JWE, so every rule is proven on the inner token behind real encryption.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, expect } from 'vitest';
import { claims } from '../token/support.js';
import { expectAnswer, expectNoEcho, type ExpectedAnswer } from './expect-problem.js';
import type { Forger } from './forger.js';
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

/** How each app presents the tokens its tests make (see {@link presentWrapped}). */
const presenters = new WeakMap<TestApp, (token: string) => string>();

/**
 * Registers a `beforeAll` (after {@link useTestApp}'s) from which the tokens the tests of the
 * enclosing `describe` make are presented as `f().wrap(token)`: with `jwe`, a compact JWE of the
 * token under the app's current encryption key (a fresh IV each time), with `jws` the token
 * itself. Only for tokens a test makes: an issued token (`tokenFor`, login) is already presented.
 *
 * @example
 * ```ts
 * const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
 * const f = useForger(t, alg, format);
 * presentWrapped(t, f);
 * it('S03 …', async () => {
 *   await expectTokenRefused(t(), `${h}.${p}.`); // with jwe, sent inside an authentic JWE
 * });
 * ```
 */
export function presentWrapped(t: () => TestApp, f: () => Forger): void {
  beforeAll(() => {
    presenters.set(t(), (token) => f().wrap(token));
  });
}

/**
 * The token sent for `token` (one a test made) to `app`: wrapped as {@link presentWrapped}
 * registered, else itself. Each call encrypts anew: present once where the same bytes must be
 * sent twice (a token the guard remembers as verified).
 */
export function presented(app: TestApp, token: string): string {
  return presenters.get(app)?.(token) ?? token;
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
 * message, `WWW-Authenticate`, problem media type, G4 against each of `secrets`: the token sent
 * and, when it was wrapped, the token inside), then G2 (probe not run) and G6 (no secret and no
 * password logged).
 */
export async function expectRefused(
  app: TestApp,
  request: InjectOptions,
  answer: ExpectedAnswer,
  ...secrets: readonly string[]
): Promise<LightMyRequestResponse> {
  const hits = app.probeHits();
  const response = await app.app.inject({ method: 'GET', url: PROBE, ...request });
  expectAnswer(response, answer);
  for (const secret of secrets) expectNoEcho(response, secret);
  expect(app.probeHits(), 'G2: the probe handler ran').toBe(hits);
  expect(loggedReasons(app, response), 'G6: one log line with the reason').toHaveLength(1);
  expectNotLogged(app, ...secrets);
  return response;
}

/**
 * {@link expectRefused} for `Authorization: Bearer <token>` on the probe, with `token`
 * {@link presented} (G4 and G6 on the token sent and on `token`).
 */
export function expectTokenRefused(
  app: TestApp,
  token: string,
  answer: ExpectedAnswer = 'R401i',
): Promise<LightMyRequestResponse> {
  const sent = presented(app, token);
  return expectRefused(app, { headers: { authorization: bearer(sent) } }, answer, sent, token);
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

/** {@link expectAccepted} for `Authorization: Bearer <token>`, with `token` {@link presented}. */
export function expectTokenAccepted(app: TestApp, token: string, user: TestUser): Promise<void> {
  return expectAccepted(app, { authorization: bearer(presented(app, token)) }, user);
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
