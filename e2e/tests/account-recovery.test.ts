/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../packages/server/test/support/smtp-sink.js';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';
import { enrolTotpOverApi, totpCode } from '../support/totp.js';
import {
  FIRST_ADMIN,
  PATIENCE,
  createFirstAdmin,
  logIn,
  logOut,
  type Person,
} from '../support/web-session.js';

const NEW_PASSWORD = 'a passphrase Ada will remember';
const CAROL: Person = {
  email: 'carol@example.com',
  name: 'Carol',
  password: 'carol picks her own',
};

/**
 * Issue #14, done when (1/2): in Chromium against `tessera serve` and a real SMTP server,
 * forgot → mail → reset → signed in, old sessions ended; invitation → set password → signed in.
 */
describe.runIf(browserAvailable())('password reset and invitations, end to end', () => {
  let sink: SmtpSink;
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let other: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  /** Another device, signed in before the reset. */
  let device2: Page;
  const url = (path: string) => `${server.baseUrl}${path}`;
  const snackBar = (on: Page) => on.locator('mat-snack-bar-container');

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await serveTessera({ TESSERA_SMTP_URL: sink.url });
    await createFirstAdmin(server, FIRST_ADMIN);
    browser = await openBrowser();
    other = await openBrowser();
    page = await browser.context.newPage();
    device2 = await other.context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await closeBrowser(other);
    await server.stop();
    await sink.close();
  });

  it('forgot → mail → reset → signed in, and the other session is ended', async () => {
    await logIn(device2, server.baseUrl, FIRST_ADMIN);

    await page.goto(url('/login'));
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(url('/forgot-password'));
    await page.getByLabel('Email').fill(FIRST_ADMIN.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await screenshot(page, 'account-01-forgot-sent');

    const mail = await sink.waitFor(
      (message) => message.to === FIRST_ADMIN.email && !!message.link,
    );
    expect(mail.link).toMatch(new RegExp(`^${server.baseUrl}/reset-password#token=`));
    await page.goto(mail.link ?? '');
    await page.getByLabel('New password', { exact: true }).waitFor();
    // The token left the address bar (and the history) as soon as the page read it.
    expect(page.url()).toBe(url('/reset-password'));
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await screenshot(page, 'account-02-reset');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(url('/'));
    await page.getByTestId('current-user').filter({ hasText: FIRST_ADMIN.email }).waitFor();

    // The other device's session is over: its next load finds no session.
    await device2.reload();
    await device2.waitForURL(url('/login'));

    // The old password no longer works; the new one does.
    await logOut(page, server.baseUrl);
    await page.getByLabel('Email').fill(FIRST_ADMIN.email);
    await page.getByLabel('Password').fill(FIRST_ADMIN.password);
    await page.getByRole('button', { name: 'Login', exact: true }).click();
    await expect
      .poll(() => snackBar(page).textContent(), PATIENCE)
      .toContain('Invalid email or password');
    await logIn(page, server.baseUrl, { ...FIRST_ADMIN, password: NEW_PASSWORD });
  });

  it('a reset link works once', async () => {
    const mail = sink
      .to(FIRST_ADMIN.email)
      .find((message) => message.link?.includes('/reset-password'));
    await page.goto(mail?.link ?? '');
    await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
    await page.getByLabel('Confirm new password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    await page.goto(url('/'));
  });

  it('invitation → set password → signed in', async () => {
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await expect
      .poll(() => dialog.evaluate((element) => element.contains(document.activeElement)), PATIENCE)
      .toBe(true);
    await dialog.getByLabel('Email').fill(CAROL.email);
    await dialog.getByLabel('Name').fill(CAROL.name);
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect
      .poll(() => snackBar(page).textContent(), PATIENCE)
      .toContain(`Invitation sent to ${CAROL.email}`);
    const row = page.getByRole('row').filter({ hasText: CAROL.email });
    await row.getByText('Invitation pending').waitFor();
    await screenshot(page, 'account-03-invited');

    const mail = await sink.waitFor((message) => message.to === CAROL.email && !!message.link);
    expect(mail.link).toMatch(new RegExp(`^${server.baseUrl}/accept-invitation#token=`));
    await device2.goto(mail.link ?? '');
    await device2.getByLabel('Password', { exact: true }).fill(CAROL.password);
    await device2.getByLabel('Confirm password').fill(CAROL.password);
    await screenshot(device2, 'account-04-accept');
    await device2.getByRole('button', { name: 'Set password and sign in' }).click();
    await device2.waitForURL(url('/'));
    await device2.getByTestId('current-user').filter({ hasText: CAROL.email }).waitFor();

    await page.reload();
    await page.getByRole('row').filter({ hasText: CAROL.email }).waitFor();
    expect(
      await page.getByRole('row').filter({ hasText: CAROL.email }).textContent(),
    ).not.toContain('Invitation pending');
  });

  it('a reset of an account with an authenticator app still asks for a code', async () => {
    const secret = await enrolTotpOverApi(server.baseUrl, CAROL);
    await device2.goto(url('/forgot-password'));
    await device2.getByLabel('Email').fill(CAROL.email);
    await device2.getByRole('button', { name: 'Send reset link' }).click();
    await device2.getByRole('heading', { name: 'Check your email' }).waitFor();
    const mail = await sink.waitFor(
      (message) => message.to === CAROL.email && !!message.link?.includes('/reset-password'),
    );
    await device2.goto(mail.link ?? '');
    await device2.getByLabel('New password', { exact: true }).fill('carol resets hers');
    await device2.getByLabel('Confirm new password').fill('carol resets hers');
    await device2.getByRole('button', { name: 'Set password' }).click();
    await device2.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await device2.getByLabel('Authentication code').fill(totpCode(secret, 1));
    await device2.getByRole('button', { name: 'Verify' }).click();
    await device2.waitForURL(url('/'));
    await device2.getByTestId('current-user').filter({ hasText: CAROL.email }).waitFor();
  });
});
