// What goes on the wire for each refresh transport: the refresh call, login and logout.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TesseraClient, type TesseraClientOptions } from '../src/index.js';
import { refreshStorageType } from '../src/refresh-session.js';
import {
  FakeServer,
  bearerOf,
  disposeClients,
  openClients,
  PASSWORD,
  refreshClient,
  signedIn,
} from './refresh-support.js';
import { API } from './support.js';

afterEach(() => {
  disposeClients();
  vi.unstubAllGlobals();
});

const REFRESH_URL = `${API}/api/auth/refresh`;
const LOGOUT_URL = `${API}/api/auth/logout`;

describe('cookie transport', () => {
  it('refresh: POST {} with X-Tessera-CSRF: 1 and credentials, never the access token', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const old = client.getToken();

    await expect(client.refresh()).resolves.toBe(true);

    const [call] = server.callsTo('/api/auth/refresh');
    expect(call).toMatchObject({ url: REFRESH_URL, method: 'POST', body: '{}' });
    expect(call?.headers.get('x-tessera-csrf')).toBe('1');
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.has('authorization')).toBe(false);
    // No page here, so the API is another origin: the cookie needs `include`.
    expect(call?.credentials).toBe('include');
    expect(client.getToken()).not.toBe(old);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual(['token']);
  });

  it('login lets the browser keep the cookie and returns the token response', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = refreshClient(server);
    const body = await client.login({ email: 'ada@example.com', password: PASSWORD });
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(server.callsTo('/api/auth/login')[0]?.credentials).toBe('include');
    expect(server.jar).not.toBeNull();
    expect(events).toEqual(['login']);
  });

  it('logout: POST {} with the fresh token, the CSRF header and the cookie; signs out', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const token = client.getToken();

    await client.logout();

    const [call] = server.callsTo('/api/auth/logout');
    expect(call).toMatchObject({ url: LOGOUT_URL, method: 'POST', body: '{}' });
    expect(call?.credentials).toBe('include');
    expect(call?.headers.get('x-tessera-csrf')).toBe('1');
    expect(bearerOf(call)).toBe(token);
    expect(server.jar).toBeNull();
    expect(client.getState()).toMatchObject({ token: null, isAuthenticated: false });
    expect(events).toEqual(['logout']);
  });

  it('logout with a stale token sends the cookie only, and still calls when no token is held', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    server.clock.advance(901);
    await client.logout();
    await client.logout(); // e.g. a reloaded page that never restored
    const calls = server.callsTo('/api/auth/logout');
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.headers.has('authorization'))).toEqual([false, false]);
    expect(calls.map((call) => call.headers.get('x-tessera-csrf'))).toEqual(['1', '1']);
  });

  it('logoutUrl: null keeps logout local; a network error still signs out', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const local = await signedIn(server, { logoutUrl: null });
    await local.client.logout();
    expect(server.callsTo('/api/auth/logout')).toHaveLength(0);
    expect(local.client.getToken()).toBeNull();

    const offline = refreshClient(server, {
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    offline.client.setToken(String(local.client.getToken() ?? 'a.b.c'));
    await expect(offline.client.logout()).resolves.toBeUndefined();
    expect(offline.client.getToken()).toBeNull();
  });

  it('restore(): resolves false without a session (no event), true with one (token event)', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const first = refreshClient(server);
    await expect(first.client.restore()).resolves.toBe(false);
    expect(first.events).toEqual([]);

    await first.client.login({ email: 'ada@example.com', password: PASSWORD });
    const reloaded = refreshClient(server); // a new page: memory is empty, the cookie is not
    await expect(reloaded.client.restore()).resolves.toBe(true);
    expect(reloaded.client.isAuthenticated()).toBe(true);
    expect(reloaded.events).toEqual(['token']);

    const calls = server.refreshCalls;
    await expect(reloaded.client.restore()).resolves.toBe(true); // fresh already: no call
    expect(server.refreshCalls).toBe(calls);
  });
});

describe('body transport', () => {
  it('login keeps the refresh token and never returns it', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = refreshClient(server);
    const body = await client.login({ email: 'ada@example.com', password: PASSWORD });
    expect(body).not.toHaveProperty('refresh_token');
    expect(body).toMatchObject({ access_token: client.getToken(), refresh_expires_in: 86_400 });
  });

  it('refresh sends {"refresh_token"} and stores the rotated one for the next refresh', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = await signedIn(server);

    await client.refresh();
    await client.refresh();

    const calls = server.callsTo('/api/auth/refresh');
    const sent = calls.map((call) => JSON.parse(String(call.body)) as { refresh_token: string });
    expect(sent.map((body) => Object.keys(body))).toEqual([['refresh_token'], ['refresh_token']]);
    const [first, second] = sent.map((body) => body.refresh_token);
    expect(first).toMatch(/^rt-1-/); // the one login returned
    expect(second).toMatch(/^rt-2-/); // the one the first refresh returned
    expect(server.reused).toEqual([]);
    for (const call of calls) {
      expect(call.headers.has('authorization')).toBe(false);
      expect(call.headers.has('x-tessera-csrf')).toBe(false);
      expect(call.credentials).toBe('same-origin');
    }
  });

  it('logout sends the refresh token and the fresh access token; the session is over', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = await signedIn(server);
    const token = client.getToken();
    await client.logout();
    const [call] = server.callsTo('/api/auth/logout');
    expect(JSON.parse(String(call?.body))).toEqual({
      refresh_token: expect.stringMatching(/^rt-1-/),
    });
    expect(bearerOf(call)).toBe(token);
    expect(server.isRevoked('s1')).toBe(true);
    await expect(client.refresh()).resolves.toBe(false); // nothing left to refresh with
    expect(server.refreshCalls).toBe(0);
  });

  it('without a refresh token in the login response, refresh() is false and calls nothing', async () => {
    const server = new FakeServer({ transport: 'cookie' }); // a server that does not return it
    const { client } = await signedIn(server, { refresh: { transport: 'body' } });
    await expect(client.refresh()).resolves.toBe(false);
    await expect(client.restore()).resolves.toBe(true); // the access token is still fresh
    expect(server.refreshCalls).toBe(0);
  });

  it('the refresh token goes to localStorage only when asked', () => {
    expect(refreshStorageType('memory', null)).toBe('memory');
    expect(refreshStorageType('sessionStorage', null)).toBe('sessionStorage');
    expect(refreshStorageType('localStorage', null)).toBe('sessionStorage');
    expect(refreshStorageType('memory', 'localStorage')).toBe('localStorage');
  });
});

describe('options', () => {
  it('logoutUrl defaults to /api/auth/logout with refresh, and stays null without', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const plain = await signedIn(server, { refresh: false });
    await plain.client.logout();
    expect(server.callsTo('/api/auth/logout')).toHaveLength(0);
    const custom = await signedIn(server, {
      refresh: { transport: 'cookie', url: '/v2/refresh' },
      logoutUrl: '/v2/logout',
    });
    await custom.client.refresh();
    await custom.client.logout();
    expect(server.calls.slice(-2).map((call) => call.url)).toEqual([
      `${API}/v2/refresh`,
      `${API}/v2/logout`,
    ]);
  });

  it('rejects invalid refresh options when the client is built (TypeError)', () => {
    const invalid: unknown[] = [
      { refresh: true },
      { refresh: 'cookie' },
      { refresh: {} },
      { refresh: { transport: 'header' } },
      { refresh: { transport: 'cookie', url: '' } },
      { refresh: { transport: 'cookie', url: 7 } },
      { refresh: { transport: 'cookie', refreshBeforeExpirySeconds: -1 } },
      { refresh: { transport: 'cookie', refreshBeforeExpirySeconds: Number.POSITIVE_INFINITY } },
      { refresh: { transport: 'body', storageType: 'cookie' } },
      { refresh: { transport: 'cookie', crossTab: 'yes' } },
      { sessionsUrl: 1 },
      { passwordUrl: null },
      { logoutAllUrl: false },
    ];
    for (const options of invalid) {
      expect(
        () => new TesseraClient(options as TesseraClientOptions),
        JSON.stringify(options),
      ).toThrow(TypeError);
    }
  });

  it('opens no BroadcastChannel outside a browser page', () => {
    const opened = vi.fn();
    vi.stubGlobal(
      'BroadcastChannel',
      class {
        constructor(name: string) {
          opened(name);
        }
      },
    );
    const server = new FakeServer({ transport: 'cookie' });
    refreshClient(server);
    expect(opened).not.toHaveBeenCalled();
    expect(openClients).toHaveLength(1);
  });
});
