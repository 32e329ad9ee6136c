import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig, tessera, tesseraOpenApiOptions } from '../../src/index.js';
import { createTestTarget, testEngines, type TestDatabaseTarget } from '../support/engines.js';
import { K } from '../token/support.js';
import { NOTES_PLUGIN_OPTIONS, notesRoutes } from './host-app.js';

describe.each(await testEngines())('where the host registers Tessera, on %s', (engine) => {
  let app: FastifyInstance | undefined;
  let target: TestDatabaseTarget | undefined;
  const config = (dir: TestDatabaseTarget) =>
    resolveConfig({
      dataDir: dir.dataDir,
      databaseUrl: dir.databaseUrl,
      jwtSecret: new Uint8Array(K),
    });

  afterEach(async () => {
    await app?.close();
    await target?.dispose();
  });

  it("inside one of the host's plugins: only that plugin's routes are protected", async () => {
    target = await createTestTarget(engine);
    app = Fastify();
    const dir = target;
    app.get('/outside', () => ({ outside: true }));
    await app.register(async (api) => {
      await api.register(tessera, { ...NOTES_PLUGIN_OPTIONS, config: config(dir) });
      notesRoutes(api);
    });
    app.get('/after', () => ({ after: true }));
    await app.ready();
    expect((await app.inject({ url: '/outside' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/after' })).statusCode).toBe(200);
    const notes = await app.inject({ url: '/api/notes' });
    expect(notes.statusCode).toBe(401);
    expect(notes.json()).toMatchObject({ code: 'token_missing' });
    // The host's own errors outside keep Fastify's default handler.
    const missing = await app.inject({ url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
  });

  it("with problemErrors: false, the host's error handler answers (and can call Tessera's)", async () => {
    target = await createTestTarget(engine);
    app = Fastify();
    app.setErrorHandler((error, _request, reply) =>
      reply.code((error as { statusCode?: number }).statusCode ?? 500).send({ host: true }),
    );
    await app.register(tessera, {
      ...NOTES_PLUGIN_OPTIONS,
      problemErrors: false,
      config: config(target),
    });
    notesRoutes(app);
    const response = await app.inject({ url: '/api/notes' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ host: true });
  });

  it("puts its routes, the host's and the host's error codes in the host's OpenAPI document", async () => {
    target = await createTestTarget(engine);
    app = Fastify();
    await app.register(swagger, tesseraOpenApiOptions({ title: 'Notes', version: '1.0.0' }));
    await app.register(tessera, { ...NOTES_PLUGIN_OPTIONS, config: config(target) });
    notesRoutes(app);
    await app.ready();
    const document = app.swagger() as {
      paths: Record<string, unknown>;
      components: {
        schemas: Record<
          string,
          { properties?: Record<string, { enum?: string[] }>; enum?: string[] }
        >;
      };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users', '/api/notes']),
    );
    expect(document.components.schemas['Problem']?.properties?.['code']?.enum).toContain(
      'note_locked',
    );
    expect(document.components.schemas['Role']?.enum).toEqual(['user', 'admin', 'editor']);
  });
});
