import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * SECURITY.md §2.8 and the users resource as README.md documents it: the admin's create, list
 * (search, pages, sort), read, edit and delete; U06 and U07 (no secret field ever returned), U10
 * (a duplicate email is 409 `email_taken`; self-registration is off), U12 (method override
 * ignored, unknown methods 404), U13 (repeated query parameters 400), and a disabled or deleted
 * user's token failing on the next request (L01, L02). Plus G1, G4 and G6.
 */
import type { TokenResponse, UserDto, UsersPage } from '@tessera/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectAnswer, expectNoEcho, expectProblem } from '../support/expect-problem.js';
import { PASSWORD, useTestApp, type TestUser } from '../support/test-app.js';

/** U07: no password material in any user-returning body. */
const SECRET_FIELDS = /password|hash|token_version|\$argon2/i;
const USER_FIELDS = [
  'created_at',
  'email',
  'id',
  'is_email_verified',
  'is_enabled',
  'name',
  'pending_invitation',
  'role',
  'updated_at',
];

describe.each(await testEngines())('users CRUD on %s (SECURITY.md §2.8)', (engine) => {
  const t = useTestApp(engine);
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);

  /** Every request goes through here: G1, G4, and U07 on every successful body. */
  async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await t().app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    if (response.statusCode < 300 && response.body !== '') {
      expect(response.body).not.toMatch(SECRET_FIELDS);
    }
    return response;
  }

  function auth(user: TestUser | string): Record<string, string> {
    const token = typeof user === 'string' ? user : t().tokenFor(user);
    secrets.add(token);
    return { authorization: `Bearer ${token}` };
  }

  const asAdmin = (options: InjectOptions) =>
    send({ ...options, headers: { ...options.headers, ...auth(t().admin) } });

  async function login(email: string, password: string): Promise<LightMyRequestResponse> {
    secrets.add(password);
    const response = await send({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
    });
    if (response.statusCode === 200) secrets.add(response.json<TokenResponse>().token);
    return response;
  }

  async function create(
    email: string,
    extra: { name?: string; role?: 'user' | 'admin'; is_enabled?: boolean } = {},
  ): Promise<UserDto & { password: string }> {
    const password = `pw of ${email}`;
    secrets.add(password);
    const response = await asAdmin({
      method: 'POST',
      url: '/api/users',
      payload: { email, name: extra.name ?? email.split('@')[0], password, ...extra },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { ...response.json<UserDto>(), password };
  }

  async function list(query: string): Promise<UsersPage> {
    const response = await asAdmin({ url: `/api/users?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<UsersPage>();
  }

  describe('create and read', () => {
    it('an admin creates a user: 201 with the user, GET shows it, the user can log in', async () => {
      const created = await create('carol@example.com', { name: 'Carol', role: 'user' });
      expect(
        Object.keys(created)
          .filter((key) => key !== 'password')
          .sort(),
      ).toEqual(USER_FIELDS);
      expect(created).toMatchObject({
        email: 'carol@example.com',
        name: 'Carol',
        role: 'user',
        is_enabled: true,
      });
      expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

      const read = await asAdmin({ url: `/api/users/${created.id}` });
      expect(read.statusCode).toBe(200);
      expect(read.json<UserDto>()).toEqual(
        Object.fromEntries(Object.entries(created).filter(([key]) => key !== 'password')),
      );
      expect((await login(created.email, created.password)).statusCode).toBe(200);
    });

    it('an admin creates a disabled admin: stored as asked, and cannot log in', async () => {
      const created = await create('dormant@example.com', { role: 'admin', is_enabled: false });
      expect(created).toMatchObject({ role: 'admin', is_enabled: false });
      expectProblem(await login(created.email, created.password), 401, 'invalid_credentials');
    });

    it('a user reads themself through GET /api/users/:id and /api/auth/me', async () => {
      const { alice } = t();
      const byId = await send({ url: `/api/users/${alice.id}`, headers: auth(alice) });
      const me = await send({ url: '/api/auth/me', headers: auth(alice) });
      expect(byId.statusCode).toBe(200);
      expect(byId.json<UserDto>()).toEqual(me.json<UserDto>());
      expect(me.json<UserDto>()).toMatchObject({ id: alice.id, email: alice.email, role: 'user' });
    });

    it.each([
      ['ALICE@example.com', 'a case variant'],
      ['alice@example.com', 'the same email'],
    ])('U10 admin creates %s (%s of an existing email) → 409 email_taken', async (email) => {
      const response = await asAdmin({
        method: 'POST',
        url: '/api/users',
        payload: { email, name: 'Again', password: 'a fine password' },
      });
      expectProblem(response, 409, 'email_taken');
    });

    it('U10 self-registration is off: POST /api/auth/signup → 404, /api/users without a token → 401', async () => {
      const payload = { email: 'self@example.com', name: 'Self', password: 'a fine password' };
      expectProblem(
        await send({ method: 'POST', url: '/api/auth/signup', payload }),
        404,
        'not_found',
      );
      expectAnswer(await send({ method: 'POST', url: '/api/users', payload }), 'R401m');
      expect(await t().app.tessera.users.findByEmail('self@example.com')).toBeUndefined();
    });

    it.each([
      ['no email', { name: 'N', password: 'a fine password' }],
      ['no name', { email: 'noname@example.com', password: 'a fine password' }],
      ['an empty name', { email: 'empty@example.com', name: '', password: 'a fine password' }],
      [
        'a 201-character name',
        { email: 'x@example.com', name: 'n'.repeat(201), password: 'a fine password' },
      ],
      [
        'a NUL in the name',
        { email: 'nul@example.com', name: 'a\u0000b', password: 'a fine password' },
      ],
      ['a 7-character password', { email: 'short@example.com', name: 'N', password: 'short77' }],
      [
        'is_enabled as a string',
        { email: 'str@example.com', name: 'N', password: 'a fine password', is_enabled: 'true' },
      ],
    ])('admin create with %s → 400 validation_failed', async (_name, payload) => {
      const response = await asAdmin({ method: 'POST', url: '/api/users', payload });
      expectProblem(response, 400, 'validation_failed');
    });
  });

  describe('list: search, pages, sort', () => {
    it('U06 GET /api/users as alice → 403 insufficient_scope', async () => {
      const response = await send({ url: '/api/users', headers: auth(t().alice) });
      expectProblem(response, 403, 'insufficient_scope');
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="tessera", error="insufficient_scope", scope="users:read"',
      );
    });

    it('U06 GET /api/users as admin → 200, each user has exactly the public fields', async () => {
      const page = await list('');
      expect(page).toMatchObject({ page: 1, per_page: 20 });
      expect(page.total).toBeGreaterThanOrEqual(3);
      for (const user of page.users) {
        expect(Object.keys(user).sort()).toEqual(USER_FIELDS);
      }
      expect(page.users.map((user) => user.email)).toEqual(
        expect.arrayContaining(['alice@example.com', 'bob@example.com', 'admin@example.com']),
      );
    });

    it('search q matches email or name, case-insensitively; LIKE wildcards are literal', async () => {
      await create('quinn@search.example', { name: 'Quinn Zebra' });
      await create('zed@search.example', { name: 'Zed' });
      await create('other@elsewhere.example', { name: 'zebra crossing' });
      expect((await list('q=search.example')).users.map((user) => user.email)).toEqual([
        'quinn@search.example',
        'zed@search.example',
      ]);
      const zebra = await list('q=ZEBRA');
      expect(zebra.total).toBe(2);
      expect(zebra.users.map((user) => user.name)).toEqual(['Quinn Zebra', 'zebra crossing']);
      expect((await list('q=%25')).total).toBe(0);
      expect((await list('q=_')).total).toBe(0);
      expect((await list('q=nobody-matches-this')).users).toEqual([]);
    });

    it('pagination: per_page, page and total', async () => {
      for (const n of [1, 2, 3, 4, 5]) await create(`page${n}@paging.example`);
      const first = await list('q=paging.example&per_page=2');
      expect(first).toMatchObject({ total: 5, page: 1, per_page: 2 });
      expect(first.users.map((user) => user.email)).toEqual([
        'page1@paging.example',
        'page2@paging.example',
      ]);
      const third = await list('q=paging.example&per_page=2&page=3');
      expect(third).toMatchObject({ total: 5, page: 3, per_page: 2 });
      expect(third.users.map((user) => user.email)).toEqual(['page5@paging.example']);
      const beyond = await list('q=paging.example&per_page=2&page=4');
      expect(beyond).toMatchObject({ users: [], total: 5, page: 4 });
    });

    it('sorting: sort=email&order=desc, sort=name&order=asc', async () => {
      await create('b@sorting.example', { name: 'Charlie' });
      await create('c@sorting.example', { name: 'alpha' });
      await create('a@sorting.example', { name: 'Bravo' });
      const byEmail = await list('q=sorting.example&sort=email&order=desc');
      expect(byEmail.users.map((user) => user.email)).toEqual([
        'c@sorting.example',
        'b@sorting.example',
        'a@sorting.example',
      ]);
      const byName = await list('q=sorting.example&sort=name&order=asc');
      expect(byName.users.map((user) => user.name)).toEqual(['alpha', 'Bravo', 'Charlie']);
    });

    it.each([
      'page=0',
      'page=-1',
      'page=1.5',
      'per_page=0',
      'per_page=101',
      'per_page=abc',
      'sort=password_hash',
      'sort=email;DROP',
      'order=sideways',
      `q=${'q'.repeat(101)}`,
      'q=%00',
      'id=1',
    ])('list with %s → 400 validation_failed', async (query) => {
      expectProblem(await asAdmin({ url: `/api/users?${query}` }), 400, 'validation_failed');
    });

    it.each([
      'page=1&page=2',
      'per_page=5&per_page=10',
      'q=a&q=b',
      'sort=email&sort=id',
      'order=asc&order=desc',
      'id=1&id=2',
    ])('U13 repeated parameter %s → 400 validation_failed', async (query) => {
      expectProblem(await asAdmin({ url: `/api/users?${query}` }), 400, 'validation_failed');
    });
  });

  describe('edit', () => {
    it('an admin edits name, email, role and is_enabled', async () => {
      const user = await create('edit-me@example.com', { name: 'Before' });
      const patch = (payload: object) =>
        asAdmin({ method: 'PATCH', url: `/api/users/${user.id}`, payload });

      const renamed = await patch({ name: 'After' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json<UserDto>()).toMatchObject({ id: user.id, name: 'After' });

      const moved = await patch({ email: 'edited@example.com' });
      expect(moved.json<UserDto>().email).toBe('edited@example.com');
      expectProblem(await login(user.email, user.password), 401, 'invalid_credentials');
      expect((await login('edited@example.com', user.password)).statusCode).toBe(200);

      const promoted = await patch({ role: 'admin' });
      expect(promoted.json<UserDto>().role).toBe('admin');
      const asAdminNow = await login('edited@example.com', user.password);
      expect(asAdminNow.json<TokenResponse>().scope).toContain('users:write');

      const demoted = await patch({ role: 'user', is_enabled: false });
      expect(demoted.json<UserDto>()).toMatchObject({ role: 'user', is_enabled: false });
      expectProblem(await login('edited@example.com', user.password), 401, 'invalid_credentials');

      const read = await asAdmin({ url: `/api/users/${user.id}` });
      expect(read.json<UserDto>()).toMatchObject({
        email: 'edited@example.com',
        name: 'After',
        role: 'user',
        is_enabled: false,
      });
    });

    it('an admin resets another user’s password without knowing it: new works, old fails', async () => {
      const user = await create('reset-me@example.com');
      const next = 'reset by the admin';
      secrets.add(next);
      const response = await asAdmin({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { password: next },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect((await login(user.email, next)).statusCode).toBe(200);
      expectProblem(await login(user.email, user.password), 401, 'invalid_credentials');
    });

    it('U10 an admin changing a user’s email to a taken one (any case) → 409 email_taken', async () => {
      const user = await create('taken-target@example.com');
      const response = await asAdmin({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { email: 'BOB@example.com' },
      });
      expectProblem(response, 409, 'email_taken');
    });
  });

  describe('delete', () => {
    it('an admin deletes a user: 204 with no body, then GET, PATCH and DELETE → 404', async () => {
      const user = await create('delete-me@example.com');
      const deleted = await asAdmin({ method: 'DELETE', url: `/api/users/${user.id}` });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expectProblem(await asAdmin({ url: `/api/users/${user.id}` }), 404, 'not_found');
      expectProblem(
        await asAdmin({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { name: 'x' } }),
        404,
        'not_found',
      );
      expectProblem(
        await asAdmin({ method: 'DELETE', url: `/api/users/${user.id}` }),
        404,
        'not_found',
      );
      expectProblem(await login(user.email, user.password), 401, 'invalid_credentials');
    });
  });

  describe('a disabled or deleted user’s token (L01, L02)', () => {
    it('disabled → its token is 401 token_invalid on the next request; re-enabled → a new login works, the old session stays ended', async () => {
      const user = await create('disable-me@example.com');
      const token = (await login(user.email, user.password)).json<TokenResponse>().token;
      expect((await send({ url: '/api/auth/me', headers: auth(token) })).statusCode).toBe(200);

      await asAdmin({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { is_enabled: false },
      });
      expectAnswer(await send({ url: '/api/auth/me', headers: auth(token) }), 'R401i', token);
      expectAnswer(
        await send({ url: `/api/users/${user.id}`, headers: auth(token) }),
        'R401i',
        token,
      );

      await asAdmin({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { is_enabled: true },
      });
      // The disable ended every session (L02): re-enabling does not bring the old token back.
      expectAnswer(await send({ url: '/api/auth/me', headers: auth(token) }), 'R401i', token);
      const fresh = (await login(user.email, user.password)).json<TokenResponse>().token;
      const again = await send({ url: '/api/auth/me', headers: auth(fresh) });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<UserDto>().id).toBe(user.id);
    });

    it('deleted → its token is 401 token_invalid (not 404 or 500)', async () => {
      const user = await create('delete-token@example.com');
      const token = (await login(user.email, user.password)).json<TokenResponse>().token;
      await asAdmin({ method: 'DELETE', url: `/api/users/${user.id}` });
      expectAnswer(await send({ url: '/api/auth/me', headers: auth(token) }), 'R401i', token);
      expectAnswer(
        await send({ url: `/api/users/${user.id}`, headers: auth(token) }),
        'R401i',
        token,
      );
    });
  });

  describe('U07 no user-returning response holds password material', () => {
    it('U07 login, me, list, read, create, update: none contains password, hash, token_version or $argon2', async () => {
      const { alice } = t();
      const created = await create('u07@example.com');
      const bodies = [
        await login(alice.email, alice.password),
        await send({ url: '/api/auth/me', headers: auth(alice) }),
        await send({ url: `/api/users/${alice.id}`, headers: auth(alice) }),
        await asAdmin({ url: '/api/users?per_page=100' }),
        await asAdmin({ url: `/api/users/${created.id}` }),
        await asAdmin({
          method: 'PATCH',
          url: `/api/users/${created.id}`,
          payload: { name: 'U07' },
        }),
        await asAdmin({
          method: 'PATCH',
          url: `/api/users/${created.id}`,
          payload: { password: 'new u07 password' },
        }),
      ];
      secrets.add('new u07 password');
      for (const response of bodies) {
        expect(response.statusCode, response.body).toBe(200);
        expect(response.body).not.toMatch(SECRET_FIELDS);
        expect(response.body).not.toContain(created.password);
      }
    });
  });

  describe('U12 method override and unsupported methods', () => {
    it.each(['x-http-method-override', 'x-http-method', 'x-method-override'])(
      'U12 GET with %s: DELETE is ignored, the user still exists',
      async (header) => {
        const user = await create(`override-${header}@example.com`);
        const response = await asAdmin({
          method: 'GET',
          url: `/api/users/${user.id}`,
          headers: { [header]: 'DELETE' },
        });
        expect(response.statusCode).toBe(200);
        expect(response.json<UserDto>().id).toBe(user.id);
        expect(await t().app.tessera.users.findById(user.id)).toBeDefined();
      },
    );

    it('U12 POST with X-HTTP-Method-Override: DELETE on /api/users/:id → 404, nothing deleted', async () => {
      const user = await create('override-post@example.com');
      const response = await asAdmin({
        method: 'POST',
        url: `/api/users/${user.id}`,
        headers: { 'x-http-method-override': 'DELETE' },
        payload: {},
      });
      expectProblem(response, 404, 'not_found');
      expect(await t().app.tessera.users.findById(user.id)).toBeDefined();
    });

    it.each([
      ['PUT', '/api/users/1'],
      ['POST', '/api/users/1'],
      ['PUT', '/api/users'],
      ['PATCH', '/api/users'],
      ['DELETE', '/api/users'],
    ] as const)(
      'U12 %s %s → 404 not_found (pinned), with or without a token',
      async (method, url) => {
        for (const headers of [{}, auth(t().admin)]) {
          const response = await send({ method, url, headers, payload: {} });
          expectProblem(response, 404, 'not_found');
        }
      },
    );

    it('U12 an unknown method name → 4xx, never 5xx', async () => {
      const response = await send({
        method: 'PROPFIND',
        url: '/api/users/1',
        headers: auth(t().admin),
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
    });
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    const { logs } = t();
    expectCleanLogs(logs, secrets);
  });
});
