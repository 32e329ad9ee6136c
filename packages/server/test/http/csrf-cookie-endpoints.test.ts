/**
 * SECURITY.md W05 (CSRF on the cookie endpoints) and W06 (the refresh cookie's attributes), in
 * cookie transport. Each cross-site shape is sent **with** the victim's cookie (as if SameSite
 * were not honoured), and must change nothing: afterwards the refresh token still works, once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { expectTokenAccepted } from '../support/hostile.js';
import {
  cookieValue,
  expectRefreshRefused,
  login,
  rotate,
  SAME_ORIGIN,
  Secrets,
  setCookies,
} from '../support/lifecycle.js';
import { useTestApp } from '../support/test-app.js';

const EVIL = 'https://evil.example';
const LISTED = 'https://app.example.test';

/** Cross-site shapes: [label, headers (without the cookie), payload]. */
const CROSS_SITE: readonly [string, Record<string, string>, string][] = [
  [
    'an auto-submitted form (urlencoded, evil Origin, Sec-Fetch-Site cross-site, no custom header)',
    {
      'content-type': 'application/x-www-form-urlencoded',
      origin: EVIL,
      'sec-fetch-site': 'cross-site',
    },
    'refresh_token=x',
  ],
  [
    'a no-cors fetch with text/plain',
    { 'content-type': 'text/plain', origin: EVIL, 'sec-fetch-site': 'cross-site' },
    '{}',
  ],
  [
    'a multipart form',
    {
      'content-type': 'multipart/form-data; boundary=x',
      origin: EVIL,
      'sec-fetch-site': 'cross-site',
    },
    '--x--',
  ],
  ['JSON without X-Tessera-CSRF (same origin)', { 'content-type': 'application/json' }, '{}'],
  [
    'JSON with X-Tessera-CSRF: 0',
    { 'content-type': 'application/json', 'x-tessera-csrf': '0' },
    '{}',
  ],
  ['JSON with the header from Origin https://evil.example', { ...SAME_ORIGIN, origin: EVIL }, '{}'],
  ['JSON with the header and Origin: null', { ...SAME_ORIGIN, origin: 'null' }, '{}'],
  [
    'JSON with the header and a look-alike listed origin',
    { ...SAME_ORIGIN, origin: 'https://app.example.test.evil.example' },
    '{}',
  ],
  [
    'JSON with the header, Sec-Fetch-Site: cross-site',
    { ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' },
    '{}',
  ],
  [
    'JSON with the header, Sec-Fetch-Site: same-site (pinned: refused)',
    { ...SAME_ORIGIN, 'sec-fetch-site': 'same-site' },
    '{}',
  ],
];

describe.each(await testEngines())(
  'cookie endpoints against cross-site requests on %s (W05)',
  (engine) => {
    const t = useTestApp(engine, { config: { corsOrigins: [LISTED] } });
    const secrets = new Secrets();
    afterAll(() => secrets.expectNotLogged(t()));

    it.each(CROSS_SITE)(
      'W05 refresh: %s → 403 or 415, and no rotation',
      async (_label, headers, payload) => {
        const held = secrets.addHeld(await login(t(), t().alice));
        const response = await t().app.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          headers: { ...headers, cookie: `tessera_rt=${held.refresh}` },
          payload,
        });
        expect([403, 415], response.body).toContain(response.statusCode);
        if (response.statusCode === 403) expectProblem(response, 403, 'csrf_rejected');
        expect(response.headers['set-cookie']).toBeUndefined();
        // Nothing was consumed: the token works, exactly once.
        secrets.addHeld(await rotate(t(), held.refresh));
        expectRefreshRefused(
          await t().app.inject({
            method: 'POST',
            url: '/api/auth/refresh',
            headers: { ...SAME_ORIGIN, cookie: `tessera_rt=${held.refresh}` },
            payload: '{}',
          }),
        );
      },
    );

    it.each(CROSS_SITE)(
      'W05 logout: %s → 403 or 415, and the session goes on',
      async (_label, headers, payload) => {
        const held = secrets.addHeld(await login(t(), t().bob));
        const response = await t().app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { ...headers, cookie: `tessera_rt=${held.refresh}` },
          payload,
        });
        expect([403, 415], response.body).toContain(response.statusCode);
        expect(response.headers['set-cookie']).toBeUndefined();
        await expectTokenAccepted(t(), held.access, t().bob);
        secrets.addHeld(await rotate(t(), held.refresh));
      },
    );

    it.each([
      [
        'same-origin fetch (Origin of the server, Sec-Fetch-Site: same-origin)',
        { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      ],
      [
        'a listed origin (TESSERA_CORS_ORIGINS) of the same site',
        { origin: LISTED, 'sec-fetch-site': 'same-site' },
      ],
      [
        'a listed origin (TESSERA_CORS_ORIGINS) of another site',
        { origin: LISTED, 'sec-fetch-site': 'cross-site' },
      ],
      ['a non-browser client (no Origin, no Sec-Fetch-Site)', {}],
      ['a user-initiated navigation context (Sec-Fetch-Site: none)', { 'sec-fetch-site': 'none' }],
    ])('W05 %s with JSON and X-Tessera-CSRF: 1 → 200', async (_label, headers) => {
      const held = secrets.addHeld(await login(t(), t().alice));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { ...SAME_ORIGIN, ...headers, cookie: `tessera_rt=${held.refresh}` },
        payload: '{}',
      });
      expect(response.statusCode, response.body).toBe(200);
      secrets.add(response.json<{ access_token: string }>().access_token, cookieValue(response));
    });

    it('W05 a same-site page that is not listed is refused (Sec-Fetch-Site: same-site, pinned), even with the server’s own Origin', async () => {
      const held = secrets.addHeld(await login(t(), t().alice));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: {
          ...SAME_ORIGIN,
          origin: 'http://localhost',
          'sec-fetch-site': 'same-site',
          cookie: `tessera_rt=${held.refresh}`,
        },
        payload: '{}',
      });
      expectProblem(response, 403, 'csrf_rejected');
      secrets.addHeld(await rotate(t(), held.refresh));
    });

    it('W05 a refused call logs the rule it broke, never the cookie', async () => {
      const held = secrets.addHeld(await login(t(), t().alice));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { ...SAME_ORIGIN, origin: EVIL, cookie: `tessera_rt=${held.refresh}` },
        payload: '{}',
      });
      const requestId = response.json<{ request_id: string }>().request_id;
      const lines = t()
        .logs.records()
        .filter((record) => record['reqId'] === requestId && record['event'] === 'csrf_rejected');
      expect(lines).toEqual([expect.objectContaining({ reason: 'origin', level: 40 })]);
    });

    it('W05 logout with a bearer token and no cookie needs no CSRF header (nothing ambient)', async () => {
      const held = secrets.addHeld(await login(t(), t().bob));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { authorization: `Bearer ${held.access}` },
      });
      expect(response.statusCode).toBe(204);
    });
  },
);

describe.each(await testEngines())('the refresh cookie on %s (W06)', (engine) => {
  const t = useTestApp(engine, { config: { trustProxy: 1 } });
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  const HTTPS = { 'x-forwarded-proto': 'https', host: 'app.example.test' };

  it('W06 over HTTP: tessera_rt, Path=/api/auth, HttpOnly, SameSite=Strict, Max-Age = the absolute lifetime, nothing else', async () => {
    const held = secrets.addHeld(await login(t(), t().alice));
    expect(setCookies(held.response)).toEqual([
      `tessera_rt=${held.refresh}; Max-Age=2592000; Path=/api/auth; HttpOnly; SameSite=Strict`,
    ]);
  });

  it('W06 over HTTPS (behind a trusted proxy): __Secure-tessera_rt with Secure', async () => {
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: HTTPS,
      payload: { email: t().bob.email, password: t().bob.password },
    });
    expect(response.statusCode).toBe(200);
    const value = cookieValue(response, '__Secure-tessera_rt') ?? '';
    secrets.add(value, response.json<{ access_token: string }>().access_token);
    expect(setCookies(response)).toEqual([
      `__Secure-tessera_rt=${value}; Max-Age=2592000; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`,
    ]);
    expect(response.headers['strict-transport-security']).toContain('max-age=');

    const refresh = (cookie: string) =>
      t().app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { ...HTTPS, ...SAME_ORIGIN, origin: 'https://app.example.test', cookie },
        payload: '{}',
      });
    // Over HTTPS only the prefixed cookie counts: a plain one (planted over HTTP) is ignored.
    const plain = await refresh(`tessera_rt=${value}`);
    expectRefreshRefused(plain);
    expect(setCookies(plain)).toEqual([
      '__Secure-tessera_rt=; Max-Age=0; Path=/api/auth; HttpOnly; Secure; SameSite=Strict',
    ]);
    const rotated = await refresh(`__Secure-tessera_rt=${value}`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const next = cookieValue(rotated, '__Secure-tessera_rt') ?? '';
    secrets.add(next, rotated.json<{ access_token: string }>().access_token);
    expect(setCookies(rotated)).toEqual([
      `__Secure-tessera_rt=${next}; Max-Age=2592000; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`,
    ]);
  });

  it('W06 a failed refresh and a logout clear the cookie with the same attributes (Max-Age=0)', async () => {
    const held = secrets.addHeld(await login(t(), t().alice));
    const logout = await t().app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...SAME_ORIGIN, cookie: `tessera_rt=${held.refresh}` },
      payload: '{}',
    });
    expect(logout.statusCode).toBe(204);
    expect(setCookies(logout)).toEqual([
      'tessera_rt=; Max-Age=0; Path=/api/auth; HttpOnly; SameSite=Strict',
    ]);
  });

  it('W06 without trustProxy an X-Forwarded-Proto header is ignored: no Secure cookie over plain HTTP', async () => {
    // This app trusts one hop; a direct client of an app that trusts none is the default config.
    const direct = await t().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: t().alice.email, password: t().alice.password },
    });
    const held = direct.json<{ access_token: string }>();
    secrets.add(held.access_token, cookieValue(direct));
    expect(setCookies(direct)[0]).toMatch(/^tessera_rt=/);
  });
});
