import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TesseraClient, type AuthEvent } from '../src/index.js';
import { API, makeToken, NOW_MS, NOW_S } from './support.js';

/** A client whose clock is the variable `clock`. */
function clientAt(options: { clockSkewSeconds?: number } = {}) {
  let clock = NOW_MS;
  const client = new TesseraClient({ baseUrl: API, now: () => clock, ...options });
  return {
    client,
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

describe('isAuthenticated and exp, with the default 30 s skew (pinned clock)', () => {
  it('is true while now < exp − 30 s, false from exp − 30 s on', () => {
    const { client, setClock } = clientAt();
    const exp = NOW_S + 120;
    client.setToken(makeToken({ sub: '1', exp }));
    setClock((exp - 30) * 1000 - 1);
    expect(client.isAuthenticated()).toBe(true);
    setClock((exp - 30) * 1000);
    expect(client.isAuthenticated()).toBe(false);
    setClock(exp * 1000 - 1);
    expect(client.isAuthenticated()).toBe(false);
  });

  it('a token with exp within the skew is already not authenticated', () => {
    const { client } = clientAt();
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 29 }));
    expect(client.isAuthenticated()).toBe(false);
    expect(client.getToken()).not.toBeNull();
  });

  it('a token with exp in the past is not authenticated', () => {
    const { client } = clientAt();
    client.setToken(makeToken({ sub: '1', exp: NOW_S - 1 }));
    expect(client.isAuthenticated()).toBe(false);
  });

  it('a token without exp is not authenticated', () => {
    const { client } = clientAt();
    client.setToken(makeToken({ sub: '1', iat: NOW_S }));
    expect(client.getPayload()).toEqual({ sub: '1', iat: NOW_S });
    expect(client.isAuthenticated()).toBe(false);
  });

  it('no token is not authenticated', () => {
    expect(clientAt().client.isAuthenticated()).toBe(false);
  });

  it('honours a fractional exp (NumericDate may have a fraction)', () => {
    const { client, setClock } = clientAt({ clockSkewSeconds: 0 });
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 0.5 }));
    setClock(NOW_MS + 499);
    expect(client.isAuthenticated()).toBe(true);
    setClock(NOW_MS + 500);
    expect(client.isAuthenticated()).toBe(false);
  });
});

describe('clockSkewSeconds', () => {
  it('0: authenticated until exactly exp', () => {
    const { client, setClock } = clientAt({ clockSkewSeconds: 0 });
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 10 }));
    setClock((NOW_S + 10) * 1000 - 1);
    expect(client.isAuthenticated()).toBe(true);
    setClock((NOW_S + 10) * 1000);
    expect(client.isAuthenticated()).toBe(false);
  });

  it('120: not authenticated two minutes before exp', () => {
    const { client, setClock } = clientAt({ clockSkewSeconds: 120 });
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 600 }));
    setClock((NOW_S + 480) * 1000 - 1);
    expect(client.isAuthenticated()).toBe(true);
    setClock((NOW_S + 480) * 1000);
    expect(client.isAuthenticated()).toBe(false);
  });

  it('rejects a negative, NaN or infinite skew when the client is built', () => {
    for (const clockSkewSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new TesseraClient({ clockSkewSeconds })).toThrow(TypeError);
    }
  });
});

describe('expiry notifies subscribers (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW_MS });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("emits 'token' with isAuthenticated false when the token goes stale, once", () => {
    const client = new TesseraClient({ baseUrl: API });
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 90 }));
    const seen: [boolean, AuthEvent][] = [];
    client.subscribe((state, event) => seen.push([state.isAuthenticated, event]));
    vi.advanceTimersByTime(60_000 - 1);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([[false, { type: 'token' }]]);
    vi.advanceTimersByTime(3_600_000);
    expect(seen).toHaveLength(1);
  });

  it('a replaced or removed token cancels the pending expiry', () => {
    const client = new TesseraClient({ baseUrl: API });
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 90 }));
    client.removeToken();
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    vi.advanceTimersByTime(120_000);
    expect(events).toEqual([]);
  });

  it('dispose() cancels the pending expiry and drops subscribers', () => {
    const client = new TesseraClient({ baseUrl: API });
    client.setToken(makeToken({ sub: '1', exp: NOW_S + 90 }));
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    client.dispose();
    vi.advanceTimersByTime(120_000);
    client.removeToken();
    expect(events).toEqual([]);
  });
});
