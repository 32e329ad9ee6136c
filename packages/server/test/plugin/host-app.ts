import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../src/db/index.js';
import {
  currentUser,
  resolveConfig,
  tessera,
  TesseraError,
  type TesseraMigration,
  type TesseraPluginOptions,
} from '../../src/index.js';
import { K } from '../token/support.js';
import { createTestTarget, type TestDatabaseTarget } from '../support/engines.js';
import { LogCapture } from '../support/log-capture.js';

declare module '../../src/index.js' {
  interface TesseraScopes {
    'notes:read': true;
    'notes:write': true;
  }
  interface TesseraErrorCodes {
    note_locked: true;
  }
}

export const NOTES_MIGRATION: TesseraMigration = {
  up: async (db) => {
    await db.schema
      .createTable('notes')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('owner_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
  },
};

/** The host's own options to the plugin: a role, two scopes, a table and an error code. */
export const NOTES_PLUGIN_OPTIONS = {
  access: {
    roles: ['editor'],
    scopes: { 'notes:read': ['user', 'editor', 'admin'], 'notes:write': ['editor', 'admin'] },
  },
  migrations: { '0001-notes': NOTES_MIGRATION },
  errors: {
    note_locked: {
      status: 423,
      message: 'The note is locked',
      description: 'A locked note cannot be changed.',
      solution: 'Unlock it first.',
    },
  },
} satisfies TesseraPluginOptions;

interface NotesTable {
  id: number;
  owner_id: number;
  body: string;
}

/** The host's notes routes, written only against the public API. */
export function notesRoutes(app: FastifyInstance): void {
  const db = (): Kysely<{ notes: NotesTable }> =>
    app.tessera.database.db.withTables<{ notes: NotesTable }>() as unknown as Kysely<{
      notes: NotesTable;
    }>;
  app.get('/api/notes', { config: { scope: 'notes:read' } }, async (request) => ({
    notes: await db()
      .selectFrom('notes')
      .select(['id', 'body'])
      .where('owner_id', '=', currentUser(request).id)
      .execute(),
  }));
  app.post<{ Body: { body: string } }>(
    '/api/notes',
    {
      config: { scope: 'notes:write' },
      schema: {
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: { body: { type: 'string', minLength: 1, maxLength: 1000 } },
        },
      },
    },
    async (request, reply) => {
      const owner = currentUser(request).id;
      const row = await db()
        .insertInto('notes')
        .values({ id: Date.now() % 1_000_000_000, owner_id: owner, body: request.body.body })
        .returning(['id', 'body'])
        .executeTakeFirstOrThrow();
      return reply.code(201).send(row);
    },
  );
  app.post('/api/notes/locked', { config: { scope: 'notes:write' } }, () => {
    throw new TesseraError('note_locked');
  });
  app.post<{ Body: { password: string } }>(
    '/api/notes/purge',
    {
      config: { scope: 'notes:write' },
      schema: {
        body: {
          type: 'object',
          required: ['password'],
          properties: { password: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request) => {
      await app.tessera.passwords.confirm(request, currentUser(request), request.body.password);
      return { purged: true };
    },
  );
}

/** A host Fastify app with Tessera mounted, on a fresh database. */
export interface HostApp {
  readonly app: FastifyInstance;
  readonly logs: LogCapture;
  /** Calls of the host's own `onRequest` hook. */
  readonly hostHookCalls: () => number;
  dispose(): Promise<void>;
}

export interface HostAppOptions {
  readonly plugin?: Omit<TesseraPluginOptions, 'config'>;
  readonly loginThrottle?: boolean;
  /** Registers the app's routes; by default, the notes routes next to Tessera. */
  readonly routes?: (app: FastifyInstance) => void | Promise<void>;
}

export async function startHostApp(
  engine: DatabaseEngine,
  options: HostAppOptions = {},
): Promise<HostApp> {
  const target: TestDatabaseTarget = await createTestTarget(engine);
  const logs = new LogCapture();
  const app = Fastify({ logger: { level: 'info', stream: logs } });
  let hostHookCalls = 0;
  app.addHook('onRequest', (_request, _reply, done) => {
    hostHookCalls += 1;
    done();
  });
  try {
    await app.register(tessera, {
      ...NOTES_PLUGIN_OPTIONS,
      ...options.plugin,
      config: resolveConfig({
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        jwtSecret: new Uint8Array(K),
        loginThrottle: options.loginThrottle ?? false,
        logLevel: 'info',
      }),
    });
    app.get('/status', { config: { public: true } }, () => ({ up: true }));
    // Declared, not inferred: TypeScript may reduce the union of the two function types to
    // `(app) => void` depending on type-creation order, and typed lint then calls this await
    // needless (seen in the scaffold clone only).
    const routes: (app: FastifyInstance) => void | Promise<void> = options.routes ?? notesRoutes;
    await routes(app);
    await app.ready();
  } catch (error) {
    await app.close();
    await target.dispose();
    throw error;
  }
  return {
    app,
    logs,
    hostHookCalls: () => hostHookCalls,
    dispose: async () => {
      await app.close();
      await target.dispose();
    },
  };
}
