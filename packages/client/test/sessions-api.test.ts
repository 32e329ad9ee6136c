// The session-management calls: list, end one, end all, change the password.
import { afterEach, describe, expect, it } from 'vitest';
import { TesseraHttpError } from '../src/index.js';
import { FakeServer, bearerOf, disposeClients, PASSWORD, signedIn } from './refresh-support.js';
import { API, makeClient, jsonResponse, validToken } from './support.js';

afterEach(disposeClients);

describe('listSessions()', () => {
  it('GETs the sessions with the token; the current one is marked', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    await signedIn(server); // another device: s1
    const { client } = await signedIn(server); // this one: s2

    const sessions = await client.listSessions();

    expect(sessions.map((session) => [session.id, session.current])).toEqual([
      ['s1', false],
      ['s2', true],
    ]);
    const [call] = server.callsTo('/api/auth/sessions');
    expect(call?.method).toBe('GET');
    expect(bearerOf(call)).toBe(client.getToken());
  });

  it('refreshes a stale token first, like every request', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    server.clock.advance(901);
    await expect(client.listSessions()).resolves.toHaveLength(1);
    expect(server.refreshCalls).toBe(1);
  });

  it('a body without a sessions array is a TesseraHttpError', async () => {
    const { client } = makeClient({}, () => jsonResponse(200, { items: [] }));
    client.setToken(validToken());
    await expect(client.listSessions()).rejects.toBeInstanceOf(TesseraHttpError);
  });
});

describe('endSession(id)', () => {
  it('DELETEs sessionsUrl/:id (encoded); ending another session keeps this one', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    await signedIn(server);
    const { client, events } = await signedIn(server);

    await client.endSession('s1');

    expect(server.isRevoked('s1')).toBe(true);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual([]);
    const made = makeClient({}, () => new Response(null, { status: 204 }));
    made.client.setToken(validToken());
    await made.client.endSession('a/b c');
    expect(made.calls[0]?.url).toBe(`${API}/api/auth/sessions/a%2Fb%20c`);
  });

  it('ending the current session (the token’s sid) signs out here', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    await client.endSession('s1');
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['logout']);
    expect(server.callsTo('/api/auth/logout')).toHaveLength(0);
  });

  it('refuses an empty id (TypeError), and sends nothing', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client } = await signedIn(server);
    await expect(client.endSession('')).rejects.toBeInstanceOf(TypeError);
    expect(server.calls).toHaveLength(1);
  });
});

describe('logoutEverywhere()', () => {
  it('POSTs logout-all with the token, then signs out (logout)', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const token = client.getToken();

    await client.logoutEverywhere();

    const [call] = server.callsTo('/api/auth/logout-all');
    expect(call?.method).toBe('POST');
    expect(bearerOf(call)).toBe(token);
    expect(call?.headers.get('x-tessera-csrf')).toBe('1');
    expect(call?.credentials).toBe('include');
    expect(server.isRevoked('s1')).toBe(true);
    expect(client.getToken()).toBeNull();
    expect(events).toEqual(['logout']);
  });

  it('when the call fails nothing changes locally', async () => {
    const { client } = makeClient({}, () => jsonResponse(503, { message: 'down' }));
    client.setToken(validToken());
    await expect(client.logoutEverywhere()).rejects.toMatchObject({ status: 503 });
    expect(client.isAuthenticated()).toBe(true);
  });
});

describe('changePassword()', () => {
  it('POSTs the passwords, stores the new token (token event), ends the other sessions', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    await signedIn(server);
    const { client, events } = await signedIn(server);
    const old = client.getToken();
    const jar = server.jar;

    const body = await client.changePassword({
      current_password: PASSWORD,
      new_password: 'a new long password',
    });

    const [call] = server.callsTo('/api/auth/password');
    expect(JSON.parse(String(call?.body))).toEqual({
      current_password: PASSWORD,
      new_password: 'a new long password',
    });
    expect(bearerOf(call)).toBe(old);
    expect(call?.headers.get('x-tessera-csrf')).toBe('1');
    expect(call?.credentials).toBe('include'); // so the new cookie is stored
    expect(body.access_token).toBe(client.getToken());
    expect(client.getToken()).not.toBe(old);
    expect(server.jar).not.toBe(jar);
    expect(events).toEqual(['token']);
    expect(server.isRevoked('s1')).toBe(true);
    await expect(client.refresh()).resolves.toBe(true); // this session goes on
  });

  it('body transport: the new refresh token is kept (and not returned)', async () => {
    const server = new FakeServer({ transport: 'body' });
    const { client } = await signedIn(server);
    const body = await client.changePassword({
      current_password: PASSWORD,
      new_password: 'a new long password',
    });
    expect(body).not.toHaveProperty('refresh_token');
    await expect(client.refresh()).resolves.toBe(true);
    const sent = JSON.parse(String(server.callsTo('/api/auth/refresh')[0]?.body)) as {
      refresh_token: string;
    };
    expect(sent.refresh_token).toMatch(/^rt-2-/);
  });

  it('a wrong current password: 401 invalid_credentials, still signed in, no refresh', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server);
    const error = await client
      .changePassword({ current_password: 'wrong', new_password: 'a new long password' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect((error as TesseraHttpError).code).toBe('invalid_credentials');
    expect(client.isAuthenticated()).toBe(true);
    expect(server.refreshCalls).toBe(0);
    expect(events).toEqual([]);
  });

  it('works without refresh too (Bearer only)', async () => {
    const server = new FakeServer({ transport: 'cookie' });
    const { client, events } = await signedIn(server, { refresh: false });
    await client.changePassword({ current_password: PASSWORD, new_password: 'another one!' });
    expect(events).toEqual(['token']);
    expect(server.callsTo('/api/auth/password')[0]?.credentials).toBeUndefined();
    expect(server.callsTo('/api/auth/password')[0]?.headers.has('x-tessera-csrf')).toBe(false);
  });

  it('uses sessionsUrl, passwordUrl and logoutAllUrl', async () => {
    const { client, calls } = makeClient(
      {
        refresh: { transport: 'cookie' },
        sessionsUrl: '/v2/sessions/',
        passwordUrl: '/v2/password',
        logoutAllUrl: '/v2/logout-all',
      },
      () => jsonResponse(200, { sessions: [], access_token: validToken() }),
    );
    client.setToken(validToken());
    await client.listSessions();
    await client.endSession('s9');
    await client.changePassword({ current_password: 'a', new_password: 'b' });
    await client.logoutEverywhere();
    client.dispose();
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `GET ${API}/v2/sessions/`,
      `DELETE ${API}/v2/sessions/s9`,
      `POST ${API}/v2/password`,
      `POST ${API}/v2/logout-all`,
    ]);
  });
});
