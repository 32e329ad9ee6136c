// @vitest-environment jsdom
import './support/test-bed.js';
import {
  HttpClient,
  HttpErrorResponse,
  HttpHeaders,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TesseraClient, type AuthEvent } from '@tessera/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { provideTessera, tesseraInterceptor } from '../src/index.js';
import { expiredToken, fakeToken, jsonResponse, validToken } from './support/tokens.js';

const API = 'https://api.example.test';

function setup(token: string | null = validToken()) {
  const client = new TesseraClient({ baseUrl: API });
  if (token !== null) client.setToken(token);
  const events: AuthEvent['type'][] = [];
  client.subscribe((_state, event) => events.push(event.type));
  TestBed.configureTestingModule({
    providers: [
      provideTessera({ client }),
      provideHttpClient(withInterceptors([tesseraInterceptor])),
      provideHttpClientTesting(),
    ],
  });
  return {
    client,
    events,
    http: TestBed.inject(HttpClient),
    controller: TestBed.inject(HttpTestingController),
  };
}

/** Sends a GET and records what came back. */
function get(http: HttpClient, url: string, headers?: HttpHeaders) {
  const outcome: { value?: unknown; error?: unknown } = {};
  http.get(url, headers ? { headers } : {}).subscribe({
    next: (value) => (outcome.value = value),
    error: (error: unknown) => (outcome.error = error),
  });
  return outcome;
}

/** Waits until the request of `outcome` has answered or failed. */
async function settled(outcome: { value?: unknown; error?: unknown }): Promise<void> {
  await vi.waitFor(() => expect('value' in outcome || 'error' in outcome).toBe(true));
}

afterEach(() => {
  TestBed.inject(HttpTestingController).verify();
});

describe('tesseraInterceptor: the Authorization header', () => {
  it('attaches the bearer token to a request for the API origin', () => {
    const { client, http, controller } = setup();
    const outcome = get(http, `${API}/api/users`);
    const request = controller.expectOne(`${API}/api/users`);
    expect(request.request.headers.get('Authorization')).toBe(`Bearer ${client.getToken()}`);
    request.flush({ users: [] });
    expect(outcome.value).toEqual({ users: [] });
  });

  it('sends no token to another origin, nor to a look-alike of the API origin', () => {
    const { http, controller } = setup();
    for (const url of ['https://evil.example.test/steal', `${API}.evil.test/api/users`]) {
      get(http, url);
      const request = controller.expectOne(url);
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush({});
    }
  });

  it('sends no header when signed out', () => {
    const { http, controller } = setup(null);
    get(http, `${API}/api/setup`);
    const request = controller.expectOne(`${API}/api/setup`);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ setup_required: true });
  });

  it('never overrides an Authorization the caller set', () => {
    const { http, controller } = setup();
    get(http, `${API}/api/users`, new HttpHeaders({ Authorization: 'Basic dXNlcjpwYXNz' }));
    const request = controller.expectOne(`${API}/api/users`);
    expect(request.request.headers.get('Authorization')).toBe('Basic dXNlcjpwYXNz');
    request.flush({});
  });
});

describe('tesseraInterceptor: errors', () => {
  const expired = { message: 'Token has expired', code: 'token_expired' };

  it('ends the session on a 401 about the token, and rethrows the HttpErrorResponse', async () => {
    const { client, events, http, controller } = setup();
    const outcome = get(http, `${API}/api/users`);
    controller
      .expectOne(`${API}/api/users`)
      .flush(expired, { status: 401, statusText: 'Unauthorized' });
    await settled(outcome);
    expect(client.isAuthenticated()).toBe(false);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['unauthorized']);
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
    expect((outcome.error as HttpErrorResponse).status).toBe(401);
    expect((outcome.error as HttpErrorResponse).error).toEqual(expired);
  });

  it('keeps the session on a 401 from another origin', async () => {
    const { client, http, controller } = setup();
    const outcome = get(http, 'https://other.example.test/api/users');
    controller
      .expectOne('https://other.example.test/api/users')
      .flush(expired, { status: 401, statusText: 'Unauthorized' });
    await settled(outcome);
    expect(client.isAuthenticated()).toBe(true);
    expect((outcome.error as HttpErrorResponse).status).toBe(401);
  });

  it('keeps the session on a 401 that is not about the token (a wrong current password)', async () => {
    const { client, http, controller } = setup();
    const outcome = get(http, `${API}/api/users/1`);
    controller
      .expectOne(`${API}/api/users/1`)
      .flush(
        { message: 'Invalid email or password', code: 'invalid_credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settled(outcome);
    expect(client.isAuthenticated()).toBe(true);
    expect((outcome.error as HttpErrorResponse).status).toBe(401);
  });

  it('passes a 403 through with its status and body, and keeps the session', () => {
    const { client, events, http, controller } = setup();
    const body = { message: 'Insufficient scope', code: 'insufficient_scope' };
    const outcome = get(http, `${API}/api/users`);
    controller.expectOne(`${API}/api/users`).flush(body, { status: 403, statusText: 'Forbidden' });
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
    expect((outcome.error as HttpErrorResponse).status).toBe(403);
    expect((outcome.error as HttpErrorResponse).error).toEqual(body);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual([]);
  });

  it('passes a network failure through as status 0', () => {
    const { client, http, controller } = setup();
    const outcome = get(http, `${API}/api/users`);
    controller.expectOne(`${API}/api/users`).error(new ProgressEvent('error'));
    expect((outcome.error as HttpErrorResponse).status).toBe(0);
    expect(client.isAuthenticated()).toBe(true);
  });
});

/** A fresh token that differs from every other one (`jti`), for user 1. */
let issued = 0;
function newToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return fakeToken({
    sub: '1',
    scope: 'users:read',
    iat: now,
    exp: now + 900,
    jti: `t${++issued}`,
  });
}

/**
 * A client with cookie refresh (no cross-tab link in a unit test) whose refresh endpoint is a
 * fake: `answer` decides each call (default: 200 with a new token), `gate` can hold them.
 */
function setupRefresh(
  token: string | null,
  answer: () => Promise<Response> = () =>
    Promise.resolve(jsonResponse(200, { access_token: newToken(), token_type: 'Bearer' })),
) {
  const refreshes: RequestInit[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== `${API}/api/auth/refresh`) return Promise.reject(new Error(`unexpected ${url}`));
    refreshes.push(init ?? {});
    return answer();
  });
  const client = new TesseraClient({
    baseUrl: API,
    fetch,
    refresh: { transport: 'cookie', crossTab: false },
  });
  if (token !== null) client.setToken(token);
  const events: AuthEvent['type'][] = [];
  client.subscribe((_state, event) => events.push(event.type));
  TestBed.configureTestingModule({
    providers: [
      provideTessera({ client }),
      provideHttpClient(withInterceptors([tesseraInterceptor])),
      provideHttpClientTesting(),
    ],
  });
  return {
    client,
    events,
    refreshes,
    http: TestBed.inject(HttpClient),
    controller: TestBed.inject(HttpTestingController),
  };
}

/** Waits for `count` requests to `url` to be pending, and returns them. */
async function pending(controller: HttpTestingController, url: string, count: number) {
  let requests: TestRequest[] = [];
  await vi.waitFor(() => {
    requests = [...requests, ...controller.match(url)];
    expect(requests).toHaveLength(count);
  });
  return requests;
}

const USERS = `${API}/api/users`;
const EXPIRED_401 = { status: 401, statusText: 'Unauthorized' } as const;
const EXPIRED = { message: 'Token has expired', code: 'token_expired' };

describe('tesseraInterceptor with refresh: before sending', () => {
  it('sends with a fresh token at once, without a refresh', () => {
    const token = newToken();
    const { http, controller, refreshes } = setupRefresh(token);
    get(http, USERS);
    const request = controller.expectOne(USERS);
    expect(request.request.headers.get('Authorization')).toBe(`Bearer ${token}`);
    request.flush({});
    expect(refreshes).toHaveLength(0);
  });

  it('10 parallel requests after expiry: one refresh, then all 10 leave with the new token', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fresh = newToken();
    const { http, controller, refreshes, client, events } = setupRefresh(expiredToken(), () =>
      gate.then(() => jsonResponse(200, { access_token: fresh, token_type: 'Bearer' })),
    );
    const outcomes = Array.from({ length: 10 }, () => get(http, USERS));
    controller.expectNone(USERS); // held until the token is fresh
    release();
    const requests = await pending(controller, USERS, 10);
    expect(refreshes).toHaveLength(1);
    expect(new Headers(refreshes[0]?.headers).get('x-tessera-csrf')).toBe('1');
    for (const request of requests) {
      expect(request.request.headers.get('Authorization')).toBe(`Bearer ${fresh}`);
      request.flush({ users: [] });
    }
    expect(outcomes.every((outcome) => outcome.value !== undefined)).toBe(true);
    expect(client.getToken()).toBe(fresh);
    expect(events).toEqual(['token']);
  });

  it('a refresh that cannot reach the server fails the request with status 0 and keeps the session', async () => {
    const stale = expiredToken();
    const { http, controller, client, events } = setupRefresh(stale, () =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    const outcome = get(http, USERS);
    await settled(outcome);
    controller.expectNone(USERS);
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
    expect((outcome.error as HttpErrorResponse).status).toBe(0);
    expect(client.getToken()).toBe(stale);
    expect(events).toEqual([]);
  });

  it('a refresh refused with 401 ends the session; the request leaves without a token', async () => {
    const { http, controller, client, events } = setupRefresh(expiredToken(), () =>
      Promise.resolve(jsonResponse(401, { message: 'Session ended', code: 'token_invalid' })),
    );
    const outcome = get(http, USERS);
    const [request] = await pending(controller, USERS, 1);
    expect(request?.request.headers.has('Authorization')).toBe(false);
    request?.flush(
      { message: 'Missing authorization header', code: 'token_missing' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settled(outcome);
    expect((outcome.error as HttpErrorResponse).status).toBe(401);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['session-ended']);
  });

  it('never refreshes for, nor sends a token to, another origin', () => {
    const { http, controller, refreshes } = setupRefresh(expiredToken());
    get(http, 'https://other.example.test/api/users');
    const request = controller.expectOne('https://other.example.test/api/users');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
    expect(refreshes).toHaveLength(0);
  });
});

describe('tesseraInterceptor with refresh: after a 401', () => {
  it('a 401 token_expired refreshes once and sends the request once more, with the new token', async () => {
    const token = newToken();
    const { http, controller, refreshes, client } = setupRefresh(token);
    const outcome = get(http, USERS);
    controller.expectOne(USERS).flush(EXPIRED, EXPIRED_401);
    const [retry] = await pending(controller, USERS, 1);
    expect(refreshes).toHaveLength(1);
    expect(retry?.request.headers.get('Authorization')).toBe(`Bearer ${client.getToken()}`);
    expect(client.getToken()).not.toBe(token);
    retry?.flush({ users: [] });
    expect(outcome.value).toEqual({ users: [] });
  });

  it('10 parallel 401 token_expired: one refresh, each request sent once more', async () => {
    const { http, controller, refreshes, client } = setupRefresh(newToken());
    const outcomes = Array.from({ length: 10 }, () => get(http, USERS));
    for (const request of controller.match(USERS)) request.flush(EXPIRED, EXPIRED_401);
    const retries = await pending(controller, USERS, 10);
    expect(refreshes).toHaveLength(1);
    for (const retry of retries) {
      expect(retry.request.headers.get('Authorization')).toBe(`Bearer ${client.getToken()}`);
      retry.flush({ users: [] });
    }
    expect(outcomes.every((outcome) => outcome.value !== undefined)).toBe(true);
  });

  it('a second 401 is final: rethrown, never a third send nor a second refresh', async () => {
    const { http, controller, refreshes, client, events } = setupRefresh(newToken());
    const outcome = get(http, USERS);
    controller.expectOne(USERS).flush(EXPIRED, EXPIRED_401);
    const [retry] = await pending(controller, USERS, 1);
    const revoked = { message: 'Token is invalid', code: 'token_invalid' };
    retry?.flush(revoked, EXPIRED_401);
    await settled(outcome);
    controller.expectNone(USERS);
    expect(refreshes).toHaveLength(1);
    expect((outcome.error as HttpErrorResponse).error).toEqual(revoked);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['token', 'unauthorized']);
  });

  it('when the session is over (refresh 401), rethrows the original 401 unchanged', async () => {
    const { http, controller, client, events } = setupRefresh(newToken(), () =>
      Promise.resolve(jsonResponse(401, { message: 'Token is invalid', code: 'token_invalid' })),
    );
    const outcome = get(http, USERS);
    controller.expectOne(USERS).flush(EXPIRED, EXPIRED_401);
    await settled(outcome);
    controller.expectNone(USERS);
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
    expect((outcome.error as HttpErrorResponse).error).toEqual(EXPIRED);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['session-ended']);
  });

  it('a 401 that is not about the token is neither refreshed nor retried, and keeps the session', async () => {
    const token = newToken();
    const { http, controller, refreshes, client } = setupRefresh(token);
    const outcome = get(http, `${API}/api/auth/password`);
    const wrong = { message: 'Invalid email or password', code: 'invalid_credentials' };
    controller.expectOne(`${API}/api/auth/password`).flush(wrong, EXPIRED_401);
    await settled(outcome);
    expect((outcome.error as HttpErrorResponse).error).toEqual(wrong);
    expect(refreshes).toHaveLength(0);
    expect(client.getToken()).toBe(token);
  });

  it('a 401 token_invalid for a fresh token ends the session without a refresh', async () => {
    const { http, controller, refreshes, client, events } = setupRefresh(newToken());
    const outcome = get(http, USERS);
    controller
      .expectOne(USERS)
      .flush({ message: 'Token is invalid', code: 'token_invalid' }, EXPIRED_401);
    await settled(outcome);
    expect(refreshes).toHaveLength(0);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['unauthorized']);
  });
});
