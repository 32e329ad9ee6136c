// @vitest-environment jsdom
// Refresh in a page: `credentials` by origin, and where each token lives (SECURITY.md W10).
import { afterEach, describe, expect, it } from 'vitest';
import type { TesseraClientOptions } from '../src/index.js';
import { webStorage } from './browser-support.js';
import {
  FakeServer,
  disposeClients,
  PASSWORD,
  refreshClient,
  signedIn,
} from './refresh-support.js';
import { pageHref } from './support.js';

const local = webStorage('localStorage');
const session = webStorage('sessionStorage');
const page = new URL(pageHref() ?? 'http://missing.invalid/');

afterEach(() => {
  disposeClients();
  local.clear();
  session.clear();
});

/** One tab: the cross-tab link is tested in cross-tab.test.ts. */
function options(
  transport: 'cookie' | 'body',
  extra: TesseraClientOptions = {},
): TesseraClientOptions {
  return { refresh: { transport, crossTab: false }, ...extra };
}

describe('credentials', () => {
  it('same-origin for an API on the page’s origin', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server, options('cookie', { baseUrl: '' }));
    await client.refresh();
    await client.logout();
    expect(server.calls.map((call) => [call.url, call.credentials])).toEqual([
      [`${page.origin}/api/auth/login`, 'same-origin'],
      [`${page.origin}/api/auth/refresh`, 'same-origin'],
      [`${page.origin}/api/auth/logout`, 'same-origin'],
    ]);
  });

  it('include for a cross-origin baseUrl, so the browser sends and keeps the cookie', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server, options('cookie'));
    await client.refresh();
    await client.logout();
    expect(server.calls.map((call) => call.credentials)).toEqual(['include', 'include', 'include']);
  });
});

describe('where the tokens live', () => {
  it('cookie transport: nothing in any storage script can read', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server, options('cookie'));
    await client.refresh();
    expect([local.getItem('tessera_token'), session.getItem('tessera_token')]).toEqual([
      null,
      null,
    ]);
    expect(JSON.stringify({ ...local, ...session })).toBe('{}');
    expect(document.cookie).toBe('');
  });

  it('body transport with localStorage: the refresh token goes to sessionStorage', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = await signedIn(server, options('body', { storageType: 'localStorage' }));
    expect(local.getItem('tessera_token')).toBe(client.getToken());
    expect(local.getItem('tessera_token_refresh')).toBeNull();
    expect(session.getItem('tessera_token_refresh')).toMatch(/^rt-1-/);
  });

  it('…and to localStorage when refresh.storageType says so', async () => {
    const server = new FakeServer({ transport: 'body' });
    await signedIn(server, {
      storageType: 'localStorage',
      refresh: { transport: 'body', storageType: 'localStorage', crossTab: false },
    });
    expect(local.getItem('tessera_token_refresh')).toMatch(/^rt-1-/);
  });

  it('setStorageType() moves it along with the access token', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = await signedIn(server, options('body'));
    expect(session.getItem('tessera_token_refresh')).toBeNull(); // memory by default
    client.setStorageType('sessionStorage');
    expect(session.getItem('tessera_token_refresh')).toMatch(/^rt-1-/);
    client.setStorageType('memory');
    expect(session.getItem('tessera_token_refresh')).toBeNull();
    await expect(client.refresh()).resolves.toBe(true);
  });

  it('restore() after a reload finds the sessionStorage refresh token and refreshes', async () => {
    const server = new FakeServer({ transport: 'body' });
    const sessionOptions = options('body', { storageType: 'sessionStorage' });
    const first = await signedIn(server, sessionOptions);
    server.clock.advance(901);
    first.client.dispose();
    const reloaded = refreshClient(server, sessionOptions);
    await expect(reloaded.client.restore()).resolves.toBe(true);
    expect(reloaded.client.isAuthenticated()).toBe(true);
    expect(server.refreshCalls).toBe(1);
  });

  it('restore() in a new tab with the cookie: signed in without a password', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const first = refreshClient(server, options('cookie'));
    await first.client.login({ email: 'ada@example.com', password: PASSWORD });
    const tab = refreshClient(server, options('cookie'));
    await expect(tab.client.restore()).resolves.toBe(true);
    expect(tab.events).toEqual(['token']);
  });
});
