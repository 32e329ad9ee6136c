// The proactive refresh: one timer, `refreshBeforeExpirySeconds` before `exp`, cleared on
// logout and dispose. Fake timers (and the fake `Date` the clock reads) are restored after each
// test, even a failing one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TesseraClient } from '../src/index.js';
import { Clock, FakeServer, disposeClients, PASSWORD, refreshClient } from './refresh-support.js';
import { API, NOW_MS } from './support.js';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW_MS });
});

afterEach(() => {
  disposeClients();
  vi.useRealTimers();
});

/** A server and a client on the faked `Date.now`, signed in with a 15-minute token. */
async function signedInOnFakeTime(
  refresh: { refreshBeforeExpirySeconds?: number } = {},
  accessTtlSeconds = 900,
  clockSkewSeconds = 30,
) {
  const clock = new Clock();
  Object.defineProperty(clock, 'ms', { get: () => Date.now(), set: () => undefined });
  const server = new FakeServer({ transport: 'cookie', clock, accessTtlSeconds });
  const made = refreshClient(server, {
    refresh: { transport: 'cookie', ...refresh },
    clockSkewSeconds,
  });
  await made.client.login({ email: 'ada@example.com', password: PASSWORD });
  made.events.length = 0;
  return { server, ...made };
}

describe('proactive refresh', () => {
  it('fires once, refreshBeforeExpirySeconds before exp, then again for the new token', async () => {
    const { server, client, events } = await signedInOnFakeTime();
    const first = client.getToken();

    await vi.advanceTimersByTimeAsync(839_000); // 61 s before exp
    expect(server.refreshCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000); // 60 s before exp
    expect(server.refreshCalls).toBe(1);
    expect(client.getToken()).not.toBe(first);
    expect(events).toEqual(['token']);

    await vi.advanceTimersByTimeAsync(839_000);
    expect(server.refreshCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.refreshCalls).toBe(2);
    expect(client.isAuthenticated()).toBe(true);
  });

  it('honours refreshBeforeExpirySeconds', async () => {
    const { server } = await signedInOnFakeTime({ refreshBeforeExpirySeconds: 300 });
    await vi.advanceTimersByTimeAsync(599_000);
    expect(server.refreshCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.refreshCalls).toBe(1);
  });

  it('is clamped to half the lifetime of a short token (never a tight loop)', async () => {
    const { server } = await signedInOnFakeTime({}, 20, 5);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(server.refreshCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.refreshCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.refreshCalls).toBe(2);
  });

  it('is not armed for a token that is stale on arrival (the request path refreshes it)', async () => {
    const { server } = await signedInOnFakeTime({}, 20); // 20 s left < clockSkewSeconds 30
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.refreshCalls).toBe(0);
  });

  it('is cleared on logout', async () => {
    const { server, client } = await signedInOnFakeTime();
    await client.logout();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(server.refreshCalls).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is cleared on dispose, and when a refresh ends the session', async () => {
    const { server, client } = await signedInOnFakeTime();
    client.dispose();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(server.refreshCalls).toBe(0);

    const other = await signedInOnFakeTime();
    other.server.revokeAll();
    await vi.advanceTimersByTimeAsync(840_000);
    expect(other.server.refreshCalls).toBe(1);
    expect(other.events).toEqual(['session-ended']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failing proactive refresh keeps the session, and rejects nowhere', async () => {
    const clock = new Clock();
    Object.defineProperty(clock, 'ms', { get: () => Date.now(), set: () => undefined });
    let offline = false;
    const server = new FakeServer({
      transport: 'cookie',
      clock,
      beforeRefresh: () => (offline ? Promise.reject(new TypeError('offline')) : undefined),
    });
    const { client, events } = refreshClient(server);
    await client.login({ email: 'ada@example.com', password: PASSWORD });
    offline = true;
    await vi.advanceTimersByTimeAsync(840_000);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual(['login']);
  });

  it('one timer per client: without refresh only the expiry timer runs', () => {
    const token = (exp: number) =>
      `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.c2ln`;
    const plain = new TesseraClient({ baseUrl: API });
    plain.setToken(token(NOW_MS / 1000 + 900));
    expect(vi.getTimerCount()).toBe(1);
    const refreshing = new TesseraClient({ baseUrl: API, refresh: { transport: 'cookie' } });
    refreshing.setToken(token(NOW_MS / 1000 + 900));
    refreshing.setToken(token(NOW_MS / 1000 + 1800));
    expect(vi.getTimerCount()).toBe(3);
    plain.dispose();
    refreshing.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
