import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../../packages/server/test/support/expect-problem.js';
import { testEngines } from '../../../packages/server/test/support/engines.js';
import {
  bearer,
  createHostUser,
  loginOnHost,
  postNote,
} from '../../../packages/server/test/plugin/host-users.js';
import { useNotesApp } from './notes-test-app.js';

const NOTES_ROUTES = [
  ['GET', '/api/notes'],
  ['POST', '/api/notes'],
  ['DELETE', '/api/notes/1'],
] as const;

describe.each(await testEngines())('what Tessera protects in the notes API, on %s', (engine) => {
  const app = useNotesApp(engine);

  it.each(NOTES_ROUTES)(
    '%s %s without a token is 401 token_missing problem+json',
    async (method, url) => {
      const response = await app().inject({ method, url });
      expectProblem(response, 401, 'token_missing');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="tessera"');
    },
  );

  it("the app's own public route answers without a token", async () => {
    const response = await app().inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('a role without notes:write (viewer) reads notes but gets 403 insufficient_scope on write', async () => {
    await createHostUser(app(), 'vera@example.com', 'viewer');
    const { token, scope } = await loginOnHost(app(), 'vera@example.com');
    expect(scope.split(' ')).toEqual(['profile:read', 'profile:write', 'notes:read']);
    expect((await app().inject({ url: '/api/notes', headers: bearer(token) })).statusCode).toBe(
      200,
    );
    const write = await postNote(app(), token, 'not allowed');
    expectProblem(write, 403, 'insufficient_scope');
    expect(write.headers['www-authenticate']).toContain('scope="notes:write"');
  });
});

describe.each(await testEngines())("protect: 'marked', on %s", (engine) => {
  const app = useNotesApp(engine, { protect: 'marked' });

  it("still requires a token on the notes routes and Tessera's own; /health stays open", async () => {
    for (const [method, url] of NOTES_ROUTES) {
      expectProblem(await app().inject({ method, url }), 401, 'token_missing');
    }
    expect((await app().inject({ url: '/health' })).statusCode).toBe(200);
    expectProblem(await app().inject({ url: '/api/auth/me' }), 401, 'token_missing');
  });
});
