/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';

/** As in the lifecycle test: the proactive renewal (≈ 32 s) comes before staleness (34 s). */
const ACCESS_TTL_SECONDS = 64;
const ADMIN = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'correct horse battery staple',
};

/** One API call of the page: its path, its answer and the token it carried. */
interface ApiHit {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bearer: string | null;
}

/**
 * The bundled web app with `TESSERA_TOKEN_FORMAT=jwe`, in Debian's Chromium: the page cannot
 * read its access token, so the expiry and the scopes come from the token responses. It must
 * sign in, show what the scopes allow, know which row is the signed-in user, stay signed in
 * across a reload and a proactive refresh, and log out.
 */
describe.runIf(browserAvailable())('the web app with encrypted access tokens', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const hits: ApiHit[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await serveTessera({
      TESSERA_TOKEN_FORMAT: 'jwe',
      TESSERA_ACCESS_TTL: `${ACCESS_TTL_SECONDS}s`,
    });
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (!pathname.startsWith('/api/')) return;
      const header = response.request().headers()['authorization'];
      hits.push({
        method: response.request().method(),
        path: pathname,
        status: response.status(),
        bearer: header === undefined ? null : header.replace(/^Bearer /, ''),
      });
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  const bearers = () => hits.flatMap((hit) => (hit.bearer === null ? [] : [hit.bearer]));
  const refreshes = () =>
    hits.filter((hit) => hit.method === 'POST' && hit.path === '/api/auth/refresh');
  /** API calls whose token was refused (a signed-out page's `restore()` carries none). */
  const refused = (from = 0) =>
    hits.slice(from).filter((hit) => hit.status === 401 && hit.bearer !== null);
  const adminRow = () => page.getByRole('row').filter({ hasText: ADMIN.email });

  it('first-run setup signs in with an encrypted token and shows what its scopes allow', async () => {
    await page.goto(server.setupLink);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin' }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    // The users table needs the users:read scope, which only the token response names.
    const emails = page.locator('td.mat-column-email');
    await expect.poll(() => emails.allTextContents()).toEqual([ADMIN.email]);
    expect(await page.getByTestId('current-user').textContent()).toContain(ADMIN.email);
    // The signed-in user's own row cannot be deleted: the page knows who it is without `sub`.
    await expect
      .poll(() =>
        adminRow()
          .getByRole('button', { name: `Delete ${ADMIN.email}` })
          .isDisabled(),
      )
      .toBe(true);
    await screenshot(page, 'jwe-01-users');
    expect(bearers().length).toBeGreaterThan(0);
    for (const token of bearers()) expect(token.split('.')).toHaveLength(5);
  });

  it('a reload keeps the user signed in', async () => {
    const before = hits.length;
    await page.reload();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await expect
      .poll(() => page.locator('td.mat-column-email').allTextContents())
      .toEqual([ADMIN.email]);
    expect(page.url()).toBe(`${server.baseUrl}/`);
    expect(hits.slice(before).filter((hit) => hit.status === 401)).toEqual([]);
    expect(refused()).toEqual([]);
  });

  it('the proactive refresh renews the token before its expires_in runs out', async () => {
    const seen = refreshes().length;
    const token = bearers().at(-1);
    await expect
      .poll(() => refreshes().length, { timeout: ACCESS_TTL_SECONDS * 1000, interval: 500 })
      .toBeGreaterThan(seen);
    expect(refreshes().at(-1)?.status).toBe(200);
    await page.getByLabel('Search').fill('admin'); // a new API call, with the token now held
    await expect.poll(() => bearers().at(-1)).not.toBe(token);
    expect(bearers().at(-1)?.split('.')).toHaveLength(5);
    expect(refused()).toEqual([]);
  }, 90_000);

  it('logout ends on /login', async () => {
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.waitForURL(`${server.baseUrl}/login`);
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(`${server.baseUrl}/login`);
    // Only the 401s of `restore()` on pages opened signed out (setup, and / after the logout).
    expect(consoleErrors.filter((text) => !/status of 401/.test(text))).toEqual([]);
    expect(refused()).toEqual([]);
  });
});
