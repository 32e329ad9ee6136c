/**
 * SECURITY.md §2.5 (C01–C16): claims, end to end through the guard, with the clock pinned at
 * `NOW`, leeway 30 s and TTL 900 s (so the largest accepted `exp − iat` is 930), for each signing
 * algorithm on each engine, with signed tokens (`jws`) and with each token wrapped in an authentic
 * JWE (`jwe`: see `presentWrapped` in support/hostile.ts). All tokens are signed with the server's
 * own key (HS256 `K`, or its EdDSA or ES256 key: see support/forger.ts); C15 and C16 go to the
 * admin-only `GET /api/users` (scope `users:read`) and `POST /api/users` (scope `users:write`).
 * C16's token as issued at login is sent as issued (with `jwe` already encrypted). C17 (other
 * token kinds of this service) is left to the lifecycle tests, which own those kinds.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { expectNoEcho } from '../support/expect-problem.js';
import { tokenConfigurations, useForger } from '../support/forger.js';
import {
  bearer,
  claimsFor,
  expectAccepted,
  expectNotLogged,
  expectRefused,
  expectTokenAccepted,
  expectTokenRefused,
  loggedReason,
  presented,
  presentWrapped,
} from '../support/hostile.js';
import { useTestApp, type TestApp } from '../support/test-app.js';
import { ISS, NOW } from '../token/support.js';

/**
 * R403s: 403 `insufficient_scope` with the challenge naming the scope the route needs; neither of
 * `tokens` (the token sent and the token it wraps) echoed or logged.
 */
function expectInsufficientScope(
  app: TestApp,
  response: LightMyRequestResponse,
  scope: string,
  ...tokens: readonly string[]
): void {
  expect(response.statusCode, response.body).toBe(403);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.headers['www-authenticate']).toBe(
    `Bearer realm="tessera", error="insufficient_scope", scope="${scope}"`,
  );
  expect(response.json()).toMatchObject({
    code: 'insufficient_scope',
    message: 'Insufficient scope',
  });
  for (const token of tokens) expectNoEcho(response, token);
  expectNotLogged(app, ...tokens);
}

/** `token` with its last two signature characters replaced (by "AA", or "BA" if they were that). */
function flipSignature(token: string): string {
  return `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`;
}

const CONFIGS = await tokenConfigurations();

describe.each(CONFIGS)('guard: claims (C) on %s, %s, %s', (engine, alg, format) => {
  const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
  const f = useForger(t, alg, format);
  presentWrapped(t, f);
  const aliceWith = (overrides: Record<string, unknown>) =>
    f().token(claimsFor(t().alice, overrides));

  it('C01 answers a token without exp with R401i', async () => {
    await expectTokenRefused(t(), aliceWith({ exp: undefined }));
  });

  it('C02 answers exp = now − 3600 with R401e', async () => {
    await expectTokenRefused(t(), aliceWith({ iat: NOW - 4000, exp: NOW - 3600 }), 'R401e');
  });

  it.each([20, 29])('C03 accepts exp = now − %i within the 30 s leeway', async (ago) => {
    await expectTokenAccepted(t(), aliceWith({ iat: NOW - 900, exp: NOW - ago }), t().alice);
  });

  it.each([30, 31])(
    'C03 answers exp = now − %i with R401e (on or after exp + leeway)',
    async (ago) => {
      await expectTokenRefused(t(), aliceWith({ iat: NOW - 900, exp: NOW - ago }), 'R401e');
    },
  );

  it.each([
    ['"9999999999"', '9999999999'],
    ['null', null],
    ['true', true],
    ['[]', []],
    ['{}', {}],
    ['[now + 900]', [NOW + 900]],
  ])('C04 answers exp as %s with R401i', async (_label, exp) => {
    await expectTokenRefused(t(), aliceWith({ exp }));
  });

  it('C05 answers exp = now + 10 years with iat = now with R401i (exp − iat ≤ 900 + 30)', async () => {
    await expectTokenRefused(t(), aliceWith({ iat: NOW, exp: NOW + 10 * 365 * 86_400 }));
  });

  it('C05 accepts exp − iat = 930 and answers 931 with R401i (the boundary)', async () => {
    await expectTokenAccepted(t(), aliceWith({ iat: NOW, exp: NOW + 930 }), t().alice);
    await expectTokenRefused(t(), aliceWith({ iat: NOW, exp: NOW + 931 }));
  });

  it.each([
    [
      'signed with another key',
      (past: Record<string, unknown>) => f().token(claimsFor(t().alice, past), {}, 'other'),
    ],
    ['with a flipped signature', (past: Record<string, unknown>) => flipSignature(aliceWith(past))],
  ])(
    'C06 answers a bad signature (%s) with exp in the past with R401i, never R401e',
    async (_label, make) => {
      await expectTokenRefused(t(), make({ iat: NOW - 4000, exp: NOW - 3600 }), 'R401i');
    },
  );

  it.each([
    ['now + 3600', NOW + 3600],
    ['now + 31', NOW + 31],
  ])('C07 answers nbf = %s with R401i', async (_label, nbf) => {
    await expectTokenRefused(t(), aliceWith({ nbf }));
  });

  it.each([
    ['now + 10', NOW + 10],
    ['now + 30', NOW + 30],
    ['now', NOW],
  ])('C07 accepts nbf = %s (within the leeway)', async (_label, nbf) => {
    await expectTokenAccepted(t(), aliceWith({ nbf }), t().alice);
  });

  it.each([
    ['a string', String(NOW)],
    ['null', null],
    ['true', true],
    ['[]', []],
    ['negative', -1],
  ])('C07 answers nbf that is not a NumericDate (%s) with R401i', async (_label, nbf) => {
    await expectTokenRefused(t(), aliceWith({ nbf }));
  });

  it.each([
    ['iat absent', { iat: undefined }],
    ['iat = now + 3600', { iat: NOW + 3600, exp: NOW + 4500 }],
    ['iat = now + 31', { iat: NOW + 31, exp: NOW + 931 }],
    ['iat = now − 86400 with exp = now + 60', { iat: NOW - 86_400, exp: NOW + 60 }],
    ['iat as a string', { iat: String(NOW) }],
  ])('C08 answers %s with R401i', async (_label, overrides) => {
    await expectTokenRefused(t(), aliceWith(overrides));
  });

  it('C08 accepts iat = now + 30 (within the leeway)', async () => {
    await expectTokenAccepted(t(), aliceWith({ iat: NOW + 30, exp: NOW + 930 }), t().alice);
  });

  it.each([
    ['absent', undefined],
    ['""', ''],
    ['"urn:app:API"', 'urn:app:API'],
    ['"urn:app:api/"', 'urn:app:api/'],
    ['" urn:app:api"', ' urn:app:api'],
    ['["urn:app:api"]', [ISS]],
    ['["evil","urn:app:api"]', ['evil', ISS]],
    ['a full-width look-alike', 'urn:app:ａpi'],
    ['null', null],
  ])('C09 answers iss %s with R401i', async (_label, iss) => {
    await expectTokenRefused(t(), aliceWith({ iss }));
  });

  it.each([
    ['absent', undefined],
    ['"other"', 'other'],
    ['[]', []],
    ['["other"]', ['other']],
    ['"URN:APP:API"', 'URN:APP:API'],
    ['[1, "urn:app:api"]', [1, ISS]],
    ['null', null],
  ])('C10 answers aud %s with R401i', async (_label, aud) => {
    await expectTokenRefused(t(), aliceWith({ aud }));
  });

  it('C10 accepts aud ["other","urn:app:api"]', async () => {
    await expectTokenAccepted(t(), aliceWith({ aud: ['other', ISS] }), t().alice);
  });

  it.each([
    ['a number', (id: number) => id],
    ['an array', (id: number) => [String(id)]],
    ['{"$ne":null}', () => ({ $ne: null })],
    ['""', () => ''],
    ['" <id>"', (id: number) => ` ${id}`],
    ['"<id> "', (id: number) => `${id} `],
    ['"0<id>"', (id: number) => `0${id}`],
    ['"<id> OR 1=1"', (id: number) => `${id} OR 1=1`],
    ['"../<id>"', (id: number) => `../${id}`],
    ['"<id>.0"', (id: number) => `${id}.0`],
    ['"<id>e0"', (id: number) => `${id}e0`],
    ['"+<id>"', (id: number) => `+${id}`],
    ['"0x<hex id>"', (id: number) => `0x${id.toString(16)}`],
    ['"<id>\\u0000"', (id: number) => `${id}\u0000`],
    [
      'a full-width digit',
      (id: number) => String(id).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    ],
  ])('C11 answers sub as %s with R401i, never resolving to alice', async (_label, sub) => {
    await expectTokenRefused(t(), aliceWith({ sub: sub(t().alice.id) }));
  });

  it.each(['999999', '0', '-1', '2147483648', '9007199254740993', '99999999999999999999'])(
    'C12 answers sub %j (no such user) with R401i, never 5xx',
    async (sub) => {
      await expectTokenRefused(t(), aliceWith({ sub }));
    },
  );

  it('C12 answers the token of a deleted user with R401i', async () => {
    const carol = await t().createUser('carol@example.com');
    const token = f().token(claimsFor(carol));
    // Presented once: the refused bytes are those the guard remembers as verified.
    const sent = presented(t(), token);
    await expectAccepted(t(), { authorization: bearer(sent) }, carol);
    expect(await t().app.tessera.users.delete(carol.id)).toBe(true);
    const response = await expectRefused(
      t(),
      { headers: { authorization: bearer(sent) } },
      'R401i',
      sent,
      token,
    );
    expect(loggedReason(t(), response)).toBe('user');
  });

  it.each([
    ['absent', undefined],
    ['a number', 1],
    ['null', null],
    ['an array', ['x']],
    ['an object', {}],
    ['""', ''],
  ])('C13 answers jti %s with R401i', async (_label, jti) => {
    await expectTokenRefused(t(), aliceWith({ jti }));
  });

  it('C14 answers a typ mismatch (typ "JWT") with R401i (see H19)', async () => {
    await expectTokenRefused(t(), f().token(claimsFor(t().alice), { typ: 'JWT' }));
  });

  it.each([
    ['role:"admin"', { role: 'admin' }],
    ['is_admin:true', { is_admin: true }],
    ['isAdmin:true, roles:["admin"]', { isAdmin: true, roles: ['admin'] }],
    ['scope:"*"', { scope: '*' }],
    ['scope:"users:read users:write"', { scope: 'users:read users:write' }],
    [
      'everything at once',
      { role: 'admin', is_admin: true, scope: 'users:read users:write profile:read profile:write' },
    ],
  ])(
    'C15 answers alice on GET /api/users with R403s although her token carries %s',
    async (_label, extra) => {
      const token = aliceWith(extra);
      // Presented once: /api/users gets the bytes the probe took (remembered as verified).
      const sent = presented(t(), token);
      const scope = (extra as { scope?: string }).scope ?? 'profile:read';
      if (scope.split(' ').includes('profile:read')) {
        await expectAccepted(t(), { authorization: bearer(sent) }, t().alice);
      } else {
        // Authentic (403, not 401) but without profile:read, so the probe refuses it as well.
        const probe = await t().app.inject({
          url: '/api/probe',
          headers: { authorization: bearer(sent) },
        });
        expectInsufficientScope(t(), probe, 'profile:read', sent, token);
      }
      const response = await t().app.inject({
        url: '/api/users',
        headers: { authorization: bearer(sent) },
      });
      expectInsufficientScope(t(), response, 'users:read', sent, token);
    },
  );

  it('C15 answers alice with scope:"*" on POST /api/users with R403s (users:write), nothing created', async () => {
    const token = aliceWith({ role: 'admin', scope: '*' });
    const sent = presented(t(), token);
    const before = await t().app.tessera.users.count();
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: bearer(sent) },
      payload: {
        email: 'mallory@example.com',
        name: 'mallory',
        password: 'a long enough password',
      },
    });
    expectInsufficientScope(t(), response, 'users:write', sent, token);
    expect(await t().app.tessera.users.count()).toBe(before);
  });

  it('C16 answers a user token (as issued at login) on GET /api/users with R403s', async () => {
    const token = t().tokenFor(t().alice);
    const response = await t().app.inject({
      url: '/api/users',
      headers: { authorization: bearer(token) },
    });
    expectInsufficientScope(t(), response, 'users:read', token);
  });

  it.each([
    ['""', ''],
    ['"profile:read profile:write"', 'profile:read profile:write'],
    ['"users:write"', 'users:write'],
    ['"users:read" as a prefix ("users:readx")', 'users:readx'],
    ['"USERS:READ"', 'USERS:READ'],
  ])('C16 answers the admin with scope %s on GET /api/users with R403s', async (_label, scope) => {
    const token = f().token(claimsFor(t().admin, { scope }));
    const sent = presented(t(), token);
    const response = await t().app.inject({
      url: '/api/users',
      headers: { authorization: bearer(sent) },
    });
    expectInsufficientScope(t(), response, 'users:read', sent, token);
  });

  it('C16 answers the admin with scope "users:read" on POST /api/users with R403s, nothing created', async () => {
    const token = f().token(claimsFor(t().admin, { scope: 'users:read profile:read' }));
    const sent = presented(t(), token);
    const before = await t().app.tessera.users.count();
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: bearer(sent) },
      payload: { email: 'dave@example.com', name: 'dave', password: 'a long enough password' },
    });
    expectInsufficientScope(t(), response, 'users:write', sent, token);
    expect(await t().app.tessera.users.count()).toBe(before);
  });

  it('C16 (pinned: scope is a required claim) answers the admin without a scope claim with R401i', async () => {
    const token = f().token(claimsFor(t().admin, { scope: undefined }));
    const hits = t().probeHits();
    await expectTokenRefused(t(), token);
    const response = await t().app.inject({
      url: '/api/users',
      headers: { authorization: bearer(presented(t(), token)) },
    });
    expect(response.statusCode).toBe(401);
    expect(t().probeHits()).toBe(hits);
  });

  it('C16 lets the admin with scope "users:read users:write" list users (200)', async () => {
    const token = f().token(claimsFor(t().admin, { scope: 'users:read users:write' }));
    const response = await t().app.inject({
      url: '/api/users',
      headers: { authorization: bearer(presented(t(), token)) },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ users: unknown[] }>().users.length).toBeGreaterThanOrEqual(3);
  });

  it('C16 lets the admin with scope "users:read users:write" create a user (201)', async () => {
    const token = f().token(claimsFor(t().admin, { scope: 'users:read users:write' }));
    const sent = presented(t(), token);
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: bearer(sent) },
      payload: { email: 'erin@example.com', name: 'erin', password: 'a long enough password' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expectNotLogged(t(), sent, token, 'a long enough password');
  });
});
