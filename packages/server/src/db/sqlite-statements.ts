import type SqliteDatabase from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

/** Most prepared statements kept per connection (Tessera's queries have a few dozen shapes). */
export const SQLITE_STATEMENT_CACHE_SIZE = 200;

/**
 * A prepared statement as Kysely's SQLite driver uses it, whose rows are objects built in
 * JavaScript from better-sqlite3's raw arrays: one object literal filled in column order takes
 * V8's fast path, where better-sqlite3's own objects, made from C++, cost about 1 µs more a row
 * (33 against 25 µs for a page of 10 users on this project's benchmark machine). The objects are
 * the same: one property per column, a later column of the same name winning.
 */
export interface RowStatement extends SqliteStatement {
  all(parameters: readonly unknown[]): Record<string, unknown>[];
}

function rowStatement(statement: SqliteDatabase.Statement): RowStatement {
  if (!statement.reader) {
    return {
      reader: false,
      all: (parameters) => statement.all(parameters) as Record<string, unknown>[],
      run: (parameters) => statement.run(parameters),
      iterate: (parameters) => statement.iterate(parameters),
    };
  }
  statement.raw(true);
  const columnNames = () => statement.columns().map((column) => column.name);
  let names = columnNames();
  const toObject = (values: unknown[]): Record<string, unknown> => {
    // SQLite prepares a statement again after a schema change: `select *` may then have
    // another number of columns (a migration added or dropped one), so the names are read again.
    if (values.length !== names.length) names = columnNames();
    const row: Record<string, unknown> = {};
    for (let index = 0; index < names.length; index++) row[names[index] as string] = values[index];
    return row;
  };
  return {
    reader: true,
    all: (parameters) => (statement.all(parameters) as unknown[][]).map(toObject),
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) {
        yield toObject(values);
      }
    },
  };
}

/** The prepared statements of one connection (see {@link statementCache}). */
export interface StatementCache {
  /** The statement of `sql`, prepared on first use. */
  prepare(sql: string): RowStatement;
  /** Drops every statement (before the connection closes). */
  clear(): void;
}

/**
 * The prepared statements of one connection, kept by SQL text (at most
 * {@link SQLITE_STATEMENT_CACHE_SIZE}, the oldest dropped first): parsing the SQL again costs 5
 * to 10 µs a query. SQLite re-prepares a kept statement by itself after a schema change. A
 * statement is used by one caller at a time: better-sqlite3 runs each call to the end,
 * synchronously, and Kysely runs one query at a time on its connection.
 *
 * @example
 * ```ts
 * const statements = statementCache(sqlite);
 * const rows = statements.prepare('select id from users where id = ?').all([7]);
 * ```
 */
export function statementCache(sqlite: SqliteDatabase.Database): StatementCache {
  const statements = new Map<string, RowStatement>();
  return {
    prepare(sql: string): RowStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = rowStatement(sqlite.prepare(sql));
        if (statements.size >= SQLITE_STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next();
          if (oldest.done !== true) statements.delete(oldest.value);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
    clear: () => statements.clear(),
  };
}
