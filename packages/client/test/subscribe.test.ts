import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthEvent, AuthState } from '../src/index.js';
import { jsonResponse, makeClient, SIGNED_OUT, validToken } from './support.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('subscribe()', () => {
  it('tells listeners the new state and why, in order', async () => {
    const token = validToken();
    const { client } = makeClient({}, () => jsonResponse(200, { access_token: token }));
    const seen: [AuthState, AuthEvent][] = [];
    client.subscribe((state, event) => seen.push([state, event]));
    await client.login({ email: 'a@example.com', password: 'pw' });
    client.setToken(validToken({ sub: '2' }));
    client.handleUnauthorized({ status: 401, url: 'https://api.example.com/api/users' });
    client.setToken(token);
    await client.logout();
    expect(seen.map(([, event]) => event.type)).toEqual([
      'login',
      'token',
      'unauthorized',
      'token',
      'logout',
    ]);
    expect(seen[0]?.[0]).toMatchObject({ token, isAuthenticated: true, payload: { sub: '1' } });
    expect(seen[2]?.[0]).toEqual(SIGNED_OUT);
    for (const [state] of seen) expect(Object.isFrozen(state)).toBe(true);
  });

  it('is not called at subscription time', () => {
    const { client } = makeClient();
    const listener = vi.fn();
    client.subscribe(listener);
    expect(listener).not.toHaveBeenCalled();
  });

  it('unsubscribe stops further calls, and only for that listener', () => {
    const { client } = makeClient();
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = client.subscribe(first);
    client.subscribe(second);
    client.setToken(validToken());
    stopFirst();
    stopFirst();
    client.removeToken();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });

  it('the same function subscribed twice is two subscriptions', () => {
    const { client } = makeClient();
    const listener = vi.fn();
    const stop = client.subscribe(listener);
    client.subscribe(listener);
    client.setToken(validToken());
    stop();
    client.removeToken();
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('a listener that throws breaks neither the client nor the other listeners', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const token = validToken();
    const { client } = makeClient({}, () => jsonResponse(200, { token }));
    const after = vi.fn();
    client.subscribe(() => {
      throw new Error('listener bug');
    });
    client.subscribe(after);
    await expect(client.login({ email: 'a@example.com', password: 'pw' })).resolves.toMatchObject({
      token,
    });
    expect(client.isAuthenticated()).toBe(true);
    await expect(client.logout()).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledTimes(2);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it('a listener may unsubscribe another during a notification', () => {
    const { client } = makeClient();
    const second = vi.fn();
    let stopSecond = (): void => undefined;
    client.subscribe(() => stopSecond());
    stopSecond = client.subscribe(second);
    client.setToken(validToken());
    expect(second).not.toHaveBeenCalled();
  });

  it('rejects a listener that is not a function', () => {
    const { client } = makeClient();
    expect(() => client.subscribe('nope' as never)).toThrow(TypeError);
  });
});

describe('getState()', () => {
  it('returns the same object until something changes', () => {
    const { client } = makeClient();
    const empty = client.getState();
    expect(client.getState()).toBe(empty);
    expect(empty).toEqual(SIGNED_OUT);
    const token = validToken();
    client.setToken(token);
    const signedIn = client.getState();
    expect(signedIn).not.toBe(empty);
    expect(client.getState()).toBe(signedIn);
    expect(signedIn).toMatchObject({ token, isAuthenticated: true });
    expect(signedIn.payload).toBe(client.getPayload());
    client.setToken(token);
    expect(client.getState()).toBe(signedIn);
  });

  it('gives a new object when the token goes stale', () => {
    let now = 1_700_000_000_000;
    const { client } = makeClient({ now: () => now });
    client.setToken(validToken());
    const fresh = client.getState();
    now += 3600_000;
    const stale = client.getState();
    expect(stale).not.toBe(fresh);
    expect(stale.isAuthenticated).toBe(false);
    expect(client.getState()).toBe(stale);
  });
});
