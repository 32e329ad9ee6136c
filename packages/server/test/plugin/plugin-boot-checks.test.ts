import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { resolveConfig, tessera } from '../../src/index.js';
import { testEngines } from '../support/engines.js';
import { K } from '../token/support.js';
import { startHostApp } from './host-app.js';
import { createTestTarget } from '../support/engines.js';

describe.each(await testEngines())('the plugin refuses to start on a mistake, on %s', (engine) => {
  it('a route requiring a scope nobody registered stops the start, naming the route', async () => {
    const start = startHostApp(engine, {
      routes: (app) => {
        app.get('/api/typo', { config: { scope: 'notes:raed' as 'notes:read' } }, () => ({}));
      },
    });
    await expect(start).rejects.toThrow(
      'Route GET /api/typo requires the unknown scope "notes:raed"',
    );
  });

  it.each([
    ['a malformed role', { roles: ['Bad Role'] }, /Role "Bad Role" must match/],
    ['a duplicate role', { roles: ['admin'] }, /Role "admin" is already defined/],
    ['a scope without an action', { scopes: { notes: ['user'] } }, /Scope "notes" must look like/],
    ['a scope Tessera owns', { scopes: { 'users:read': ['user'] } }, /already defined/],
    [
      'a scope given to no such role',
      { scopes: { 'notes:read': ['ghost'] } },
      /unknown role "ghost"/,
    ],
  ])('%s', async (_label, access, message) => {
    await expect(startHostApp(engine, { plugin: { access } })).rejects.toThrow(message);
  });

  it("an error code that clashes with one of Tessera's stops the start", async () => {
    const errors = {
      not_found: { status: 404, message: 'x', description: 'x', solution: 'x' },
    };
    await expect(startHostApp(engine, { plugin: { errors } })).rejects.toThrow(
      'Error code "not_found" is already registered',
    );
  });

  it('a prefix on the context stops the start: the /api/… paths are the wire contract', async () => {
    const target = await createTestTarget(engine);
    const app = Fastify();
    try {
      await expect(
        app.register(
          async (scope) => {
            await scope.register(tessera, {
              config: resolveConfig({ dataDir: target.dataDir, jwtSecret: new Uint8Array(K) }),
            });
          },
          { prefix: '/v1' },
        ),
      ).rejects.toThrow('tessera: register it without a prefix (here "/v1")');
    } finally {
      await app.close();
      await target.dispose();
    }
  });

  it('a schema $id the host already uses for something else is named, not overwritten', async () => {
    const target = await createTestTarget(engine);
    const app = Fastify();
    try {
      app.addSchema({ $id: 'User', type: 'object' });
      await expect(
        app.register(tessera, {
          config: resolveConfig({
            dataDir: target.dataDir,
            databaseUrl: target.databaseUrl,
            jwtSecret: new Uint8Array(K),
          }),
        }),
      ).rejects.toThrow('A schema with $id "User" is already registered');
    } finally {
      await app.close();
      await target.dispose();
    }
  });
});
