import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DatabaseEngine } from './database.js';
import { MIGRATIONS, type TesseraMigration } from './migrations/index.js';

/** Kysely's bookkeeping tables, prefixed so they are recognisable in a shared database. */
export const MIGRATION_TABLE = 'tessera_migration';
export const MIGRATION_LOCK_TABLE = 'tessera_migration_lock';
/** The bookkeeping tables of the application's own migrations. */
export const APP_MIGRATION_TABLE = 'tessera_app_migration';
export const APP_MIGRATION_LOCK_TABLE = 'tessera_app_migration_lock';

/** What {@link migrateToLatest} did. */
export interface MigrationReport {
  /** Names of Tessera's migrations applied now, in order (empty when already up to date). */
  readonly applied: string[];
  /** Names of the application's migrations applied now, in order. */
  readonly appApplied: string[];
}

/** Options of {@link migrateToLatest}. */
export interface MigrateOptions {
  /**
   * The application's migrations by name, applied in name order after Tessera's (so they may
   * reference `users`), with their own bookkeeping table. Never rename or edit one that has
   * been applied: add another.
   */
  readonly appMigrations?: Readonly<Record<string, TesseraMigration>>;
}

const MIGRATION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Applies every pending migration: Tessera's ({@link MIGRATIONS}), then the application's,
 * each in one transaction on both engines and under a lock, so two processes starting at once
 * apply each migration once. Throws the first failure (with the migration's name in the
 * message) after rolling back.
 *
 * @example
 * ```ts
 * const { applied } = await migrateToLatest(database); // ['0001-users', …] on a new database
 * await migrateToLatest(database, { appMigrations: { '0001-notes': notesMigration } });
 * ```
 */
export async function migrateToLatest(
  database: Database,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const appMigrations = options.appMigrations ?? {};
  for (const name of Object.keys(appMigrations)) {
    if (!MIGRATION_NAME.test(name)) {
      throw new TypeError(`Migration name "${name}" must match ${String(MIGRATION_NAME)}`);
    }
  }
  database.allowSchemaEdits?.(true);
  let applied: string[];
  try {
    applied = await run(database, MIGRATIONS, [MIGRATION_TABLE, MIGRATION_LOCK_TABLE]);
  } finally {
    database.allowSchemaEdits?.(false);
  }
  const appApplied = await run(database, appMigrations, [
    APP_MIGRATION_TABLE,
    APP_MIGRATION_LOCK_TABLE,
  ]);
  return { applied, appApplied };
}

async function run(
  database: Database,
  migrations: Readonly<Record<string, TesseraMigration>>,
  [table, lockTable]: readonly [string, string],
): Promise<string[]> {
  if (Object.keys(migrations).length === 0) return [];
  const migrator = new Migrator({
    db: database.db,
    provider: staticProvider(migrations, database.engine),
    migrationTableName: table,
    migrationLockTableName: lockTable,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const where = failed === undefined ? '' : ` in "${failed}"`;
    throw new Error(`Database migration failed${where}`, { cause: error });
  }
  return results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}

function staticProvider(
  source: Readonly<Record<string, TesseraMigration>>,
  engine: DatabaseEngine,
): MigrationProvider {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(source)) {
    const { down } = migration;
    migrations[name] = {
      up: (db: Kysely<unknown>) => migration.up(db, engine),
      ...(down === undefined ? {} : { down: (db: Kysely<unknown>) => down(db, engine) }),
    };
  }
  return { getMigrations: () => Promise.resolve(migrations) };
}
