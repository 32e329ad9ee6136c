// @vitest-environment jsdom
import './support/test-bed.js';
import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import {
  API,
  EXPIRED,
  UNAUTHORIZED as EXPIRED_401,
  USERS,
  get,
  newToken,
  pending,
  settled,
  setup,
  setupRefresh,
} from './support/http-bed.js';
import { expiredToken, jsonResponse } from './support/tokens.js';

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

  // token_expired too: the client's path makes the second answer final, as in client.fetch.
  it.each([
    { message: 'Token is invalid', code: 'token_invalid' },
    { message: 'Token has expired', code: 'token_expired' },
  ])('a second 401 ($code) is final: rethrown, no third send, no second refresh', async (body) => {
    const { http, controller, refreshes, client, events } = setupRefresh(newToken());
    const outcome = get(http, USERS);
    controller.expectOne(USERS).flush(EXPIRED, EXPIRED_401);
    const [retry] = await pending(controller, USERS, 1);
    retry?.flush(body, EXPIRED_401);
    await settled(outcome);
    await Promise.resolve(); // a background refresh would have started by now
    controller.expectNone(USERS);
    expect(refreshes).toHaveLength(1);
    expect((outcome.error as HttpErrorResponse).error).toEqual(body);
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
