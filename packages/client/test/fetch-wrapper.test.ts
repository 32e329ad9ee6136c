import { describe, expect, it } from 'vitest';
import { TesseraNetworkError, type AuthEvent } from '../src/index.js';
import { jsonResponse, makeClient, problem, validToken } from './support.js';

function signedIn(
  options: Parameters<typeof makeClient>[0] = {},
  responder?: Parameters<typeof makeClient>[1],
) {
  const made = makeClient(options, responder);
  const token = validToken();
  made.client.setToken(token);
  const events: [boolean, AuthEvent][] = [];
  made.client.subscribe((state, event) => events.push([state.isAuthenticated, event]));
  return { ...made, token, events };
}

describe('fetch(): Authorization goes to API origins only (W11)', () => {
  it('attaches Bearer <token> to the API origin', async () => {
    const { client, calls, token } = signedIn();
    await client.fetch('https://api.example.com/api/users');
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('never sends it to another origin, however close it looks', async () => {
    const { client, calls } = signedIn();
    const elsewhere = [
      'https://evil.com/api/users',
      'http://api.example.com/api/users',
      'https://api.example.com:8443/api/users',
      'https://api.example.com.evil.com/api/users',
      'https://api.example.com@evil.com/api/users',
      'https://cdn.example.com/app.js',
    ];
    for (const url of elsewhere) {
      // fetch itself refuses URLs with credentials; the header decision came before.
      await client.fetch(url).catch((error: unknown) => {
        expect(url).toContain('@');
        expect(error).toBeInstanceOf(TesseraNetworkError);
      });
    }
    expect(calls.map((call) => call.url)).toHaveLength(elsewhere.length);
    for (const call of calls) expect(call.headers.has('authorization')).toBe(false);
  });

  it('attaches it to every origin in apiOrigins, and to no other', async () => {
    const { client, calls } = signedIn({
      apiOrigins: ['https://api.example.com', 'https://files.example.com'],
    });
    await client.fetch('https://files.example.com/x');
    await client.fetch('https://www.example.com/x');
    expect(calls[0]?.headers.has('authorization')).toBe(true);
    expect(calls[1]?.headers.has('authorization')).toBe(false);
  });

  it('handles URL and Request inputs, keeping their other headers, method and body', async () => {
    const { client, calls, token } = signedIn();
    await client.fetch(new URL('https://api.example.com/api/users'));
    await client.fetch(
      new Request('https://api.example.com/api/users', {
        method: 'POST',
        headers: { 'x-trace': '1', 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
    );
    await client.fetch(new Request('https://evil.com/x', { headers: { 'x-trace': '2' } }));
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(calls[1]).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(calls[1]?.headers.get('x-trace')).toBe('1');
    expect(calls[1]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(calls[2]?.headers.get('x-trace')).toBe('2');
    expect(calls[2]?.headers.has('authorization')).toBe(false);
  });

  it('never overrides an Authorization the caller set (any case, any init form)', async () => {
    const { client, calls } = signedIn();
    await client.fetch('https://api.example.com/a', { headers: { Authorization: 'Basic dTpw' } });
    await client.fetch('https://api.example.com/b', {
      headers: [['authorization', 'Bearer other']],
    });
    await client.fetch(
      new Request('https://api.example.com/c', { headers: { AUTHORIZATION: 'Bearer mine' } }),
    );
    expect(calls.map((call) => call.headers.get('authorization'))).toEqual([
      'Basic dTpw',
      'Bearer other',
      'Bearer mine',
    ]);
  });

  it('sends no token when it is expired or absent', async () => {
    const { client, calls } = makeClient();
    await client.fetch('https://api.example.com/x');
    client.setToken(validToken({ exp: 1 }));
    await client.fetch('https://api.example.com/x');
    expect(calls.every((call) => !call.headers.has('authorization'))).toBe(true);
  });

  it('passes init through (method, body, credentials)', async () => {
    const { client, calls } = signedIn();
    await client.fetch('https://api.example.com/x', {
      method: 'PUT',
      body: 'raw',
      credentials: 'include',
    });
    expect(calls[0]).toMatchObject({ method: 'PUT', body: 'raw', credentials: 'include' });
  });
});

describe('fetch(): 401 handling', () => {
  it("a 401 token_expired from the API clears the token and emits 'unauthorized'", async () => {
    const { client, events } = signedIn({}, () =>
      problem('token_expired', 401, 'Token has expired'),
    );
    const response = await client.fetch('https://api.example.com/api/users');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'token_expired' });
    expect(client.getToken()).toBeNull();
    expect(events).toEqual([[false, { type: 'unauthorized' }]]);
  });

  it('a 401 without a code (a tutorial-era or non-Tessera API) counts too', async () => {
    const { client, events } = signedIn({}, () => new Response('nope', { status: 401 }));
    await client.fetch('https://api.example.com/api/users');
    expect(client.getToken()).toBeNull();
    expect(events.map(([, event]) => event.type)).toEqual(['unauthorized']);
  });

  it('a 401 from the login URL does not clear the token', async () => {
    const { client, events, token } = signedIn({}, () =>
      problem('invalid_credentials', 401, 'Invalid email or password'),
    );
    await client.fetch('https://api.example.com/api/auth/login?next=1', { method: 'POST' });
    expect(client.getToken()).toBe(token);
    expect(events).toEqual([]);
  });

  it('a 401 invalid_credentials elsewhere (password change) does not clear the token', async () => {
    const { client, token } = signedIn({}, () =>
      problem('invalid_credentials', 401, 'Invalid email or password'),
    );
    await client.fetch('https://api.example.com/api/auth/password', { method: 'POST' });
    expect(client.getToken()).toBe(token);
  });

  it('a 401 from another origin does not clear the token', async () => {
    const { client, token } = signedIn({}, () => problem('token_invalid', 401, 'Token is invalid'));
    await client.fetch('https://other.example.com/api/users');
    expect(client.getToken()).toBe(token);
  });

  it('403 insufficient_scope does not clear the token', async () => {
    const { client, token } = signedIn({}, () =>
      problem('insufficient_scope', 403, 'Insufficient scope'),
    );
    await client.fetch('https://api.example.com/api/users');
    expect(client.getToken()).toBe(token);
  });

  it("emits 'unauthorized' once for many parallel 401s", async () => {
    const { client, events } = signedIn({}, () =>
      problem('token_invalid', 401, 'Token is invalid'),
    );
    await Promise.all([1, 2, 3].map((n) => client.fetch(`https://api.example.com/api/users/${n}`)));
    expect(events).toHaveLength(1);
  });
});

describe('handleUnauthorized() (for interceptors)', () => {
  it('clears on a 401 from an API URL or with no URL; ignores other statuses and origins', () => {
    const cases: [
      Parameters<ReturnType<typeof makeClient>['client']['handleUnauthorized']>[0],
      boolean,
    ][] = [
      [{ status: 401, url: 'https://api.example.com/api/users' }, true],
      [{ status: 401, code: 'token_missing', url: '/api/users' }, true],
      [{ status: 401, code: 'some_future_code' }, true],
      [{ status: 401 }, true],
      [{ status: 403, code: 'insufficient_scope', url: 'https://api.example.com/x' }, false],
      [{ status: 500, url: 'https://api.example.com/x' }, false],
      [{ status: 401, url: 'https://evil.com/x' }, false],
      [{ status: 401, url: 'https://api.example.com/api/auth/login' }, false],
      [
        {
          status: 401,
          code: 'invalid_credentials',
          url: 'https://api.example.com/api/auth/password',
        },
        false,
      ],
      [
        { status: 401, code: 'setup_token_invalid', url: 'https://api.example.com/api/setup' },
        false,
      ],
    ];
    for (const [response, clears] of cases) {
      const { client, events } = signedIn();
      client.handleUnauthorized(response);
      expect({ response, cleared: client.getToken() === null }).toEqual({
        response,
        cleared: clears,
      });
      expect(events.length).toBe(clears ? 1 : 0);
    }
  });

  it('emits nothing when there is no token to clear', () => {
    const { client } = makeClient();
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    client.handleUnauthorized({ status: 401, url: 'https://api.example.com/x' });
    expect(events).toEqual([]);
  });
});

describe('fetch(): network failures', () => {
  it('wraps a rejected fetch in TesseraNetworkError with the cause', async () => {
    const offline = new TypeError('Failed to fetch');
    const { client } = signedIn({}, () => Promise.reject(offline));
    const error = await client
      .fetch('https://api.example.com/x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraNetworkError);
    expect((error as TesseraNetworkError).cause).toBe(offline);
    expect(String((error as Error).message)).not.toContain(client.getToken() ?? 'no token');
  });

  it("rethrows the caller's abort unchanged", async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    const { client } = signedIn({}, () => Promise.reject(abort));
    await expect(client.fetch('https://api.example.com/x')).rejects.toBe(abort);
  });
});

describe('request(): the JSON helper', () => {
  it('joins the path to baseUrl, sends json as application/json with the token, parses JSON', async () => {
    const { client, calls, token } = signedIn({ baseUrl: 'https://api.example.com/v1' }, () =>
      jsonResponse(201, { id: 9, name: 'Zoë' }),
    );
    const created = await client.request<{ id: number; name: string }>('/users', {
      method: 'POST',
      json: { name: 'Zoë' },
    });
    expect(created).toEqual({ id: 9, name: 'Zoë' });
    expect(calls[0]?.url).toBe('https://api.example.com/v1/users');
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.headers.get('accept')).toBe('application/json');
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(calls[0]?.body).toBe('{"name":"Zoë"}');
  });

  it('GETs without a body by default and keeps caller headers', async () => {
    const { client, calls } = signedIn({}, () => jsonResponse(200, { users: [] }));
    await client.request('/api/users?page=2', { headers: { accept: 'application/vnd.x+json' } });
    expect(calls[0]).toMatchObject({
      method: 'GET',
      body: null,
      url: 'https://api.example.com/api/users?page=2',
    });
    expect(calls[0]?.headers.get('accept')).toBe('application/vnd.x+json');
  });

  it('returns undefined for 204 and for an empty 200', async () => {
    const answers = [new Response(null, { status: 204 }), new Response('', { status: 200 })];
    const { client } = signedIn({}, () => answers.shift() ?? new Response(null, { status: 204 }));
    await expect(client.request('/api/users/1', { method: 'DELETE' })).resolves.toBeUndefined();
    await expect(client.request('/api/ping')).resolves.toBeUndefined();
  });

  it('throws TesseraHttpError on non-2xx and on a 2xx that is not JSON', async () => {
    const answers = [
      problem('not_found', 404, 'Not found'),
      new Response('<html>ok</html>', { status: 200 }),
    ];
    const { client } = signedIn({}, () => answers.shift() ?? new Response(null, { status: 204 }));
    await expect(client.request('/api/users/99')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    await expect(client.request('/api/users')).rejects.toMatchObject({
      name: 'TesseraHttpError',
      status: 200,
    });
  });

  it('a 401 through request() clears the token and throws', async () => {
    const { client, events } = signedIn({}, () =>
      problem('token_invalid', 401, 'Token is invalid'),
    );
    await expect(client.request('/api/users')).rejects.toMatchObject({
      status: 401,
      code: 'token_invalid',
      message: 'Token is invalid',
    });
    expect(client.getToken()).toBeNull();
    expect(events.map(([, event]) => event.type)).toEqual(['unauthorized']);
  });

  it('refuses body and json together', async () => {
    const { client } = signedIn();
    await expect(
      client.request('/x', { method: 'POST', body: 'a', json: { a: 1 } }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('never sends the token for an absolute path on another origin', async () => {
    const { client, calls } = signedIn();
    await client.request('https://evil.com/steal');
    await client.request('//evil.com/steal');
    expect(calls.map((call) => call.url)).toEqual([
      'https://evil.com/steal',
      'https://evil.com/steal',
    ]);
    expect(calls.every((call) => !call.headers.has('authorization'))).toBe(true);
  });
});
