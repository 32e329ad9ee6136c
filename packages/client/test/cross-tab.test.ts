// @vitest-environment jsdom
// Cross-tab coordination: each client instance plays a tab of one browser (one cookie jar, one
// BroadcastChannel, one lock manager).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fingerprint } from '../src/fingerprint.js';
import {
  FakeServer,
  bearerOf,
  disposeClients,
  PASSWORD,
  refreshClient,
  signedIn,
} from './refresh-support.js';
import {
  deliver,
  FakeBroadcastChannel,
  installTabFakes,
  removeTabFakes,
  type FakeLockManager,
} from './tab-fakes.js';

let locks: FakeLockManager;

beforeEach(() => {
  locks = installTabFakes();
});

afterEach(() => {
  disposeClients();
  removeTabFakes();
  localStorage.clear();
  sessionStorage.clear();
});

async function twoTabs(transport: 'cookie' | 'body' = 'cookie') {
  const server = new FakeServer({ transport });
  const b = refreshClient(server);
  const a = await signedIn(server);
  await deliver(); // b hears a's login
  a.events.length = 0;
  b.events.length = 0;
  return { server, a, b };
}

describe('login and logout reach every tab', () => {
  it('a login is announced: the other tab adopts the token (login event)', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const a = refreshClient(server);
    const b = refreshClient(server);
    await a.client.login({ email: 'ada@example.com', password: PASSWORD });
    await deliver();
    expect(b.client.getToken()).toBe(a.client.getToken());
    expect(b.client.isAuthenticated()).toBe(true);
    expect(b.events).toEqual(['login']);
  });

  it('a logout in one tab signs out the other (logout event), with one server call', async () => {
    const { server, a, b } = await twoTabs();
    await a.client.logout();
    await deliver();
    expect(b.client.getToken()).toBeNull();
    expect(b.events).toEqual(['logout']);
    expect(server.callsTo('/api/auth/logout')).toHaveLength(1);
  });

  it('a session that ended in one tab ends in the other (session-ended event)', async () => {
    const { server, a, b } = await twoTabs();
    server.revokeAll();
    await expect(a.client.refresh()).resolves.toBe(false);
    await deliver();
    expect(b.client.getToken()).toBeNull();
    expect(b.events).toEqual(['session-ended']);
  });

  it('a restore() that finds no session tells the other tabs nothing', async () => {
    const { server, a } = await twoTabs();
    server.jar = null; // this browser lost the cookie; a still holds a fresh access token
    const c = refreshClient(server);
    await expect(c.client.restore()).resolves.toBe(false);
    await deliver();
    expect(a.client.isAuthenticated()).toBe(true);
    expect(a.events).toEqual([]);
  });

  it('logoutEverywhere() signs out every tab', async () => {
    const { a, b } = await twoTabs();
    await a.client.logoutEverywhere();
    await deliver();
    expect(b.client.getToken()).toBeNull();
    expect(b.events).toEqual(['logout']);
  });
});

describe('one refresh for all tabs', () => {
  it('a refresh in one tab gives the new token to the other (token event), which does not refresh', async () => {
    const { server, a, b } = await twoTabs();
    await a.client.refresh();
    await deliver();
    expect(b.client.getToken()).toBe(a.client.getToken());
    expect(b.events).toEqual(['token']);
    expect(server.refreshCalls).toBe(1);
  });

  it('a tab that waited for the lock reuses the token the first one got instead of refreshing', async () => {
    const { server, a, b } = await twoTabs();
    server.clock.advance(901); // both tabs hold the same expired token

    const [fromA, fromB] = await Promise.all([
      a.client.request('/api/items/a'),
      b.client.request('/api/items/b'),
    ]);

    expect(fromA).toMatchObject({ ok: true });
    expect(fromB).toMatchObject({ ok: true });
    expect(locks.waits).toBe(1); // b waited while a refreshed
    expect(server.refreshCalls).toBe(1);
    expect(b.client.getToken()).toBe(a.client.getToken());
    expect(bearerOf(server.callsTo('/api/items/b')[0])).toBe(a.client.getToken());
    expect(server.reused).toEqual([]);
  });

  it('with the refresh token in localStorage (asked for), the waiting tab reads the rotated one', async () => {
    const server = new FakeServer({ transport: 'body' });
    const options = {
      storageType: 'localStorage',
      refresh: { transport: 'body', storageType: 'localStorage' },
    } as const;
    const a = await signedIn(server, options);
    const b = refreshClient(server, options);
    server.clock.advance(901);

    await Promise.all([a.client.refresh(), b.client.refresh()]);
    await b.client.refresh(); // b's own refresh, with the token a stored

    expect(server.refreshCalls).toBe(2);
    expect(server.reused).toEqual([]);
  });

  it('a duplicated tab drops its copy of a refresh token the other tab used up', async () => {
    // "Duplicate tab" copies sessionStorage: both tabs start with the same refresh token.
    const server = new FakeServer({ transport: 'body' });
    const original = new MapStorage();
    useSessionStorage(original);
    const a = await signedIn(server, { storageType: 'sessionStorage' });
    useSessionStorage(original.copy());
    const b = refreshClient(server, { storageType: 'sessionStorage' });
    expect(b.client.getToken()).toBe(a.client.getToken());

    await a.client.refresh();
    await deliver();

    expect(b.client.getToken()).toBe(a.client.getToken()); // b uses a's new access token
    await expect(b.client.refresh()).resolves.toBe(false); // and never replays rt-1
    expect(server.reused).toEqual([]);
    await expect(a.client.refresh()).resolves.toBe(true); // so the session lives on
  });
});

describe('the channel', () => {
  it('never carries a refresh token (only a fingerprint of a used-up one)', async () => {
    const { a } = await twoTabs('body');
    await a.client.refresh();
    await a.client.logout();
    const text = JSON.stringify(FakeBroadcastChannel.posted);
    expect(text).not.toContain('rt-');
    expect(FakeBroadcastChannel.posted).toContainEqual(
      expect.objectContaining({ type: 'token', consumed: fingerprint('rt-1-s1') }),
    );
  });

  it('ignores another storage key, malformed messages, stale tokens, and refreshes once signed out', async () => {
    const { server, a, b } = await twoTabs();
    const other = refreshClient(server, { storageKey: 'other_app' });
    await other.client.login({ email: 'ada@example.com', password: PASSWORD });
    const channel = new FakeBroadcastChannel('tessera-auth');
    channel.postMessage({ tessera: 1, key: 'tessera_token', type: 'logout', reason: 'bye' });
    channel.postMessage({ tessera: 1, key: 'tessera_token', type: 'login', token: 'a b' });
    channel.postMessage('logout');
    await deliver();
    expect(b.events).toEqual([]);

    const older = String(b.client.getToken());
    await a.client.refresh();
    await deliver();
    channel.postMessage({ tessera: 1, key: 'tessera_token', type: 'token', token: older });
    await deliver();
    expect(b.client.getToken()).toBe(a.client.getToken()); // the older token was not taken

    b.client.removeToken();
    await a.client.refresh();
    await deliver();
    expect(b.client.getToken()).toBeNull(); // signed out: a refresh elsewhere does not sign in
  });

  it('crossTab: false opens no channel and takes no lock', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const a = await signedIn(server, { refresh: { transport: 'cookie', crossTab: false } });
    const b = refreshClient(server, { refresh: { transport: 'cookie', crossTab: false } });
    await a.client.logout();
    await deliver();
    expect(FakeBroadcastChannel.posted).toEqual([]);
    expect(b.events).toEqual([]);
  });
});

describe('with the real BroadcastChannel (Node’s, as jsdom exposes it)', () => {
  it('a logout in one tab signs out the other', async () => {
    removeTabFakes();
    const server = new FakeServer({ transport: 'cookie' });
    const b = refreshClient(server);
    const a = await signedIn(server);
    await vi.waitFor(() => expect(b.client.isAuthenticated()).toBe(true));
    await a.client.logout();
    await vi.waitFor(() => expect(b.client.getToken()).toBeNull());
    expect(b.events).toEqual(['login', 'logout']);
  });
});

/** A web storage of one tab. */
class MapStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  copy(): MapStorage {
    const copy = new MapStorage();
    for (const [key, value] of this.#items) copy.setItem(key, value);
    return copy;
  }
}

/** Makes the next client built see `storage` as its sessionStorage. */
function useSessionStorage(storage: MapStorage): void {
  vi.stubGlobal('sessionStorage', storage);
}
