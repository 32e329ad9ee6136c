import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DatabaseEngine } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

/** Kysely's bookkeeping tables, prefixed so they are recognisable in a shared database. */
export const MIGRATION_TABLE = 'tessera_migration';
export const MIGRATION_LOCK_TABLE = 'tessera_migration_lock';

/** What {@link migrateToLatest} did. */
export interface MigrationReport {
  /** Names of the migrations applied now, in order (empty when already up to date). */
  readonly applied: string[];
}

/**
 * Applies every pending migration of {@link MIGRATIONS}, in one transaction on both engines
 * and under a lock, so two processes starting at once apply each migration once. Throws the
 * first failure (with the migration's name in the message) after rolling back.
 *
 * @example
 * ```ts
 * const { applied } = await migrateToLatest(database); // ['0001-users'] on a new database
 * ```
 */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    provider: staticProvider(database.engine),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const where = failed === undefined ? '' : ` in "${failed}"`;
    throw new Error(`Database migration failed${where}`, { cause: error });
  }
  return {
    applied: results
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}

function staticProvider(engine: DatabaseEngine): MigrationProvider {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    const { down } = migration;
    migrations[name] = {
      up: (db: Kysely<unknown>) => migration.up(db, engine),
      ...(down === undefined ? {} : { down: (db: Kysely<unknown>) => down(db, engine) }),
    };
  }
  return { getMigrations: () => Promise.resolve(migrations) };
}
