import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from '../../src/db/index.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../../src/db/index.js';

/** The admin connection the tests create databases through. */
export const POSTGRES_ADMIN_URL =
  process.env['TESSERA_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throw-away PostgreSQL database for one fixture. */
export interface PostgresTestDatabase {
  /** Connection URL of the new database (same server and user as the admin URL). */
  readonly url: string;
  /** Drops the database, ending any connection still open (`WITH (FORCE)`). Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * The admin URL with any password replaced by `***`, for messages.
 *
 * @example
 * ```ts
 * redactUrl('postgres://u:secret@h/db'); // 'postgres://u:***@h/db'
 * ```
 */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '(an unparsable URL)';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Why PostgreSQL cannot be used for tests, or `undefined` when `select 1` works through
 * {@link POSTGRES_ADMIN_URL}.
 *
 * @example
 * ```ts
 * const problem = await postgresProblem(); // e.g. 'connect ECONNREFUSED 127.0.0.1:5432'
 * ```
 */
export async function postgresProblem(): Promise<string | undefined> {
  try {
    await withAdminClient((client) => client.query('select 1'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Creates a fresh database `tessera_test_<pid>_<random>` on the test server.
 *
 * @example
 * ```ts
 * const pgdb = await createPostgresTestDatabase();
 * try { await openDatabase({ dataDir, databaseUrl: pgdb.url }); } finally { await pgdb.drop(); }
 * ```
 */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  // Only digits, lower-case letters and '_': safe to quote as an identifier.
  const name = `tessera_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create database "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop() {
      dropped ??= withAdminClient(async (client) => {
        await client.query(`drop database if exists "${name}" with (force)`);
      });
      return dropped;
    },
  };
}

/**
 * Empties every table of the database except the migration bookkeeping, restarting identity
 * ids at 1: a migrated database becomes as good as new, in milliseconds instead of the
 * hundreds a `CREATE DATABASE` takes. Tables added by later migrations are included.
 *
 * @example
 * ```ts
 * await truncateAllTables(database.db);
 * ```
 */
export async function truncateAllTables(db: Kysely<DatabaseSchema>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not in (${MIGRATION_TABLE}, ${MIGRATION_LOCK_TABLE})
  `.execute(db);
  if (rows.length === 0) return;
  const tables = sql.join(rows.map((row) => sql.table(row.name)));
  await sql`truncate table ${tables} restart identity cascade`.execute(db);
}
