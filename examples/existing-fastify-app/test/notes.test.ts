import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../packages/server/test/support/expect-problem.js';
import { testEngines } from '../../../packages/server/test/support/engines.js';
import {
  bearer,
  createHostUser,
  loginOnHost,
  postNote,
} from '../../../packages/server/test/plugin/host-users.js';
import type { Note, NotesTable } from '../src/notes-store.js';
import { useNotesApp } from './notes-test-app.js';

const MAX_NOTES = 3;

describe.each(await testEngines())('the notes resource, on %s', (engine) => {
  const app = useNotesApp(engine, { maxNotesPerUser: MAX_NOTES });
  let adminToken: string;

  /** A new user of role `user`, signed in. */
  async function signedInUser(email: string): Promise<{ id: number; token: string }> {
    const id = await createHostUser(app(), email, 'user');
    return { id, token: (await loginOnHost(app(), email)).token };
  }
  async function listNotes(token: string): Promise<string[]> {
    const response = await app().inject({ url: '/api/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    return response.json<{ notes: Note[] }>().notes.map((note) => note.body);
  }
  function deleteNote(token: string, id: number | string) {
    return app().inject({ method: 'DELETE', url: `/api/notes/${id}`, headers: bearer(token) });
  }

  beforeAll(async () => {
    await createHostUser(app(), 'root@example.com', 'admin');
    adminToken = (await loginOnHost(app(), 'root@example.com')).token;
  });

  it('a user creates, lists and deletes their own notes', async () => {
    const { token } = await signedInUser('ann@example.com');
    const created = await postNote(app(), token, 'buy milk');
    expect(created.statusCode).toBe(201);
    const note = created.json<Note>();
    expect(note).toEqual({
      id: expect.any(Number),
      body: 'buy milk',
      created_at: expect.any(String),
    });
    await postNote(app(), token, 'call Bob');
    expect(await listNotes(token)).toEqual(['buy milk', 'call Bob']);

    const deleted = await deleteNote(token, note.id);
    expect(deleted.statusCode).toBe(204);
    expect(await listNotes(token)).toEqual(['call Bob']);
    expectProblem(await deleteNote(token, note.id), 404, 'not_found');
  });

  it("another user's note is 404 to delete and absent from the list, and stays", async () => {
    const owner = await signedInUser('olga@example.com');
    const other = await signedInUser('otto@example.com');
    const note = (await postNote(app(), owner.token, 'private')).json<Note>();

    expect(await listNotes(other.token)).toEqual([]);
    expectProblem(await deleteNote(other.token, note.id), 404, 'not_found');
    // Not even an admin deletes it through the notes API: the route deletes the caller's own.
    expectProblem(await deleteNote(adminToken, note.id), 404, 'not_found');
    expect(await listNotes(owner.token)).toEqual(['private']);
  });

  it('one note over maxNotesPerUser is 409 note_limit_reached, as problem+json', async () => {
    const { token } = await signedInUser('max@example.com');
    for (let index = 0; index < MAX_NOTES; index += 1) {
      expect((await postNote(app(), token, `note ${index}`)).statusCode).toBe(201);
    }
    const refused = await postNote(app(), token, 'one too many');
    expectProblem(refused, 409, 'note_limit_reached');
    expect(refused.json()).toMatchObject({
      status: 409,
      message: 'You have reached your note limit',
      type: 'urn:tessera:problem:note_limit_reached',
    });
    expect(await listNotes(token)).toHaveLength(MAX_NOTES);
  });

  it('concurrent creates never go past the limit', async () => {
    const { token } = await signedInUser('rush@example.com');
    const responses = await Promise.all(
      Array.from({ length: MAX_NOTES * 2 }, (_, index) => postNote(app(), token, `n${index}`)),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([...Array(MAX_NOTES).fill(201), ...Array(MAX_NOTES).fill(409)]);
    expect(await listNotes(token)).toHaveLength(MAX_NOTES);
  });

  it('refuses a body or an id the schemas reject with 400 validation_failed', async () => {
    const { token } = await signedInUser('val@example.com');
    expectProblem(await postNote(app(), token, ''), 400, 'validation_failed');
    expectProblem(await deleteNote(token, 'abc'), 400, 'validation_failed');
    expect(await listNotes(token)).toEqual([]);
  });

  it("deleting a user deletes their notes (the migration's ON DELETE CASCADE)", async () => {
    const gone = await signedInUser('gone@example.com');
    await postNote(app(), gone.token, 'soon gone');
    const table = app().tessera.database.db.withTables<{ notes: NotesTable }>();
    const notesOf = (ownerId: number) =>
      table.selectFrom('notes').select('id').where('owner_id', '=', ownerId).execute();
    expect(await notesOf(gone.id)).toHaveLength(1);

    const removed = await app().inject({
      method: 'DELETE',
      url: `/api/users/${gone.id}`,
      headers: bearer(adminToken),
    });
    expect(removed.statusCode).toBe(204);
    expect(await notesOf(gone.id)).toEqual([]);
  });
});
