/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { ERROR_CODES } from '@tessera/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGitHubStandIn,
  type GitHubStandIn,
} from '../../packages/server/test/support/github-stand-in.js';
import { foreignKey, forgeIdToken } from '../../packages/server/test/support/oidc-forgery.js';
import {
  driveLogin,
  startTestProvider,
  type TestProvider,
} from '../../packages/server/test/support/oidc-provider.js';
import { checkEveryWidth as checkWidths } from '../support/axe.js';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { apiToken, forgetProviderSession, signInAtProvider } from '../support/oidc.js';
import { freePort, serveTessera, type ServedTessera } from '../support/server.js';
import { FIRST_ADMIN, PATIENCE, createFirstAdmin, logIn, logOut } from '../support/web-session.js';

const LABEL = 'Local ID';

/**
 * Issue #15, done when: in Chromium against a real OpenID provider (oidc-provider, in this
 * process), the Angular app signs a new user up with the provider, an existing user links the
 * provider and then signs in with it, and the attacks are refused with their messages:
 * a wrong state, a replayed callback, a wrong nonce, an ID token signed by another key, an
 * unverified address claiming an existing account, a disabled user.
 */
describe.runIf(browserAvailable())('sign-in with an OpenID provider in the browser', () => {
  let op: TestProvider;
  let github: GitHubStandIn;
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let adminToken: string;
  const url = (path: string) => `${server.baseUrl}${path}`;
  const startUrl = (returnTo = '/') =>
    url(`/api/auth/oidc/local/start?mode=redirect&return_to=${encodeURIComponent(returnTo)}`);

  beforeAll(async () => {
    const port = await freePort();
    const baseUrl = `http://localhost:${String(port)}`;
    op = await startTestProvider({ redirectUris: [`${baseUrl}/api/auth/oidc/local/callback`] });
    github = await startGitHubStandIn({
      redirectUris: [`${baseUrl}/api/auth/oidc/github/callback`],
    });
    server = await serveTessera({
      PORT: String(port),
      TESSERA_PUBLIC_URL: baseUrl,
      TESSERA_OIDC_LOCAL_ISSUER: op.issuer,
      TESSERA_OIDC_LOCAL_CLIENT_ID: op.clientId,
      TESSERA_OIDC_LOCAL_CLIENT_SECRET: op.clientSecret,
      TESSERA_OIDC_LOCAL_LABEL: LABEL,
      // The GitHub preset, pointed at the loopback stand-in (GitHub cannot be reached from here).
      TESSERA_OIDC_GITHUB_CLIENT_ID: github.clientId,
      TESSERA_OIDC_GITHUB_CLIENT_SECRET: github.clientSecret,
      TESSERA_OIDC_GITHUB_AUTHORIZATION_URL: github.authorizationUrl,
      TESSERA_OIDC_GITHUB_TOKEN_URL: github.tokenUrl,
      TESSERA_OIDC_GITHUB_API_URL: github.apiUrl,
      TESSERA_OIDC_SIGNUP: 'true',
    });
    await createFirstAdmin(server, FIRST_ADMIN);
    adminToken = await apiToken(server.baseUrl, FIRST_ADMIN);
    browser = await openBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
    await op.close();
    await github.close();
  });

  async function admin(method: string, path: string, body?: unknown): Promise<Response> {
    return await fetch(url(path), {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Runs the redirect flow as `login` and returns once the provider sent the browser back. */
  async function redirectFlow(login: string, returnTo = '/'): Promise<void> {
    await forgetProviderSession(page.context());
    await page.goto(startUrl(returnTo));
    await signInAtProvider(page, login);
    await page.waitForURL(/\/oidc\/callback/, PATIENCE);
  }

  /** The page as it is now, at each width: no axe violation, no sideways scrolling. */
  const checkEveryWidth = (name: string) => checkWidths(page, `oidc-${name}`);

  async function expectCallbackError(code: keyof typeof ERROR_CODES): Promise<void> {
    await page.getByText(ERROR_CODES[code].message).waitFor(PATIENCE);
    expect(await page.getByTestId('current-user').count()).toBe(0);
  }

  it('lists the provider on the login page and signs a new user up through the popup', async () => {
    await forgetProviderSession(page.context());
    await page.goto(url('/login'));
    const button = page.getByRole('button', { name: `Sign in with ${LABEL}` });
    await button.waitFor(PATIENCE);
    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()]);
    // The popup may close before the click returns: listen first.
    const closed = popup.waitForEvent('close', PATIENCE);
    await signInAtProvider(popup, 'carol');
    await closed;
    await page.waitForURL(url('/'), PATIENCE);
    await page.getByTestId('current-user').filter({ hasText: 'carol@example.com' }).waitFor();
    await screenshot(page, 'oidc-signed-up-by-popup');
    await logOut(page, server.baseUrl);
  });

  it('signs the same user in again with the redirect flow, back on the page it asked for', async () => {
    await redirectFlow('carol', '/security');
    await page.waitForURL(url('/security'), PATIENCE);
    await page.getByTestId('current-user').filter({ hasText: 'carol@example.com' }).waitFor();
    await logOut(page, server.baseUrl);
  });

  it('lets an existing user link the provider on the security page, then sign in with it', async () => {
    await logIn(page, server.baseUrl, FIRST_ADMIN);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(url('/security'));
    await forgetProviderSession(page.context());
    const link = page.getByRole('button', { name: `Link ${LABEL}` });
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    // The popup may close before the click returns: listen first.
    const closed = popup.waitForEvent('close', PATIENCE);
    await signInAtProvider(popup, 'ada');
    await closed;
    await page.getByText('ada@example.com').waitFor(PATIENCE);
    await screenshot(page, 'oidc-linked-on-security-page');
    await logOut(page, server.baseUrl);

    await redirectFlow('ada');
    await page.waitForURL(url('/'), PATIENCE);
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
    await logOut(page, server.baseUrl);
  });

  it('O02 refuses a callback made for another browser’s flow (login CSRF): the state is not this browser’s', async () => {
    // The victim's browser has started a flow of its own (its cookie names it).
    await forgetProviderSession(page.context());
    await page.goto(startUrl());
    await page.locator('input[name="login"]').waitFor(PATIENCE);
    // The attacker runs a flow with their own cookie and keeps the callback URL unused.
    const started = await fetch(startUrl(), { redirect: 'manual' });
    const authorization = started.headers.get('location');
    expect(started.status).toBe(302);
    const attackersCallback = await driveLogin(
      String(authorization),
      'mallory',
      url('/api/auth/oidc/local/callback'),
    );
    expect(attackersCallback.searchParams.has('code')).toBe(true);
    await page.goto(attackersCallback.href);
    await expectCallbackError('oidc_state_mismatch');
  });

  it('O03 refuses a callback replayed after it signed the user in', async () => {
    let callback: string | undefined;
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/oidc/local/callback')) callback ??= request.url();
    });
    await redirectFlow('carol');
    await page.getByTestId('current-user').filter({ hasText: 'carol@example.com' }).waitFor();
    await logOut(page, server.baseUrl);
    await page.goto(String(callback));
    await expectCallbackError('oidc_flow_invalid');
  });

  it('O05 refuses an ID token with another nonce', async () => {
    op.forgeNext(forgeIdToken(op.signingKey, { nonce: 'a-nonce-this-browser-never-sent' }));
    await redirectFlow('carol');
    await expectCallbackError('oidc_id_token_invalid');
  });

  it('O06 refuses an ID token signed by a key that is not the provider’s', async () => {
    op.forgeNext(forgeIdToken(await foreignKey(), {}));
    await redirectFlow('carol');
    await expectCallbackError('oidc_id_token_invalid');
  });

  it('O08 refuses an unverified provider address that names an existing account', async () => {
    const created = await admin('POST', '/api/users', {
      email: 'alice@example.com',
      name: 'Alice',
      password: 'alice has a long passphrase',
    });
    expect(created.status).toBe(201);
    await redirectFlow('mallory');
    await expectCallbackError('oidc_account_not_linked');
  });

  it('O11 refuses a disabled user who signs in with the provider', async () => {
    const listed = (await (await admin('GET', '/api/users?q=carol')).json()) as {
      users: { id: string; email: string }[];
    };
    const carol = listed.users.find((user) => user.email === 'carol@example.com');
    expect(carol).toBeDefined();
    expect(
      (await admin('PATCH', `/api/users/${String(carol?.id)}`, { is_enabled: false })).status,
    ).toBe(200);
    await redirectFlow('carol');
    await expectCallbackError('oidc_account_disabled');
  });

  it('the login page’s provider button, a callback error and the linked accounts have no axe violation at 1280 and 360 px', async () => {
    await page.goto(url('/login'));
    await page.getByRole('button', { name: `Sign in with ${LABEL}` }).waitFor(PATIENCE);
    await checkEveryWidth('login-providers');
    await page.goto(url('/oidc/callback#error=oidc_access_denied&return_to=%2F'));
    await page.getByText(ERROR_CODES.oidc_access_denied.message).waitFor(PATIENCE);
    await checkEveryWidth('callback-error');
    await logIn(page, server.baseUrl, FIRST_ADMIN);
    await page.goto(url('/security'));
    await page.getByText('ada@example.com').waitFor(PATIENCE);
    await checkEveryWidth('security-linked-accounts');
    await logOut(page, server.baseUrl);
  });

  it('signs a GitHub user up through the popup (the GitHub preset against its stand-in)', async () => {
    await page.goto(url('/login'));
    const group = page.getByRole('group', { name: 'Other ways to sign in' });
    await group.getByRole('button', { name: 'Sign in with GitHub' }).waitFor(PATIENCE);
    expect(await group.getByRole('button').count()).toBe(2);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      group.getByRole('button', { name: 'Sign in with GitHub' }).click(),
    ]);
    const closed = popup.waitForEvent('close', PATIENCE);
    await popup.getByLabel('Username').fill('octocat');
    await popup.getByRole('button', { name: 'Authorize' }).click();
    await closed;
    await page.waitForURL(url('/'), PATIENCE);
    await page.getByTestId('current-user').filter({ hasText: 'octocat@example.com' }).waitFor();
    await logOut(page, server.baseUrl);
  });

  it('shows a popup’s refusal on the login page and closes the popup', async () => {
    await forgetProviderSession(page.context());
    await page.goto(url('/login'));
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: `Sign in with ${LABEL}` }).click(),
    ]);
    const closed = popup.waitForEvent('close', PATIENCE);
    await signInAtProvider(popup, 'mallory');
    await closed;
    await page.getByText(ERROR_CODES.oidc_account_not_linked.message).waitFor(PATIENCE);
    expect(page.url()).toBe(url('/login'));
  });

  it('unlinks the provider on the security page after a confirmation (dialog axe-clean): the identity no longer signs the admin in', async () => {
    await logIn(page, server.baseUrl, FIRST_ADMIN);
    await page.goto(url('/security'));
    const unlink = page.getByRole('button', { name: `Unlink ${LABEL} ada@example.com` });
    await unlink.click(PATIENCE);
    const dialog = page.getByRole('dialog', { name: `Unlink ${LABEL}` });
    await dialog.waitFor(PATIENCE);
    await checkEveryWidth('security-unlink-dialog');
    await dialog.getByRole('button', { name: 'Unlink' }).click();
    await expect.poll(() => unlink.count(), PATIENCE).toBe(0);
    await page.getByRole('button', { name: `Link ${LABEL}` }).waitFor(PATIENCE);
    await logOut(page, server.baseUrl);
    // The identity no longer leads to the admin: with sign-up on, it makes an account of its own.
    await redirectFlow('ada');
    await page.getByTestId('current-user').filter({ hasText: 'ada@example.com' }).waitFor(PATIENCE);
    await logOut(page, server.baseUrl);
  });
});
