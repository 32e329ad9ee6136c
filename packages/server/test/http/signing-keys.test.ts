/**
 * Asymmetric signing end to end (issue #12), for EdDSA and ES256 on SQLite and PostgreSQL: a
 * login token carries the current key's kid, listed in `GET /.well-known/jwks.json` (public
 * members only, cacheable), and jose verifies it with that JWKS alone. After a rotation new
 * tokens carry the new kid and old ones are still accepted (K12); after the old key is revoked
 * its tokens get 401 token_invalid, even one the guard had already verified. With HS256 the JWKS
 * is empty.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectAnswer } from '../support/expect-problem.js';
import { PASSWORD, useTestApp, type TestApp } from '../support/test-app.js';

let nowMs = Date.now();
const clock = () => nowMs / 1000;

async function login(t: TestApp): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { email: t.alice.email, password: PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ token: string }>().token;
}

async function jwks(t: TestApp): Promise<JSONWebKeySet> {
  const response = await t.app.inject({ url: '/.well-known/jwks.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('public, max-age=300');
  return response.json<JSONWebKeySet>();
}

const me = (t: TestApp, token: string) =>
  t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

describe.each(
  (await testEngines()).flatMap((engine) =>
    (['EdDSA', 'ES256'] as const).map((alg) => [engine, alg] as const),
  ),
)('%s, TESSERA_SIGNING_ALG=%s', (_engine, alg) => {
  const t = useTestApp(_engine, { clock, config: { signingAlg: alg } });

  it('J01, J03 signs logins with the current key, published in the JWKS with public members only', async () => {
    const token = await login(t());
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg, typ: 'at+jwt' });
    const set = await jwks(t());
    expect(set.keys.map((key) => key.kid)).toContain(header.kid);
    expect(set.keys).toHaveLength(2); // current and next
    for (const key of set.keys) {
      const allowed =
        alg === 'EdDSA'
          ? ['alg', 'crv', 'kid', 'kty', 'use', 'x']
          : ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'];
      expect(Object.keys(key).sort()).toEqual(allowed);
      expect(key).toMatchObject({ alg, use: 'sig' });
    }
    const { payload } = await jwtVerify(token, createLocalJWKSet(set), {
      issuer: t().app.tessera.config.issuer,
      audience: t().app.tessera.config.audience,
      typ: 'at+jwt',
      algorithms: [alg],
      currentDate: new Date(nowMs),
    });
    expect(payload.sub).toBe(String(t().alice.id));
    expect((await me(t(), token)).statusCode).toBe(200);
  });

  it('K12, J02 after a rotation new tokens carry the new kid and old ones still pass; a revoked key’s tokens get 401', async () => {
    const { store, reload } = t().app.tessera.tokenKeys;
    const old = await login(t());
    expect((await me(t(), old)).statusCode).toBe(200); // now remembered as verified
    const oldKid = decodeProtectedHeader(old).kid!;

    await store!.rotate(alg);
    await reload();
    const fresh = await login(t());
    expect(decodeProtectedHeader(fresh).kid).not.toBe(oldKid);
    expect((await me(t(), old)).statusCode).toBe(200);
    expect((await jwks(t())).keys.map((key) => key.kid)).toContain(oldKid);

    await store!.revoke(oldKid, alg);
    await reload();
    expectAnswer(await me(t(), old), 'R401i');
    expect((await me(t(), fresh)).statusCode).toBe(200);
    expect((await jwks(t())).keys.map((key) => key.kid)).not.toContain(oldKid);
  });

  it('J02 a previous key stays published for the longest token life, then disappears', async () => {
    const { store, reload } = t().app.tessera.tokenKeys;
    const old = await login(t());
    const oldKid = decodeProtectedHeader(old).kid!;
    await store!.rotate(alg);
    await reload();
    const life = t().app.tessera.config.accessTtlSeconds + 60;
    nowMs += (life - 5) * 1000;
    await reload();
    expect((await jwks(t())).keys.map((key) => key.kid)).toContain(oldKid);
    nowMs += 10 * 1000;
    await reload();
    expect((await jwks(t())).keys.map((key) => key.kid)).not.toContain(oldKid);
    expectAnswer(await me(t(), old), 'R401i');
  });
});

describe.each(await testEngines())('%s, HS256', (engine) => {
  const t = useTestApp(engine, { clock });

  it('publishes no key (a secret is never published) and issues tokens without kid', async () => {
    expect((await jwks(t())).keys).toEqual([]);
    const header = decodeProtectedHeader(await login(t()));
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });
});
