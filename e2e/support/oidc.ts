/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { PATIENCE } from './web-session.js';

/**
 * Signs in at the local OpenID provider's development pages (any password; the login name is
 * the subject) and accepts its consent page, in whatever window shows them (the page itself in
 * a redirect flow, the popup in a popup flow).
 */
export async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').waitFor(PATIENCE);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(PATIENCE);
}

/**
 * Forgets the browser's session at the provider (its cookies on 127.0.0.1; the app runs on
 * localhost), so the next flow shows the provider's login page and can pick another account.
 */
export async function forgetProviderSession(context: BrowserContext): Promise<void> {
  await context.clearCookies({ domain: '127.0.0.1' });
}

/** Logs in with a password through the API and returns the access token (for admin calls). */
export async function apiToken(
  baseUrl: string,
  person: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || body.access_token === undefined) {
    throw new Error(`login answered ${String(response.status)}`);
  }
  return body.access_token;
}
