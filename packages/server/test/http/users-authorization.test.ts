import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * SECURITY.md §2.8, who may touch which user and which field: U01–U03 (mass assignment), U04
 * and U05 (object-level authorisation, id forms), U08 and U09 (re-authentication for an email
 * or password change), plus G1, G4 and G6 and U07 on every success.
 */
import type { TokenResponse, UserDto } from '@tessera/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserRecord } from '../../src/users/user-store.js';
import { testEngines } from '../support/engines.js';
import { expectNoEcho, expectProblem } from '../support/expect-problem.js';
import { PASSWORD, useTestApp, type TestUser } from '../support/test-app.js';

/** U07: no password material in any user-returning body. */
const SECRET_FIELDS = /password|hash|token_version|\$argon2/i;

/** Status, body without request_id, headers without date and length: equal means no oracle. */
function comparable(response: LightMyRequestResponse) {
  const without = (record: object, keys: string[]) =>
    Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
  return {
    status: response.statusCode,
    body: without(response.json<object>(), ['request_id']),
    headers: without(response.headers, ['date', 'content-length']),
  };
}

/** The fields of a record an attacker would want to change. */
function snapshot(record: UserRecord | undefined) {
  if (record === undefined) return undefined;
  const { id, email, name, role, isEnabled, passwordHash, tokenVersion, updatedAt } = record;
  return { id, email, name, role, isEnabled, passwordHash, tokenVersion, updatedAt };
}

describe.each(await testEngines())('users authorisation on %s (SECURITY.md §2.8)', (engine) => {
  const t = useTestApp(engine);
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);
  let serial = 0;

  afterEach(() => {
    vi.restoreAllMocks();
  });

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

  function auth(user: TestUser): Record<string, string> {
    const token = t().tokenFor(user);
    secrets.add(token);
    return { authorization: `Bearer ${token}` };
  }

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

  /** A fresh plain user for a test that changes it. */
  function freshUser(prefix: string): Promise<TestUser> {
    serial += 1;
    return t().createUser(`${prefix}-${serial}@example.com`);
  }

  const reread = async (id: number) => snapshot(await t().app.tessera.users.findById(id));

  describe('U01 mass assignment on create', () => {
    // `role` is not in the list: an admin may set it on create (an unknown role is 400 below).
    const EXTRA_FIELDS: [string, unknown][] = [
      ['is_admin', true],
      ['isAdmin', true],
      ['roles', ['admin']],
      ['id', 1],
      ['created_at', '2000-01-01T00:00:00.000Z'],
      ['updated_at', '2000-01-01T00:00:00.000Z'],
      ['password_hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'],
      ['email_verified', true],
      ['token_version', 0],
      ['scope', 'users:write'],
    ];

    it.each(EXTRA_FIELDS)(
      'U01 POST /api/users with "%s" → 400, nothing created',
      async (field, value) => {
        const email = `u01-${field.toLowerCase()}@example.com`;
        const payload = { email, name: 'Mallory', password: 'a fine password', [field]: value };
        const response = await send({
          method: 'POST',
          url: '/api/users',
          headers: auth(t().admin),
          payload,
        });
        expectProblem(response, 400, 'validation_failed');
        expect(await t().app.tessera.users.findByEmail(email)).toBeUndefined();
      },
    );

    it('U01 a role outside the enum ("superuser", "root", "Admin") → 400, nothing created', async () => {
      for (const role of ['superuser', 'root', 'Admin']) {
        const email = `u01-role-${role.toLowerCase()}@example.com`;
        const response = await send({
          method: 'POST',
          url: '/api/users',
          headers: auth(t().admin),
          payload: { email, name: 'Mallory', password: 'a fine password', role },
        });
        expectProblem(response, 400, 'validation_failed');
        expect(await t().app.tessera.users.findByEmail(email)).toBeUndefined();
      }
    });

    it('U01 a supplied hash never becomes the stored hash: logging in with the hash string fails', async () => {
      const hash = String(EXTRA_FIELDS.find(([field]) => field === 'password_hash')?.[1]);
      const email = 'u01-hash-login@example.com';
      await send({
        method: 'POST',
        url: '/api/users',
        headers: auth(t().admin),
        payload: { email, name: 'Mallory', password: 'a fine password', password_hash: hash },
      });
      expectProblem(await login(email, hash), 401, 'invalid_credentials');
    });

    it('U01 without a role the new user is a plain user; a plain user cannot create users', async () => {
      const created = await send({
        method: 'POST',
        url: '/api/users',
        headers: auth(t().admin),
        payload: { email: 'u01-default@example.com', name: 'Default', password: 'a fine password' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json<UserDto>()).toMatchObject({ role: 'user', is_enabled: true });
      const byAlice = await send({
        method: 'POST',
        url: '/api/users',
        headers: auth(t().alice),
        payload: { email: 'u01-by-alice@example.com', name: 'X', password: 'a fine password' },
      });
      expectProblem(byAlice, 403, 'insufficient_scope');
      expect(await t().app.tessera.users.findByEmail('u01-by-alice@example.com')).toBeUndefined();
    });
  });

  describe('U02, U03 a user changing what only an admin may', () => {
    it.each([
      ['{"role":"admin"}', { role: 'admin' }],
      ['{"role":"user"} (even the same role)', { role: 'user' }],
      ['{"is_enabled":false}', { is_enabled: false }],
      ['{"name":"x","role":"admin"}', { name: 'Renamed', role: 'admin' }],
    ])('U02 alice PATCH own %s → 403 forbidden, database unchanged', async (_name, payload) => {
      const { alice } = t();
      const before = await reread(alice.id);
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${alice.id}`,
        headers: auth(alice),
        payload,
      });
      expectProblem(response, 403, 'forbidden');
      expect(await reread(alice.id)).toEqual(before);
      expectProblem(
        await send({ url: '/api/users', headers: auth(alice) }),
        403,
        'insufficient_scope',
      );
    });

    it.each([
      ['id', 2],
      ['email_verified', true],
      ['is_admin', true],
      ['roles', ['admin']],
      ['password_hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'],
      ['token_version', 0],
      ['created_at', '2000-01-01T00:00:00.000Z'],
    ])('U03 alice PATCH own {"%s": …} → 400 validation_failed, no change', async (field, value) => {
      const { alice } = t();
      const before = await reread(alice.id);
      for (const payload of [{ [field]: value }, { name: 'With extra', [field]: value }]) {
        const response = await send({
          method: 'PATCH',
          url: `/api/users/${alice.id}`,
          headers: auth(alice),
          payload,
        });
        expectProblem(response, 400, 'validation_failed');
      }
      expect(await reread(alice.id)).toEqual(before);
    });

    it('U03 an empty PATCH body → 400', async () => {
      const { alice } = t();
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${alice.id}`,
        headers: auth(alice),
        payload: {},
      });
      expectProblem(response, 400, 'validation_failed');
    });
  });

  describe('U04 no existence oracle (IDOR/BOLA)', () => {
    it.each([
      ['GET', undefined],
      ['PATCH', { name: 'pwned' }],
      [
        'PATCH',
        { email: 'pwned@example.com', password: 'pwned password', current_password: PASSWORD },
      ],
      ['PATCH', { role: 'admin' }],
    ] as const)(
      'U04 alice %s bob and /api/users/999999 → identical 404, bob unchanged',
      async (method, payload) => {
        const { alice, bob } = t();
        const before = await reread(bob.id);
        const answers = [];
        for (const id of [bob.id, 999999]) {
          answers.push(
            await send({
              method,
              url: `/api/users/${id}`,
              headers: auth(alice),
              ...(payload === undefined ? {} : { payload }),
            }),
          );
        }
        const [existing, missing] = answers;
        expectProblem(existing!, 404, 'not_found');
        expect(comparable(existing!)).toEqual(comparable(missing!));
        expect(existing!.body).not.toContain(bob.email);
        expect(await reread(bob.id)).toEqual(before);
      },
    );

    it('U04 alice DELETE bob and /api/users/999999 → identical 403 insufficient_scope (admin-only route), bob kept', async () => {
      const { alice, bob, app } = t();
      const existing = await send({
        method: 'DELETE',
        url: `/api/users/${bob.id}`,
        headers: auth(alice),
      });
      const missing = await send({
        method: 'DELETE',
        url: '/api/users/999999',
        headers: auth(alice),
      });
      expectProblem(existing, 403, 'insufficient_scope');
      expect(comparable(existing)).toEqual(comparable(missing));
      expect(await app.tessera.users.findById(bob.id)).toBeDefined();
    });

    it('U04 an admin gets 404 for a missing id on GET, PATCH and DELETE', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await send({
          method,
          url: '/api/users/999999',
          headers: auth(t().admin),
          ...(method === 'PATCH' ? { payload: { name: 'ghost' } } : {}),
        });
        expectProblem(response, 404, 'not_found');
      }
    });
  });

  describe('U05 identifier forms never reach another user', () => {
    const percent = (id: number) =>
      [...String(id)].map((digit) => `%${digit.charCodeAt(0).toString(16)}`).join('');
    const FORMS: [string, (id: number) => string, number][] = [
      ['decimal point', (id) => `${id}.0`, 400],
      ['leading zero', (id) => `0${id}`, 400],
      ['trailing NUL', (id) => `${id}%00`, 400],
      ['negative', (id) => `-${id}`, 400],
      ['plus sign', (id) => `%2B${id}`, 400],
      ['exponent', (id) => `${id}e0`, 400],
      ['hex', (id) => `0x${id.toString(16)}`, 400],
      ['leading space', (id) => `%20${id}`, 400],
      ['semicolon', (id) => `${id};DROP`, 400],
      ['encoded semicolon', (id) => `${id}%3BDROP`, 400],
      ['SQL', (id) => `${id}%20OR%201=1`, 400],
      ['letters', () => 'abc', 400],
      ['2^53 + 1', () => '9007199254740993', 404],
      ['beyond a 32-bit id', () => '99999999999', 404],
    ];

    it.each(FORMS)('U05 alice GET bob as %s → %i, never bob', async (_name, form, expected) => {
      const { alice, bob } = t();
      const response = await send({ url: `/api/users/${form(bob.id)}`, headers: auth(alice) });
      expect(response.statusCode, response.body).toBe(expected);
      expect(response.body).not.toContain(bob.email);
    });

    it.each(FORMS)('U05 admin GET bob as %s → %i', async (_name, form, expected) => {
      const { admin, bob } = t();
      const response = await send({ url: `/api/users/${form(bob.id)}`, headers: auth(admin) });
      expect(response.statusCode, response.body).toBe(expected);
      expect(response.body).not.toContain('@example.com');
    });

    it('U05 a percent-encoded id is the same URL: alice → 404 for bob, 200 for herself only', async () => {
      const { alice, bob, admin } = t();
      const forBob = await send({ url: `/api/users/${percent(bob.id)}`, headers: auth(alice) });
      expectProblem(forBob, 404, 'not_found');
      const forSelf = await send({ url: `/api/users/${percent(alice.id)}`, headers: auth(alice) });
      expect(forSelf.json<UserDto>().id).toBe(alice.id);
      const byAdmin = await send({ url: `/api/users/${percent(bob.id)}`, headers: auth(admin) });
      expect(byAdmin.json<UserDto>().id).toBe(bob.id);
    });

    it.each(['PATCH', 'DELETE'] as const)(
      'U05 admin %s with non-canonical ids → 400 or 404, nobody changed',
      async (method) => {
        const { admin, bob } = t();
        const before = await reread(bob.id);
        for (const [, form] of FORMS) {
          const response = await send({
            method,
            url: `/api/users/${form(bob.id)}`,
            headers: auth(admin),
            ...(method === 'PATCH' ? { payload: { name: 'changed' } } : {}),
          });
          expect([400, 404]).toContain(response.statusCode);
        }
        expect(await reread(bob.id)).toEqual(before);
      },
    );
  });

  describe('U08 email change needs the current password', () => {
    it('U08 without current_password → 400, with a wrong one → 401, with the right one → pending until the mailed link is used (issue #14)', async () => {
      const user = await freshUser('u08');
      const before = await reread(user.id);
      const newEmail = `moved-${user.id}@example.com`;
      const patch = (payload: object) =>
        send({ method: 'PATCH', url: `/api/users/${user.id}`, headers: auth(user), payload });

      expectProblem(await patch({ email: newEmail }), 400, 'validation_failed');
      secrets.add('not my password');
      expectProblem(
        await patch({ email: newEmail, current_password: 'not my password' }),
        401,
        'invalid_credentials',
      );
      expect(await reread(user.id)).toEqual(before);

      // The new address is used once the link mailed to it is followed (accounts/email-verification.test.ts, M13).
      const changed = await patch({ email: newEmail, current_password: user.password });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json<UserDto>().email).toBe(user.email);
      expect((await login(user.email, user.password)).statusCode).toBe(200);
      expectProblem(await login(newEmail, user.password), 401, 'invalid_credentials');
    });

    it('U08 an email change to another user’s email, with the right password → 409 email_taken', async () => {
      const user = await freshUser('u08-taken');
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: auth(user),
        payload: { email: t().bob.email.toUpperCase(), current_password: user.password },
      });
      expectProblem(response, 409, 'email_taken');
    });

    it('U08 the same email again needs no password (nothing changes); a name change needs none', async () => {
      const user = await freshUser('u08-name');
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: auth(user),
        payload: { email: user.email, name: 'New name' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<UserDto>()).toMatchObject({ email: user.email, name: 'New name' });
    });
  });

  describe('U09 password change needs the current password', () => {
    it('U09 wrong current password → 401, right → the new password works and the old fails', async () => {
      const user = await freshUser('u09');
      const before = await reread(user.id);
      const next = 'my brand new passphrase';
      secrets.add(next);
      const patch = (payload: object) =>
        send({ method: 'PATCH', url: `/api/users/${user.id}`, headers: auth(user), payload });

      expectProblem(await patch({ password: next }), 400, 'validation_failed');
      secrets.add('wrong current password');
      expectProblem(
        await patch({ password: next, current_password: 'wrong current password' }),
        401,
        'invalid_credentials',
      );
      expect(await reread(user.id)).toEqual(before);

      const changed = await patch({ password: next, current_password: user.password });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await login(user.email, next)).statusCode).toBe(200);
      expectProblem(await login(user.email, user.password), 401, 'invalid_credentials');
    });

    it('U09 an admin changing their own password needs the current password too', async () => {
      const { admin } = t();
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${admin.id}`,
        headers: auth(admin),
        payload: { password: 'admin new passphrase' },
      });
      expectProblem(response, 400, 'validation_failed');
      expect((await login(admin.email, admin.password)).statusCode).toBe(200);
    });

    it.each([
      ['7 characters', 'short77', 'validation_failed'],
      ['1025 characters', 'p'.repeat(1025), 'password_too_long'],
    ])(
      'U09 a new password of %s → 400 %s, checked before any argon2 work',
      async (_name, next, code) => {
        const user = await freshUser('u09-policy');
        const { hasher } = t().app.tessera;
        const verify = vi.spyOn(hasher, 'verify');
        const hash = vi.spyOn(hasher, 'hash');
        secrets.add(next);
        const response = await send({
          method: 'PATCH',
          url: `/api/users/${user.id}`,
          headers: auth(user),
          payload: { password: next, current_password: user.password },
        });
        expectProblem(response, 400, code);
        expect(verify).not.toHaveBeenCalled();
        expect(hash).not.toHaveBeenCalled();
      },
    );

    it('U09 a body with only current_password changes nothing → 400, updated_at kept', async () => {
      const user = await freshUser('u09-nothing');
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: auth(user),
        payload: { current_password: 'whatever it is' },
      });
      expectProblem(response, 400, 'validation_failed');
      const stored = await t().app.tessera.users.findById(user.id);
      expect(stored?.updatedAt).toBe(user.record.updatedAt);
    });

    it('U09 the new password equal to the old one is accepted (no rule against it: pinned)', async () => {
      const user = await freshUser('u09-same');
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: auth(user),
        payload: { password: user.password, current_password: user.password },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect((await login(user.email, user.password)).statusCode).toBe(200);
    });

    it.each(['password123', 'iloveyou1', 'Qwertyuiop', 'football'])(
      'U09 a new password from the common-password list (%s) → 400 password_too_common',
      async (common) => {
        const user = await freshUser('u09-common');
        const response = await send({
          method: 'PATCH',
          url: `/api/users/${user.id}`,
          headers: auth(user),
          payload: { password: common, current_password: user.password },
        });
        expectProblem(response, 400, 'password_too_common');
        expect((await login(user.email, user.password)).statusCode).toBe(200);
      },
    );
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    const { logs } = t();
    expectCleanLogs(logs, secrets);
  });
});
