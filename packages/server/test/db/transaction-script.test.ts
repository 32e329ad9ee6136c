/**
 * Transaction scripts (`runTransaction`, `writeAtomically`): the refresh's read-check-write and
 * the login's writes (prune, session, refresh token) in one transaction, all or none, on both
 * engines; on SQLite synchronously once the connection is free, never inside another caller's
 * transaction.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { isForeignKeyViolation } from '../../src/db/foreign-key-violation.js';
import {
  resultOf,
  rowsOf,
  runTransaction,
  writeAtomically,
} from '../../src/db/transaction-script.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { newUser } from './user-fixtures.js';

const AT = '2026-06-01T00:00:00.000Z';
const LATER = '2026-06-02T00:00:00.000Z';

function insertSession(database: Database, id: string, userId: number) {
  return database.db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      created_at: AT,
      last_used_at: AT,
      expires_at: LATER,
      idle_expires_at: LATER,
      ended_at: null,
      ended_reason: null,
      user_agent: 'test',
      amr: 'pwd',
    })
    .compile();
}

async function sessionIds(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('sessions').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

describe.each(await testEngines())('writeAtomically on %s', (engine) => {
  const fixture = useTestDatabase(engine);

  async function aUser(database: Database): Promise<number> {
    return (await createUserStore(database).create(newUser({ email: 'writer@example.com' }))).id;
  }

  it('runs the writes in their order and commits them', async () => {
    const { database } = fixture();
    const userId = await aUser(database);
    const endFirst = database.db
      .updateTable('sessions')
      .set({ ended_at: LATER, ended_reason: 'logout' })
      .where('id', '=', 'first')
      .compile();

    await writeAtomically(database, [
      insertSession(database, 'first', userId),
      endFirst,
      insertSession(database, 'second', userId),
    ]);

    const rows = await database.db
      .selectFrom('sessions')
      .select(['id', 'ended_reason'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'first', ended_reason: 'logout' },
      { id: 'second', ended_reason: null },
    ]);
  });

  it('writes none of them when one fails, and rejects with the driver’s error', async () => {
    const { database } = fixture();
    const userId = await aUser(database);
    await writeAtomically(database, [insertSession(database, 'kept', userId)]);

    // A session of a user deleted meanwhile: the foreign key fails, after a write that worked.
    const failing = writeAtomically(database, [
      insertSession(database, 'new', userId),
      insertSession(database, 'orphan', userId + 1000),
    ]);

    const error: unknown = await failing.catch((caught: unknown) => caught);
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(await sessionIds(database)).toEqual(['kept']);
    // The connection is free again: the next writes and queries run.
    await writeAtomically(database, [insertSession(database, 'after', userId)]);
    expect(await sessionIds(database)).toEqual(['after', 'kept']);
  });

  it('never joins a transaction in progress (on SQLite, waits for its end)', async () => {
    const { database } = fixture();
    const userId = await aUser(database);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: Promise<void>;
    let writtenDuringTransaction = false;
    let writerCalled!: () => void;
    const calledInTransaction = new Promise<void>((resolve) => (writerCalled = resolve));

    const transaction = database.db
      .transaction()
      .execute(async (trx) => {
        await trx.executeQuery(insertSession(database, 'rolled-back', userId));
        written = writeAtomically(database, [insertSession(database, 'atomic', userId)]);
        void written.then(() => (writtenDuringTransaction = true));
        writerCalled();
        await gate;
        throw new Error('roll back');
      })
      .catch((error: unknown) => error);

    await calledInTransaction;
    if (engine === 'postgres') {
      // Another connection of the pool: the writes commit while the transaction is open.
      await written;
    } else {
      // One connection: the writes wait for the transaction's end, however long it takes.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(writtenDuringTransaction).toBe(false);
    }
    release();
    expect(await transaction).toEqual(new Error('roll back'));
    await written;

    expect(await sessionIds(database)).toEqual(['atomic']);
  });
});

describe.each(await testEngines())('runTransaction on %s', (engine) => {
  const fixture = useTestDatabase(engine);

  async function withSession(database: Database): Promise<number> {
    const user = await createUserStore(database).create(newUser({ email: 'reader@example.com' }));
    await writeAtomically(database, [insertSession(database, 'open', user.id)]);
    return user.id;
  }

  const endOpen = (database: Database) =>
    database.db
      .updateTable('sessions')
      .set({ ended_at: LATER, ended_reason: 'logout' })
      .where('id', '=', 'open')
      .where('ended_at', 'is', null)
      .compile();

  it('hands each query its result: rows of a read or a RETURNING, the count of a write', async () => {
    const { database } = fixture();
    const userId = await withSession(database);

    const outcome = await runTransaction(database, function* () {
      const [before] = yield* rowsOf(
        database.db.selectFrom('sessions').select('ended_at').where('id', '=', 'open').compile(),
      );
      const ended = yield* resultOf(endOpen(database));
      const again = yield* resultOf(endOpen(database));
      const renamed = yield* rowsOf(
        database.db
          .updateTable('sessions')
          .set({ user_agent: 'renamed' })
          .where('user_id', '=', userId)
          .returning(['id', 'user_agent'])
          .compile(),
      );
      return { before, ended: ended.numAffectedRows, again: again.numAffectedRows, renamed };
    });

    expect(outcome).toEqual({
      before: { ended_at: null },
      ended: 1n,
      again: 0n,
      renamed: [{ id: 'open', user_agent: 'renamed' }],
    });
  });

  it('rolls back every write when a step throws, and rejects with its error', async () => {
    const { database } = fixture();
    await withSession(database);

    const failing = runTransaction(database, function* () {
      yield* resultOf(endOpen(database));
      throw new RangeError('a check between two queries failed');
    });

    await expect(failing).rejects.toThrow(RangeError);
    const [row] = await database.db.selectFrom('sessions').select('ended_at').execute();
    expect(row?.ended_at).toBeNull();
  });

  it('L09 of concurrent read-check-write scripts, exactly one sees the row still open', async () => {
    const { database } = fixture();
    await withSession(database);

    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        runTransaction(database, function* () {
          const [row] = yield* rowsOf(
            database.db
              .selectFrom('sessions')
              .select('ended_at')
              .where('id', '=', 'open')
              .compile(),
          );
          if (row?.ended_at !== null) return 'already ended';
          const { numAffectedRows } = yield* resultOf(endOpen(database));
          return numAffectedRows === 1n ? 'ended' : 'lost the race';
        }),
      ),
    );

    // SQLite runs the scripts one after another; PostgreSQL's row lock makes the losers of the
    // update wait and re-check, so they affect nothing.
    expect(results.filter((result) => result === 'ended')).toHaveLength(1);
    if (engine === 'sqlite') expect(results.filter((r) => r === 'already ended')).toHaveLength(7);
  });
});
