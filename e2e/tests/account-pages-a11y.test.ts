/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkEveryWidth as checkWidths, WIDTHS } from '../support/axe.js';
import { browserAvailable, closeBrowser, openBrowser } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';
import { createUserOverApi, enrolTotpOverApi, totpCode } from '../support/totp.js';
import {
  FIRST_ADMIN,
  createFirstAdmin,
  logIn,
  submitPassword,
  type Person,
} from '../support/web-session.js';

/** A user with an authenticator app, for the second step of the login. */
const MALLORY: Person = {
  email: 'mallory@example.com',
  name: 'Mallory',
  password: 'mallory has two steps',
};

/**
 * Issue #14's pages (and their states: errors, dialogs, the second step, the recovery codes)
 * have no WCAG 2.0/2.1 A or AA violation (axe-core) at desktop width and at 360 px, where they
 * also fit without sideways scrolling.
 */
describe.runIf(browserAvailable())('the account pages are accessible (axe-core, WCAG A/AA)', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const url = (path: string) => `${server.baseUrl}${path}`;

  /** The page as it is now, at each width: no axe violation, no sideways scrolling. */
  const checkEveryWidth = (name: string) => checkWidths(page, name);

  /** Opens `path` afresh and waits until `ready` shows the state is there. */
  async function open(path: string, ready: () => Promise<void>): Promise<void> {
    await page.goto(url(path));
    await ready();
  }

  const heading = (name: string) => () =>
    page.getByRole('heading', { name, exact: true }).waitFor();

  beforeAll(async () => {
    server = await serveTessera();
    await createFirstAdmin(server, FIRST_ADMIN);
    await createUserOverApi(server.baseUrl, FIRST_ADMIN, MALLORY);
    await enrolTotpOverApi(server.baseUrl, MALLORY);
    browser = await openBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  describe('signed out', () => {
    it('login', async () => {
      await open('/login', heading('Login'));
      await checkEveryWidth('login');
    });

    it('login: the second step', async () => {
      await open('/login', heading('Login'));
      await submitPassword(page, MALLORY);
      await page.getByLabel('Authentication code').waitFor();
      await checkEveryWidth('login-second-step');
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill('not-a-code');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
      await checkEveryWidth('login-second-step-error');
    });

    it('forgot password, then its confirmation', async () => {
      await open('/forgot-password', heading('Forgot password'));
      await checkEveryWidth('forgot-password');
      await page.getByLabel('Email').fill('someone@example.com');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await checkEveryWidth('forgot-password-sent');
    });

    it('reset password: the form with its errors, then a link that cannot be used', async () => {
      await open('/reset-password#token=a11y-token', () =>
        page.getByLabel('Confirm new password').waitFor(),
      );
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.getByText('Use at least 8 characters').waitFor();
      await checkEveryWidth('reset-password');
      await page.getByLabel('New password', { exact: true }).fill('a long enough passphrase');
      await page.getByLabel('Confirm new password').fill('a long enough passphrase');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
      await checkEveryWidth('reset-password-invalid');
    });

    it('verify email, and a link that cannot be used', async () => {
      await open('/verify-email#token=a11y-token', () =>
        page.getByRole('button', { name: 'Verify my email address' }).waitFor(),
      );
      await checkEveryWidth('verify-email');
      await page.getByRole('button', { name: 'Verify my email address' }).click();
      await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
      await checkEveryWidth('verify-email-invalid');
    });

    it('accept an invitation, and one that cannot be used', async () => {
      await open('/accept-invitation#token=a11y-token', () =>
        page.getByLabel('Confirm password').waitFor(),
      );
      await checkEveryWidth('accept-invitation');
      await open('/accept-invitation', heading('This invitation cannot be used'));
      await checkEveryWidth('accept-invitation-invalid');
    });
  });

  describe('signed in', () => {
    beforeAll(async () => {
      await page.setViewportSize(WIDTHS[0]);
      await logIn(page, server.baseUrl, FIRST_ADMIN);
    });

    it('the security page', async () => {
      await open('/security', () => page.getByText('You have no passkeys yet.').waitFor());
      await page.getByText('Off.').waitFor();
      await checkEveryWidth('security');
    });

    it('the password dialog, the QR code and key, then the recovery codes', async () => {
      await page.getByRole('button', { name: 'Set up authenticator app' }).click();
      const dialog = page.getByRole('dialog', { name: 'Set up an authenticator app' });
      await dialog.getByLabel('Current password').waitFor();
      await checkEveryWidth('security-password-dialog');
      await dialog.getByLabel('Current password').fill(FIRST_ADMIN.password);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      await checkEveryWidth('security-totp-enrolment');
      const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(
        /\s+/g,
        '',
      );
      await page.getByLabel('Code from the app').fill(totpCode(secret));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByRole('region', { name: 'Save your recovery codes' }).waitFor();
      // The notice comes in a snack bar loaded on demand: axe runs once it has arrived and settled.
      await page
        .locator('mat-snack-bar-container', { hasText: 'Two-step verification is on' })
        .waitFor();
      await checkEveryWidth('security-recovery-codes');
    });

    it('the users page with the invitation dialog', async () => {
      await open('/', () => page.getByRole('heading', { name: 'Users' }).waitFor());
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('dialog', { name: 'Create user' }).getByLabel('Email').waitFor();
      await checkEveryWidth('users-invite-dialog');
    });
  });
});
