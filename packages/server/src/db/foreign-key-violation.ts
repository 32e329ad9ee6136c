/**
 * Whether `error` is the engine's foreign-key violation: PostgreSQL SQLSTATE `23503`, or a
 * better-sqlite3 `SQLITE_CONSTRAINT*` error saying `FOREIGN KEY constraint failed` (a RESTRICT
 * reference reports `SQLITE_CONSTRAINT_TRIGGER`, an immediate check `…_FOREIGNKEY`).
 *
 * @example
 * ```ts
 * try { await deleteRow(); } catch (error) { if (isForeignKeyViolation(error)) throw new TesseraError('conflict'); throw error; }
 * ```
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') {
    return false;
  }
  if (error.code === '23503') return true;
  return (
    error.code.startsWith('SQLITE_CONSTRAINT') &&
    error.message.includes('FOREIGN KEY constraint failed')
  );
}
