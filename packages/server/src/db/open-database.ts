import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database, DatabaseEngine, OpenDatabaseOptions } from './database.js';
import type { DatabaseSchema } from './database-schema.js';
import { resolveDatabaseTarget } from './database-url.js';
import { openPostgres } from './open-postgres.js';
import { openSqlite } from './open-sqlite.js';

/**
 * Opens Tessera's database and checks that it answers.
 *
 * - No `databaseUrl`: SQLite in `<dataDir>/tessera.sqlite` (WAL, foreign keys, 5 s busy timeout).
 * - `postgres://…` or `postgresql://…`: a PostgreSQL pool of at most 10 connections.
 * - Anything else: a `TypeError` naming the accepted forms (the URL itself is never echoed).
 *
 * Run {@link migrateToLatest} before use.
 *
 * @example
 * ```ts
 * const database = await openDatabase({ dataDir: './data' }); // or { dataDir, databaseUrl: 'postgres://…' }
 * await migrateToLatest(database);
 * ```
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = resolveDatabaseTarget(options);
  const opened =
    target.engine === 'sqlite' ? openSqlite(target.dataDir, target.file) : openPostgres(target.url);
  const database = wrap(target.engine, opened);
  try {
    await database.ping();
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

function wrap(
  engine: DatabaseEngine,
  opened: {
    db: Kysely<DatabaseSchema>;
    dataVersion?: () => number;
    release?: () => void;
    allowSchemaEdits?: (allowed: boolean) => void;
    readCommitted?: <Row>(query: CompiledQuery<Row>) => Row[] | Promise<Row[]>;
    transactSynchronously?: Database['transactSynchronously'];
  },
): Database {
  const { db, dataVersion, release, allowSchemaEdits, readCommitted, transactSynchronously } =
    opened;
  let closing: Promise<void> | undefined;
  return {
    db,
    engine,
    ...(dataVersion === undefined ? {} : { dataVersion }),
    ...(allowSchemaEdits === undefined ? {} : { allowSchemaEdits }),
    ...(readCommitted === undefined ? {} : { readCommitted }),
    ...(transactSynchronously === undefined ? {} : { transactSynchronously }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closing ??= db.destroy().finally(() => release?.());
      return closing;
    },
  };
}
