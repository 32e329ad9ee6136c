import { expect } from 'vitest';

/**
 * Logs in over real HTTP (`POST <base>/api/login`), expects 200, and returns the access token.
 * For tests that run Tessera as a server process or on a listening port.
 */
export async function loginOverHttp(
  base: string,
  email: string,
  password: string,
): Promise<string> {
  const response = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Polls `check` every 100 ms until it returns true, for at most `ms`; returns the last answer.
 * For a change another process makes that a server applies within a documented bound.
 */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
