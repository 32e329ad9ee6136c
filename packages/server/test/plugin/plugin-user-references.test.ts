import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TesseraMigration } from '../../src/index.js';
import { testEngines } from '../support/engines.js';
import { NOTES_PLUGIN_OPTIONS, startHostApp, type HostApp } from './host-app.js';
import { bearer, createHostUser, loginOnHost } from './host-users.js';

/** A host table that must keep its users: ON DELETE RESTRICT. */
const auditsMigration: TesseraMigration = {
  up: async (db) => {
    await db.schema
      .createTable('audits')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('actor_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('restrict'),
      )
      .execute();
  },
};

describe.each(await testEngines())(
  'deleting a user an application table refers to, on %s',
  (engine) => {
    let host: HostApp;
    let adminToken: string;

    beforeAll(async () => {
      host = await startHostApp(engine, {
        plugin: {
          migrations: { ...NOTES_PLUGIN_OPTIONS.migrations, '0002-audits': auditsMigration },
        },
      });
      await createHostUser(host.app, 'root@example.com', 'admin');
      adminToken = (await loginOnHost(host.app, 'root@example.com')).token;
    });
    afterAll(async () => {
      await host.dispose();
    });

    it('answers 409 conflict (never 500) and deletes nothing', async () => {
      const id = await createHostUser(host.app, 'kept@example.com', 'user');
      await sql`insert into audits (id, actor_id) values (1, ${id})`.execute(
        host.app.tessera.database.db,
      );
      const response = await host.app.inject({
        method: 'DELETE',
        url: `/api/users/${id}`,
        headers: bearer(adminToken),
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'conflict' });
      expect(await host.app.tessera.users.findById(id)).toBeDefined();
      const again = await loginOnHost(host.app, 'kept@example.com');
      expect(again.token.length).toBeGreaterThan(0);
    });
  },
);
