/**
 * `TESSERA_REFRESH_TRANSPORT=body` end to end (RFC 6749 §6): login, setup-less refresh, password
 * change and logout carry the refresh token in JSON, never in a cookie; L08, L11 and L12 in this
 * transport (strict body schema: type errors are 400, bad tokens 401).
 */
import type { BodyTransportTokenResponse } from '@tessera/protocol';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { expectTokenAccepted, expectTokenRefused } from '../support/hostile.js';
import {
  decodeJwtPayload,
  expectRefreshRefused,
  login,
  refreshWithBody,
  Secrets,
  type Held,
} from '../support/lifecycle.js';
import { useTestApp, type TestUser } from '../support/test-app.js';

const FIELDS = [
  'access_token',
  'expires_in',
  'refresh_expires_in',
  'refresh_token',
  'scope',
  'token',
  'token_type',
];

describe.each(await testEngines())('body transport on %s', (engine) => {
  const t = useTestApp(engine, {
    config: { refreshTransport: 'body', refreshTtlSeconds: 86_400 },
  });
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  let serial = 0;
  const fresh = (): Promise<TestUser> =>
    t().createUser(`body-${(serial += 1)}-${engine}@example.com`);
  const bodyLogin = async (user: TestUser): Promise<Held> =>
    secrets.addHeld(await login(t(), user, { transport: 'body' }));
  const rotate = async (refresh: string): Promise<Held> => {
    const response = await refreshWithBody(t(), refresh);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<BodyTransportTokenResponse>();
    return secrets.addHeld({ access: body.access_token, refresh: body.refresh_token, response });
  };

  it('login answers the token response plus refresh_token and refresh_expires_in, and sets no cookie', async () => {
    const held = await bodyLogin(await fresh());
    const body = held.response.json<BodyTransportTokenResponse>();
    expect(Object.keys(body).sort()).toEqual(FIELDS);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      refresh_expires_in: 86_400,
    });
    expect(body.token).toBe(body.access_token);
    expect(held.response.headers['set-cookie']).toBeUndefined();
    expect(held.response.headers['cache-control']).toBe('no-store');
  });

  it('refresh takes {"refresh_token"} (no CSRF header needed: nothing ambient) and answers the same shape with a new one', async () => {
    const user = await fresh();
    const first = await bodyLogin(user);
    const second = await rotate(first.refresh);
    expect(Object.keys(second.response.json<object>()).sort()).toEqual(FIELDS);
    expect(second.refresh).not.toBe(first.refresh);
    expect(second.response.headers['set-cookie']).toBeUndefined();
    expect(decodeJwtPayload(second.access)['sid']).toBe(decodeJwtPayload(first.access)['sid']);
    await expectTokenAccepted(t(), second.access, user);
  });

  it('L08 reuse in body transport revokes the family too', async () => {
    const user = await fresh();
    const r1 = await bodyLogin(user);
    const r2 = await rotate(r1.refresh);
    expectRefreshRefused(await refreshWithBody(t(), r1.refresh), r1.refresh);
    expectRefreshRefused(await refreshWithBody(t(), r2.refresh), r2.refresh);
    await expectTokenRefused(t(), r2.access);
  });

  it.each([
    [
      'altered by one character',
      (valid: string) => `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['a random 256-bit value', () => randomBytes(32).toString('base64url')],
    ['an access token (L12)', (_valid: string, access: string) => access],
  ])('L11 refresh_token %s → 401', async (_label, make) => {
    const held = await bodyLogin(await fresh());
    const presented = make(held.refresh, held.access);
    expectRefreshRefused(await refreshWithBody(t(), presented), presented);
    await rotate(held.refresh); // nothing was consumed
  });

  it.each([
    ['""', ''],
    ['10 KB', 'A'.repeat(10 * 1024)],
    ['an array', ['x']],
    ['an object', { $ne: null }],
    ['a number', 12345678],
    ['null', null],
  ])('L11 refresh_token %s → 400 (schema), nothing consumed', async (_label, value) => {
    const held = await bodyLogin(await fresh());
    expectProblem(await refreshWithBody(t(), value), 400, 'validation_failed');
    await rotate(held.refresh);
  });

  it.each([
    ['{}', {}],
    ['an extra field', { refresh_token: 'x'.repeat(43), scope: 'users:write' }],
  ])('refresh with %s → 400', async (_label, payload) => {
    const response = await t().app.inject({ method: 'POST', url: '/api/auth/refresh', payload });
    expectProblem(response, 400, 'validation_failed');
  });

  it('a refresh cookie means nothing in body transport', async () => {
    const held = await bodyLogin(await fresh());
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `tessera_rt=${held.refresh}`, 'x-tessera-csrf': '1' },
      payload: {},
    });
    expectProblem(response, 400, 'validation_failed');
    await rotate(held.refresh);
  });

  it('password change answers a new refresh_token for this session; the other sessions end', async () => {
    const user = await fresh();
    const a = await bodyLogin(user);
    const b = await bodyLogin(user);
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${a.access}` },
      payload: { current_password: user.password, new_password: 'another fine passphrase' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<BodyTransportTokenResponse>();
    secrets.add(body.access_token, body.refresh_token);
    expect(Object.keys(body).sort()).toEqual(FIELDS);
    await rotate(body.refresh_token);
    expectRefreshRefused(await refreshWithBody(t(), b.refresh));
    await expectTokenRefused(t(), b.access);
  });

  it('logout with {"refresh_token"} (no bearer) → 204 and ends that session; with a bearer only too', async () => {
    const user = await fresh();
    const a = await bodyLogin(user);
    const b = await bodyLogin(user);
    const byRefresh = await t().app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refresh_token: a.refresh },
    });
    expect(byRefresh.statusCode, byRefresh.body).toBe(204);
    expect(byRefresh.headers['set-cookie']).toBeUndefined();
    await expectTokenRefused(t(), a.access);
    expectRefreshRefused(await refreshWithBody(t(), a.refresh));
    const byBearer = await t().app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${b.access}` },
      payload: {},
    });
    expect(byBearer.statusCode).toBe(204);
    expectRefreshRefused(await refreshWithBody(t(), b.refresh));
    expectProblem(
      await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        payload: { refresh_token: 1 },
      }),
      400,
      'validation_failed',
    );
  });
});
