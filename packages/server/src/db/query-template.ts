import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Database } from './database.js';

/** Marks where a named value goes in a query built for {@link compileTemplate}. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** Where each parameter of a compiled query comes from: a named value, or a constant. */
/** What runs a compiled query: any `Kysely` instance or transaction. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

type Slot = { readonly name: string } | { readonly constant: unknown };

/**
 * A query Kysely compiled once, run many times with new values: no query building, no SQL
 * generation per call. Build it with {@link compileTemplate}.
 */
export interface QueryTemplate<Row, Values extends object> {
  /** The SQL text, the same on every call (what the statement cache keys on). */
  readonly sql: string;
  /** The compiled query with `values` in the places of their placeholders. */
  bind(values: Values): CompiledQuery<Row>;
  /** Runs the query with `values` on `db` (Kysely's executor: its connection, plugins, logs). */
  execute(db: QueryRunner, values: Values): Promise<Row[]>;
  /** As {@link execute}, with the driver's whole result (`numAffectedRows` of a write). */
  run(db: QueryRunner, values: Values): Promise<QueryResult<Row>>;
  /**
   * Reads the rows outside any transaction, committed data only, through
   * `database.readCommitted`: on SQLite at once (no promise, no queue behind the main
   * connection), on PostgreSQL straight from the pool; as {@link execute} on `database.db` when
   * the database has no `readCommitted`. Only for queries that return rows.
   */
  read(database: Pick<Database, 'db' | 'readCommitted'>, values: Values): Row[] | Promise<Row[]>;
}

/**
 * Compiles a Kysely query once, with a placeholder for each named value, and returns a
 * {@link QueryTemplate} that binds new values into the same SQL. Kysely stays the query layer:
 * it builds and compiles the query; only the per-call rebuild is skipped. Every place a value
 * is used must come from `values` (a value used twice takes two parameter slots, both filled).
 *
 * Throws a `TypeError` when a placeholder does not end up as a parameter (used in a place
 * Kysely inlines, such as an identifier), so a template can never run with a stale value.
 *
 * @example
 * ```ts
 * const byId = compileTemplate<{ id: number }, UserRow>((p) =>
 *   db.selectFrom('users').selectAll().where('id', '=', p.id),
 * );
 * const rows = await byId.execute(db, { id: 7 });
 * ```
 */
export function compileTemplate<Values extends object, Row>(
  build: (placeholders: Values) => Compilable<Row>,
): QueryTemplate<Row, Values> {
  const placeholders = new Proxy<Record<string, Placeholder>>(
    {},
    {
      get: (cache, name) => {
        if (typeof name !== 'string') return undefined;
        cache[name] ??= new Placeholder(name);
        return cache[name];
      },
    },
  );
  const compiled = build(placeholders as Values).compile();
  const slots: Slot[] = compiled.parameters.map((parameter) =>
    parameter instanceof Placeholder ? { name: parameter.name } : { constant: parameter },
  );
  const used = new Set(slots.flatMap((slot) => ('name' in slot ? [slot.name] : [])));
  for (const name of Object.keys(placeholders)) {
    if (!used.has(name)) {
      throw new TypeError(`query template: the value '${name}' is not a parameter of the SQL`);
    }
  }
  const bind = (values: Values): CompiledQuery<Row> => {
    const parameters = slots.map((slot) =>
      'name' in slot ? (values as Record<string, unknown>)[slot.name] : slot.constant,
    );
    return { ...compiled, parameters };
  };
  const execute = async (db: QueryRunner, values: Values): Promise<Row[]> => {
    const result = await db.executeQuery(bind(values));
    return result.rows;
  };
  return {
    sql: compiled.sql,
    bind,
    execute,
    run: (db, values) => db.executeQuery(bind(values)),
    read(database, values) {
      if (database.readCommitted !== undefined) return database.readCommitted(bind(values));
      return execute(database.db, values);
    },
  };
}
