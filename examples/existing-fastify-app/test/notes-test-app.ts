import { randomBytes } from 'node:crypto';
import type { DatabaseEngine } from '@tessera/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createTestTarget } from '../../../packages/server/test/support/engines.js';
import { buildNotesApp, type NotesAppOptions } from '../src/app.js';

type TestOptions = Pick<NotesAppOptions, 'protect' | 'maxNotesPerUser'>;

/**
 * Builds the notes app on `engine`: SQLite in a fresh temp folder (`mkdtemp`), or a fresh
 * PostgreSQL database; a random signing key, no logger, no login throttle.
 */
async function startNotesApp(
  engine: DatabaseEngine,
  options: TestOptions,
): Promise<{ app: FastifyInstance; dispose: () => Promise<void> }> {
  const target = await createTestTarget(engine);
  let app: FastifyInstance;
  try {
    app = await buildNotesApp({
      ...options,
      logger: false,
      tessera: {
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        jwtSecret: randomBytes(32),
        loginThrottle: false,
      },
    });
    await app.ready();
  } catch (error) {
    await target.dispose();
    throw error;
  }
  return {
    app,
    dispose: async () => {
      await app.close();
      await target.dispose();
    },
  };
}

/**
 * Gives the enclosing `describe` one notes app on fresh data (started in `beforeAll`, closed
 * and its data removed in `afterAll`) and returns a getter for it.
 *
 * @example
 * ```ts
 * const app = useNotesApp(engine);
 * it('is up', async () => expect((await app().inject({ url: '/health' })).statusCode).toBe(200));
 * ```
 */
export function useNotesApp(
  engine: DatabaseEngine,
  options: TestOptions = {},
): () => FastifyInstance {
  let started: Awaited<ReturnType<typeof startNotesApp>> | undefined;
  beforeAll(async () => {
    started = await startNotesApp(engine, options);
  });
  afterAll(async () => {
    await started?.dispose();
  });
  return () => {
    if (started === undefined) throw new Error('useNotesApp: the app is not started yet');
    return started.app;
  };
}
