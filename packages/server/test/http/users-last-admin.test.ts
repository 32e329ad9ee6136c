import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * SECURITY.md U11: an admin cannot delete themself (409 `cannot_delete_self`), and the last
 * enabled admin cannot be demoted, disabled or deleted (409 `last_admin`). Each scenario has its
 * own database, since it depends on how many admins exist. Plus G1, G4 and G6.
 */
import type { TokenResponse, UserDto } from '@tessera/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/users/user-store.js';
import { testEngines } from '../support/engines.js';
import { expectNoEcho, expectProblem } from '../support/expect-problem.js';
import { PASSWORD, useTestApp, type TestApp, type TestUser } from '../support/test-app.js';

function snapshot(record: UserRecord | undefined) {
  if (record === undefined) return undefined;
  const { id, email, role, isEnabled, tokenVersion, updatedAt } = record;
  return { id, email, role, isEnabled, tokenVersion, updatedAt };
}

describe.each(await testEngines())('U11 the last admin on %s (SECURITY.md §2.8)', (engine) => {
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);
  const apps: (() => TestApp)[] = [];

  /** Every request goes through here: G1 (never a 5xx) and G4 (no stack trace). */
  async function send(app: TestApp, options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await app.app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    return response;
  }

  function auth(app: TestApp, user: TestUser | string): Record<string, string> {
    const token = typeof user === 'string' ? user : app.tokenFor(user);
    secrets.add(token);
    return { authorization: `Bearer ${token}` };
  }

  describe('with one admin', () => {
    const t = useTestApp(engine);
    apps.push(t);

    it('U11 the admin deletes themself → 409 cannot_delete_self, still there', async () => {
      const { admin, app } = t();
      const before = snapshot(await app.tessera.users.findById(admin.id));
      const response = await send(t(), {
        method: 'DELETE',
        url: `/api/users/${admin.id}`,
        headers: auth(t(), admin),
      });
      expectProblem(response, 409, 'cannot_delete_self');
      expect(snapshot(await app.tessera.users.findById(admin.id))).toEqual(before);
    });

    it.each([
      ['demotes themself', { role: 'user' }],
      ['disables themself', { is_enabled: false }],
      ['demotes and disables themself', { role: 'user', is_enabled: false }],
    ])('U11 the last admin %s → 409 last_admin, database unchanged', async (_name, payload) => {
      const { admin, app } = t();
      const before = snapshot(await app.tessera.users.findById(admin.id));
      const response = await send(t(), {
        method: 'PATCH',
        url: `/api/users/${admin.id}`,
        headers: auth(t(), admin),
        payload,
      });
      expectProblem(response, 409, 'last_admin');
      expect(snapshot(await app.tessera.users.findById(admin.id))).toEqual(before);
      const list = await send(t(), { url: '/api/users', headers: auth(t(), admin) });
      expect(list.statusCode).toBe(200);
    });

    it('U11 the last admin may still rename themself', async () => {
      const { admin } = t();
      const response = await send(t(), {
        method: 'PATCH',
        url: `/api/users/${admin.id}`,
        headers: auth(t(), admin),
        payload: { name: 'Still the admin' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<UserDto>()).toMatchObject({ role: 'admin', is_enabled: true });
    });
  });

  describe('with two admins', () => {
    const t = useTestApp(engine);
    apps.push(t);

    it('U11 one admin disables the other, then is the last: cannot demote or delete themself; may delete the disabled admin', async () => {
      const { admin, app } = t();
      const password = 'second admin password';
      secrets.add(password);
      const created = await send(t(), {
        method: 'POST',
        url: '/api/users',
        headers: auth(t(), admin),
        payload: { email: 'second-admin@example.com', name: 'Second', password, role: 'admin' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const second = created.json<UserDto>();
      const login = await send(t(), {
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: second.email, password },
      });
      const secondToken = login.json<TokenResponse>().token;
      secrets.add(secondToken);

      const disabled = await send(t(), {
        method: 'PATCH',
        url: `/api/users/${admin.id}`,
        headers: auth(t(), secondToken),
        payload: { is_enabled: false },
      });
      expect(disabled.statusCode, disabled.body).toBe(200);
      expect(disabled.json<UserDto>()).toMatchObject({ role: 'admin', is_enabled: false });

      for (const payload of [{ role: 'user' }, { is_enabled: false }]) {
        expectProblem(
          await send(t(), {
            method: 'PATCH',
            url: `/api/users/${second.id}`,
            headers: auth(t(), secondToken),
            payload,
          }),
          409,
          'last_admin',
        );
      }
      expectProblem(
        await send(t(), {
          method: 'DELETE',
          url: `/api/users/${second.id}`,
          headers: auth(t(), secondToken),
        }),
        409,
        'cannot_delete_self',
      );

      const removed = await send(t(), {
        method: 'DELETE',
        url: `/api/users/${admin.id}`,
        headers: auth(t(), secondToken),
      });
      expect(removed.statusCode, removed.body).toBe(204);
      const remaining = await app.tessera.users.findById(second.id);
      expect(remaining).toMatchObject({ role: 'admin', isEnabled: true });
    });
  });

  describe('with two enabled admins', () => {
    const t = useTestApp(engine);
    apps.push(t);

    it('U11 an admin may demote or delete the other while one enabled admin remains', async () => {
      const { admin, app } = t();
      const other = await t().createUser('other-admin@example.com', 'admin');
      const demoted = await send(t(), {
        method: 'PATCH',
        url: `/api/users/${other.id}`,
        headers: auth(t(), admin),
        payload: { role: 'user' },
      });
      expect(demoted.statusCode, demoted.body).toBe(200);
      const third = await t().createUser('third-admin@example.com', 'admin');
      const deleted = await send(t(), {
        method: 'DELETE',
        url: `/api/users/${third.id}`,
        headers: auth(t(), admin),
      });
      expect(deleted.statusCode).toBe(204);
      expectProblem(
        await send(t(), {
          method: 'PATCH',
          url: `/api/users/${admin.id}`,
          headers: auth(t(), admin),
          payload: { role: 'user' },
        }),
        409,
        'last_admin',
      );
      expect(await app.tessera.users.findById(admin.id)).toMatchObject({ role: 'admin' });
    });
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    for (const t of apps) expectCleanLogs(t().logs, secrets);
  });
});
