// @vitest-environment jsdom
import './support/test-bed.js';
import { TestBed } from '@angular/core/testing';
import { TesseraClient, type AuthEvent } from '@tessera/client';
import type { UserDto } from '@tessera/protocol';
import { describe, expect, it, vi } from 'vitest';
import { provideTessera, TesseraAuth, type TesseraAngularOptions } from '../src/index.js';
import { jsonResponse, validToken } from './support/tokens.js';

const API = 'https://api.example.test';
const ADA: UserDto = {
  id: 7,
  email: 'ada@example.com',
  name: 'Ada',
  is_enabled: true,
  is_email_verified: true,
  pending_invitation: false,
  role: 'admin',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

/** A fake API: login answers a token for user 7, `/api/auth/me` answers Ada. */
function setup(options: TesseraAngularOptions = {}) {
  const token = validToken('7', 'users:read users:write profile:read');
  const fetch = vi.fn((input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === `${API}/api/auth/login`) {
      return Promise.resolve(jsonResponse(200, { token, access_token: token }));
    }
    if (url === `${API}/api/auth/me`) return Promise.resolve(jsonResponse(200, ADA));
    return Promise.resolve(jsonResponse(404, { message: 'Not found', code: 'not_found' }));
  });
  const client = new TesseraClient({ baseUrl: API, fetch });
  TestBed.configureTestingModule({ providers: [provideTessera({ client, ...options })] });
  return { client, fetch, token, auth: TestBed.inject(TesseraAuth) };
}

describe('TesseraAuth', () => {
  it('starts signed out', () => {
    const { auth } = setup();
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.token()).toBeNull();
    expect(auth.payload()).toBeNull();
    expect(auth.user()).toBeNull();
    expect(auth.lastEvent()).toBeNull();
  });

  it('follows a login: token, payload, scopes, and the user from /api/auth/me', async () => {
    const { auth, token } = setup();
    const events: AuthEvent[] = [];
    auth.events.subscribe((event) => events.push(event));
    await auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.token()).toBe(token);
    expect(auth.payload()?.sub).toBe('7');
    expect(auth.hasScope('users:read')).toBe(true);
    expect(auth.hasScope('admin')).toBe(false);
    expect(auth.lastEvent()).toEqual({ type: 'login' });
    expect(events).toEqual([{ type: 'login' }]);
    await vi.waitFor(() => expect(auth.user()).toEqual(ADA));
  });

  it('follows a logout', async () => {
    const { auth } = setup();
    await auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    await vi.waitFor(() => expect(auth.user()).not.toBeNull());
    await auth.logout();
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.user()).toBeNull();
    expect(auth.lastEvent()).toEqual({ type: 'logout' });
  });

  it('clears the user when the API ends the session', async () => {
    const { auth, client } = setup();
    await auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    await vi.waitFor(() => expect(auth.user()).not.toBeNull());
    client.handleUnauthorized({ status: 401, code: 'token_invalid', url: `${API}/api/users` });
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.user()).toBeNull();
    expect(auth.lastEvent()).toEqual({ type: 'unauthorized' });
  });

  it('loads no user when meUrl is null', async () => {
    const { auth, fetch } = setup({ meUrl: null });
    await auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    await auth.reloadUser();
    expect(auth.user()).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('unsubscribes from the client when its injector is destroyed', () => {
    const { auth, client, token } = setup();
    let completed = false;
    auth.events.subscribe({ complete: () => (completed = true) });
    TestBed.resetTestingModule();
    client.setToken(token);
    expect(completed).toBe(true);
    expect(auth.isAuthenticated()).toBe(false);
  });
});

const urlOf = (input: RequestInfo | URL): string =>
  input instanceof Request ? input.url : String(input);

describe('TesseraAuth with an encrypted token (TESSERA_TOKEN_FORMAT=jwe)', () => {
  /** Login answers a token the client cannot read; its response names the expiry and scopes. */
  function sealedSetup() {
    let issued = 0;
    const fetch = vi.fn((input: RequestInfo | URL) => {
      const url = urlOf(input);
      if (url === `${API}/api/auth/login`) {
        issued++;
        const token = `eyJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q${issued}.dGFn`;
        return Promise.resolve(
          jsonResponse(200, {
            token,
            access_token: token,
            token_type: 'Bearer',
            expires_in: 900,
            scope: 'users:read profile:read',
          }),
        );
      }
      if (url === `${API}/api/auth/me`) return Promise.resolve(jsonResponse(200, ADA));
      return Promise.resolve(jsonResponse(404, { message: 'Not found', code: 'not_found' }));
    });
    const client = new TesseraClient({ baseUrl: API, fetch });
    TestBed.configureTestingModule({ providers: [provideTessera({ client })] });
    return { fetch, auth: TestBed.inject(TesseraAuth) };
  }

  const meCalls = (fetch: ReturnType<typeof sealedSetup>['fetch']) =>
    fetch.mock.calls.filter(([input]) => urlOf(input).endsWith('/api/auth/me')).length;

  it('is signed in with the scopes of the login response, and loads the user once per token', async () => {
    const { auth, fetch } = sealedSetup();
    const credentials = { email: 'ada@example.com', password: 'correct horse battery' };
    await auth.login(credentials);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.payload()).toBeNull();
    expect(auth.scopes()).toEqual(['users:read', 'profile:read']);
    expect(auth.hasScope('users:write')).toBe(false);
    await vi.waitFor(() => expect(auth.user()).toEqual(ADA));
    expect(meCalls(fetch)).toBe(1);
    await auth.login(credentials); // another token: the user is loaded again
    await vi.waitFor(() => expect(meCalls(fetch)).toBe(2));
    expect(auth.user()).toEqual(ADA);
  });
});

describe('TesseraAuth: the other ways in (issue #14)', () => {
  function signInAnswers(paths: readonly string[]) {
    const token = validToken('7', 'profile:read');
    const fetch = vi.fn((input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      if (paths.some((path) => url === `${API}${path}`)) {
        return Promise.resolve(jsonResponse(200, { access_token: token }));
      }
      if (url === `${API}/api/auth/me`) return Promise.resolve(jsonResponse(200, ADA));
      if (url === `${API}/api/auth/email/verify`) {
        return Promise.resolve(jsonResponse(200, { ...ADA, email: 'ada@new.example' }));
      }
      return Promise.resolve(jsonResponse(404, { message: 'Not found', code: 'not_found' }));
    });
    const client = new TesseraClient({ baseUrl: API, fetch });
    TestBed.configureTestingModule({ providers: [provideTessera({ client })] });
    return { fetch, token, auth: TestBed.inject(TesseraAuth) };
  }

  it('completeMfa, resetPassword and acceptInvitation sign in; the signals follow', async () => {
    const { auth, token } = signInAnswers([
      '/api/auth/mfa/verify',
      '/api/auth/password/reset',
      '/api/auth/invitation/accept',
    ]);
    await auth.completeMfa({ mfaToken: 'mfa-1', method: 'totp', code: '123456' });
    expect(auth.token()).toBe(token);
    expect(auth.lastEvent()).toEqual({ type: 'login' });
    await auth.logout();
    await auth.resetPassword('reset-token', 'a new long passphrase');
    expect(auth.isAuthenticated()).toBe(true);
    await auth.logout();
    await auth.acceptInvitation('invite-token', 'my first passphrase');
    expect(auth.isAuthenticated()).toBe(true);
    await vi.waitFor(() => expect(auth.user()).toEqual(ADA));
  });

  it('verifyEmail loads the signed-in user again', async () => {
    const { auth, fetch } = signInAnswers(['/api/auth/password/reset']);
    await auth.resetPassword('reset-token', 'a new long passphrase');
    await vi.waitFor(() => expect(auth.user()).toEqual(ADA));
    const before = fetch.mock.calls.length;
    await expect(auth.verifyEmail('verify-token')).resolves.toMatchObject({
      email: 'ada@new.example',
    });
    const after = fetch.mock.calls
      .slice(before)
      .map(([input]) => (input instanceof Request ? input.url : String(input)));
    expect(after).toEqual([`${API}/api/auth/email/verify`, `${API}/api/auth/me`]);
  });
});

describe('TesseraAuth: provider sign-in (issue #15)', () => {
  it('providers, completeOidc, identities and unlink go through the client; the signals follow', async () => {
    const token = validToken('7', 'profile:read profile:write');
    const identity = {
      id: 'i1',
      provider: 'github',
      label: 'GitHub',
      email: 'ada@example.com',
      created_at: '2026-01-01T00:00:00.000Z',
      last_used_at: null,
    };
    const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const url = urlOf(input);
      const answers: Record<string, Response> = {
        [`${API}/api/auth/providers`]: jsonResponse(200, {
          providers: [{ name: 'github', label: 'GitHub' }],
        }),
        [`${API}/api/auth/oidc/complete`]: jsonResponse(200, { access_token: token }),
        [`${API}/api/auth/identities`]: jsonResponse(200, { identities: [identity] }),
        [`${API}/api/auth/me`]: jsonResponse(200, ADA),
      };
      if (init?.method === 'DELETE') return Promise.resolve(new Response(null, { status: 204 }));
      return Promise.resolve(
        answers[url] ?? jsonResponse(404, { message: 'Not found', code: 'not_found' }),
      );
    });
    const client = new TesseraClient({ baseUrl: API, fetch });
    TestBed.configureTestingModule({ providers: [provideTessera({ client })] });
    const auth = TestBed.inject(TesseraAuth);
    await expect(auth.providers()).resolves.toEqual([{ name: 'github', label: 'GitHub' }]);
    expect(auth.oidcCallbackResult('#ticket=t-1&return_to=%2Fusers')).toEqual({
      ticket: 't-1',
      returnTo: '/users',
    });
    await auth.completeOidc('t-1');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.lastEvent()).toEqual({ type: 'login' });
    await expect(auth.identities()).resolves.toEqual([identity]);
    await expect(auth.unlink('i1')).resolves.toBeUndefined();
    expect(fetch.mock.calls.map(([input]) => urlOf(input))).toContain(
      `${API}/api/auth/identities/i1`,
    );
  });

  it('authenticate and link send the page to the provider in redirect mode', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { href: 'https://app.example.test/login', hash: '', assign });
    try {
      const fetch = vi.fn(() =>
        Promise.resolve(jsonResponse(200, { authorization_url: 'https://op.example.test/auth' })),
      );
      const client = new TesseraClient({ baseUrl: API, fetch });
      client.setToken(validToken('7', 'profile:write'));
      TestBed.configureTestingModule({ providers: [provideTessera({ client, meUrl: null })] });
      const auth = TestBed.inject(TesseraAuth);
      void auth.authenticate('github', { mode: 'redirect' });
      void auth.link('github', { mode: 'redirect' });
      await vi.waitFor(() => expect(assign).toHaveBeenCalledTimes(2));
      expect(assign.mock.calls).toEqual([
        [`${API}/api/auth/oidc/github/start?mode=redirect`],
        ['https://op.example.test/auth'],
      ]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
