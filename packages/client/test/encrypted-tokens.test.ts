// @vitest-environment jsdom
// Tokens the client cannot read (TESSERA_TOKEN_FORMAT=jwe): the expiry and scope come from the
// response that brought the token (`expires_in`, `scope`), are stored next to it, go to the
// other tabs with it, and drive freshness, the expiry event and the proactive refresh.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detailsKey } from '../src/auth-store.js';
import type { TokenResponse } from '@tessera/protocol';
import { TesseraClient, type StorageType } from '../src/index.js';
import { parseTabMessage } from '../src/tab-sync.js';
import { detailsOf } from '../src/token-details.js';
import { fireStorageEvent, webStorage } from './browser-support.js';
import { Clock, disposeClients, FakeServer, PASSWORD, refreshClient } from './refresh-support.js';
import { API, jsonResponse, makeClient, NOW_MS, validToken } from './support.js';
import { deliver, installTabFakes, removeTabFakes } from './tab-fakes.js';

const CREDENTIALS = { email: 'ada@example.com', password: PASSWORD };
const KEY = 'tessera_token';
const local = webStorage('localStorage');
const session = webStorage('sessionStorage');

/** A JWE-shaped token: five segments, nothing the client can decode. */
function sealedToken(tag = 'a'): string {
  return `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY${tag}.Y2lwaGVy.dGFn`;
}

function sealedResponse(token: string, scope: string | null = null): TokenResponse {
  const response = { access_token: token, token, token_type: 'Bearer' as const, expires_in: 900 };
  // The server always names the scope; a response without one must work too.
  return (scope === null ? response : { ...response, scope }) as TokenResponse;
}

beforeEach(() => {
  installTabFakes();
});

afterEach(() => {
  disposeClients();
  removeTabFakes();
  local.clear();
  session.clear();
  vi.useRealTimers();
});

describe('a token the client cannot read', () => {
  it('is fresh until expires_in (minus the skew) after its login, with the response scope', async () => {
    const clock = new Clock();
    const server = new FakeServer({ transport: 'cookie', clock, encrypted: true });
    const { client } = refreshClient(server);
    await client.login(CREDENTIALS);
    const state = client.getState();
    expect(state.payload).toBeNull();
    expect(state.expiresAt).toBe(NOW_MS + 900_000);
    expect(state.scope).toBe('users:read');
    expect(state.isAuthenticated).toBe(true);
    clock.advance(900 - 30 - 1);
    expect(client.isAuthenticated()).toBe(true);
    clock.advance(1);
    expect(client.isAuthenticated()).toBe(false);
  });

  it('counts as expired when given alone, and fresh when given with its response', () => {
    const token = sealedToken();
    const { client } = makeClient({ now: () => NOW_MS });
    client.setToken(token);
    expect(client.getState()).toMatchObject({ token, expiresAt: null, isAuthenticated: false });
    client.setToken(sealedResponse(token, 'users:write'));
    expect(client.getState()).toMatchObject({
      token,
      expiresAt: NOW_MS + 900_000,
      scope: 'users:write',
      isAuthenticated: true,
    });
  });

  it('keeps its details when the same token is set again alone', () => {
    const token = sealedToken();
    const { client } = makeClient({ now: () => NOW_MS });
    client.setToken(sealedResponse(token));
    client.setToken(token);
    expect(client.isAuthenticated()).toBe(true);
  });

  it('takes an expires_in only when it is a positive number of seconds, at most a year', () => {
    for (const expiresIn of [0, -5, '900', Number.NaN, Number.POSITIVE_INFINITY, 31_536_001]) {
      expect(detailsOf({ expires_in: expiresIn }, NOW_MS)).toBeNull();
    }
    expect(detailsOf({ expires_in: 31_536_000, scope: 7 }, 0)).toEqual({
      expiresAt: 31_536_000_000,
      scope: null,
    });
  });

  it('plain mode (no refresh) keeps the login expiry too', async () => {
    const token = sealedToken();
    const { client } = makeClient({ now: () => NOW_MS }, () =>
      jsonResponse(200, sealedResponse(token)),
    );
    await client.login(CREDENTIALS);
    expect(client.getState()).toMatchObject({ token, isAuthenticated: true });
  });
});

describe('stored next to the token', () => {
  function tab(storageType: StorageType, now = () => NOW_MS) {
    return new TesseraClient({ baseUrl: API, now, storageType, storageKey: KEY });
  }

  it('survives a reload: a new client on the same storage is signed in until the same moment', () => {
    const token = sealedToken();
    const first = tab('localStorage');
    first.setToken(sealedResponse(token));
    first.dispose();
    const reloaded = tab('localStorage');
    expect(reloaded.getState()).toMatchObject({
      token,
      expiresAt: NOW_MS + 900_000,
      scope: null,
      isAuthenticated: true,
    });
    reloaded.dispose();
  });

  it('never applies details stored for another token, or malformed ones', () => {
    const first = tab('localStorage');
    first.setToken(sealedResponse(sealedToken('a')));
    first.dispose();
    local.setItem(KEY, sealedToken('b')); // another library replaced the token alone
    const other = tab('localStorage');
    expect(other.getState()).toMatchObject({ expiresAt: null, isAuthenticated: false });
    other.dispose();
    for (const junk of ['{', '[]', '{"for":1,"expiresAt":"soon","scope":null}']) {
      local.setItem(KEY, sealedToken('a'));
      local.setItem(detailsKey(KEY), junk);
      const reloaded = tab('localStorage');
      expect(reloaded.isAuthenticated()).toBe(false);
      reloaded.dispose();
    }
  });

  it('a readable token is stored alone, as Satellizer stores it', () => {
    const client = tab('localStorage');
    client.setToken({ ...sealedResponse(validToken()), scope: 'users:read' });
    expect(local.getItem(KEY)).toBe(client.getToken());
    expect(local.getItem(detailsKey(KEY))).toBeNull();
    client.dispose();
  });

  it('leaves with the token: removeToken() and setStorageType() take the details along', () => {
    const client = tab('localStorage');
    client.setToken(sealedResponse(sealedToken()));
    expect(local.getItem(detailsKey(KEY))).not.toBeNull();
    client.setStorageType('sessionStorage');
    expect(local.getItem(detailsKey(KEY))).toBeNull();
    expect(session.getItem(detailsKey(KEY))).not.toBeNull();
    expect(client.isAuthenticated()).toBe(true);
    client.removeToken();
    expect(session.getItem(KEY)).toBeNull();
    expect(session.getItem(detailsKey(KEY))).toBeNull();
    client.dispose();
  });

  it("another tab's token arrives with its details (storage event)", () => {
    const client = tab('localStorage');
    const writer = tab('localStorage');
    writer.setToken(sealedResponse(sealedToken()));
    fireStorageEvent({ key: KEY, newValue: writer.getToken(), storageArea: local });
    expect(client.getState()).toMatchObject({
      token: writer.getToken(),
      expiresAt: NOW_MS + 900_000,
      isAuthenticated: true,
    });
    writer.dispose();
    client.dispose();
  });
});

describe('with refresh', () => {
  it('another tab adopts the login and each refresh with their expiry (BroadcastChannel)', async () => {
    const server = new FakeServer({ transport: 'cookie', encrypted: true });
    const b = refreshClient(server);
    const a = refreshClient(server);
    await a.client.login(CREDENTIALS);
    await deliver();
    expect(b.client.getState()).toMatchObject({
      token: a.client.getToken(),
      expiresAt: NOW_MS + 900_000,
      isAuthenticated: true,
    });
    server.clock.advance(600);
    await a.client.refresh();
    await deliver();
    expect(b.client.getToken()).toBe(a.client.getToken());
    expect(b.client.getState().expiresAt).toBe(NOW_MS + 1_500_000);
    expect(b.events).toEqual(['login', 'token']);
  });

  it('the proactive refresh fires refreshBeforeExpirySeconds before expires_in runs out', async () => {
    vi.useFakeTimers({ now: NOW_MS });
    const clock = new Clock();
    Object.defineProperty(clock, 'ms', { get: () => Date.now(), set: () => undefined });
    const server = new FakeServer({ transport: 'cookie', clock, encrypted: true });
    const { client } = refreshClient(server);
    await client.login(CREDENTIALS);
    const first = client.getToken();
    await vi.advanceTimersByTimeAsync(839_000);
    expect(server.refreshCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.refreshCalls).toBe(1);
    expect(client.getToken()).not.toBe(first);
    expect(client.isAuthenticated()).toBe(true);
  });

  it('an expired token is refreshed before the request, and the API accepts the new one', async () => {
    const server = new FakeServer({ transport: 'cookie', encrypted: true });
    const { client } = refreshClient(server);
    await client.login(CREDENTIALS);
    server.clock.advance(901);
    const response = await client.fetch(`${API}/api/users`);
    expect(response.status).toBe(200);
    expect(server.refreshCalls).toBe(1);
  });

  it('a tab message keeps only well-formed details', () => {
    const token = sealedToken();
    const message = { tessera: 1, key: KEY, type: 'login', token };
    expect(parseTabMessage({ ...message, details: { expiresAt: 'soon' } }, KEY)).toEqual({
      type: 'login',
      token,
    });
    expect(
      parseTabMessage({ ...message, details: { expiresAt: 5, scope: null, extra: 1 } }, KEY),
    ).toEqual({ type: 'login', token, details: { expiresAt: 5, scope: null } });
  });

  it('endSession() of the session the list marked current signs out here', async () => {
    const server = new FakeServer({ transport: 'cookie', encrypted: true });
    const { client, events } = refreshClient(server);
    await client.login(CREDENTIALS);
    const [current] = (await client.listSessions()).filter((listed) => listed.current);
    await client.endSession(String(current?.id));
    expect(client.getToken()).toBeNull();
    expect(events.at(-1)).toBe('logout');
  });
});
