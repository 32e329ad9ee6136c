import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const INDEX =
  '<!doctype html><html><head><base href="/"></head><body><app-root></app-root><script src="main-ABCD2345.js" type="module"></script></body></html>';

/** One origin: the built app and the API on the same port (issue: apps/web served by the server). */
describe('the server serves the built web app', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'tessera-web-'));
    await writeFile(join(webDir, 'index.html'), INDEX);
    await writeFile(join(webDir, 'main-ABCD2345.js'), 'console.log("app")');
    await writeFile(join(webDir, 'favicon.ico'), 'icon');
    await mkdir(join(webDir, 'media'));
    await writeFile(join(webDir, 'media', 'logo.svg'), '<svg/>');
    t = await startTestApp('sqlite', { config: { webDir } });
  });
  afterAll(async () => {
    await t.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / (public, revalidated, no referrer)', async () => {
    const response = await t.app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toBe(INDEX);
  });

  it.each(['/login', '/setup?token=abc', '/users/7'])(
    'answers the client route %s with the app shell for a browser navigation',
    async (url) => {
      const response = await t.app.inject({
        url,
        headers: { accept: 'text/html,application/xhtml+xml' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(INDEX);
    },
  );

  it('caches hashed files for a year and revalidates the others', async () => {
    const hashed = await t.app.inject({ url: '/main-ABCD2345.js' });
    expect(hashed.statusCode).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-type']).toMatch(/javascript/);
    const plain = await t.app.inject({ url: '/favicon.ico' });
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect((await t.app.inject({ url: '/media/logo.svg' })).statusCode).toBe(200);
  });

  it('keeps problem+json 404s for the API and for missing files fetched by scripts', async () => {
    expectProblem(
      await t.app.inject({ url: '/api/nothing', headers: { accept: 'text/html' } }),
      404,
      'not_found',
    );
    expectProblem(
      await t.app.inject({ url: '/missing.js', headers: { accept: '*/*' } }),
      404,
      'not_found',
    );
  });

  it('does not serve files outside the folder', async () => {
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      const response = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.body).not.toContain('"name"');
      expect([200, 400, 403, 404]).toContain(response.statusCode);
    }
  });

  it('still protects the API', async () => {
    expectProblem(await t.app.inject({ url: '/api/users' }), 401, 'token_missing');
  });
});
