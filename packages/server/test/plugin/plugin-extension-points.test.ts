import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredErrorCodes, renderErrorTable } from '../../src/index.js';
import { testEngines } from '../support/engines.js';
import { startHostApp, type HostApp } from './host-app.js';
import { bearer, createHostUser, HOST_PASSWORD, loginOnHost, postNote } from './host-users.js';

describe.each(await testEngines())(
  "the host's roles, migrations and throttled passwords on %s",
  (engine) => {
    let host: HostApp;
    let adminToken: string;

    beforeAll(async () => {
      host = await startHostApp(engine, { loginThrottle: true });
      await createHostUser(host.app, 'root@example.com', 'admin');
      adminToken = (await loginOnHost(host.app, 'root@example.com')).token;
    });
    afterAll(async () => {
      await host.dispose();
    });

    it("runs the host's migration after Tessera's: its table exists and references users", async () => {
      const tables = await host.app.tessera.database.db.introspection.getTables();
      expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['users', 'notes']));
    });

    it('lets an admin give the added role through /api/users, and refuses an unknown one', async () => {
      const created = await host.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(adminToken),
        payload: {
          email: 'eve@example.com',
          name: 'Eve',
          password: 'a long unusual passphrase 7',
          role: 'editor',
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ role: 'editor' });
      const refused = await host.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(adminToken),
        payload: {
          email: 'x@example.com',
          name: 'X',
          password: 'another long passphrase 8',
          role: 'root',
        },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed' });
      expect(await host.app.tessera.users.findByEmail('x@example.com')).toBeUndefined();
    });

    it('an added role holds its own profile and the scopes mapped to it', async () => {
      await createHostUser(host.app, 'ed@example.com', 'editor');
      const { token, scope } = await loginOnHost(host.app, 'ed@example.com');
      expect(scope.split(' ')).toEqual([
        'profile:read',
        'profile:write',
        'notes:read',
        'notes:write',
      ]);
      const created = await postNote(host.app, token, 'by an editor');
      expect(created.statusCode).toBe(201);
      const users = await host.app.inject({ url: '/api/users', headers: bearer(token) });
      expect(users.statusCode).toBe(403);
    });

    it('throttles a host route that checks a password through app.tessera.passwords (P14)', async () => {
      const id = await createHostUser(host.app, 'tom@example.com', 'editor');
      const { token } = await loginOnHost(host.app, 'tom@example.com');
      const purge = (password: string) =>
        host.app.inject({
          method: 'POST',
          url: '/api/notes/purge',
          headers: bearer(token),
          payload: { password },
        });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        statuses.push((await purge(`wrong ${attempt}`)).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const right = await purge(HOST_PASSWORD);
      expect(right.statusCode).toBe(429);
      expect(right.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
      // The same account's login is throttled too: one policy for every password check.
      const login = await host.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'tom@example.com', password: HOST_PASSWORD },
      });
      expect(login.statusCode).toBe(429);
      expect(id).toBeGreaterThan(0);
    });

    it("registers the host's error code with its docs row, for the host's errors page", () => {
      const entry = registeredErrorCodes().find(([code]) => code === 'note_locked');
      expect(entry?.[1]).toMatchObject({ status: 423, message: 'The note is locked' });
      expect(renderErrorTable()).toContain(
        '| `note_locked` | 423 | The note is locked | A locked note cannot be changed. | Unlock it first. |',
      );
    });

    it('makes the first-run setup link from the API only while no user exists', async () => {
      expect(await host.app.tessera.setupLink('https://auth.example.com/')).toBeUndefined();
      const empty = await startHostApp(engine);
      try {
        const link = await empty.app.tessera.setupLink('https://auth.example.com/');
        expect(link).toMatch(/^https:\/\/auth\.example\.com\/setup\?token=[A-Za-z0-9_-]{43}$/);
        const open = await empty.app.inject({ url: '/api/setup' });
        expect(open.json()).toEqual({ setup_required: true });
      } finally {
        await empty.dispose();
      }
    });
  },
);
