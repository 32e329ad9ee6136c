import type { CompiledQuery, QueryResult } from 'kysely';
import type { Database } from './database.js';

/**
 * A transaction written once for both engines: a generator that yields each compiled query and
 * is handed back its result (Kysely's `QueryResult`). {@link runTransaction} runs it on SQLite
 * synchronously (`Database.transactSynchronously`) and elsewhere in a Kysely transaction. Its
 * steps between queries must be synchronous; read results with {@link rowsOf} and
 * {@link resultOf}.
 */
export type TransactionScript<T> = Generator<CompiledQuery, T, QueryResult<unknown>>;

/** Runs `query` in a {@link TransactionScript} and gives its rows: `yield* rowsOf(query)`. */
export function* rowsOf<Row>(
  query: CompiledQuery<Row>,
): Generator<CompiledQuery, Row[], QueryResult<unknown>> {
  const result = yield query;
  return result.rows as Row[];
}

/**
 * Runs `query` in a {@link TransactionScript} and gives its whole result (`numAffectedRows` of
 * a write): `yield* resultOf(query)`.
 */
export function* resultOf<Row>(
  query: CompiledQuery<Row>,
): Generator<CompiledQuery, QueryResult<Row>, QueryResult<unknown>> {
  const result = yield query;
  return result as QueryResult<Row>;
}

/**
 * Runs `script` as one transaction and resolves with what it returns; a query or a step that
 * throws rolls the whole transaction back and rejects with that error.
 *
 * - SQLite (`database.transactSynchronously`): in the main connection's turn, `BEGIN IMMEDIATE`,
 *   every step and `COMMIT` without a promise between them.
 * - PostgreSQL: a Kysely transaction, each query awaited in turn.
 *
 * @example
 * ```ts
 * const ended = await runTransaction(database, function* () {
 *   const result = yield* resultOf(statements.end.bind({ id, at, reason }));
 *   return result.numAffectedRows === 1n;
 * });
 * ```
 */
export async function runTransaction<T>(
  database: Pick<Database, 'db' | 'transactSynchronously'>,
  script: () => TransactionScript<T>,
): Promise<T> {
  if (database.transactSynchronously !== undefined) {
    return await database.transactSynchronously((execute) => {
      const steps = script();
      let step = steps.next();
      while (step.done !== true) step = steps.next(execute(step.value));
      return step.value;
    });
  }
  return await database.db.transaction().execute(async (trx) => {
    const steps = script();
    let step = steps.next();
    while (step.done !== true) step = steps.next(await trx.executeQuery(step.value));
    return step.value;
  });
}

/**
 * Runs compiled writes whose results nobody reads in one transaction, in order: all of them or
 * none ({@link runTransaction}).
 *
 * @example
 * ```ts
 * await writeAtomically(database, [
 *   statements.prune.bind({ userId, before }),
 *   statements.insertSession.bind(session),
 * ]);
 * ```
 */
export async function writeAtomically(
  database: Pick<Database, 'db' | 'transactSynchronously'>,
  queries: readonly CompiledQuery[],
): Promise<void> {
  await runTransaction(database, function* () {
    for (const query of queries) yield query;
  });
}
