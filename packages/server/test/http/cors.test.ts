import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ALLOWED = 'https://app.example.test';

/** SECURITY.md W01–W04: an exact-origin CORS allowlist from configuration. */
describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { config: { corsOrigins: [ALLOWED] } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  const preflight = (origin: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url: '/api/auth/me',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('W01 a preflight from https://evil.example gets no Access-Control-Allow-Origin nor -Credentials', async () => {
    const response = await preflight('https://evil.example');
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('W02 Origin: null gets no ACAO', async () => {
    expect((await preflight('null')).headers['access-control-allow-origin']).toBeUndefined();
    const simple = await t.app.inject({ url: '/api/health', headers: { origin: 'null' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    'https://app.example.test.evil.example',
    'https://evilapp.example.test',
    'http://app.example.test',
    'https://app.example.test:8443',
  ])('W03 %s does not match (exact string comparison)', async (origin) => {
    expect((await preflight(origin)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('W04 the allowed origin gets exactly itself, Vary: Origin and credentials, never *', async () => {
    const response = await preflight(ALLOWED);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(String(response.headers['access-control-allow-headers'])).toContain('authorization');
    expect(String(response.headers['vary'])).toMatch(/Origin/i);
    const actual = await t.app.inject({
      url: '/api/auth/me',
      headers: { origin: ALLOWED, authorization: `Bearer ${t.tokenFor(t.alice)}` },
    });
    expect(actual.statusCode).toBe(200);
    expect(actual.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('W01 a preflight never reaches a protected handler nor needs a token, and the guard still protects the real request', async () => {
    const response = await t.app.inject({ url: '/api/probe', headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(401);
    expect(t.probeHits()).toBe(0);
  });
});
