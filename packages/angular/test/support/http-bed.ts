// The interceptor's test bed: a client (with or without refresh) provided to TestBed with
// HttpClient, the interceptor and the testing backend (verified after each test), plus helpers
// to send and wait.
import {
  HttpClient,
  provideHttpClient,
  withInterceptors,
  type HttpHeaders,
} from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TesseraClient, type AuthEvent } from '@tessera/client';
import { afterEach, expect, vi } from 'vitest';
import { provideTessera, tesseraInterceptor } from '../../src/index.js';
import { fakeToken, jsonResponse, validToken } from './tokens.js';

export const API = 'https://api.example.test';
export const USERS = `${API}/api/users`;
export const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' } as const;
export const EXPIRED = { message: 'Token has expired', code: 'token_expired' };

// Every request a test expected was answered, and no other was sent.
afterEach(() => {
  TestBed.inject(HttpTestingController).verify();
});

/** Provides `client` with the interceptor; records its events. */
function bed<T extends object>(client: TesseraClient, extra: T) {
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
    ...extra,
    client,
    events,
    http: TestBed.inject(HttpClient),
    controller: TestBed.inject(HttpTestingController),
  };
}

/** A client without refresh, holding `token`. */
export function setup(token: string | null = validToken()) {
  const client = new TesseraClient({ baseUrl: API });
  if (token !== null) client.setToken(token);
  return bed(client, {});
}

/** A fresh token that differs from every other one (`jti`), for user 1. */
let issued = 0;
export function newToken(): string {
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
 * fake: `answer` decides each call (default: 200 with a new token) and can hold it.
 */
export function setupRefresh(
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
  return bed(client, { refreshes });
}

/** Sends a GET and records what came back. */
export function get(http: HttpClient, url: string, headers?: HttpHeaders) {
  const outcome: { value?: unknown; error?: unknown } = {};
  http.get(url, headers ? { headers } : {}).subscribe({
    next: (value) => (outcome.value = value),
    error: (error: unknown) => (outcome.error = error),
  });
  return outcome;
}

/** Waits until the request of `outcome` has answered or failed. */
export async function settled(outcome: { value?: unknown; error?: unknown }): Promise<void> {
  await vi.waitFor(() => expect('value' in outcome || 'error' in outcome).toBe(true));
}

/** Waits for `count` requests to `url` to be pending, and returns them. */
export async function pending(controller: HttpTestingController, url: string, count: number) {
  let requests: TestRequest[] = [];
  await vi.waitFor(() => {
    requests = [...requests, ...controller.match(url)];
    expect(requests).toHaveLength(count);
  });
  return requests;
}
