import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** SECURITY.md W07, W08, W12, W13: the headers a browser relies on. */
describe('browser-facing headers', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'tessera-web-'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>x</title>');
    t = await startTestApp('sqlite', { config: { webDir } });
  });
  afterAll(async () => {
    await t.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it.each([
    [
      'a token response',
      'POST',
      '/api/auth/login',
      { email: 'alice@example.com', password: 'correct horse battery staple' },
    ],
    ['user data', 'GET', '/api/auth/me', undefined],
    ['an error', 'GET', '/api/users', undefined],
  ] as const)(
    'W07 %s: JSON with charset, nosniff, no-store, a data-only CSP, no banner',
    async (_label, method, url, payload) => {
      const response = await t.app.inject({
        method,
        url,
        ...(payload === undefined
          ? { headers: { authorization: `Bearer ${t.tokenFor(t.alice)}` } }
          : { payload }),
      });
      expect(response.headers['content-type']).toMatch(
        /^application\/(problem\+)?json; charset=utf-8$/,
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['server']).toBeUndefined();
      expect(response.headers['strict-transport-security']).toBeUndefined();
    },
  );

  it('W08 the app shell carries a strict CSP: scripts from self only, no objects, no framing', async () => {
    const response = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("connect-src 'self'");
  });

  it('W12 the app cannot be framed: frame-ancestors none and X-Frame-Options DENY', async () => {
    const response = await t.app.inject({ url: '/login', headers: { accept: 'text/html' } });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('W13 the shell sends no referrer (the setup link carries a one-time token) and nothing redirects with a token', async () => {
    const response = await t.app.inject({
      url: '/setup?token=abc',
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['location']).toBeUndefined();
  });
});
