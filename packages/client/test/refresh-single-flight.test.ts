// Single-flight refresh: any number of concurrent requests share ONE refresh call, and each
// request is sent again at most once.
import { afterEach, describe, expect, it } from 'vitest';
import { Clock, FakeServer, bearerOf, disposeClients, signedIn } from './refresh-support.js';
import { API } from './support.js';

afterEach(disposeClients);

const paths = Array.from({ length: 10 }, (_, index) => `/api/items/${index}`);

describe('10 parallel requests after expiry', () => {
  it('cause exactly one refresh call, then each request goes once with the new token', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const old = client.getToken();
    server.clock.advance(901); // the token (15 min) expired, for the client and the server

    const results = await Promise.all(paths.map((path) => client.request<{ ok: boolean }>(path)));

    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.refreshCalls).toBe(1);
    const fresh = client.getToken();
    expect(fresh).not.toBe(old);
    for (const path of paths) {
      const calls = server.callsTo(path);
      expect(calls, path).toHaveLength(1);
      expect(bearerOf(calls[0])).toBe(fresh);
    }
    expect(events).toEqual(['token']);
  });

  it('answered 401 token_expired: one refresh, each request retried once, all succeed', async () => {
    // The server's clock is ahead: it says expired while the client's clock says fresh.
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server, { clock: new Clock() });
    const old = client.getToken();
    server.clock.advance(901);

    const results = await Promise.all(paths.map((path) => client.request<{ ok: boolean }>(path)));

    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.refreshCalls).toBe(1);
    const fresh = client.getToken();
    for (const path of paths) {
      const calls = server.callsTo(path);
      expect(calls.map(bearerOf), path).toEqual([old, fresh]);
    }
    expect(events).toEqual(['token']);
    expect(server.reused).toEqual([]);
  });

  it('in body transport too: one refresh, the refresh token rotated once, never reused', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = await signedIn(server, { clock: new Clock() });
    server.clock.advance(901);

    await Promise.all(paths.map((path) => client.request(path)));

    expect(server.refreshCalls).toBe(1);
    expect(server.reused).toEqual([]);
    await expect(client.refresh()).resolves.toBe(true); // the rotated token works
    expect(server.reused).toEqual([]);
  });
});

describe('refresh() is single-flight', () => {
  it('concurrent callers share one request; a later call makes a new one', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);

    const shared = await Promise.all([client.refresh(), client.refresh(), client.refresh()]);
    expect(shared).toEqual([true, true, true]);
    expect(server.refreshCalls).toBe(1);

    await expect(client.refresh()).resolves.toBe(true);
    expect(server.refreshCalls).toBe(2);
  });

  it('a 401 that arrives after another request already refreshed retries without refreshing', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    const old = client.getToken();
    await client.refresh();
    expect(server.refreshCalls).toBe(1);

    const retry = await client.retryAfterUnauthorized({
      status: 401,
      code: 'token_expired',
      url: `${API}/api/items/1`,
      token: old,
    });

    expect(retry).toBe(true);
    expect(server.refreshCalls).toBe(1);
  });

  it('resolves false without a call when refresh is not configured', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server, { refresh: false });
    await expect(client.refresh()).resolves.toBe(false);
    await expect(client.restore()).resolves.toBe(true);
    expect(server.refreshCalls).toBe(0);
  });
});

describe('what is never refreshed for, nor retried', () => {
  it('the login, refresh and logout endpoints', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    server.clock.advance(901);
    const stale = client.getToken();

    const login = await client.fetch(`${API}/api/auth/login`, { method: 'POST', body: '{}' });
    const refresh = await client.fetch(`${API}/api/auth/refresh`, { method: 'POST', body: '{}' });

    expect(login.status).toBe(401);
    expect(refresh.status).toBe(403); // no CSRF header: the plain call, not a refresh
    expect(server.refreshCalls).toBe(1); // only the call made above, never one of the client's
    expect(server.callsTo('/api/auth/refresh')[0]?.headers.has('authorization')).toBe(false);
    expect(client.getToken()).toBe(stale); // neither 401 signed out
    expect(client.authorizationHeader(`${API}/api/auth/refresh`)).toBeNull();
  });

  it('a request whose Authorization the caller set', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server, { clock: new Clock() });
    server.clock.advance(901);
    const response = await client.fetch(`${API}/api/items/1`, {
      headers: { authorization: `Bearer ${String(client.getToken())}` },
    });
    expect(response.status).toBe(401);
    expect(server.refreshCalls).toBe(0);
  });

  it('another origin', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    server.clock.advance(901);
    await client.fetch('https://cdn.example.com/logo.svg');
    expect(server.refreshCalls).toBe(0);
    expect(server.calls.at(-1)?.headers.has('authorization')).toBe(false);
  });
});

describe('which requests are sent again', () => {
  async function expiredOnServer() {
    const server = new FakeServer({ transport: 'cookie' });
    const made = await signedIn(server, { clock: new Clock() });
    server.clock.advance(901);
    return { server, ...made };
  }

  it('a string, URLSearchParams, Blob, ArrayBuffer or FormData body is sent again, intact', async () => {
    const form = new FormData();
    form.set('a', '1');
    const bodies: [string, BodyInit][] = [
      ['string', '{"name":"Zoë"}'],
      ['params', new URLSearchParams({ q: 'x y' })],
      ['blob', new Blob(['blob body'])],
      ['buffer', new TextEncoder().encode('bytes').buffer],
      ['view', new TextEncoder().encode('view')],
      ['form', form],
    ];
    for (const [name, body] of bodies) {
      const { server, client } = await expiredOnServer();
      const response = await client.fetch(`${API}/api/items/${name}`, { method: 'POST', body });
      expect(response.status, name).toBe(200);
      const calls = server.callsTo(`/api/items/${name}`);
      expect(calls, name).toHaveLength(2);
      // A multipart body gets a new boundary at each send; the parts are the same.
      const [first, second] = calls.map((call) => call.body?.replace(/formdata-\S+/g, 'B'));
      expect(second, name).toBe(first);
      expect(second, name).not.toBe('');
      expect(server.refreshCalls, name).toBe(1);
    }
  });

  it('a Request input is cloned before the first send and sent again', async () => {
    const { server, client } = await expiredOnServer();
    const request = new Request(`${API}/api/items/r`, {
      method: 'PUT',
      headers: { 'x-trace': '7', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const response = await client.fetch(request);
    expect(response.status).toBe(200);
    const calls = server.callsTo('/api/items/r');
    expect(calls.map((call) => [call.method, call.body, call.headers.get('x-trace')])).toEqual([
      ['PUT', '{"a":1}', '7'],
      ['PUT', '{"a":1}', '7'],
    ]);
    expect(bearerOf(calls[1])).toBe(client.getToken());
  });

  it('a streamed body is not sent again: the 401 comes back, the token is refreshed', async () => {
    const { server, client } = await expiredOnServer();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const init = { method: 'POST', body: stream, duplex: 'half' } as RequestInit;
    const response = await client.fetch(`${API}/api/items/stream`, init);
    expect(response.status).toBe(401);
    expect(server.callsTo('/api/items/stream')).toHaveLength(1);
    expect(server.refreshCalls).toBe(1);
    expect(client.isAuthenticated()).toBe(true);
  });
});

describe('for interceptors of other HTTP libraries', () => {
  it('freshAuthorizationHeader() refreshes a stale token first, for API origins only', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    server.clock.advance(901);
    expect(client.authorizationHeader(`${API}/api/items/1`)).toBeNull();
    await expect(client.freshAuthorizationHeader('https://cdn.example.com/x')).resolves.toBeNull();
    expect(server.refreshCalls).toBe(0);

    const value = await client.freshAuthorizationHeader(`${API}/api/items/1`);

    expect(value).toBe(`Bearer ${String(client.getToken())}`);
    expect(server.refreshCalls).toBe(1);
  });

  it('retryAfterUnauthorized(): true after a refresh; false for other statuses and codes', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const url = `${API}/api/items/1`;
    await expect(client.retryAfterUnauthorized({ status: 403, url })).resolves.toBe(false);
    await expect(
      client.retryAfterUnauthorized({ status: 401, code: 'invalid_credentials', url }),
    ).resolves.toBe(false);
    expect(client.isAuthenticated()).toBe(true);
    expect(server.refreshCalls).toBe(0);

    await expect(
      client.retryAfterUnauthorized({ status: 401, code: 'token_expired', url }),
    ).resolves.toBe(true);
    expect(server.refreshCalls).toBe(1);
    expect(events).toEqual(['token']);
  });

  it('handleUnauthorized() on an expiry 401 keeps the session and refreshes in the background', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const old = client.getToken();

    client.handleUnauthorized({ status: 401, code: 'token_expired', url: `${API}/api/items/1` });

    expect(client.getToken()).toBe(old);
    await expect.poll(() => events).toEqual(['token']);
    expect(server.refreshCalls).toBe(1);
    expect(client.getToken()).not.toBe(old);

    client.handleUnauthorized({ status: 401, code: 'token_invalid', url: `${API}/api/items/1` });
    expect(client.getToken()).toBeNull(); // a revoked, fresh token: as without refresh
    expect(events).toEqual(['token', 'unauthorized']);
  });
});
