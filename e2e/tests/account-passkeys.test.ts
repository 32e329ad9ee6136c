/// <reference lib="dom" />
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTesseraOnLocalhost, type ServedTessera } from '../support/server.js';
import {
  FIRST_ADMIN,
  PATIENCE,
  createFirstAdmin,
  logIn,
  logOut,
  submitPassword,
} from '../support/web-session.js';

/**
 * Issue #14, done when: enrol a passkey → log in with it alone, in Chromium with the DevTools
 * virtual authenticator (CTAP2, internal, resident keys, user verification), against
 * `tessera serve` on http://localhost (WebAuthn refuses an IP address as RP ID).
 */
describe.runIf(browserAvailable())('passkeys in the browser', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  const url = (path: string) => `${server.baseUrl}${path}`;
  const snackBar = () => page.locator('mat-snack-bar-container');
  const credentials = async () =>
    (
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as {
        credentials: { signCount: number }[];
      }
    ).credentials;

  beforeAll(async () => {
    server = await serveTesseraOnLocalhost();
    await createFirstAdmin(server, FIRST_ADMIN);
    browser = await openBrowser();
    page = await browser.context.newPage();
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  it('serves the app on localhost', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('enrols a passkey on the security page', async () => {
    await logIn(page, server.baseUrl, FIRST_ADMIN);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(url('/security'));
    await page.getByLabel('Passkey name').fill('Virtual key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await list.getByText('Virtual key').waitFor();
    expect(await list.textContent()).toContain('Last used never');
    expect(await credentials()).toHaveLength(1);
    await screenshot(page, 'passkeys-01-enrolled');
  });

  it('logs out, then logs in with the passkey alone', async () => {
    await logOut(page, server.baseUrl);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(url('/'));
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
    expect((await credentials())[0]?.signCount).toBeGreaterThan(0);
    await page.goto(url('/security'));
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await list.getByText('Virtual key').waitFor();
    await expect.poll(() => list.textContent(), PATIENCE).not.toContain('Last used never');
  });

  it('after a password, the passkey is the second step', async () => {
    await logOut(page, server.baseUrl);
    await submitPassword(page, FIRST_ADMIN);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(url('/'));
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
    await page.goto(url('/security'));
  });

  it('renames it, removes it, and then it no longer signs in', async () => {
    await page.getByRole('button', { name: 'Rename Virtual key' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename passkey' });
    await expect
      .poll(() => rename.evaluate((element) => element.contains(document.activeElement)), PATIENCE)
      .toBe(true);
    await rename.getByLabel('Passkey name').fill('Laptop');
    await rename.getByRole('button', { name: 'Rename' }).click();
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await list.getByText('Laptop').waitFor();

    await page.getByRole('button', { name: 'Remove Laptop' }).click();
    await page
      .getByRole('dialog', { name: 'Remove passkey' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.getByText('You have no passkeys yet.').waitFor();

    await logOut(page, server.baseUrl);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect
      .poll(() => snackBar().textContent(), PATIENCE)
      .toContain('The passkey was not accepted');
    expect(page.url()).toBe(url('/login'));
  });
});
