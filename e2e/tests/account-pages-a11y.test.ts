/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from '../support/axe.js';
import { browserAvailable, closeBrowser, openBrowser, screenshot } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
] as const;

/** One state of a page: how to reach it from a fresh load, and what shows it is there. */
interface PageState {
  readonly name: string;
  readonly path: string;
  readonly ready: (page: Page) => Promise<void>;
}

const heading = (name: string) => (page: Page) =>
  page.getByRole('heading', { name, exact: true }).waitFor();

const STATES: readonly PageState[] = [
  { name: 'login', path: '/login', ready: heading('Login') },
  { name: 'forgot-password', path: '/forgot-password', ready: heading('Forgot password') },
  {
    name: 'reset-password',
    path: '/reset-password#token=a11y-token',
    ready: (page) => page.getByLabel('Confirm new password').waitFor(),
  },
  {
    name: 'reset-password-invalid',
    path: '/reset-password',
    ready: heading('This link cannot be used'),
  },
  {
    name: 'verify-email',
    path: '/verify-email#token=a11y-token',
    ready: (page) => page.getByRole('button', { name: 'Verify my email address' }).waitFor(),
  },
  {
    name: 'accept-invitation',
    path: '/accept-invitation#token=a11y-token',
    ready: (page) => page.getByLabel('Confirm password').waitFor(),
  },
  {
    name: 'accept-invitation-invalid',
    path: '/accept-invitation',
    ready: heading('This invitation cannot be used'),
  },
];

/**
 * Issue #14's pages have no WCAG 2.0/2.1 A or AA violation (axe-core), at desktop width and at
 * 360 px, where they also fit without sideways scrolling.
 */
describe.runIf(browserAvailable())('the account pages are accessible (axe-core, WCAG A/AA)', () => {
  let server: ServedTessera;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    server = await serveTessera();
    browser = await openBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server.stop();
  });

  for (const state of STATES) {
    for (const size of WIDTHS) {
      it(`${state.name} at ${size.name} width`, async () => {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${server.baseUrl}${state.path}`);
        await state.ready(page);
        expect(await axeViolations(page)).toEqual([]);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, `a11y-${state.name}-${size.name}`);
      });
    }
  }
});
