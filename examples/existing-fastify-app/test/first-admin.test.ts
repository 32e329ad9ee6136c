import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../packages/server/test/support/engines.js';
import { bearer, postNote } from '../../../packages/server/test/plugin/host-users.js';
import { useNotesApp } from './notes-test-app.js';

const PASSWORD = 'a long unusual passphrase 7';

describe.each(await testEngines())('the first admin of the notes API, on %s', (engine) => {
  const notesApp = useNotesApp(engine);

  it('is created with the setup link token, then logs in and writes a note', async () => {
    const app = notesApp();
    const link = await app.tessera.setupLink('https://notes.example.com/');
    expect(link).toMatch(/^https:\/\/notes\.example\.com\/setup\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(link ?? '').searchParams.get('token');
    const setup = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { token, email: 'root@example.com', name: 'Root', password: PASSWORD },
    });
    expect(setup.statusCode, setup.body).toBe(201);
    expect(await app.tessera.setupLink('https://notes.example.com')).toBeUndefined();

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'root@example.com', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const session = login.json<{ access_token: string; scope: string }>();
    expect(session.scope.split(' ')).toEqual(expect.arrayContaining(['notes:read', 'notes:write']));

    expect((await postNote(app, session.access_token, 'first note')).statusCode).toBe(201);
    const list = await app.inject({ url: '/api/notes', headers: bearer(session.access_token) });
    expect(list.json<{ notes: { body: string }[] }>().notes.map((note) => note.body)).toEqual([
      'first note',
    ]);
  });
});
