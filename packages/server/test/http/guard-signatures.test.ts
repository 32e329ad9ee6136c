/**
 * SECURITY.md §2.4 (K01–K06): signatures and keys, end to end through the guard, for each signing
 * algorithm on each engine, with signed tokens (`jws`) and with each token wrapped in an authentic
 * JWE (`jwe`: see `presentWrapped` in support/hostile.ts). The valid token and its tampered forms
 * are signed with the server's own key (support/forger.ts); K05 and K06 are about HMAC keys, so
 * their tokens are HS256 MAC'd with a weak key whatever the server signs with: refused by every
 * configuration. K07 (start-up refusal of a weak secret) is a configuration test and lives with
 * the config tests; K08–K13 (asymmetric key material, rotation) are not tested here.
 */
import { describe, expect, it } from 'vitest';
import { tokenConfigurations, useForger } from '../support/forger.js';
import {
  claimsFor,
  expectTokenAccepted,
  expectTokenRefused,
  loggedReason,
  presentWrapped,
} from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';
import { b64u, K, NOW, parts, tok, VH } from '../token/support.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `character` replaced by one whose significant bits differ (so the decoded bytes change). */
function otherCharacter(character: string): string {
  return ALPHABET[ALPHABET.indexOf(character) ^ 0b100000] ?? 'A';
}

const CONFIGS = await tokenConfigurations();

describe.each(CONFIGS)('guard: signatures and keys (K) on %s, %s, %s', (engine, alg, format) => {
  const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
  const f = useForger(t, alg, format);
  presentWrapped(t, f);
  const valid = () => f().token(claimsFor(t().alice));

  it.each([
    ['first character changed', (s: string) => otherCharacter(s[0] ?? '') + s.slice(1)],
    ['last character changed', (s: string) => s.slice(0, -1) + otherCharacter(s.at(-1) ?? '')],
    ['truncated by one character', (s: string) => s.slice(0, -1)],
    ['extended by one character', (s: string) => `${s}A`],
    ['all zero bytes', (s: string) => b64u(Buffer.alloc(Buffer.from(s, 'base64url').length))],
    ['reversed', (s: string) => [...s].reverse().join('')],
  ])('K01 answers a signature %s with R401i', async (_label, alter) => {
    const [h, p, s] = parts(valid());
    const altered = alter(s);
    expect(altered).not.toBe(s);
    await expectTokenRefused(t(), `${h}.${p}.${altered}`);
  });

  it('K01 reports a changed signature as a signature failure (decoded bytes differ)', async () => {
    const [h, p, s] = parts(valid());
    const response = await expectTokenRefused(
      t(),
      `${h}.${p}.${otherCharacter(s[0] ?? '')}${s.slice(1)}`,
    );
    expect(loggedReason(t(), response)).toBe('signature');
  });

  it('K02 answers token A (alice) with the signature of token B (bob) with R401i', async () => {
    const [h, p] = parts(valid());
    const [, , bobSignature] = parts(f().token(claimsFor(t().bob)));
    await expectTokenRefused(t(), `${h}.${p}.${bobSignature}`);
  });

  it('K03 answers a payload changed from sub alice to sub bob, signature kept, with R401i', async () => {
    const [h, , s] = parts(valid());
    const [, bobPayload] = parts(f().token(claimsFor(t().bob)));
    await expectTokenRefused(t(), `${h}.${bobPayload}.${s}`);
  });

  it('K03 answers a payload with a later exp, signature kept, with R401i', async () => {
    const [h, , s] = parts(valid());
    const [, longer] = parts(f().token(claimsFor(t().alice, { exp: NOW + 930 })));
    await expectTokenRefused(t(), `${h}.${longer}.${s}`);
  });

  it.each(['application/at+jwt', 'AT+JWT'])(
    'K04 answers a header changed to typ %j, signature kept, with R401i',
    async (typ) => {
      const [, p, s] = parts(valid());
      const [h] = parts(f().token(claimsFor(t().alice), { typ }));
      await expectTokenRefused(t(), `${h}.${p}.${s}`);
    },
  );

  // HS256 tokens carry no kid, so one is added; EdDSA and ES256 tokens carry theirs, so it changes.
  it(`K04 answers a header with a kid ${alg === 'HS256' ? 'added' : 'changed'}, signature kept, with R401i`, async () => {
    const [, p, s] = parts(valid());
    const [h] = parts(f().token(claimsFor(t().alice), { kid: 'k1' }));
    await expectTokenRefused(t(), `${h}.${p}.${s}`);
  });

  it.each<[string, string | Buffer]>([
    ['""', ''],
    ['a zero-length buffer', Buffer.alloc(0)],
    ['a single NUL byte', Buffer.alloc(1)],
    ['32 zero bytes', Buffer.alloc(32)],
  ])(
    "K05 answers a token MAC'd with the empty-ish key %s, with and without a kid, with R401i",
    async (_label, key) => {
      await expectTokenRefused(t(), tok(VH, claimsFor(t().alice), key));
      await expectTokenRefused(t(), tok({ ...VH, kid: 'missing' }, claimsFor(t().alice), key));
    },
  );

  it.each([
    'secret',
    'changeme',
    'password',
    'tessera',
    'Tessera',
    'tessera-secret',
    'your-256-bit-secret',
    'your-secret-key',
    'jwt-secret',
    'secretkey',
    'shhhhh',
    'supersecret',
    'urn:app:api',
    '123456',
    'a'.repeat(32),
  ])("K06 answers a token MAC'd with the common secret %j with R401i", async (secret) => {
    await expectTokenRefused(t(), tok(VH, claimsFor(t().alice), secret));
  });

  it.each([
    ['the hex text of K', K.toString('hex')],
    ['the base64 text of K', K.toString('base64')],
    ['the base64url text of K', K.toString('base64url')],
    [
      'K with its first byte changed',
      Buffer.concat([Buffer.from([(K[0] ?? 0) ^ 1]), K.subarray(1)]),
    ],
  ])("K06 answers a token MAC'd with %s (another key) with R401i", async (_label, key) => {
    await expectTokenRefused(t(), tok(VH, claimsFor(t().alice), key));
  });

  it('K01 sanity: the untouched token is accepted', async () => {
    await expectTokenAccepted(t(), valid(), t().alice);
  });
});
