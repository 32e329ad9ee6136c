/**
 * The guard's contract and its hostile rows end to end for every token configuration (issue #12):
 * HS256, EdDSA and ES256, each signed only (`TESSERA_TOKEN_FORMAT=jws`) and encrypted (`jwe`), on
 * SQLite and PostgreSQL. Login, refresh and logout work the same; forged tokens are made with the
 * server's own keys (read from its key store) so only the rule under test can stop them, and each
 * gets the catalogue's answer (R401i, R401e for an authentic expired token) with G2, G4 and G6.
 * With `jwe`, tampered encrypted tokens, a signed-only token and every Wycheproof JWE vector get
 * R401i; with `jws`, an encrypted token does (S05).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forger, tokenConfigurations } from '../support/forger.js';
import { bearer, claimsFor, expectTokenAccepted, expectTokenRefused } from '../support/hostile.js';
import {
  cookieValue,
  expectRefreshRefused,
  login,
  refreshWithCookie,
  rotate,
  SAME_ORIGIN,
} from '../support/lifecycle.js';
import { useTestApp } from '../support/test-app.js';
import { encryptWith, jweParts } from '../token/jwe-support.js';
import { NOW, TTL } from '../token/support.js';

const WYCHEPROOF_JWE = (
  JSON.parse(
    readFileSync(
      fileURLToPath(
        new URL('../vectors/wycheproof_json_web_encryption_test.json', import.meta.url),
      ),
      'utf8',
    ),
  ) as { testGroups: { tests: { jwe: unknown }[] }[] }
).testGroups.flatMap((group) =>
  group.tests.map((test) => test.jwe).filter((jwe) => typeof jwe === 'string'),
);

describe.each(await tokenConfigurations())(
  '%s, TESSERA_SIGNING_ALG=%s, TESSERA_TOKEN_FORMAT=%s',
  (engine, alg, format) => {
    const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });

    it('logs in, answers /api/auth/me, refreshes and logs out with tokens of this format', async () => {
      const held = await login(t(), t().alice);
      expect(held.access.split('.')).toHaveLength(format === 'jwe' ? 5 : 3);
      await expectTokenAccepted(t(), held.access, t().alice);
      const me = await t().app.inject({
        url: '/api/auth/me',
        headers: { authorization: bearer(held.access) },
      });
      expect(me.statusCode, me.body).toBe(200);
      expect(me.json<{ email: string }>().email).toBe(t().alice.email);

      const next = await rotate(t(), held.refresh);
      expect(next.access).not.toBe(held.access);
      await expectTokenAccepted(t(), next.access, t().alice);
      const logout = await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: {
          ...SAME_ORIGIN,
          authorization: bearer(next.access),
          cookie: `tessera_rt=${next.refresh}`,
        },
        payload: '{}',
      });
      expect(logout.statusCode, logout.body).toBe(204);
      expect(cookieValue(logout)).toBe('');
      await expectTokenRefused(t(), next.access);
      expectRefreshRefused(await refreshWithCookie(t(), next.refresh), next.refresh);
    });

    it('E05, H01–H21, K01, K02, C01–C08 forged tokens (inside a valid JWE with jwe) get R401i, an authentic expired one R401e', async () => {
      const f = await forger(t(), alg, format);
      const alice = claimsFor(t().alice);
      const valid = f.wrap(f.sign(f.header, alice));
      await expectTokenAccepted(t(), valid, t().alice);
      const [h, p] = f.sign(f.header, alice).split('.');
      const refused = [
        f.sign({ ...f.header, alg: 'none' }, alice),
        `${h}.${p}.`,
        f.sign({ ...f.header, alg: alg === 'HS256' ? 'HS512' : 'HS256' }, alice),
        f.sign({ ...f.header, kid: 'unknown-key' }, alice),
        f.sign({ ...f.header, jku: 'http://127.0.0.1:9/jwks' }, alice),
        f.sign({ ...f.header, cty: 'JWT' }, alice),
        f.sign({ ...f.header, typ: 'JWT' }, alice),
        f.sign(f.header, alice, 'other'),
        f.sign(f.header, claimsFor(t().alice, { exp: NOW - 120 }), 'other'),
        f.sign(f.header, claimsFor(t().alice, { iss: 'urn:other' })),
        f.sign(f.header, claimsFor(t().alice, { aud: undefined })),
        f.sign(f.header, claimsFor(t().alice, { iat: NOW + 3600, exp: NOW + 3600 + TTL })),
        f.sign(f.header, claimsFor(t().alice, { exp: NOW + 10 * TTL })),
        f.sign(f.header, claimsFor(t().alice, { sub: 'nobody' })),
        f.sign(f.header, '[1]'),
      ];
      for (const token of refused) await expectTokenRefused(t(), f.wrap(token));
      await expectTokenRefused(
        t(),
        f.wrap(f.sign(f.header, claimsFor(t().alice, { exp: NOW - 120 }))),
        'R401e',
      );
    });

    if (format === 'jwe') {
      it('E02, E03, E08 tampered encrypted tokens, a signed-only token and every Wycheproof JWE vector get R401i', async () => {
        const f = await forger(t(), alg, format);
        const jws = f.sign(f.header, claimsFor(t().alice));
        const [header, , iv, ciphertext, tag] = jweParts(f.wrap(jws));
        const flip = (segment: string) => {
          const bytes = Buffer.from(segment, 'base64url');
          bytes[0] = (bytes[0] ?? 0) ^ 1;
          return bytes.toString('base64url');
        };
        for (const token of [
          jws,
          [header, '', iv, ciphertext, flip(tag)].join('.'),
          [header, '', iv, flip(ciphertext), tag].join('.'),
          [header, '', flip(iv), ciphertext, tag].join('.'),
          [header, 'AAAA', iv, ciphertext, tag].join('.'),
          [header, '', iv, ciphertext].join('.'),
          ...WYCHEPROOF_JWE,
        ]) {
          await expectTokenRefused(t(), token);
        }
      });

      it('E07 after a rotation old tokens still pass; once their encryption key is revoked, even a remembered one gets R401i', async () => {
        const { store, reload } = t().app.tessera.tokenKeys;
        const old = await login(t(), t().alice);
        await expectTokenAccepted(t(), old.access, t().alice); // now remembered as verified
        const oldKid = (await store!.loadEncryption()).current.kid;
        await store!.rotateEncryption();
        await reload();
        await expectTokenAccepted(t(), old.access, t().alice);
        const fresh = await login(t(), t().alice);
        await store!.revoke(oldKid);
        await reload();
        await expectTokenRefused(t(), old.access);
        await expectTokenAccepted(t(), fresh.access, t().alice);
      });
    } else {
      it('S05 an encrypted token, made with a key of the right size, gets R401i', async () => {
        const f = await forger(t(), alg, format);
        await expectTokenRefused(t(), encryptWith(f.sign(f.header, claimsFor(t().alice))));
      });
    }
  },
);
