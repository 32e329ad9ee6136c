import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * SECURITY.md §2.7, hostile login bodies: P06 (SQL injection), P07 (type confusion, no
 * coercion), P08 (missing and extra fields, prototype poisoning), P09 (other media types) and
 * P10 (password and body sizes: 400 without hashing above 1024 characters, 413 above the body
 * limit), plus G1, G4 and G6.
 */
import type { TokenResponse } from '@tessera/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectNoEcho, expectProblem } from '../support/expect-problem.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';

const LOGIN = '/api/auth/login';
const JSON_TYPE = { 'content-type': 'application/json' };
/** Words of SQL or of a driver error: never in a body (P06, G4). */
const SQL_TEXT = /select|union|insert|drop table|sqlite|postgres|syntax|constraint|where /i;

describe.each(await testEngines())('hostile login input on %s (SECURITY.md §2.7)', (engine) => {
  const t = useTestApp(engine);
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Every request goes through here: G1 (never a 5xx) and G4 (no stack trace). */
  async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await t().app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    return response;
  }

  async function login(email: string, password: string, url = LOGIN) {
    secrets.add(password);
    const response = await send({ method: 'POST', url, payload: { email, password } });
    expectNoEcho(response, password);
    if (response.statusCode === 200) secrets.add(response.json<TokenResponse>().token);
    return response;
  }

  /** Spies on the hasher: `verify` also runs for the dummy hash of an unknown email. */
  function spyHasher() {
    const { hasher } = t().app.tessera;
    return { verify: vi.spyOn(hasher, 'verify'), hash: vi.spyOn(hasher, 'hash') };
  }

  function adminAuth(): Record<string, string> {
    const token = t().tokenFor(t().admin);
    secrets.add(token);
    return { authorization: `Bearer ${token}` };
  }

  describe('P06 SQL injection (ASVS 1.2.4)', () => {
    const INJECTIONS = [
      "' OR 1=1 --",
      "admin'--",
      "admin@example.com'--",
      '" OR ""="',
      "x' UNION SELECT password_hash FROM users --",
      "'; DROP TABLE users; --",
      "alice@example.com' OR '1'='1",
      '\\',
      '%',
      "' OR email LIKE '%",
    ];

    it.each(INJECTIONS)('P06 email %j → 401 generic, no SQL text', async (email) => {
      const response = await login(email, PASSWORD);
      expectProblem(response, 401, 'invalid_credentials');
      expect(response.body).not.toMatch(SQL_TEXT);
      expectNoEcho(response, email);
    });

    it.each(INJECTIONS.filter((value) => value.length >= 8))(
      'P06 password %j for alice → 401 generic, no SQL text',
      async (password) => {
        const response = await login(t().alice.email, password);
        expectProblem(response, 401, 'invalid_credentials');
        expect(response.body).not.toMatch(SQL_TEXT);
      },
    );

    it('P06 the users table is intact afterwards: every user still logs in', async () => {
      const { alice, bob, admin, app } = t();
      for (const user of [alice, bob, admin]) {
        expect((await login(user.email, user.password)).statusCode).toBe(200);
      }
      expect(await app.tessera.users.count()).toBeGreaterThanOrEqual(3);
    });

    it('P06 a NUL byte in the email → 400 validation_failed, not a driver error', async () => {
      // PostgreSQL refuses U+0000 in text: without the schema's check this was a 500.
      const response = await login('alice\u0000@example.com', PASSWORD);
      expectProblem(response, 400, 'validation_failed');
      expect(response.body).not.toMatch(SQL_TEXT);
    });
  });

  describe('P07 operator and type confusion (no coercion)', () => {
    const email = JSON.stringify('alice@example.com');
    const password = JSON.stringify(PASSWORD);
    it.each([
      '{"email":{"$ne":null},"password":{"$ne":null}}',
      '{"email":{"$gt":""}}',
      '{"email":["a@x","b@x"]}',
      '{"password":true}',
      '{"password":12345678}',
      '{"password":null}',
      `{"email":${email},"password":12345678}`,
      `{"email":${email},"password":true}`,
      `{"email":${email},"password":null}`,
      `{"email":${email},"password":[${password}]}`,
      `{"email":${email},"password":{"$ne":null}}`,
      `{"email":${email},"password":{"$gt":""}}`,
      `{"email":[${email}],"password":${password}}`,
      `{"email":{"$regex":".*"},"password":${password}}`,
      `{"email":12345678,"password":${password}}`,
      `{"email":null,"password":${password}}`,
    ])('P07 %s → 400 validation_failed, no login attempt', async (payload) => {
      const spies = spyHasher();
      const response = await send({ method: 'POST', url: LOGIN, headers: JSON_TYPE, payload });
      expectProblem(response, 400, 'validation_failed');
      expect(spies.verify).not.toHaveBeenCalled();
    });

    it('P07 {"password":12345678} is not coerced: the same digits as a string do log in', async () => {
      const user = await t().createUser('digits@example.com', 'user', '12345678');
      const asNumber = await send({
        method: 'POST',
        url: LOGIN,
        headers: JSON_TYPE,
        payload: `{"email":"${user.email}","password":12345678}`,
      });
      expectProblem(asNumber, 400, 'validation_failed');
      expect((await login(user.email, '12345678')).statusCode).toBe(200);
    });
  });

  describe('P08 missing fields, extra fields, prototype poisoning', () => {
    const right = `"email":"alice@example.com","password":${JSON.stringify(PASSWORD)}`;
    it.each([
      ['no field', '{}'],
      ['no password', '{"email":"alice@example.com"}'],
      ['no email', `{"password":${JSON.stringify(PASSWORD)}}`],
      ['empty password', '{"email":"alice@example.com","password":""}'],
      ['extra role', `{${right},"role":"admin"}`],
      ['extra scope', `{${right},"scope":"users:write"}`],
      ['extra is_admin', `{${right},"is_admin":true}`],
      ['extra refresh flag', `{${right},"remember_me":true}`],
      ['an array body', `[${JSON.stringify({ email: 'alice@example.com', password: PASSWORD })}]`],
      ['a string body', '"alice@example.com"'],
      ['a null body', 'null'],
    ])(
      'P08 %s → 400 validation_failed, even with the right credentials',
      async (_name, payload) => {
        const spies = spyHasher();
        const response = await send({ method: 'POST', url: LOGIN, headers: JSON_TYPE, payload });
        expectProblem(response, 400, 'validation_failed');
        expect(spies.verify).not.toHaveBeenCalled();
      },
    );

    it.each([
      ['__proto__', `{${right},"__proto__":{"isAdmin":true}}`],
      ['__proto__ alone', '{"__proto__":{"isAdmin":true}}'],
      ['constructor.prototype', `{${right},"constructor":{"prototype":{"isAdmin":true}}}`],
      ['nested __proto__', `{"email":{"__proto__":{"x":1}},"password":"xxxxxxxx"}`],
      ['invalid JSON', '{"email":"alice@example.com",'],
      ['an empty JSON body', ''],
    ])('P08 %s → 400 bad_request', async (_name, payload) => {
      const spies = spyHasher();
      const response = await send({ method: 'POST', url: LOGIN, headers: JSON_TYPE, payload });
      expectProblem(response, 400, 'bad_request');
      expect(spies.verify).not.toHaveBeenCalled();
      expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    });
  });

  describe('P09 other media types → 415 (also a CSRF control)', () => {
    const form = `email=alice%40example.com&password=${encodeURIComponent(PASSWORD)}`;
    const multipart =
      '--X\r\nContent-Disposition: form-data; name="email"\r\n\r\nalice@example.com\r\n' +
      `--X\r\nContent-Disposition: form-data; name="password"\r\n\r\n${PASSWORD}\r\n--X--\r\n`;
    const json = JSON.stringify({ email: 'alice@example.com', password: PASSWORD });
    it.each([
      ['text/plain', json],
      ['text/plain; charset=utf-8', json],
      ['application/x-www-form-urlencoded', form],
      ['multipart/form-data; boundary=X', multipart],
      ['application/xml', '<login/>'],
      ['application/vnd.api+json', json],
    ])('P09 %s → 415 unsupported_media_type', async (contentType, payload) => {
      for (const url of [LOGIN, '/api/login']) {
        const response = await send({
          method: 'POST',
          url,
          headers: { 'content-type': contentType },
          payload,
        });
        expectProblem(response, 415, 'unsupported_media_type');
      }
    });

    it('P09 a body without Content-Type → 415', async () => {
      const response = await send({ method: 'POST', url: LOGIN, payload: json });
      expectProblem(response, 415, 'unsupported_media_type');
    });
  });

  describe('P10 password and body sizes', () => {
    it.each([
      ['73 bytes', `${'A'.repeat(72)}1`],
      ['1 KiB (1024 characters, the maximum)', 'p'.repeat(1024)],
      ['1024 emoji (2048 UTF-16 units)', '🔑'.repeat(1024)],
    ])('P10 a wrong password of %s → 401 generic, after argon2 work', async (_name, password) => {
      const spies = spyHasher();
      const response = await login(t().alice.email, password);
      expectProblem(response, 401, 'invalid_credentials');
      expect(spies.verify).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['1025 characters', 'p'.repeat(1025)],
      ['1025 emoji', '🔑'.repeat(1025)],
      ['8 KiB', 'p'.repeat(8 * 1024)],
    ])('P10 a password of %s → 400 password_too_long, never hashed', async (_name, password) => {
      const { alice, logs } = t();
      for (const email of [alice.email, 'nobody@example.com']) {
        const spies = spyHasher();
        const response = await login(email, password);
        expectProblem(response, 400, 'password_too_long');
        expect(spies.verify).not.toHaveBeenCalled();
        expect(spies.hash).not.toHaveBeenCalled();
        const requestId = response.json<{ request_id: string }>().request_id;
        const events = logs.records().filter((record) => record['reqId'] === requestId);
        expect(events.length).toBeGreaterThan(0);
        expect(events.filter((record) => record['event'] === 'login_failed')).toEqual([]);
      }
    });

    it('P10 a user can be created with, and log in with, a password of exactly 1024 characters', async () => {
      const password = 'é'.repeat(1024);
      secrets.add(password);
      const created = await send({
        method: 'POST',
        url: '/api/users',
        headers: adminAuth(),
        payload: { email: 'long-password@example.com', name: 'Long', password },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect((await login('long-password@example.com', password)).statusCode).toBe(200);
      expectProblem(
        await login('long-password@example.com', `${password}é`),
        400,
        'password_too_long',
      );
    });

    it.each([
      ['64 KiB', 64 * 1024],
      ['1 MiB', 1024 * 1024],
    ])(
      'P10 a %s password on /api/auth/login → 413 payload_too_large (16 KiB limit)',
      async (_name, size) => {
        const spies = spyHasher();
        const password = 'p'.repeat(size);
        const response = await login(t().alice.email, password);
        expectProblem(response, 413, 'payload_too_large');
        expect(spies.verify).not.toHaveBeenCalled();
      },
    );

    it('P10 any login body over 16 KiB → 413, whatever field makes it big', async () => {
      const payload = JSON.stringify({ email: 'a'.repeat(17 * 1024), password: PASSWORD });
      for (const url of [LOGIN, '/api/login']) {
        const response = await send({ method: 'POST', url, headers: JSON_TYPE, payload });
        expectProblem(response, 413, 'payload_too_large');
      }
    });

    it('P10 a 64 KiB password where the body limit is 1 MiB (POST /api/users) → 400 password_too_long, never hashed', async () => {
      const spies = spyHasher();
      const password = 'p'.repeat(64 * 1024);
      secrets.add(password);
      const response = await send({
        method: 'POST',
        url: '/api/users',
        headers: adminAuth(),
        payload: { email: 'too-long@example.com', name: 'Too long', password },
      });
      expectProblem(response, 400, 'password_too_long');
      expect(spies.hash).not.toHaveBeenCalled();
      expect(await t().app.tessera.users.findByEmail('too-long@example.com')).toBeUndefined();
    });

    it('P10 a 64 KiB current_password on PATCH → 400 password_too_long, never verified', async () => {
      const user = await t().createUser('patch-long@example.com');
      const token = t().tokenFor(user);
      secrets.add(token);
      const spies = spyHasher();
      const current = 'p'.repeat(64 * 1024);
      secrets.add(current);
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { password: 'a brand new password', current_password: current },
      });
      expectProblem(response, 400, 'password_too_long');
      expect(spies.verify).not.toHaveBeenCalled();
      expect(spies.hash).not.toHaveBeenCalled();
    });

    it('P10 a body over 1 MiB on other routes → 413 payload_too_large', async () => {
      const big = 'p'.repeat(1024 * 1024 + 16);
      const user = await t().createUser('patch-big@example.com');
      const token = t().tokenFor(user);
      secrets.add(token);
      const requests: InjectOptions[] = [
        {
          method: 'POST',
          url: '/api/users',
          headers: adminAuth(),
          payload: { email: 'big@example.com', name: 'Big', password: big },
        },
        {
          method: 'PATCH',
          url: `/api/users/${user.id}`,
          headers: { authorization: `Bearer ${token}` },
          payload: { name: big },
        },
      ];
      for (const request of requests) {
        expectProblem(await send(request), 413, 'payload_too_large');
      }
    });
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    const { logs, alice, bob, admin } = t();
    for (const user of [alice, bob, admin]) secrets.add(t().tokenFor(user));
    expectCleanLogs(logs, secrets);
  });
});
