export type { Database, DatabaseEngine, OpenDatabaseOptions } from './database.js';
export type {
  DatabaseSchema,
  RefreshTokensTable,
  SessionsTable,
  UsersTable,
} from './database-schema.js';
export { resolveDatabaseTarget, SQLITE_FILE_NAME } from './database-url.js';
export type { DatabaseTarget } from './database-url.js';
export {
  APP_MIGRATION_LOCK_TABLE,
  APP_MIGRATION_TABLE,
  migrateToLatest,
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
} from './migrate.js';
export type { MigrateOptions, MigrationReport } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export type { TesseraMigration } from './migrations/index.js';
export { openDatabase } from './open-database.js';
export { POSTGRES_POOL_MAX } from './open-postgres.js';
export { SQLITE_BUSY_TIMEOUT_MS } from './open-sqlite.js';
export { isForeignKeyViolation } from './foreign-key-violation.js';
export { isUniqueViolation } from './unique-violation.js';
