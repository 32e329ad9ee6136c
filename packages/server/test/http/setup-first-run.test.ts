import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * First run (README.md "First run", SECURITY.md P20 and ASVS 6.3.2): no default account; the
 * one-time link opens `GET/POST /api/setup` on an empty database only; the token works once
 * (also under two concurrent uses, STYLE.md §3 practice 4) and setup answers 404 for good
 * afterwards. Every test gets an empty database of its own. Plus G1, G4 and G6.
 */
import type { TokenResponse, UserDto } from '@tessera/protocol';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testEngines, useTestDatabase, type TestDatabase } from '../support/engines.js';
import { expectNoEcho, expectProblem } from '../support/expect-problem.js';
import { LogCapture } from '../support/log-capture.js';
import { PASSWORD, startTestApp, testConfig, type TestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const ARGON2ID_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';
const TOKEN_FIELDS = ['access_token', 'expires_in', 'scope', 'token', 'token_type'];

interface EmptyApp {
  readonly app: FastifyInstance;
  readonly logs: LogCapture;
}

/**
 * A Tessera app on an empty database, as on a first start: `database` is a fixture of
 * `useTestDatabase` (a new SQLite file, or a truncated PostgreSQL database), which the app
 * migrates and does not close.
 */
async function startEmptyApp(database: TestDatabase): Promise<EmptyApp> {
  const logs = new LogCapture();
  const app = await buildApp({
    config: testConfig(database.dataDir, database.databaseUrl),
    database: database.database,
    logStream: logs,
    clock: () => NOW,
  });
  await app.ready();
  return { app, logs };
}

/** The token of a setup link `…/setup?token=…`. */
function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (token === null) throw new Error(`no token in ${link}`);
  return token;
}

describe.each(await testEngines())('first-run setup on %s', (engine) => {
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);
  const allLogs: LogCapture[] = [];
  let current: EmptyApp | undefined;

  function t(): EmptyApp {
    if (current === undefined) throw new Error('no app outside a test');
    return current;
  }

  /** Every request goes through here: G1 (never a 5xx) and G4 (no stack trace). */
  async function send(
    options: InjectOptions,
    app: FastifyInstance = t().app,
  ): Promise<LightMyRequestResponse> {
    const response = await app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    for (const secret of secrets) {
      if (secret.length >= 8) expect(response.body).not.toContain(secret);
    }
    return response;
  }

  function openSetup(app: FastifyInstance = t().app): string {
    const token = tokenOf(app.tessera.setup.createLink('http://127.0.0.1:3000'));
    secrets.add(token);
    return token;
  }

  function postSetup(
    body: Record<string, unknown>,
    app: FastifyInstance = t().app,
  ): Promise<LightMyRequestResponse> {
    if (typeof body['password'] === 'string') secrets.add(body['password']);
    return send({ method: 'POST', url: '/api/setup', payload: body }, app);
  }

  const firstAdmin = (token: string) => ({
    token,
    email: 'root@example.com',
    name: 'Root',
    password: 'first admin passphrase',
  });

  describe('on an empty database (a new one per test)', () => {
    const fixture = useTestDatabase(engine);
    beforeEach(async () => {
      current = await startEmptyApp(fixture());
      allLogs.push(current.logs);
    });
    afterEach(async () => {
      await current?.app.close();
      current = undefined;
    });

    it('the link is `<public url>/setup?token=<43 base64url characters>`, new at each call', () => {
      const first = t().app.tessera.setup.createLink('http://127.0.0.1:3000');
      const second = t().app.tessera.setup.createLink('http://127.0.0.1:3000');
      expect(first).toMatch(/^http:\/\/127\.0\.0\.1:3000\/setup\?token=[\w-]{43}$/);
      expect(tokenOf(first)).not.toBe(tokenOf(second));
      secrets.add(tokenOf(first));
      secrets.add(tokenOf(second));
    });

    it('P20 an empty database has no default account: admin/admin, root/root, … → 401', async () => {
      for (const [email, password] of [
        ['admin', 'admin'],
        ['admin@localhost', 'admin'],
        ['root', 'root'],
        ['test', 'test'],
        ['admin@example.com', 'admin'],
      ] as const) {
        const response = await send({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password },
        });
        expectProblem(response, 401, 'invalid_credentials');
      }
      expect(await t().app.tessera.users.count()).toBe(0);
    });

    it('before a link is made, GET and POST /api/setup → 404', async () => {
      expectProblem(await send({ url: '/api/setup' }), 404, 'not_found');
      const response = await postSetup(firstAdmin('a guessed setup token'));
      expectProblem(response, 404, 'not_found');
      expect(await t().app.tessera.users.count()).toBe(0);
    });

    it('after createLink, GET /api/setup → 200 {"setup_required":true}, public and not cached', async () => {
      openSetup();
      const response = await send({ url: '/api/setup' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('{"setup_required":true}');
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it.each([
      ['a wrong token', 'x'.repeat(43)],
      ['a one-character token', 'x'],
      ['a 200-character token', 'x'.repeat(200)],
    ])(
      'POST with %s → 401 setup_token_invalid; setup stays open, nobody created',
      async (_name, wrong) => {
        const token = openSetup();
        const response = await postSetup(firstAdmin(wrong));
        expectProblem(response, 401, 'setup_token_invalid');
        expect(await t().app.tessera.users.count()).toBe(0);
        expect((await send({ url: '/api/setup' })).statusCode).toBe(200);
        expect(
          t()
            .logs.records()
            .some((record) => record['event'] === 'setup_refused'),
        ).toBe(true);
        expect((await postSetup(firstAdmin(token))).statusCode).toBe(201);
      },
    );

    it('POST with the right token → 201 token response that works on /api/auth/me as admin; then 404 for good', async () => {
      const token = openSetup();
      const response = await postSetup(firstAdmin(token));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['pragma']).toBe('no-cache');
      // The first admin is signed in like a login: a session, its refresh token in the cookie.
      expect(response.headers['set-cookie']).toMatch(/^tessera_rt=[A-Za-z0-9_-]{43}; .*HttpOnly/);
      const body = response.json<TokenResponse>();
      expect(Object.keys(body).sort()).toEqual(TOKEN_FIELDS);
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 900,
        scope: 'users:read users:write profile:read profile:write',
      });
      secrets.add(body.token);

      const me = await send({
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(me.statusCode, me.body).toBe(200);
      expect(me.json<UserDto>()).toMatchObject({
        email: 'root@example.com',
        name: 'Root',
        role: 'admin',
        is_enabled: true,
      });
      const list = await send({
        url: '/api/users',
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(list.statusCode).toBe(200);

      const stored = await t().app.tessera.users.findByEmail('root@example.com');
      expect(stored?.passwordHash.startsWith(ARGON2ID_PREFIX)).toBe(true);

      expectProblem(await postSetup(firstAdmin(token)), 404, 'not_found');
      expectProblem(await send({ url: '/api/setup' }), 404, 'not_found');
      expectProblem(await postSetup(firstAdmin(openSetup())), 404, 'not_found');
      expectProblem(await send({ url: '/api/setup' }), 404, 'not_found');
      expect(await t().app.tessera.users.count()).toBe(1);

      const login = await send({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'root@example.com', password: 'first admin passphrase' },
      });
      expect(login.statusCode).toBe(200);
      secrets.add(login.json<TokenResponse>().token);
    });

    it('two concurrent POSTs with the one token → exactly one 201, the other 404', async () => {
      const token = openSetup();
      const answers = await Promise.all([
        postSetup({ ...firstAdmin(token), email: 'first@example.com' }),
        postSetup({ ...firstAdmin(token), email: 'second@example.com' }),
      ]);
      expect(answers.map((response) => response.statusCode).sort()).toEqual([201, 404]);
      for (const response of answers) {
        if (response.statusCode === 201) secrets.add(response.json<TokenResponse>().token);
      }
      expect(await t().app.tessera.users.count()).toBe(1);
    });

    const withoutField = (token: string, field: string) => {
      const body: Record<string, unknown> = { ...firstAdmin(token) };
      delete body[field];
      return body;
    };
    it.each([
      ['no token', (token: string) => withoutField(token, 'token')],
      ['no password', (token: string) => withoutField(token, 'password')],
      ['no email', (token: string) => withoutField(token, 'email')],
      ['an extra role field', (token: string) => ({ ...firstAdmin(token), role: 'user' })],
      [
        'an extra is_enabled field',
        (token: string) => ({ ...firstAdmin(token), is_enabled: false }),
      ],
      [
        'a 7-character password',
        (token: string) => ({ ...firstAdmin(token), password: 'short77' }),
      ],
      [
        'a Cyrillic homoglyph email',
        (token: string) => ({ ...firstAdmin(token), email: '\u0430dmin@example.com' }),
      ],
      ['a NUL in the name', (token: string) => ({ ...firstAdmin(token), name: 'Ro\u0000ot' })],
      ['a number as the token', (token: string) => ({ ...firstAdmin(token), token: 12345 })],
      ['an empty token', (token: string) => ({ ...firstAdmin(token), token: '' })],
    ])('POST with %s → 400 validation_failed; setup stays open', async (_name, payload) => {
      const token = openSetup();
      const response = await postSetup(payload(token));
      expectProblem(response, 400, 'validation_failed');
      expect(await t().app.tessera.users.count()).toBe(0);
      expect((await send({ url: '/api/setup' })).statusCode).toBe(200);
      expect((await postSetup(firstAdmin(token))).statusCode).toBe(201);
    });

    it('POST with a 1025-character password → 400 password_too_long, nobody created', async () => {
      const token = openSetup();
      const response = await postSetup({ ...firstAdmin(token), password: 'p'.repeat(1025) });
      expectProblem(response, 400, 'password_too_long');
      expect(await t().app.tessera.users.count()).toBe(0);
    });

    it('POST over 16 KiB → 413; as text/plain or a form → 415', async () => {
      const token = openSetup();
      const big = await send({
        method: 'POST',
        url: '/api/setup',
        payload: { ...firstAdmin(token), name: 'n'.repeat(17 * 1024) },
      });
      expectProblem(big, 413, 'payload_too_large');
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const response = await send({
          method: 'POST',
          url: '/api/setup',
          headers: { 'content-type': contentType },
          payload: JSON.stringify(firstAdmin(token)),
        });
        expectProblem(response, 415, 'unsupported_media_type');
      }
      expect(await t().app.tessera.users.count()).toBe(0);
    });
  });

  describe('on a database that already has users', () => {
    let populated: TestApp | undefined;
    beforeEach(async () => {
      populated = await startTestApp(engine);
      allLogs.push(populated.logs);
    });
    afterEach(async () => {
      await populated?.dispose();
    });

    it('GET and POST /api/setup → 404, even with a freshly made link', async () => {
      const { app } = populated!;
      const { users } = app.tessera;
      const before = await users.count();
      expectProblem(await send({ url: '/api/setup' }, app), 404, 'not_found');
      const token = openSetup(app);
      expectProblem(await send({ url: '/api/setup' }, app), 404, 'not_found');
      expectProblem(await postSetup(firstAdmin(token), app), 404, 'not_found');
      expect(await users.count()).toBe(before);
      expect(await users.findByEmail('root@example.com')).toBeUndefined();
    });
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    expect(allLogs.length).toBeGreaterThan(0);
    for (const logs of allLogs) expectCleanLogs(logs, secrets, { requireRecords: false });
  });
});
