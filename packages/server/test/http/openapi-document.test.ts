import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * The published contract (README.md "The API at a glance"): `GET /api/openapi.json` is public
 * OpenAPI 3.1 and documents the login, users and setup routes; Swagger UI at `/api/docs` is
 * public. Plus G1, G4 and G6.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectNoEcho } from '../support/expect-problem.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, unknown>;
  security?: unknown[];
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, Record<string, unknown>> };
}

describe.each(await testEngines())('OpenAPI document on %s', (engine) => {
  const t = useTestApp(engine);
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);

  /** Every request goes through here: G1 (never a 5xx) and G4 (no stack trace). */
  async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await t().app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    return response;
  }

  async function document(): Promise<OpenApiDocument> {
    const response = await send({ url: '/api/openapi.json' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<OpenApiDocument>();
  }

  it('GET /api/openapi.json without a token → 200 JSON, OpenAPI 3.1', async () => {
    const response = await send({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi.startsWith('3.1')).toBe(true);
    expect(doc.info.title).toEqual(expect.any(String));
  });

  it('stays public with a garbage bearer token', async () => {
    const response = await send({
      url: '/api/openapi.json',
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['/api/auth/login', ['post']],
    ['/api/login', ['post']],
    ['/api/auth/me', ['get']],
    ['/api/users', ['get', 'post']],
    ['/api/users/{id}', ['get', 'patch', 'delete']],
    ['/api/setup', ['get', 'post']],
    ['/api/health', ['get']],
  ])('documents %s (%j)', async (path, methods) => {
    const doc = await document();
    expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.paths[path] ?? {})).toEqual(expect.arrayContaining(methods));
  });

  it('login documents a closed JSON body of email and password, and its 400/401/413/415 answers', async () => {
    const login = (await document()).paths['/api/auth/login']?.['post'];
    const schema = login?.requestBody?.content?.['application/json']?.schema;
    expect(schema).toMatchObject({ additionalProperties: false, required: ['email', 'password'] });
    expect(Object.keys(login?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '415']),
    );
  });

  it('the users routes declare bearer security; the scheme is HTTP bearer JWT', async () => {
    const doc = await document();
    expect(doc.components?.securitySchemes?.['bearer']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [path, method] of [
      ['/api/users', 'get'],
      ['/api/users', 'post'],
      ['/api/users/{id}', 'patch'],
      ['/api/users/{id}', 'delete'],
      ['/api/auth/me', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
    }
  });

  it('never documents a secret field of a user, nor the docs routes themselves', async () => {
    const response = await send({ url: '/api/openapi.json' });
    expect(response.body).not.toMatch(/password_hash|token_version|passwordHash|tokenVersion/);
    const paths = Object.keys(response.json<OpenApiDocument>().paths);
    expect(paths).not.toContain('/api/openapi.json');
    expect(paths.filter((path) => path.startsWith('/api/docs'))).toEqual([]);
  });

  it('GET /api/docs (Swagger UI) without a token → 200 HTML or a redirect to it', async () => {
    const response = await send({ url: '/api/docs' });
    if (response.statusCode >= 300 && response.statusCode < 400) {
      const location = String(response.headers['location']);
      expect(location).toMatch(/docs/);
      const target = await send({ url: new URL(location, 'http://localhost/api/docs').pathname });
      expect(target.statusCode).toBe(200);
    } else {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('swagger');
    }
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    const { logs, alice, admin } = t();
    for (const user of [alice, admin]) secrets.add(t().tokenFor(user));
    expectCleanLogs(logs, secrets);
  });
});
