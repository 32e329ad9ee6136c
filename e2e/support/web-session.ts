/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import type { ServedTessera } from './server.js';

/** A person of the e2e tests. */
export interface Person {
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

/** How long a condition may take in the browser on a busy machine. */
export const PATIENCE = { timeout: 10_000 };

/** The first admin the account tests create through the setup link. */
export const FIRST_ADMIN: Person = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'correct horse battery staple',
};

/** Creates the first admin through the API (`POST /api/setup` with the printed link's token). */
export async function createFirstAdmin(server: ServedTessera, admin: Person): Promise<void> {
  const token = new URL(server.setupLink).searchParams.get('token');
  const response = await fetch(`${server.baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...admin }),
  });
  if (response.status !== 201) throw new Error(`setup answered ${response.status}`);
}

/** Fills the login form with a password (the page is on /login); the second step may follow. */
export async function submitPassword(page: Page, person: Person): Promise<void> {
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
}

/** Logs in with a password and waits for the signed-in home page. */
export async function logIn(page: Page, baseUrl: string, person: Person): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await submitPassword(page, person);
  await page.waitForURL(`${baseUrl}/`);
  await page.getByTestId('current-user').filter({ hasText: person.email }).waitFor();
}

/** Logs out with the toolbar's button and waits for the login page. */
export async function logOut(page: Page, baseUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.waitForURL(`${baseUrl}/login`);
}
