/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';
import { totpCode } from '../support/totp.js';
import {
  FIRST_ADMIN,
  PATIENCE,
  createFirstAdmin,
  logIn,
  logOut,
  submitPassword,
} from '../support/web-session.js';

/**
 * Issue #14, done when: enrol TOTP → log out → log in with password + code, in Chromium against
 * `tessera serve`; the code is computed with otplib from the key shown beside the QR code.
 */
describe.runIf(browserAvailable())('two-step login with an authenticator app', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let secret: string;
  let recoveryCodes: string[];
  const url = (path: string) => `${server.baseUrl}${path}`;

  beforeAll(async () => {
    server = await serveTessera();
    await createFirstAdmin(server, FIRST_ADMIN);
    browser = await openBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  it('enrols TOTP: password, QR code and key, a code, then the recovery codes once', async () => {
    await logIn(page, server.baseUrl, FIRST_ADMIN);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up an authenticator app' });
    await dialog.getByLabel('Current password').fill(FIRST_ADMIN.password);
    await dialog.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('img', { name: /QR code/ }).waitFor();
    secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot(page, 'mfa-01-enrol');
    await page.getByLabel('Code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();

    const codes = page.getByRole('region', { name: 'Save your recovery codes' });
    await codes.getByRole('listitem').first().waitFor();
    recoveryCodes = (await codes.getByRole('listitem').allTextContents()).map((code) =>
      code.trim(),
    );
    expect(recoveryCodes).toHaveLength(10);
    await screenshot(page, 'mfa-02-recovery-codes');
    await codes.getByRole('button', { name: 'I saved them' }).click();
    await page.getByText('10 recovery codes left.').waitFor();
    expect(await page.locator('body').textContent()).not.toContain(recoveryCodes[0]);
  });

  it('log out → log in with password + code from the app', async () => {
    await logOut(page, server.baseUrl);
    await submitPassword(page, FIRST_ADMIN);
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await expect
      .poll(() => code.evaluate((input) => input === document.activeElement), PATIENCE)
      .toBe(true);
    await screenshot(page, 'mfa-03-second-step');
    await code.fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(url('/'));
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
  });

  it('a recovery code signs in once; the same code again is refused', async () => {
    for (const attempt of ['first', 'again'] as const) {
      await logOut(page, server.baseUrl);
      await submitPassword(page, FIRST_ADMIN);
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
      await page.getByRole('button', { name: 'Verify' }).click();
      if (attempt === 'first') {
        await page.waitForURL(url('/'));
        await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();
      } else {
        await page
          .getByRole('alert')
          .filter({ hasText: 'That recovery code is not valid' })
          .waitFor();
        expect(page.url()).toBe(url('/login'));
      }
    }
  });
});
