import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentUser } from '../../src/index.js';
import { testEngines } from '../support/engines.js';
import { startHostApp, type HostApp } from './host-app.js';
import { bearer, createHostUser, loginOnHost } from './host-users.js';

function markedRoutes(app: FastifyInstance): void {
  app.get('/open', () => ({ open: true }));
  app.get('/mine', { config: { auth: true } }, (request) => ({ id: currentUser(request).id }));
  app.get('/notes', { config: { scope: 'notes:read' } }, () => ({ notes: [] }));
  // An error of another library that carries only a status (like @fastify/sensible's).
  app.get('/busy-record', () => {
    throw Object.assign(new Error('row locked by another writer'), { statusCode: 409 });
  });
}

describe.each(await testEngines())("protect: 'marked' on %s", (engine) => {
  let host: HostApp;
  let token: string;

  beforeAll(async () => {
    host = await startHostApp(engine, { plugin: { protect: 'marked' }, routes: markedRoutes });
    await createHostUser(host.app, 'ann@example.com', 'user');
    token = (await loginOnHost(host.app, 'ann@example.com')).token;
  });
  afterAll(async () => {
    await host.dispose();
  });

  it('leaves an unmarked route public', async () => {
    const response = await host.app.inject({ url: '/open' });
    expect(response.statusCode).toBe(200);
  });

  it('requires a token on a route marked auth: true, and admits any signed-in user', async () => {
    expect((await host.app.inject({ url: '/mine' })).statusCode).toBe(401);
    const response = await host.app.inject({ url: '/mine', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ id: number }>().id).toBeGreaterThan(0);
  });

  it('requires a token and the scope on a route with a scope', async () => {
    expect((await host.app.inject({ url: '/notes' })).statusCode).toBe(401);
    const response = await host.app.inject({ url: '/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
  });

  it("keeps Tessera's own protected routes protected", async () => {
    expect((await host.app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await host.app.inject({ url: '/api/users' })).statusCode).toBe(401);
    expect((await host.app.inject({ url: '/api/auth/sessions' })).statusCode).toBe(401);
  });

  it('answers a host error that carries only a status 409 as problem+json conflict, without its text', async () => {
    const response = await host.app.inject({ url: '/busy-record' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict' });
    expect(response.body).not.toContain('row locked');
  });

  it('does not count 401s of unmarked routes as rejected tokens', async () => {
    const response = await host.app.inject({ url: '/open', headers: bearer('not-a-token') });
    expect(response.statusCode).toBe(200);
  });
});
