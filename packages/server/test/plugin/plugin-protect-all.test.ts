import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { startHostApp, type HostApp } from './host-app.js';
import { bearer, createHostUser, loginOnHost, postNote } from './host-users.js';

describe.each(await testEngines())(
  'register(tessera) in a host app, protect all, on %s',
  (engine) => {
    let host: HostApp;
    let userToken: string;
    let adminToken: string;
    let userId: number;

    beforeAll(async () => {
      host = await startHostApp(engine);
      userId = await createHostUser(host.app, 'ann@example.com', 'user');
      await createHostUser(host.app, 'root@example.com', 'admin');
      userToken = (await loginOnHost(host.app, 'ann@example.com')).token;
      adminToken = (await loginOnHost(host.app, 'root@example.com')).token;
    });
    afterAll(async () => {
      await host.dispose();
    });

    it("protects the host's routes by default: no token, 401 problem+json with the challenge", async () => {
      const response = await host.app.inject({ url: '/api/notes' });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="tessera"');
      expect(response.json()).toMatchObject({ code: 'token_missing', status: 401 });
    });

    it('leaves a public route of the host open and still runs the host hooks', async () => {
      const before = host.hostHookCalls();
      const response = await host.app.inject({ url: '/status' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ up: true });
      expect(host.hostHookCalls()).toBe(before + 1);
    });

    it("grants the host's scope to the roles mapped to it, in the token's scope claim", async () => {
      const { scope } = await loginOnHost(host.app, 'ann@example.com');
      expect(scope.split(' ')).toEqual(['profile:read', 'profile:write', 'notes:read']);
    });

    it('the handler reads the signed-in user with currentUser()', async () => {
      const created = await postNote(host.app, adminToken, 'admin note');
      expect(created.statusCode).toBe(201);
      const mine = await host.app.inject({ url: '/api/notes', headers: bearer(userToken) });
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toEqual({ notes: [] });
      const admins = await host.app.inject({ url: '/api/notes', headers: bearer(adminToken) });
      expect(admins.json<{ notes: { body: string }[] }>().notes.map((note) => note.body)).toEqual([
        'admin note',
      ]);
      expect(userId).toBeGreaterThan(0);
    });

    it("refuses a role without the route's scope: 403 insufficient_scope naming it", async () => {
      const response = await postNote(host.app, userToken, 'x');
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'insufficient_scope' });
      expect(response.headers['www-authenticate']).toContain('scope="notes:write"');
    });

    it("answers the host's own registry error with its status and code", async () => {
      const response = await host.app.inject({
        method: 'POST',
        url: '/api/notes/locked',
        headers: bearer(adminToken),
      });
      expect(response.statusCode).toBe(423);
      expect(response.json()).toMatchObject({
        code: 'note_locked',
        message: 'The note is locked',
        type: 'urn:tessera:problem:note_locked',
      });
    });

    it("validates the host's bodies into validation_failed problems, changing nothing", async () => {
      const response = await postNote(host.app, adminToken, '');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed' });
    });

    it('keeps serving its own routes: /api/auth/me, /api/users, /api/health', async () => {
      const me = await host.app.inject({ url: '/api/auth/me', headers: bearer(userToken) });
      expect(me.json()).toMatchObject({ email: 'ann@example.com', role: 'user' });
      const users = await host.app.inject({ url: '/api/users', headers: bearer(adminToken) });
      expect(users.json<{ total: number }>().total).toBe(2);
      const health = await host.app.inject({ url: '/api/health' });
      expect(health.statusCode).toBe(200);
    });

    it("logs through the host's logger, never a token or password (G1, G6)", () => {
      const text = host.logs.text;
      expect(text).toContain('login succeeded');
      expect(text).not.toContain(userToken);
      expect(text).not.toContain('correct horse');
    });
  },
);
