import { describe, expect, it } from 'vitest';
import { TesseraHttpError, TesseraNetworkError, type AuthEvent } from '../src/index.js';
import { jsonResponse, makeClient, problem, validToken } from './support.js';

const CREDENTIALS = { email: 'ada@example.com', password: 'correct horse battery' };

function loginResponse(token: string) {
  return jsonResponse(200, {
    token,
    access_token: token,
    token_type: 'Bearer',
    expires_in: 900,
    scope: 'users:read',
  });
}

describe('login()', () => {
  it('POSTs the credentials as JSON to /api/auth/login, same-origin, without Authorization', async () => {
    const token = validToken();
    const { client, calls } = makeClient({}, () => loginResponse(token));
    client.setToken(validToken({ sub: 'previous' }));
    await client.login(CREDENTIALS);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('https://api.example.com/api/auth/login');
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.headers.has('authorization')).toBe(false);
    expect(call?.credentials).toBe('same-origin');
    expect(JSON.parse(call?.body ?? '')).toEqual(CREDENTIALS);
  });

  it('stores access_token, returns the response and notifies with login', async () => {
    const token = validToken();
    const { client } = makeClient({}, () => loginResponse(token));
    const events: [boolean, AuthEvent][] = [];
    client.subscribe((state, event) => events.push([state.isAuthenticated, event]));
    const response = await client.login(CREDENTIALS);
    expect(response.access_token).toBe(token);
    expect(client.getToken()).toBe(token);
    expect(client.isAuthenticated()).toBe(true);
    expect(events).toEqual([[true, { type: 'login' }]]);
  });

  it("prefers access_token, and accepts the tutorial's {token} alone", async () => {
    const oauth = validToken({ sub: 'oauth' });
    const both = makeClient({}, () =>
      jsonResponse(200, { token: validToken(), access_token: oauth }),
    );
    await both.client.login(CREDENTIALS);
    expect(both.client.getToken()).toBe(oauth);

    const tutorial = validToken({ sub: 'tutorial' });
    const only = makeClient({}, () => jsonResponse(200, { token: tutorial }));
    await only.client.login(CREDENTIALS);
    expect(only.client.getPayload()?.sub).toBe('tutorial');
  });

  it('uses loginUrl, joined to baseUrl like Satellizer', async () => {
    const { client, calls } = makeClient(
      { baseUrl: 'https://api.example.com/v1/', loginUrl: '/api/login' },
      () => loginResponse(validToken()),
    );
    await client.login(CREDENTIALS);
    expect(calls[0]?.url).toBe('https://api.example.com/v1/api/login');
  });

  it('on 401 invalid_credentials: throws TesseraHttpError, stores nothing, notifies nobody', async () => {
    const { client } = makeClient({}, () =>
      problem('invalid_credentials', 401, 'Invalid email or password'),
    );
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    const error = await client.login(CREDENTIALS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_credentials',
      message: 'Invalid email or password',
    });
    expect(client.getToken()).toBeNull();
    expect(events).toEqual([]);
  });

  it('a 401 from the login URL never clears an existing token', async () => {
    const { client } = makeClient({}, () =>
      problem('invalid_credentials', 401, 'Invalid email or password'),
    );
    const token = validToken();
    client.setToken(token);
    await expect(client.login(CREDENTIALS)).rejects.toBeInstanceOf(TesseraHttpError);
    expect(client.getToken()).toBe(token);
  });

  it('rejects a 200 without a usable token, storing nothing', async () => {
    const { client } = makeClient({}, () => jsonResponse(200, { user: { id: 1 } }));
    await expect(client.login(CREDENTIALS)).rejects.toBeInstanceOf(TesseraHttpError);
    const spaced = makeClient({}, () => jsonResponse(200, { token: 'a b' }));
    await expect(spaced.client.login(CREDENTIALS)).rejects.toBeInstanceOf(TesseraHttpError);
    expect(client.getToken()).toBeNull();
  });

  it('throws TesseraNetworkError, keeping the cause, when fetch rejects', async () => {
    const offline = new TypeError('fetch failed');
    const { client } = makeClient({}, () => Promise.reject(offline));
    const error = await client.login(CREDENTIALS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraNetworkError);
    expect((error as Error).cause).toBe(offline);
  });
});

describe('logout()', () => {
  it('is local only by default: removes the token, notifies with logout, calls no server', async () => {
    const { client, calls } = makeClient();
    client.setToken(validToken());
    const events: [boolean, AuthEvent][] = [];
    client.subscribe((state, event) => events.push([state.isAuthenticated, event]));
    await client.logout();
    expect(client.getToken()).toBeNull();
    expect(client.isAuthenticated()).toBe(false);
    expect(events).toEqual([[false, { type: 'logout' }]]);
    expect(calls).toEqual([]);
  });

  it('notifies with logout even when already signed out', async () => {
    const { client } = makeClient();
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    await client.logout();
    expect(events).toEqual(['logout']);
  });

  it('with logoutUrl: POSTs to it with the token after removing it locally', async () => {
    const token = validToken();
    let authenticatedDuringCall: boolean | undefined;
    const { client, calls } = makeClient({ logoutUrl: '/api/auth/logout' }, () => {
      authenticatedDuringCall = client.isAuthenticated();
      return new Response(null, { status: 204 });
    });
    client.setToken(token);
    await client.logout();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.example.com/api/auth/logout');
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(authenticatedDuringCall).toBe(false);
  });

  it('with logoutUrl: ignores a failing server (network error, 500, 401)', async () => {
    const answers = [
      () => Promise.reject(new TypeError('fetch failed')),
      () => problem('internal_error', 500, 'Internal server error'),
      () => problem('token_invalid', 401, 'Token is invalid'),
    ];
    for (const answer of answers) {
      const { client } = makeClient({ logoutUrl: '/api/auth/logout' }, answer);
      client.setToken(validToken());
      await expect(client.logout()).resolves.toBeUndefined();
      expect(client.getToken()).toBeNull();
    }
  });

  it('with logoutUrl on another origin: never sends it the token (W11)', async () => {
    const { client, calls } = makeClient({ logoutUrl: 'https://sso.example.net/logout' });
    client.setToken(validToken());
    await client.logout();
    expect(calls[0]?.url).toBe('https://sso.example.net/logout');
    expect(calls[0]?.headers.has('authorization')).toBe(false);
  });

  it('with logoutUrl but no token: calls no server', async () => {
    const { client, calls } = makeClient({ logoutUrl: '/api/auth/logout' });
    await client.logout();
    expect(calls).toEqual([]);
  });
});

describe('setToken() and removeToken()', () => {
  it("accepts a string, the tutorial's {token} and OAuth's {access_token}", () => {
    const { client } = makeClient();
    const token = validToken();
    client.setToken(token);
    expect(client.getToken()).toBe(token);
    client.setToken({ token: validToken({ sub: 't' }) } as never);
    expect(client.getPayload()?.sub).toBe('t');
    client.setToken({ access_token: validToken({ sub: 'a' }) } as never);
    expect(client.getPayload()?.sub).toBe('a');
  });

  it('throws TypeError for no token or one that could break a header', () => {
    const { client } = makeClient();
    for (const bad of ['', 'a b', 'abc\r\nX-Evil: 1', {}, { token: 42 }]) {
      expect(() => client.setToken(bad as never)).toThrow(TypeError);
    }
    expect(client.getToken()).toBeNull();
  });

  it("notify with 'token' only when the state changes", () => {
    const { client } = makeClient();
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    const token = validToken();
    client.setToken(token);
    client.setToken(token);
    client.removeToken();
    client.removeToken();
    expect(events).toEqual(['token', 'token']);
  });
});
