/**
 * Whether `error` is the engine's unique-constraint violation on `table.column`:
 * PostgreSQL SQLSTATE `23505`, or better-sqlite3's `SQLITE_CONSTRAINT_UNIQUE`
 * (`UNIQUE constraint failed: table.column`). On PostgreSQL the constraint must be named
 * `<table>_<column>_unique`, as Tessera's migrations do.
 *
 * @example
 * ```ts
 * try { await insert(); } catch (error) { if (isUniqueViolation(error, 'users', 'email_key')) … }
 * ```
 */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  if (error.code === '23505') {
    return 'constraint' in error && error.constraint === `${table}_${column}_unique`;
  }
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return error.message.includes(`${table}.${column}`);
  }
  return false;
}
