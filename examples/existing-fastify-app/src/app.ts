import { tessera, type TesseraConfig, type TesseraConfigInput } from '@tessera/server';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { NOTES_ACCESS, NOTES_ERRORS } from './notes-extensions.js';
import { notesMigration } from './notes-migration.js';
import { notesRoutes } from './notes-routes.js';
import { createNotesStore } from './notes-store.js';

/** Options of {@link buildNotesApp}. */
export interface NotesAppOptions {
  /** Tessera's settings: `readConfig(process.env)` in production, a temp folder in tests. */
  readonly tessera: TesseraConfig | TesseraConfigInput;
  /** The app's own logger setting (Fastify's `logger`); default: pino at `info`. */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * `'all'` (default): every route needs a token unless marked `public: true`; `'marked'`:
   * only routes with a `scope` (or `auth: true`) do.
   */
  readonly protect?: 'all' | 'marked';
  /** Notes one account may keep (default 100). */
  readonly maxNotesPerUser?: number;
}

/**
 * The notes API: its own logger and health route, Tessera registered with the notes scopes,
 * migration and error code, then the notes routes. `server.ts` listens; tests `inject()`.
 *
 * @example
 * ```ts
 * const app = await buildNotesApp({ tessera: readConfig(process.env) });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function buildNotesApp(options: NotesAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? { level: 'info' } });
  app.get('/health', { config: { public: true } }, () => ({ status: 'ok' }));

  await app.register(tessera, {
    config: options.tessera,
    protect: options.protect ?? 'all',
    access: NOTES_ACCESS,
    migrations: { '0001-notes': notesMigration },
    errors: NOTES_ERRORS,
  });

  notesRoutes(app, {
    store: createNotesStore(app.tessera.database),
    maxNotesPerUser: options.maxNotesPerUser ?? 100,
  });
  return app;
}
