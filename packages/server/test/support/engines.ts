import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Database, DatabaseEngine, OpenDatabaseOptions } from '../../src/db/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import {
  createPostgresTestDatabase,
  POSTGRES_ADMIN_URL,
  postgresProblem,
  redactUrl,
  truncateAllTables,
} from './postgres.js';

/** Where a fixture's data lives, before anything is opened. */
export interface TestDatabaseTarget {
  readonly engine: DatabaseEngine;
  /** A fresh temp folder (removed by `dispose`); SQLite's file goes in it. */
  readonly dataDir: string;
  /** The fresh PostgreSQL database, or `undefined` on SQLite. */
  readonly databaseUrl: string | undefined;
  /** What to pass to `openDatabase` (or to the app's config) to reach this fixture's data. */
  readonly options: OpenDatabaseOptions;
  /** Removes the temp folder and drops the PostgreSQL database. */
  dispose(): Promise<void>;
}

/** A fixture with its database open (and migrated unless asked otherwise). */
export interface TestDatabase extends TestDatabaseTarget {
  readonly database: Database;
}

let engines: Promise<DatabaseEngine[]> | undefined;

/**
 * The engines every DB-touching test runs on: `sqlite` always, `postgres` when reachable
 * through `TESSERA_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`).
 * When PostgreSQL is unreachable and `CI=true`, this rejects (so the test file fails, never
 * skips); otherwise it prints one loud warning per run and returns `['sqlite']`.
 *
 * @example
 * ```ts
 * describe.each(await testEngines())('users API on %s', (engine) => {
 *   const fixture = useTestDatabase(engine);
 *   it('lists users', async () => {
 *     const store = createUserStore(fixture().database);
 *     expect(await store.count()).toBe(0);
 *   });
 * });
 * ```
 */
export function testEngines(): Promise<DatabaseEngine[]> {
  engines ??= detectEngines();
  return engines;
}

async function detectEngines(): Promise<DatabaseEngine[]> {
  const problem = await postgresProblem();
  if (problem === undefined) return ['sqlite', 'postgres'];
  const where = redactUrl(POSTGRES_ADMIN_URL);
  if (process.env['CI'] === 'true') {
    throw new Error(
      `PostgreSQL is required when CI=true but ${where} is unreachable (${problem}). ` +
        'Start it, or point TESSERA_TEST_PG_URL at a server where the user may CREATE DATABASE.',
    );
  }
  warnOncePerRun(
    `\n${'!'.repeat(78)}\n!! PostgreSQL at ${where} is unreachable (${problem}).\n` +
      `!! Database tests run on SQLite ONLY. CI (CI=true) fails instead of skipping.\n${'!'.repeat(78)}\n`,
  );
  return ['sqlite'];
}

/** Test files run in separate workers; a marker named after the runner's pid keeps it to one. */
function warnOncePerRun(message: string): void {
  try {
    writeFileSync(path.join(tmpdir(), `tessera-test-pg-warning-${process.ppid}`), '', {
      flag: 'wx',
    });
  } catch {
    return;
  }
  console.warn(message);
}

/**
 * A fresh, empty place for data on `engine`: a temp folder, plus a new database on PostgreSQL.
 * Use it when the code under test opens the database itself (pass `target.options`).
 *
 * @example
 * ```ts
 * const target = await createTestTarget('postgres');
 * const app = await buildApp({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
 * ```
 */
export async function createTestTarget(engine: DatabaseEngine): Promise<TestDatabaseTarget> {
  const folder = await mkdtemp(path.join(tmpdir(), 'tessera-test-'));
  const dataDir = path.join(folder, 'data');
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  if (engine === 'sqlite') {
    return { engine, dataDir, databaseUrl: undefined, options: { dataDir }, dispose: removeFolder };
  }
  try {
    const postgres = await createPostgresTestDatabase();
    const options = { dataDir, databaseUrl: postgres.url };
    return {
      engine,
      dataDir,
      databaseUrl: postgres.url,
      options,
      dispose: async () => {
        await Promise.all([postgres.drop(), removeFolder()]);
      },
    };
  } catch (error) {
    await removeFolder();
    throw error;
  }
}

/**
 * {@link createTestTarget}, then opens it and, unless `migrate: false`, migrates it.
 * `dispose` closes the database first.
 *
 * @example
 * ```ts
 * const fixture = await openTestDatabase('sqlite');
 * try { await createUserStore(fixture.database).count(); } finally { await fixture.dispose(); }
 * ```
 */
export async function openTestDatabase(
  engine: DatabaseEngine,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const target = await createTestTarget(engine);
  let database: Database | undefined;
  try {
    database = await openDatabase(target.options);
    if (migrate) await migrateToLatest(database);
  } catch (error) {
    await database?.close();
    await target.dispose();
    throw error;
  }
  const opened = database;
  return {
    ...target,
    database: opened,
    dispose: async () => {
      await opened.close();
      await target.dispose();
    },
  };
}

/**
 * Registers hooks giving each test of the enclosing `describe` a fresh fixture, and returns a
 * getter for the current one. Every test gets its own temp `dataDir` and an empty database:
 * on SQLite a new file; on PostgreSQL, when migrated, one database per `describe` whose
 * tables are truncated before each test (a `CREATE DATABASE` costs ~300 ms), otherwise a new
 * database. Do not close `fixture().database`: the hooks do.
 *
 * @example
 * ```ts
 * describe.each(await testEngines())('user store on %s', (engine) => {
 *   const fixture = useTestDatabase(engine);
 *   it('starts empty', async () => expect(await createUserStore(fixture().database).count()).toBe(0));
 * });
 * ```
 */
export function useTestDatabase(
  engine: DatabaseEngine,
  { migrate = true }: { migrate?: boolean } = {},
): () => TestDatabase {
  const shareable = engine === 'postgres' && migrate;
  let shared: TestDatabase | undefined;
  let current: TestDatabase | undefined;
  if (shareable) {
    beforeAll(async () => {
      shared = await openTestDatabase(engine);
    });
    afterAll(async () => {
      await shared?.dispose();
    });
  }
  beforeEach(async () => {
    current =
      shared === undefined ? await openTestDatabase(engine, { migrate }) : await reuse(shared);
  });
  afterEach(async () => {
    const fixture = current;
    current = undefined;
    await fixture?.dispose();
  });
  return () => {
    if (current === undefined) throw new Error('useTestDatabase: no fixture outside a test');
    return current;
  };
}

/** The shared PostgreSQL fixture, emptied, with a fresh temp folder of its own. */
async function reuse(shared: TestDatabase): Promise<TestDatabase> {
  await truncateAllTables(shared.database.db);
  const folder = await mkdtemp(path.join(tmpdir(), 'tessera-test-'));
  const dataDir = path.join(folder, 'data');
  return {
    ...shared,
    dataDir,
    options: { ...shared.options, dataDir },
    dispose: () => rm(folder, { recursive: true, force: true }),
  };
}
