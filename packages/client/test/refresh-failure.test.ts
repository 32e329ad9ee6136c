// When refreshing fails: a 401 ends the session; a network error or a server error never does.
import { afterEach, describe, expect, it } from 'vitest';
import { TesseraHttpError, TesseraNetworkError } from '../src/index.js';
import {
  Clock,
  FakeServer,
  bearerOf,
  disposeClients,
  gate,
  PASSWORD,
  signedIn,
} from './refresh-support.js';
import { API, jsonResponse, problem, validToken } from './support.js';

afterEach(disposeClients);

describe('the refresh endpoint answers 401: the session is over', () => {
  it('signs out (both tokens), emits session-ended, resolves false', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client, events } = await signedIn(server);
    server.revokeAll(); // e.g. logout-all from another device

    await expect(client.refresh()).resolves.toBe(false);

    expect(client.getState()).toMatchObject({ token: null, isAuthenticated: false });
    expect(events).toEqual(['session-ended']);
    await expect(client.refresh()).resolves.toBe(false); // the refresh token is gone too
    expect(server.refreshCalls).toBe(1);
  });

  it('a request with an expired token: refresh refused, the request goes without a token', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    server.revokeAll();
    server.clock.advance(901);

    const error = await client.request('/api/items/1').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TesseraHttpError);
    expect((error as TesseraHttpError).code).toBe('token_missing');
    expect(server.callsTo('/api/items/1').map(bearerOf)).toEqual([null]);
    expect(events).toEqual(['session-ended']); // and no `unauthorized` after it
    await client.request('/api/items/2').catch(() => undefined);
    expect(server.refreshCalls).toBe(1); // signed out: no more refresh attempts
  });

  it('a replayed refresh token ends the session (the whole family is revoked)', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client, events } = await signedIn(server);
    await client.refresh(); // rotates rt-1 (from the login) into rt-2
    // An attacker replays rt-1: the server revokes the family, rt-2 included (L08).
    await server.fetch(`${API}/api/auth/refresh`, {
      method: 'POST',
      body: JSON.stringify({ refresh_token: 'rt-1-s1' }),
    });
    expect(server.reused).toEqual(['rt-1-s1']);

    await expect(client.refresh()).resolves.toBe(false);

    expect(events).toEqual(['token', 'session-ended']);
    expect(client.getToken()).toBeNull();
  });

  it('restore() without a session emits nothing and tells no one', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    await client.logout();
    events.length = 0;
    await expect(client.restore()).resolves.toBe(false);
    expect(events).toEqual([]);
  });
});

describe('a network error or a server error: still signed in', () => {
  function failing(failure: () => Promise<Response>) {
    let fail = false;
    const server = new FakeServer({
      transport: 'cookie',
      beforeRefresh: () => (fail ? failure() : undefined),
    });
    return { server, breakRefresh: () => (fail = true) };
  }

  it('refresh() rejects with TesseraNetworkError and keeps the token; no event', async () => {
    const { server, breakRefresh } = failing(() => Promise.reject(new TypeError('offline')));
    const { client, events } = await signedIn(server);
    const token = client.getToken();
    breakRefresh();

    await expect(client.refresh()).rejects.toBeInstanceOf(TesseraNetworkError);

    expect(client.getToken()).toBe(token);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual([]);
  });

  it('a 503 rejects with TesseraHttpError, keeps the token; a 200 without a token too', async () => {
    const answers = [
      () => Promise.resolve(problem('service_unavailable', 503, 'Service unavailable')),
      () => Promise.resolve(jsonResponse(200, { nothing: true })),
    ];
    for (const answer of answers) {
      const { server, breakRefresh } = failing(answer);
      const { client, events } = await signedIn(server);
      breakRefresh();
      const error = await client.refresh().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TesseraHttpError);
      expect(client.isAuthenticated()).toBe(true);
      expect(events).toEqual([]);
    }
  });

  it('a stale token that cannot be refreshed: fetch() rejects, the request is not sent', async () => {
    const { server, breakRefresh } = failing(() => Promise.reject(new TypeError('offline')));
    const { client, events } = await signedIn(server);
    server.clock.advance(901);
    breakRefresh();

    await expect(client.fetch(`${API}/api/items/1`)).rejects.toBeInstanceOf(TesseraNetworkError);

    expect(server.callsTo('/api/items/1')).toHaveLength(0);
    expect(client.getToken()).not.toBeNull();
    expect(events).toEqual([]);
  });

  it('a 401 token_expired whose refresh fails: the 401 comes back, the token is kept', async () => {
    const { server, breakRefresh } = failing(() => Promise.reject(new TypeError('offline')));
    const { client, events } = await signedIn(server, { clock: new Clock() });
    server.clock.advance(901);
    breakRefresh();

    const response = await client.fetch(`${API}/api/items/1`);

    expect(response.status).toBe(401);
    expect(server.callsTo('/api/items/1')).toHaveLength(1);
    expect(client.getToken()).not.toBeNull();
    expect(events).toEqual([]);
  });

  it('restore() resolves false and never rejects', async () => {
    const { server, breakRefresh } = failing(() => Promise.reject(new TypeError('offline')));
    const { client } = await signedIn(server);
    server.clock.advance(901);
    breakRefresh();
    await expect(client.restore()).resolves.toBe(false);
    expect(client.getToken()).not.toBeNull();
  });
});

describe('never a loop', () => {
  it('a retried request that gets 401 again is not retried twice; then unauthorized', async () => {
    // Every token the server issues is expired on its clock; the client's clock says fresh.
    const server = new FakeServer({ transport: 'cookie', accessTtlSeconds: -1 });
    const { client, events } = await signedIn(server, {
      clock: new Clock(server.clock.ms - 3_600_000),
    });

    const response = await client.fetch(`${API}/api/items/1`);

    expect(response.status).toBe(401);
    expect(server.callsTo('/api/items/1')).toHaveLength(2);
    expect(server.refreshCalls).toBe(1);
    expect(events).toEqual(['token', 'unauthorized']);
    expect(client.getToken()).toBeNull();
  });

  it('a 401 token_invalid to a fresh token is not refreshed: unauthorized, as before', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    server.revokeAll();
    const response = await client.fetch(`${API}/api/items/1`);
    expect(response.status).toBe(401);
    expect(server.refreshCalls).toBe(0);
    expect(events).toEqual(['unauthorized']);
  });
});

describe('a logout or a login while a refresh is in flight', () => {
  it('wins: the 200 that arrives afterwards is dropped, nobody is signed back in', async () => {
    const held = gate();
    const answered = gate<number>();
    const server = new FakeServer({
      transport: 'cookie',
      afterRefresh: async (response) => {
        answered.open(response.status);
        await held.promise;
      },
    });
    const { client, events } = await signedIn(server);
    const refreshing = client.refresh();
    await expect(answered.promise).resolves.toBe(200); // rotated on the server, answer held
    await client.logout();
    held.open();

    await expect(refreshing).resolves.toBe(false);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['logout']);
  });

  it('wins while the 200 is being read', async () => {
    const held = gate();
    const started = gate();
    const token = validToken();
    const server = new FakeServer({
      transport: 'cookie',
      beforeRefresh: () => {
        const body = new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              started.open(); // the client has the response and reads its body
              await held.promise;
              controller.enqueue(new TextEncoder().encode(JSON.stringify({ access_token: token })));
              controller.close();
            },
          },
          { highWaterMark: 0 },
        );
        return Promise.resolve(
          new Response(body, { headers: { 'content-type': 'application/json' } }),
        );
      },
    });
    const { client, events } = await signedIn(server);
    const refreshing = client.refresh();
    await started.promise;
    await client.logout();
    held.open();

    await expect(refreshing).resolves.toBe(false);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['logout']);
  });

  it('a 401 for the old session does not end the one a login started meanwhile', async () => {
    const held = gate();
    const server = new FakeServer({
      transport: 'cookie',
      beforeRefresh: async () => {
        await held.promise;
        return problem('token_invalid', 401, 'Token is invalid');
      },
    });
    const { client, events } = await signedIn(server);
    const refreshing = client.refresh();
    await client.login({ email: 'ada@example.com', password: PASSWORD });
    held.open();

    await expect(refreshing).resolves.toBe(true); // signed in: the new session
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual(['login']);
  });
});
