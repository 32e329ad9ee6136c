import type { Database } from '@tessera/server';
import type { Generated } from 'kysely';

/** The `notes` table as Kysely sees it. */
export interface NotesTable {
  id: Generated<number>;
  owner_id: number;
  body: string;
  /** ISO 8601 UTC, like Tessera's timestamps. */
  created_at: string;
}

/** A note as the API returns it. */
export interface Note {
  readonly id: number;
  readonly body: string;
  readonly created_at: string;
}

const NOTE_COLUMNS = ['id', 'body', 'created_at'] as const;

/** The notes queries. */
export interface NotesStore {
  /** The owner's notes, oldest first. */
  listByOwner(ownerId: number): Promise<Note[]>;
  /** Adds a note, or returns `undefined` when the owner already has `limit` notes. */
  create(ownerId: number, body: string, limit: number): Promise<Note | undefined>;
  /** Deletes the note if `ownerId` owns it; false when they have no note with that id. */
  deleteOwn(ownerId: number, id: number): Promise<boolean>;
}

/**
 * The notes queries on the database Tessera opened (`app.tessera.database`), SQLite or
 * PostgreSQL alike.
 *
 * @example
 * ```ts
 * const notes = createNotesStore(app.tessera.database);
 * await notes.listByOwner(currentUser(request).id);
 * ```
 */
export function createNotesStore(database: Database): NotesStore {
  const db = database.db.withTables<{ notes: NotesTable }>();
  return {
    listByOwner(ownerId: number): Promise<Note[]> {
      return db
        .selectFrom('notes')
        .select(NOTE_COLUMNS)
        .where('owner_id', '=', ownerId)
        .orderBy('id')
        .execute();
    },

    create(ownerId: number, body: string, limit: number): Promise<Note | undefined> {
      return db.transaction().execute(async (trx) => {
        // Concurrent creates for one owner count one after the other: PostgreSQL locks the
        // owner's row; SQLite runs Tessera's transactions one at a time (BEGIN IMMEDIATE).
        if (database.engine === 'postgres') {
          await trx
            .selectFrom('users')
            .select('id')
            .where('id', '=', ownerId)
            .forUpdate()
            .execute();
        }
        const { count } = await trx
          .selectFrom('notes')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('owner_id', '=', ownerId)
          .executeTakeFirstOrThrow();
        if (Number(count) >= limit) return undefined;
        return trx
          .insertInto('notes')
          .values({ owner_id: ownerId, body, created_at: new Date().toISOString() })
          .returning(NOTE_COLUMNS)
          .executeTakeFirstOrThrow();
      });
    },

    async deleteOwn(ownerId: number, id: number): Promise<boolean> {
      const result = await db
        .deleteFrom('notes')
        .where('id', '=', id)
        .where('owner_id', '=', ownerId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
