// @vitest-environment jsdom
import './support/test-bed.js';
import {
  HttpClient,
  HttpErrorResponse,
  HttpHeaders,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TesseraClient, type AuthEvent } from '@tessera/client';
import { afterEach, describe, expect, it } from 'vitest';
import { provideTessera, tesseraInterceptor } from '../src/index.js';
import { validToken } from './support/tokens.js';

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

  it('ends the session on a 401 about the token, and rethrows the HttpErrorResponse', () => {
    const { client, events, http, controller } = setup();
    const outcome = get(http, `${API}/api/users`);
    controller
      .expectOne(`${API}/api/users`)
      .flush(expired, { status: 401, statusText: 'Unauthorized' });
    expect(client.isAuthenticated()).toBe(false);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['unauthorized']);
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
    expect((outcome.error as HttpErrorResponse).status).toBe(401);
    expect((outcome.error as HttpErrorResponse).error).toEqual(expired);
  });

  it('keeps the session on a 401 from another origin', () => {
    const { client, http, controller } = setup();
    const outcome = get(http, 'https://other.example.test/api/users');
    controller
      .expectOne('https://other.example.test/api/users')
      .flush(expired, { status: 401, statusText: 'Unauthorized' });
    expect(client.isAuthenticated()).toBe(true);
    expect((outcome.error as HttpErrorResponse).status).toBe(401);
  });

  it('keeps the session on a 401 that is not about the token (a wrong current password)', () => {
    const { client, http, controller } = setup();
    const outcome = get(http, `${API}/api/users/1`);
    controller
      .expectOne(`${API}/api/users/1`)
      .flush(
        { message: 'Invalid email or password', code: 'invalid_credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );
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
