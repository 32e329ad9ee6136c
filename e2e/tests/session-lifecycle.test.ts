/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';

/**
 * The access-token lifetime of this server. The client counts a token stale 30 s before its
 * `exp` (its clock skew) and renews it `min(60 s, half its remaining life)` before `exp`; at 64 s
 * the renewal (≈ 32 s after issue) comes before staleness (34 s), as with the default 15 min, so
 * the tabs exercise the production path: the proactive timer, never a stale token.
 */
const ACCESS_TTL_SECONDS = 64;
const ADMIN = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'correct horse battery staple',
};
const NEW_PASSWORD = 'a brand new passphrase for Ada';
const SESSION_ENDED = 'Your session has ended, please log in again';

/** One answer of the API, as a tab saw it. */
interface ApiHit {
  readonly tab: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly authorization: string | undefined;
  readonly at: number;
}

/**
 * The session lifecycle in Debian's Chromium against `tessera serve` (cookie refresh, in-memory
 * access token): reload, two tabs across a refresh, logout everywhere at once, W10 (nothing a
 * page script can read holds a token), the Sessions page and the password change.
 */
describe.runIf(browserAvailable())('the session lifecycle in the browser', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let other: Awaited<ReturnType<typeof openBrowser>>;
  let tabA: Page;
  let tabB: Page;
  let device2: Page;
  const hits: ApiHit[] = [];
  const consoleErrors: string[] = [];
  const url = (path: string) => `${server.baseUrl}${path}`;
  const snackBar = (page: Page) => page.locator('mat-snack-bar-container');

  /** Records every API answer of `page` under `tab`, and its console errors. */
  function watch(page: Page, tab: string): Page {
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (!pathname.startsWith('/api/')) return;
      const request = response.request();
      hits.push({
        tab,
        method: request.method(),
        path: pathname,
        status: response.status(),
        authorization: request.headers()['authorization'],
        at: Date.now(),
      });
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${tab}: ${message.text()}`);
    });
    return page;
  }

  const since = (start: number, tab?: string) =>
    hits.filter((hit) => hit.at >= start && (tab === undefined || hit.tab === tab));
  const refreshes = (start: number) =>
    since(start).filter((hit) => hit.method === 'POST' && hit.path === '/api/auth/refresh');

  async function logIn(page: Page, password = ADMIN.password): Promise<void> {
    if (!page.url().endsWith('/login')) await page.goto(url('/login'));
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL(url('/'));
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  }

  /** The refresh cookie (on `Path=/api/auth`, so not among the cookies of `/`). */
  async function refreshCookie(context: BrowserContext) {
    return (await context.cookies(url('/api/auth/refresh'))).find(
      (cookie) => cookie.name === 'tessera_rt',
    );
  }

  /** An API call of `page` the user causes: a search of the users table. */
  async function search(page: Page, text: string): Promise<void> {
    await page.getByLabel('Search').fill(text);
  }

  /** The rows of the Sessions table, as text. */
  async function sessionRows(page: Page): Promise<string[]> {
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page
      .getByRole('progressbar', { name: 'Loading sessions' })
      .waitFor({ state: 'detached' });
    return page.locator('tr.mat-mdc-row').allTextContents();
  }

  beforeAll(async () => {
    server = await serveTessera({ TESSERA_ACCESS_TTL: `${ACCESS_TTL_SECONDS}s` });
    const setup = new URL(server.setupLink);
    const created = await fetch(url('/api/setup'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: setup.searchParams.get('token'), ...ADMIN }),
    });
    expect(created.status).toBe(201);
    // Setup signed Ada in from Node: end that session, so the browsers' are the only ones.
    const { access_token: token } = (await created.json()) as { access_token: string };
    const cookie = created.headers.get('set-cookie')?.split(';')[0] ?? '';
    const logout = await fetch(url('/api/auth/logout'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        cookie,
        'content-type': 'application/json',
        'x-tessera-csrf': '1',
      },
      body: '{}',
    });
    expect(logout.status).toBe(204);
    browser = await openBrowser();
    tabA = watch(await browser.context.newPage(), 'A');
  });

  afterAll(async () => {
    if (other) await closeBrowser(other);
    if (browser) await closeBrowser(browser);
    await server?.stop();
  });

  it('a reload keeps the session: / is restored from the cookie, never bounced to /login', async () => {
    await tabA.goto(url('/login'));
    await logIn(tabA);
    const visited: string[] = [];
    tabA.on('framenavigated', (frame) => {
      if (frame === tabA.mainFrame()) visited.push(frame.url());
    });
    const start = Date.now();
    await tabA.reload();
    await tabA.getByRole('heading', { name: 'Users' }).waitFor();
    expect(tabA.url()).toBe(url('/'));
    expect(visited.filter((address) => address.includes('/login'))).toEqual([]);
    expect(refreshes(start).map((hit) => hit.status)).toEqual([200]);
    await expect.poll(() => tabA.getByTestId('current-user').textContent()).toBe(ADMIN.email);
  });

  it('W10: no storage a page script can read holds the refresh token, nor the access token', async () => {
    const cookie = await refreshCookie(browser.context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    const readable = await tabA.evaluate(async () => {
      const dump = (storage: Storage) =>
        Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key)]));
      return {
        localStorage: dump(localStorage),
        sessionStorage: dump(sessionStorage),
        cookie: document.cookie,
        indexedDB: (await indexedDB.databases()).map((database) => database.name),
        caches: await caches.keys(),
      };
    });
    expect(readable).toEqual({
      localStorage: {},
      sessionStorage: {},
      cookie: '',
      indexedDB: [],
      caches: [],
    });
    expect(JSON.stringify(readable)).not.toContain(cookie?.value);
  });

  it('two tabs share one session and survive an access-token refresh: one rotation, no logout', async () => {
    const start = Date.now();
    tabB = watch(await browser.context.newPage(), 'B');
    await tabB.goto(url('/'));
    await tabB.getByRole('heading', { name: 'Users' }).waitFor();
    // B came in with the cookie (one rotation) and told A: both now hold B's token.
    expect(refreshes(start).map((hit) => [hit.tab, hit.status])).toEqual([['B', 200]]);
    const opened = Date.now();
    await search(tabA, 'admin');
    await expect
      .poll(() => since(opened, 'A').filter((hit) => hit.path === '/api/users'))
      .toHaveLength(1);
    const tokenB = since(start, 'B').find((hit) => hit.path === '/api/users')?.authorization;
    expect(tokenB).toMatch(/^Bearer /);
    expect(since(opened, 'A').find((hit) => hit.path === '/api/users')?.authorization).toBe(tokenB);

    // Both tabs' timers fire ≈ 32 s after that token was issued; the Web Lock lets one refresh.
    await expect
      .poll(() => refreshes(opened).length, { timeout: ACCESS_TTL_SECONDS * 1000, interval: 500 })
      .toBe(1);
    await tabA.waitForTimeout(2_000); // a second rotation would show up by now
    expect(refreshes(opened).map((hit) => hit.status)).toEqual([200]);
    expect(since(start).filter((hit) => hit.status === 401)).toEqual([]);

    for (const tab of [tabA, tabB]) {
      expect(tab.url()).toBe(url('/'));
      await tab.getByRole('link', { name: 'Sessions' }).click();
      expect(await sessionRows(tab)).toHaveLength(1); // one session for the two tabs
    }
    const listed = since(opened).filter((hit) => hit.path === '/api/auth/sessions');
    expect(listed.map((hit) => [hit.tab, hit.status])).toEqual([
      ['A', 200],
      ['B', 200],
    ]);
    expect(listed[0]?.authorization).toBe(listed[1]?.authorization);
    expect(listed[0]?.authorization).not.toBe(tokenB);
    expect(since(start).filter((hit) => hit.status === 401)).toEqual([]);
  }, 90_000);

  it('a logout in one tab signs the other out at once (BroadcastChannel), before any request of its own', async () => {
    const start = Date.now();
    await tabA.getByRole('button', { name: 'Logout' }).click();
    await tabA.waitForURL(url('/login'));
    await tabB.waitForURL(url('/login'), { timeout: 2_000 });
    expect(await tabB.getByRole('heading', { name: 'Login' }).isVisible()).toBe(true);
    // The login page it lands on lists the sign-in providers (public); nothing else is asked.
    expect(since(start, 'B').filter((hit) => hit.path !== '/api/auth/providers')).toEqual([]);
    expect(since(start, 'A').map((hit) => `${hit.method} ${hit.path} ${hit.status}`)).toContain(
      'POST /api/auth/logout 204',
    );
    expect(await refreshCookie(browser.context)).toBeUndefined();
    // The server ended the session too: a reload stays signed out.
    await tabB.reload();
    await tabB.getByRole('heading', { name: 'Login' }).waitFor();
    expect(tabB.url()).toBe(url('/login'));
    await tabB.close();
  });

  it('the Sessions page lists both devices; ending the other signs it out at its next request', async () => {
    await logIn(tabA);
    other = await openBrowser();
    device2 = watch(await other.context.newPage(), 'device 2');
    await logIn(device2);

    await tabA.getByRole('link', { name: 'Sessions' }).click();
    await tabA.waitForURL(url('/sessions'));
    const rows = await sessionRows(tabA);
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.includes('This device'))).toHaveLength(1);
    expect(rows.every((row) => /Chrome on Linux/.test(row))).toBe(true);
    expect(await tabA.title()).toBe('Sessions · Tessera');
    await screenshot(tabA, '30-sessions');

    const otherRow = tabA.locator('tr.mat-mdc-row').filter({ hasNotText: 'This device' });
    await otherRow.getByRole('button', { name: /^End session on / }).click();
    await expect.poll(() => snackBar(tabA).textContent()).toContain('Session ended');
    await expect.poll(() => tabA.locator('tr.mat-mdc-row').count()).toBe(1);

    const start = Date.now();
    await search(device2, 'ada');
    await device2.waitForURL(url('/login'));
    await expect.poll(() => snackBar(device2).textContent()).toContain(SESSION_ENDED);
    expect(since(start, 'device 2').map((hit) => `${hit.path} ${hit.status}`)).toContain(
      '/api/users 401',
    );
    await screenshot(device2, '31-session-ended');
  });

  it('a password change keeps this tab signed in and ends the other device’s session', async () => {
    await logIn(device2);
    await tabA.getByRole('link', { name: 'Change password' }).click();
    await tabA.waitForURL(url('/account/password'));
    await tabA.getByRole('heading', { name: 'Change password' }).waitFor();
    expect(await tabA.title()).toBe('Change password · Tessera');

    const wrongAt = Date.now();
    await tabA.getByLabel('Current password').fill('not the password');
    await tabA.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await tabA.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await screenshot(tabA, '32-change-password');
    const refused = tabA.waitForResponse((response) =>
      response.url().endsWith('/api/auth/password'),
    );
    await tabA.getByRole('button', { name: 'Change password' }).click();
    const problem = (await (await refused).json()) as { message: string; detail?: string };
    // The app shows the problem's own detail when it says more than the generic message.
    const shown =
      problem.detail !== undefined && problem.detail !== problem.message
        ? problem.detail.charAt(0).toUpperCase() + problem.detail.slice(1)
        : problem.message;
    await expect.poll(() => snackBar(tabA).textContent()).toContain(shown);
    expect(tabA.url()).toBe(url('/account/password'));
    expect(since(wrongAt, 'A').map((hit) => `${hit.path} ${hit.status}`)).toEqual([
      '/api/auth/password 401',
    ]);

    await tabA.getByLabel('Current password').fill(ADMIN.password);
    await tabA.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => snackBar(tabA).textContent()).toContain('Password changed');
    expect(tabA.url()).toBe(url('/account/password'));
    await screenshot(tabA, '33-password-changed');

    // This tab goes on, with the cookie the change replaced (a reload still restores it)…
    await tabA.getByRole('link', { name: 'Sessions' }).click();
    const rows = await sessionRows(tabA);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('This device');
    await tabA.reload();
    await tabA.getByRole('heading', { name: 'Sessions' }).waitFor();
    expect(tabA.url()).toBe(url('/sessions'));

    // …the other device is out at its next request, and the new password is the one that works.
    await search(device2, 'ada');
    await device2.waitForURL(url('/login'));
    await expect.poll(() => snackBar(device2).textContent()).toContain(SESSION_ENDED);
    await logIn(device2, NEW_PASSWORD);
  });

  it('the Sessions page fits a phone: 360 px wide without page overflow', async () => {
    await tabA.setViewportSize({ width: 360, height: 740 });
    const overflow = await tabA.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(tabA, '34-sessions-phone');
    await tabA.setViewportSize({ width: 1280, height: 800 });
  });

  it('ran without a script error or CSP violation', () => {
    // The 401s the test provokes on purpose are logged by the browser as failed loads.
    expect(consoleErrors.filter((text) => !/status of 401/.test(text))).toEqual([]);
  });
});
