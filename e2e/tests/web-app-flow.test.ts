/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';

const ADMIN = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'correct horse battery staple',
};
const BOB = { email: 'bob@example.com', name: 'Bob', password: 'bob has a long passphrase' };

/**
 * The tutorial's front end (S7–S10), rebuilt: first-run setup → users table → create, edit,
 * delete → logout → guards, in Debian's Chromium against `tessera serve` on one origin.
 */
describe.runIf(browserAvailable())('the web app, end to end', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const snackBar = () => page.locator('mat-snack-bar-container');
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await serveTessera();
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  it('first-run setup creates the admin, signs in and shows the users table', async () => {
    await page.goto(server.setupLink);
    await expect.poll(() => page.title()).toBe('First-run setup · Tessera');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password').fill(ADMIN.password);
    await screenshot(page, '01-setup');
    await page.getByRole('button', { name: 'Create admin' }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const emails = page.locator('td.mat-column-email');
    await expect.poll(() => emails.allTextContents()).toEqual([ADMIN.email]);
    expect(
      (await page.locator('td.mat-column-role').allTextContents()).map((text) => text.trim()),
    ).toEqual(['admin']);
    expect(await page.getByTestId('current-user').textContent()).toContain(ADMIN.email);
    await screenshot(page, '02-users');
  });

  /**
   * The dialog once it has taken the focus: Material moves the focus into a dialog after it
   * opens, and text typed before that could land in another field.
   */
  async function settledDialog(name: string): Promise<Locator> {
    const dialog = page.getByRole('dialog', { name });
    await expect
      .poll(() => dialog.evaluate((element) => element.contains(document.activeElement)))
      .toBe(true);
    return dialog;
  }

  it('an admin creates, edits and deletes a user', async () => {
    await page.getByRole('button', { name: 'Create user' }).click();
    const create = await settledDialog('Create user');
    await create.getByLabel('Email').fill(BOB.email);
    await create.getByLabel('Name').fill(BOB.name);
    await create.getByLabel('Password', { exact: true }).fill(BOB.password);
    await create.getByLabel('Role').selectOption('user');
    await screenshot(page, '03-create-user');
    await create.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('User created');
    const emails = page.locator('td.mat-column-email');
    await expect.poll(() => emails.allTextContents()).toEqual([ADMIN.email, BOB.email]);

    await page.getByRole('button', { name: `Edit ${BOB.email}` }).click();
    const edit = await settledDialog('Edit user');
    await edit.getByLabel('Name').fill('Robert');
    await screenshot(page, '04-edit-user');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('User saved');
    await expect
      .poll(() => page.locator('td.mat-column-name').allTextContents())
      .toContain('Robert');

    await page.getByRole('button', { name: `Delete ${BOB.email}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete user' });
    expect(await confirm.textContent()).toContain(`Delete ${BOB.email}? This cannot be undone.`);
    await screenshot(page, '05-delete-user');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('User deleted');
    await expect.poll(() => emails.allTextContents()).toEqual([ADMIN.email]);
  });

  it('logout shows "Logging out", ends on /login, and / then redirects to /login', async () => {
    await page.getByRole('button', { name: 'Logout' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('Logging out');
    await page.waitForURL(`${server.baseUrl}/login`);
    await screenshot(page, '06-logged-out');
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(`${server.baseUrl}/login`);
    expect(await page.getByRole('heading', { name: 'Login' }).isVisible()).toBe(true);
  });

  it('a wrong password shows the error, a right one opens the users page', async () => {
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Login' }).click();
    await expect.poll(() => snackBar().textContent()).toContain('Invalid email or password');
    expect(page.url()).toBe(`${server.baseUrl}/login`);
    await screenshot(page, '07-login-error');

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  });

  it('a signed-in user opening /login is sent to /', async () => {
    // An in-app navigation (the guard answers at once; a full page load would restore the session
    // from the refresh cookie first, which session-lifecycle.test.ts covers).
    await page.evaluate(() => {
      history.pushState({}, '', '/login');
      dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    });
    await page.waitForURL(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  });

  it('W08 ran under the strict CSP without a single violation or script error', () => {
    // 401/403 answers the tests provoke on purpose are logged by the browser as failed loads.
    expect(consoleErrors.filter((text) => !/status of 40[13]/.test(text))).toEqual([]);
  });

  it('fits a phone: 360 px wide without page overflow', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '08-users-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
