/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../packages/server/src/app.js';
import {
  createTestTarget,
  type TestDatabaseTarget,
} from '../../packages/server/test/support/engines.js';
import { testConfig } from '../../packages/server/test/support/test-app.js';
import {
  startTestProvider,
  type TestProvider,
} from '../../packages/server/test/support/oidc-provider.js';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { forgetProviderSession, signInAtProvider } from '../support/oidc.js';
import { freePort } from '../support/server.js';
import { PATIENCE } from '../support/web-session.js';

const require = createRequire(import.meta.url);
const LEGACY_FILES: Readonly<Record<string, string>> = {
  '/legacy/': new URL('../legacy/index.html', import.meta.url).pathname,
  '/legacy/app.js': new URL('../legacy/app.js', import.meta.url).pathname,
  '/legacy/angular.min.js': require.resolve('angular/angular.min.js'),
  '/legacy/satellizer.min.js': require.resolve('satellizer/dist/satellizer.min.js'),
};
const PASSWORD = 'legacy client passphrase';

/**
 * S10: an old AngularJS 1.8 + Satellizer 0.15.5 front end, unchanged, still works against
 * Tessera: it logs in on the tutorial's `/api/login`, lists `/api/users` through Satellizer's
 * interceptor (its `Authorization: Bearer` header) and logs out. Issue #15: its
 * `$auth.authenticate('local')` signs in through Satellizer's popup against a real OpenID
 * provider (oidc-provider, in this process) and Tessera's `POST /auth/local`.
 */
describe.runIf(browserAvailable())('an AngularJS + Satellizer front end', () => {
  let app: FastifyInstance;
  let target: TestDatabaseTarget;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let baseUrl: string;
  let op: TestProvider;
  const seen: { url: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    target = await createTestTarget('sqlite');
    const port = await freePort();
    const legacyPage = `http://127.0.0.1:${String(port)}/legacy/`;
    op = await startTestProvider({ redirectUris: [legacyPage] });
    const config = {
      ...testConfig(target.dataDir, undefined),
      issuer: 'tessera',
      audience: 'tessera-api',
      oidc: {
        signup: false,
        providers: [
          {
            name: 'local',
            label: 'Local',
            kind: 'oidc' as const,
            issuer: op.issuer,
            clientId: op.clientId,
            clientSecret: op.clientSecret,
            scopes: ['openid', 'email', 'profile'],
            redirectUris: [legacyPage],
          },
        ],
      },
    };
    app = await buildApp({ config });
    for (const [url, file] of Object.entries(LEGACY_FILES)) {
      const type = url.endsWith('/')
        ? 'text/html; charset=utf-8'
        : 'text/javascript; charset=utf-8';
      app.get(url, { config: { public: true } }, async (_request, reply) =>
        reply.type(type).send(await readFile(file)),
      );
    }
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.url.startsWith('/api/'))
        seen.push({ url: request.url, authorization: request.headers.authorization });
      done();
    });
    await app.ready();
    const { users, hasher } = app.tessera;
    for (const [email, role] of [
      ['admin@example.com', 'admin'],
      ['alice@example.com', 'user'],
    ] as const) {
      await users.create({
        email,
        name: email,
        role,
        isEnabled: true,
        // Verified here and at the provider: the first provider sign-in links the account (O09).
        isEmailVerified: true,
        passwordHash: await hasher.hash(PASSWORD),
      });
    }
    baseUrl = await app.listen({ host: '127.0.0.1', port });
    browser = await openBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await app.close();
    await target.dispose();
    await op.close();
  });

  it('logs in on /api/login, lists /api/users with the Bearer header, and logs out', async () => {
    await page.goto(`${baseUrl}/legacy/`);
    await page.fill('#email', 'admin@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('#login');
    await expect.poll(() => page.textContent('#status')).toBe('logged in');
    expect(await page.textContent('#authenticated')).toBe('true');
    const stored = await page.evaluate(() => localStorage.getItem('satellizer_token'));
    expect(stored).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    await page.click('#load');
    await expect.poll(() => page.textContent('#status')).toBe('loaded 2');
    expect(await page.locator('li.user').allTextContents()).toEqual([
      'admin@example.com',
      'alice@example.com',
    ]);
    expect(seen.find((request) => request.url === '/api/users')?.authorization).toBe(
      `Bearer ${stored}`,
    );
    await screenshot(page, 'legacy-satellizer-users');

    await page.click('#logout');
    await expect.poll(() => page.textContent('#status')).toBe('logged out');
    expect(await page.evaluate(() => localStorage.getItem('satellizer_token'))).toBeNull();
    await page.click('#load');
    await expect
      .poll(() => page.textContent('#status'))
      .toBe('error 401: Missing authorization header');
  });

  it('shows the server message on a failed login', async () => {
    await page.goto(`${baseUrl}/legacy/`);
    await page.fill('#email', 'alice@example.com');
    await page.fill('#password', 'wrong password');
    await page.click('#login');
    await expect
      .poll(() => page.textContent('#status'))
      .toBe('login failed: Invalid email or password');
    expect(await page.textContent('#authenticated')).toBe('false');
  });

  it('signs the admin in with $auth.authenticate through the popup, then lists users with that token', async () => {
    await page.goto(`${baseUrl}/legacy/`);
    await page.evaluate(() => localStorage.clear());
    await forgetProviderSession(page.context());
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#authenticate')]);
    // The popup may close before the click returns: listen first.
    const closed = popup.waitForEvent('close', PATIENCE);
    await signInAtProvider(popup, 'admin');
    await closed;
    await expect.poll(() => page.textContent('#status'), PATIENCE).toBe('signed in with local');
    const stored = await page.evaluate(() => localStorage.getItem('satellizer_token'));
    expect(stored).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.click('#load');
    await expect.poll(() => page.textContent('#status')).toBe('loaded 2');
    expect(seen.at(-1)).toEqual({ url: '/api/users', authorization: `Bearer ${stored}` });
    await screenshot(page, 'legacy-satellizer-oidc');
  });

  it('O15 refuses a Satellizer flow whose redirect URI is not on the provider’s list', async () => {
    const response = await fetch(
      `${baseUrl}/api/auth/oidc/local/start?response_type=code&client_id=tessera-test&redirect_uri=${encodeURIComponent('https://evil.example/legacy/')}&state=${'s'.repeat(32)}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'oidc_redirect_uri_invalid' });
  });
});
