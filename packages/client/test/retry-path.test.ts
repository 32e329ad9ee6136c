// The one refresh/retry path, run in both modes: the mode only decides whether a 401 about an
// expired token can be cured by a refresh. Everything else (which requests are touched, one
// send more at most, a second 401 being final, the auth endpoints left alone) is the same.
import { afterEach, describe, expect, it } from 'vitest';
import type { RefreshOptions } from '../src/index.js';
import {
  Clock,
  FakeServer,
  bearerOf,
  disposeClients,
  signedIn,
  type FakeServerOptions,
} from './refresh-support.js';
import { API, problem, type RecordedCall } from './support.js';

afterEach(disposeClients);

const MODES: readonly { name: string; refresh: RefreshOptions | false }[] = [
  { name: 'without refresh', refresh: false },
  { name: 'with cookie refresh', refresh: { transport: 'cookie' } },
  { name: 'with body refresh', refresh: { transport: 'body' } },
];

/** A path whose every answer is 401 `token_expired`, whatever the token. */
const ALWAYS_EXPIRED = '/api/always-expired';

/**
 * A client signed in on a server whose clock is 901 s ahead: the server answers 401
 * `token_expired` to the token, while the client still believes it is fresh.
 */
async function expiredOnServer(refresh: RefreshOptions | false) {
  const transport = refresh === false ? 'cookie' : refresh.transport;
  const server = new FakeServer({ transport } satisfies FakeServerOptions);
  const sent: RecordedCall[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname !== ALWAYS_EXPIRED) return server.fetch(input, init);
    sent.push({
      url: url.href,
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: null,
      credentials: init?.credentials,
    });
    return problem('token_expired', 401, 'Token has expired');
  };
  const made = await signedIn(server, { clock: new Clock(), refresh, fetch });
  const old = made.client.getToken();
  server.clock.advance(901);
  return { server, sent, old, ...made };
}

function sendsTo(server: FakeServer, path: string): number {
  return server.callsTo(path).length;
}

describe.each(MODES)('one refresh/retry path, $name', ({ refresh }) => {
  const renews = refresh !== false;

  it('N parallel 401 token_expired: at most one refresh, each request sent again at most once', async () => {
    const { server, client, events, old } = await expiredOnServer(refresh);
    const paths = Array.from({ length: 8 }, (_, index) => `/api/items/${index}`);

    const statuses = await Promise.all(
      paths.map(async (path) => (await client.fetch(`${API}${path}`)).status),
    );

    expect(server.refreshCalls).toBe(renews ? 1 : 0);
    for (const path of paths) expect(sendsTo(server, path), path).toBe(renews ? 2 : 1);
    expect(statuses).toEqual(paths.map(() => (renews ? 200 : 401)));
    expect(client.isAuthenticated()).toBe(renews);
    expect(client.getToken() === old).toBe(false); // renewed, or removed
    expect(events).toEqual([renews ? 'token' : 'unauthorized']);
  });

  it('a second 401 is final: no second refresh, no third send, the token is removed', async () => {
    const { server, sent, client, events } = await expiredOnServer(refresh);

    const response = await client.fetch(`${API}${ALWAYS_EXPIRED}`);

    expect(response.status).toBe(401);
    expect(sent).toHaveLength(renews ? 2 : 1);
    expect(server.refreshCalls).toBe(renews ? 1 : 0);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(renews ? ['token', 'unauthorized'] : ['unauthorized']);
  });

  it('a 401 from the login URL: no refresh, no retry, the token kept', async () => {
    const { server, client, events, old } = await expiredOnServer(refresh);

    const response = await client.fetch(`${API}/api/auth/login`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(401);
    expect(sendsTo(server, '/api/auth/login')).toBe(2); // the sign-in of the setup, and this one
    expect(server.refreshCalls).toBe(0);
    expect(client.getToken()).toBe(old);
    expect(events).toEqual([]);
  });

  it('a request whose Authorization the caller set is sent once and its 401 left alone', async () => {
    const { server, client, events, old } = await expiredOnServer(refresh);

    const response = await client.fetch(`${API}/api/items/mine`, {
      headers: { authorization: `Bearer ${String(old)}` },
    });

    expect(response.status).toBe(401);
    expect(server.callsTo('/api/items/mine').map(bearerOf)).toEqual([old]);
    expect(server.refreshCalls).toBe(0);
    expect(client.getToken()).toBe(old);
    expect(events).toEqual([]);
  });

  it('beginRequest(): the same path for any interceptor, retry() true at most once', async () => {
    const { server, client, old } = await expiredOnServer(refresh);
    const url = `${API}/api/items/1`;
    const auth = client.beginRequest(url);

    expect(auth.needsRefresh).toBe(false); // fresh by the client's clock
    expect(auth.header()).toBe(`Bearer ${String(old)}`);
    const first = await auth.retry({ status: 401, code: 'token_expired' });
    const second = await auth.retry({ status: 401, code: 'token_expired' });

    expect([first, second]).toEqual([renews, false]);
    expect(server.refreshCalls).toBe(renews ? 1 : 0);
    expect(client.getToken()).toBeNull(); // the second 401 ended the token in both modes
    await expect(auth.retry({ status: 200 })).resolves.toBe(false);
  });
});

describe('beginRequest() before sending', () => {
  async function stale(refresh: RefreshOptions | false) {
    const server = new FakeServer({ transport: 'cookie' });
    const made = await signedIn(server, { refresh });
    server.clock.advance(901); // stale for the client too
    return { server, ...made };
  }

  it('with refresh, a stale token makes the request wait for one refresh', async () => {
    const { server, client } = await stale({ transport: 'cookie' });
    const auth = client.beginRequest(`${API}/api/items/1`);

    expect(auth.needsRefresh).toBe(true);
    expect(auth.header()).toBeNull();
    const header = await auth.freshHeader();
    expect(header).toBe(`Bearer ${String(client.getToken())}`);
    expect(server.refreshCalls).toBe(1);
  });

  it('without refresh, a stale token is simply not sent (nothing to wait for)', async () => {
    const { server, client } = await stale(false);
    const auth = client.beginRequest(`${API}/api/items/1`);

    expect(auth.needsRefresh).toBe(false);
    await expect(auth.freshHeader()).resolves.toBeNull();
    expect(server.refreshCalls).toBe(0);
  });

  it('never for another origin, nor for the auth endpoints', async () => {
    const { server, client } = await stale({ transport: 'cookie' });
    const others = ['https://cdn.example.com/x', `${API}/api/auth/login`, `${API}/api/auth/logout`];
    for (const url of others) expect(client.beginRequest(url).needsRefresh, url).toBe(false);
    expect(server.refreshCalls).toBe(0);
  });
});
