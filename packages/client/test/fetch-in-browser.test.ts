// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { TesseraClient } from '../src/index.js';
import { fakeFetch, NOW_MS, pageHref, validToken } from './support.js';

const page = new URL(pageHref() ?? 'http://missing.invalid/');

describe('in a browser page, with the default baseUrl', () => {
  it('talks to the page origin and attaches the token to it only', async () => {
    const { fetch, calls } = fakeFetch();
    const client = new TesseraClient({ fetch, now: () => NOW_MS });
    const token = validToken();
    client.setToken(token);
    expect(client.shouldAttachToken('/api/users')).toBe(true);
    expect(client.shouldAttachToken(`${page.origin}/api/users`)).toBe(true);
    expect(client.shouldAttachToken('//evil.com/api/users')).toBe(false);
    await client.fetch('/api/users');
    await client.request('/api/users');
    await client.fetch('https://evil.com/api/users');
    expect(calls.map((call) => call.url)).toEqual([
      `${page.origin}/api/users`,
      `${page.origin}/api/users`,
      'https://evil.com/api/users',
    ]);
    expect(calls.map((call) => call.headers.get('authorization'))).toEqual([
      `Bearer ${token}`,
      `Bearer ${token}`,
      null,
    ]);
  });

  it('with a cross-origin baseUrl, a relative fetch() goes to the page, so it carries no token', async () => {
    const { fetch, calls } = fakeFetch();
    const client = new TesseraClient({
      baseUrl: 'https://api.example.com',
      fetch,
      now: () => NOW_MS,
    });
    client.setToken(validToken());
    await client.fetch('/api/users');
    await client.request('/api/users');
    expect(calls.map((call) => [call.url, call.headers.has('authorization')])).toEqual([
      [`${page.origin}/api/users`, false],
      ['https://api.example.com/api/users', true],
    ]);
  });

  it('login() posts to the page origin', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json({ token: validToken() }));
    const client = new TesseraClient({ fetch, now: () => NOW_MS });
    await client.login({ email: 'a@example.com', password: 'pw' });
    expect(calls[0]?.url).toBe(`${page.origin}/api/auth/login`);
    expect(client.isAuthenticated()).toBe(true);
  });
});
