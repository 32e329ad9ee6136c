/**
 * Helpers for the token-lifecycle tests (SECURITY.md §2.6 L, W05, W06): log in, refresh and log
 * out through HTTP in either refresh transport, and read the refresh cookie.
 */
import type { BodyTransportTokenResponse, TokenResponse } from '@tessera/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { expectNotLogged } from './hostile.js';
import { expectProblem } from './expect-problem.js';
import type { TestApp, TestUser } from './test-app.js';

/** The headers of a same-origin `fetch` from the app: JSON and the CSRF header. */
export const SAME_ORIGIN = { 'content-type': 'application/json', 'x-tessera-csrf': '1' } as const;

/** One session as a client holds it after login or refresh. */
export interface Held {
  readonly access: string;
  /** The refresh token: the cookie's value (cookie transport) or `refresh_token` (body). */
  readonly refresh: string;
  readonly response: LightMyRequestResponse;
}

/** The claims of a compact token, decoded without any check (to read `sid`, `sub`). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Every `Set-Cookie` value of a response. */
export function setCookies(response: LightMyRequestResponse): string[] {
  return [response.headers['set-cookie'] ?? []].flat();
}

/** The value the response sets for cookie `name` (`''` when it clears it), or undefined. */
export function cookieValue(
  response: LightMyRequestResponse,
  name = 'tessera_rt',
): string | undefined {
  for (const line of setCookies(response)) {
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';', 1)[0];
  }
  return undefined;
}

/** Every secret a test handled, to check that none reached a log line (G6). */
export class Secrets {
  readonly #values = new Set<string>();

  add(...values: readonly (string | undefined)[]): void {
    for (const value of values)
      if (value !== undefined && value.length >= 8) this.#values.add(value);
  }

  addHeld(held: Held): Held {
    this.add(held.access, held.refresh);
    return held;
  }

  /** G6: none of them (nor a fixture password) is in any captured log line. */
  expectNotLogged(t: TestApp): void {
    expectNotLogged(t, ...this.#values);
  }
}

function held(response: LightMyRequestResponse, transport: 'cookie' | 'body'): Held {
  expect(response.statusCode, response.body).toBeLessThan(300);
  const body = response.json<TokenResponse & Partial<BodyTransportTokenResponse>>();
  const refresh = transport === 'cookie' ? cookieValue(response) : body.refresh_token;
  expect(refresh, 'a refresh token was handed out').toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { access: body.access_token, refresh: refresh ?? '', response };
}

/** Logs `user` in through `POST /api/auth/login`. */
export async function login(
  t: TestApp,
  user: TestUser,
  options: { transport?: 'cookie' | 'body'; headers?: Record<string, string> } = {},
): Promise<Held> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: options.headers ?? {},
    payload: { email: user.email, password: user.password },
  });
  return held(response, options.transport ?? 'cookie');
}

/** `POST /api/auth/refresh` the way the client does it in cookie transport, plus `extra`. */
export function refreshWithCookie(
  t: TestApp,
  refresh: string,
  extra: Partial<InjectOptions> & { headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const { headers, ...rest } = extra;
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { ...SAME_ORIGIN, cookie: `tessera_rt=${refresh}`, ...headers },
    payload: '{}',
    ...rest,
  });
}

/** `POST /api/auth/refresh` in body transport. */
export function refreshWithBody(t: TestApp, refresh: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    payload: { refresh_token: refresh },
  });
}

/** A successful cookie refresh: the rotated session. */
export async function rotate(t: TestApp, refresh: string): Promise<Held> {
  return held(await refreshWithCookie(t, refresh), 'cookie');
}

/** The refresh endpoint's refusal: 401 `token_invalid`, no challenge needed, nothing echoed. */
export function expectRefreshRefused(response: LightMyRequestResponse, presented?: string): void {
  expectProblem(response, 401, 'token_invalid');
  expect(response.json<{ message: string }>().message).toBe('Token is invalid');
  if (presented !== undefined && presented.length >= 8)
    expect(response.body).not.toContain(presented);
}

/** `GET /api/probe` with `access`: the status (200 or the guard's answer). */
export async function probeStatus(t: TestApp, access: string): Promise<LightMyRequestResponse> {
  return await t.app.inject({ url: '/api/probe', headers: { authorization: `Bearer ${access}` } });
}
