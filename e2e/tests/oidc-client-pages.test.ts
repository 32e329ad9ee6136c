/// <reference lib="dom" />
// Issue #15, the front end's side in Chromium: the provider buttons, the popup flow as the
// browser really runs it (window.open, a cross-origin-free redirect, the opener reading the
// popup's fragment), the callback page and the security page's "Linked accounts". The server's
// provider routes are faked in the browser (context.route): this branch has the client only; the
// whole flow against a real provider is the server's e2e suite.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from '../support/axe.js';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';
import { FIRST_ADMIN, createFirstAdmin, logIn, logOut } from '../support/web-session.js';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
] as const;
const PROVIDERS = [
  { name: 'local', label: 'Local test' },
  { name: 'github', label: 'GitHub' },
];
const IDENTITY = {
  id: 'i1',
  provider: 'github',
  label: 'GitHub',
  email: 'a-rather-long-address-for-a-phone@example.com',
  created_at: '2026-12-01T10:00:00.000Z',
  last_used_at: '2026-12-05T10:00:00.000Z',
};

const json = (route: Route, body: unknown) =>
  route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

describe.runIf(browserAvailable())('provider sign-in pages (issue #15, API faked)', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const url = (path: string) => `${server.baseUrl}${path}`;

  async function checkEveryWidth(name: string): Promise<void> {
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      expect(await axeViolations(page), `${name} at ${size.name} width`).toEqual([]);
      expect(
        await horizontalOverflow(page),
        `${name} overflows at ${size.name} width`,
      ).toBeLessThanOrEqual(0);
      await screenshot(page, `a11y-${name}-${size.name}`);
    }
    await page.setViewportSize(WIDTHS[0]);
  }

  beforeAll(async () => {
    server = await serveTessera();
    await createFirstAdmin(server, FIRST_ADMIN);
    browser = await openBrowser();
    const { context } = browser;
    await context.route(
      (target) => target.pathname === '/api/auth/providers',
      (route) => json(route, { providers: PROVIDERS }),
    );
    await context.route(
      (target) => target.pathname === '/api/auth/identities',
      (route) => json(route, { identities: [IDENTITY] }),
    );
    // The provider says no at once: back to the app's callback page with an error.
    await context.route(
      (target) => target.pathname === '/api/auth/oidc/local/start',
      (route) =>
        route.fulfill({
          status: 302,
          headers: {
            location: url('/oidc/callback#error=oidc_signup_disabled&return_to=%2F'),
          },
        }),
    );
    page = await context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  it('the login page has a button per provider, accessible at 1280 and 360 px', async () => {
    await page.goto(url('/login'));
    await page.getByRole('button', { name: 'Sign in with Local test' }).waitFor();
    await expect(
      page.getByRole('group', { name: 'Other ways to sign in' }).getByRole('button').count(),
    ).resolves.toBe(2);
    await checkEveryWidth('login-providers');
  });

  it('the popup opens in the click, comes back with an error the login page shows, and closes', async () => {
    await page.goto(url('/login'));
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with Local test' }).click();
    const popup = await popupOpened;
    expect(popup.url()).not.toBe('about:blank');
    await page
      .locator('mat-snack-bar-container', {
        hasText: 'There is no account for this sign-in, and sign-up by provider is off',
      })
      .waitFor();
    await expect.poll(() => popup.isClosed()).toBe(true);
    expect(page.url()).toBe(url('/login'));
  });

  it('the callback page after a redirect shows the error, with a way back to the login page', async () => {
    await page.goto(url('/oidc/callback#error=oidc_account_not_linked&return_to=%2F'));
    await page.getByRole('heading', { name: 'Sign-in did not finish' }).waitFor();
    await page.getByText('An account with this email exists').waitFor();
    expect(page.url()).toBe(url('/oidc/callback'));
    await checkEveryWidth('oidc-callback-error');
    await page.getByRole('link', { name: 'Back to login' }).click();
    await page.waitForURL(url('/login'));
  });

  it('a ticket signs in: from the popup (then home), and after a redirect (then return_to)', async () => {
    // Each ticket's exchange answers a fresh, real session of the admin (a password login over
    // the API), as the server's would.
    const passwordLogin = async (): Promise<string> => {
      const login = await fetch(url('/api/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: FIRST_ADMIN.email, password: FIRST_ADMIN.password }),
      });
      return login.text();
    };
    const tickets: unknown[] = [];
    const { context } = browser;
    await context.route(
      (target) => target.pathname === '/api/auth/oidc/complete',
      async (route) => {
        tickets.push(route.request().postDataJSON());
        const body = await passwordLogin();
        await route.fulfill({ status: 200, contentType: 'application/json', body });
      },
    );
    await context.route(
      (target) => target.pathname === '/api/auth/oidc/github/start',
      (route) =>
        route.fulfill({
          status: 302,
          headers: { location: url('/oidc/callback#ticket=t-1&return_to=%2F') },
        }),
    );
    await page.goto(url('/login'));
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with GitHub' }).click();
    const popup = await popupOpened;
    await page.waitForURL(url('/'));
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
    await expect.poll(() => popup.isClosed()).toBe(true);
    await logOut(page, server.baseUrl);
    await page.goto(url('/oidc/callback#ticket=t-2&return_to=%2Fsecurity'));
    await page.waitForURL(url('/security'));
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
    expect(tickets).toEqual([{ ticket: 't-1' }, { ticket: 't-2' }]);
    await logOut(page, server.baseUrl);
  });

  it('the security page lists linked accounts and offers the others; the unlink dialog', async () => {
    await logIn(page, server.baseUrl, FIRST_ADMIN);
    await page.goto(url('/security'));
    await page.getByRole('heading', { name: 'Linked accounts' }).waitFor();
    await page.getByText(IDENTITY.email).waitFor();
    await page.getByRole('button', { name: 'Link Local test' }).waitFor();
    expect(await page.getByRole('button', { name: 'Link GitHub', exact: true }).count()).toBe(0);
    await checkEveryWidth('security-linked-accounts');
    await page.getByRole('button', { name: `Unlink GitHub ${IDENTITY.email}` }).click();
    await page.getByRole('dialog', { name: 'Unlink GitHub' }).waitFor();
    await checkEveryWidth('security-unlink-dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
