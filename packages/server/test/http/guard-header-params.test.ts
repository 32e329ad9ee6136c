/**
 * SECURITY.md §2.3 (H01–H21): JOSE header parameters, end to end through the guard, for each
 * signing algorithm on each engine, with signed tokens (`jws`) and with each token wrapped in an
 * authentic JWE (`jwe`: see `presentWrapped` in support/hostile.ts), so the header under test is
 * that of the inner, signed token. Tokens carry alice's claims; "signed with the server's key"
 * means a correct signature under the server's own key (HS256 `K`, or its EdDSA or ES256 key: see
 * support/forger.ts) over the server's header with only the parameter under test changed, so only
 * that parameter can be at fault. H06 is the algorithm-confusion row: HS256 MAC'd with each
 * encoding of the server's public key (EdDSA, ES256); an HS256 server has no key pair, so there
 * the public key is an attacker's. Rows about guessed HMAC keys (H08–H10, H15's oct key) stay
 * HS256 tokens in every configuration.
 */
import {
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenConfigurations, useForger } from '../support/forger.js';
import {
  claimsFor,
  expectTokenAccepted,
  expectTokenRefused,
  loggedReason,
  presentWrapped,
} from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';
import { b64u, K, parts, tok, VH } from '../token/support.js';

/** A self-signed P-256 certificate (CN=attacker.example) and its private key, as a JWK. */
const ATTACKER_CERT = `-----BEGIN CERTIFICATE-----
MIIBjjCCATOgAwIBAgIUe5aY3zYJ0cfmfgaB6qVcdiBBQwEwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQYXR0YWNrZXIuZXhhbXBsZTAgFw0yNjExMjkwNTU0NTJaGA8y
MTI2MTEwNTA1NTQ1MlowGzEZMBcGA1UEAwwQYXR0YWNrZXIuZXhhbXBsZTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABD4/123xGo1gtXQ4mzRV7Jkl2pKv0UE48PXR
0fUYENdiHTCr7SeedCON6HK9AzEBYz1pBuIQ3nkaLq5aHC/3JHmjUzBRMB0GA1Ud
DgQWBBSJi8GBK3RlHp9VXG+wcvLD1xWp3zAfBgNVHSMEGDAWgBSJi8GBK3RlHp9V
XG+wcvLD1xWp3zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCM
KDTOkOnRla9nkQGOlqPqNisIvIbPnF+j8RED4+KewAIhAJ/xHgdRSnN0EtquIBnd
LD8LOn5IQYeV0uVmxxVUWEmb
-----END CERTIFICATE-----
`;
const ATTACKER_KEY = createPrivateKey({
  format: 'jwk',
  key: {
    kty: 'EC',
    crv: 'P-256',
    x: 'Pj_XbfEajWC1dDibNFXsmSXakq_RQTjw9dHR9RgQ12I',
    y: 'HTCr7SeedCON6HK9AzEBYz1pBuIQ3nkaLq5aHC_3JHk',
    d: 'HNhX8pZsUNVe9-nSZzGxWQvqidOZyjkbxf9WBUh_WxU',
  },
});

/** An RSA public key, for the PKCS#1 encoding of H06. */
const RSA_PUBLIC_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;

/** `b64u(header).b64u(payload)` signed as the JWS algorithm would, with an asymmetric key. */
function signAsymmetric(
  header: object,
  payload: object,
  key: KeyObject,
  hash: string | null,
): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  const ec = key.asymmetricKeyType === 'ec';
  const signature = sign(hash, Buffer.from(input), ec ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${b64u(signature)}`;
}

/** `b64u(header).b64u(payload)` with an HMAC of `hash`, keyed with `K`. */
function hmacWith(hash: string, header: object, payload: object): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${createHmac(hash, K).update(input).digest('base64url')}`;
}

const CONFIGS = await tokenConfigurations();

/** The alg of the same name with the case of all but its first letter swapped (`HS256` → `Hs256`). */
function otherCase(alg: string): string {
  const swap = (c: string) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase());
  return alg.slice(0, 1) + [...alg.slice(1)].map(swap).join('');
}

describe.each(CONFIGS)('guard: JOSE header parameters (H) on %s, %s, %s', (engine, alg, format) => {
  const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
  const f = useForger(t, alg, format);
  presentWrapped(t, f);
  const V = () => claimsFor(t().alice);
  /** The server's header with `overrides` (with EdDSA and ES256 its kid, so only they differ). */
  const H = (overrides: Record<string, unknown> = {}) => ({ ...f().header, ...overrides });
  /** A token with this header, a valid payload and a junk (well-formed, 32-byte) signature. */
  const junkSigned = (header: object, bytes = 32) =>
    `${b64u(JSON.stringify(header))}.${parts(f().token(V()))[1]}.${b64u(randomBytes(bytes))}`;

  const NONE = ['none', 'None', 'NONE', 'nOnE', 'noNE', ' none', 'none ', 'none\u0000'];

  it.each(NONE)('H01 answers alg %j with an empty signature with R401i', async (none) => {
    const [h, p] = parts(f().token(V(), { alg: none }));
    await expectTokenRefused(t(), `${h}.${p}.`);
  });

  it.each(NONE)(
    "H01 answers alg %j with a junk signature or one by the server's key with R401i",
    async (none) => {
      await expectTokenRefused(t(), junkSigned(H({ alg: none })));
      await expectTokenRefused(t(), f().token(V(), { alg: none }));
    },
  );

  it.each([
    ['absent', undefined],
    ['""', ''],
    ['null', null],
    ['256', 256],
    [`["${alg}"]`, [alg]],
    ['{}', {}],
  ])("H02 answers alg %s (signed with the server's key) with R401i", async (_label, value) => {
    await expectTokenRefused(t(), f().token(V(), { alg: value }));
  });

  it.each([alg.toLowerCase(), `${alg} `, otherCase(alg), ` ${alg}`])(
    "H03 answers alg %j (signed with the server's key) with R401i: case-sensitive, exact",
    async (value) => {
      await expectTokenRefused(t(), f().token(V(), { alg: value }));
    },
  );

  // K is the configured secret in every configuration; EdDSA and ES256 servers must not take an
  // HS256 MAC under it either (with their kid).
  it.each([
    ['HS384', 'sha384'],
    ['HS512', 'sha512'],
    ...(alg === 'HS256' ? [] : [['HS256', 'sha256']]),
  ])("H04 answers alg %s MAC'd with K with R401i (one key, one algorithm)", async (name, hash) => {
    await expectTokenRefused(t(), hmacWith(hash, H({ alg: name }), V()));
  });

  it.each([
    ['RS256', 256],
    ['ES256', 64],
    ['PS256', 256],
    ['EdDSA', 64],
    ['ES256K', 64],
  ])('H05 answers alg %s with a random signature with R401i', async (name, bytes) => {
    await expectTokenRefused(t(), junkSigned(H({ alg: name }), bytes));
  });

  it('H05 answers ES256 and EdDSA tokens correctly signed by an attacker key with R401i', async () => {
    const okp = generateKeyPairSync('ed25519');
    await expectTokenRefused(t(), signAsymmetric(H({ alg: 'ES256' }), V(), ATTACKER_KEY, 'sha256'));
    await expectTokenRefused(t(), signAsymmetric(H({ alg: 'EdDSA' }), V(), okp.privateKey, null));
  });

  describe("H06 HS256 keyed with each encoding of the server's public key (EdDSA, ES256) or, with HS256 and no key pair, an attacker's", () => {
    const cert = new X509Certificate(ATTACKER_CERT);
    const publicKey = () => f().publicKey ?? cert.publicKey;
    const pem = () => publicKey().export({ type: 'spki', format: 'pem' }).toString();
    const jwk = () => publicKey().export({ format: 'jwk' });
    it.each<[string, () => string | Buffer]>([
      ['SPKI PEM', pem],
      ['SPKI PEM without the trailing newline', () => pem().trimEnd()],
      ['SPKI PEM with CRLF', () => pem().replaceAll('\n', '\r\n')],
      ['SPKI PEM with leading whitespace', () => `  \n${pem()}`],
      ['SPKI PEM after a zero-width space', () => `\u200b${pem()}`],
      ['SPKI PEM after a NUL', () => `\u0000${pem()}`],
      ['SPKI PEM after text', () => `public key:\n${pem()}`],
      ['PKCS#1 RSA PEM', () => RSA_PUBLIC_KEY.export({ type: 'pkcs1', format: 'pem' }).toString()],
      ['SPKI DER', () => publicKey().export({ type: 'spki', format: 'der' })],
      ['X.509 certificate PEM', () => ATTACKER_CERT],
      ['X.509 certificate DER', () => cert.raw],
      ['public JWK JSON', () => JSON.stringify(jwk())],
      ['JWKS JSON', () => JSON.stringify({ keys: [jwk()] })],
      ['bare base64 body of the PEM', () => pem().split('\n').slice(1, -2).join('')],
    ])('H06 answers HS256 keyed with the %s with R401i', async (_label, key) => {
      // The server's header (its kid with EdDSA and ES256) with alg switched to HS256.
      await expectTokenRefused(t(), tok(H({ alg: 'HS256' }), V(), key()));
    });
  });

  it('H07 answers an unknown kid on a token signed with another key with R401i', async () => {
    await expectTokenRefused(t(), f().token(V(), { kid: 'unknown-key' }, 'other'));
  });

  it(`H07 answers an unknown kid on a token signed with the server's key with R401i (${alg === 'HS256' ? 'Tessera issues no kid with HS256' : 'not a kid of its key set'})`, async () => {
    const response = await expectTokenRefused(t(), f().token(V(), { kid: 'unknown-key' }));
    expect(loggedReason(t(), response)).toBe('header');
  });

  // Where the algorithms differ: an HS256 token names no key (one secret), an EdDSA or ES256
  // token must name one of the server's key set.
  if (alg === 'HS256') {
    it('H07 accepts a token without kid (HS256: Tessera issues none)', async () => {
      await expectTokenAccepted(t(), f().token(V()), t().alice);
    });
  } else {
    it("H07 answers a token without kid, signed with the server's key, with R401i (EdDSA and ES256 tokens must name their key)", async () => {
      const response = await expectTokenRefused(t(), f().token(V(), { kid: undefined }));
      expect(loggedReason(t(), response)).toBe('header');
    });
  }

  const EMPTYISH: readonly [string, string | Buffer][] = [
    ['""', ''],
    ['"\\n"', '\n'],
    ['a zero-length buffer', Buffer.alloc(0)],
  ];
  it.each(['../../../../../../dev/null', '/dev/null', '/proc/self/environ', '..\\..\\win.ini'])(
    'H08 answers the path-traversal kid %j (MAC\'d with an empty key, "" or "\\n") with R401i',
    async (kid) => {
      for (const [, key] of EMPTYISH) await expectTokenRefused(t(), tok({ ...VH, kid }, V(), key));
    },
  );

  it.each(["x' UNION SELECT 'AAAA'-- ", "' OR '1'='1", '1;DROP TABLE keys', "1' OR sleep(5)--"])(
    'H09 answers the SQL-injection kid %j (MAC\'d with "AAAA" or "1") with R401i, no SQL error',
    async (kid) => {
      for (const key of ['AAAA', '1']) {
        const response = await expectTokenRefused(t(), tok({ ...VH, kid }, V(), key));
        expect(response.body).not.toMatch(/sql|syntax|sqlite|postgres/i);
      }
      expect(await t().app.tessera.users.count()).toBe(3);
    },
  );

  it('H10 answers command-injection kids with R401i within normal latency', async () => {
    const started = performance.now();
    for (const kid of ['|sleep 10', '$(sleep 10)', '`sleep 10`', '; sleep 10 #']) {
      await expectTokenRefused(t(), tok({ ...VH, kid }, V(), 'x'));
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['a number', 1],
    ['an object', { a: 1 }],
    ['an array', ['k']],
    ['null', null],
    ['257 characters', 'k'.repeat(257)],
    ['10 000 characters', 'k'.repeat(10_000)],
    ['a NUL', 'a\u0000b'],
    ['a line feed', 'a\nb'],
  ])(
    "H11 answers a kid that is %s (signed with the server's key) with R401i",
    async (_label, kid) => {
      await expectTokenRefused(t(), f().token(V(), { kid }));
    },
  );

  describe('URL-valued parameters (H12, H13): G3, the listener records 0 requests', () => {
    let server: Server | undefined;
    let hits = 0;
    let url = '';
    beforeAll(async () => {
      const listener = createServer((_request, response) => {
        hits += 1;
        response.end(JSON.stringify({ keys: [{ kty: 'oct', k: b64u(K) }] }));
      });
      server = listener;
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
    });

    it.each(['jku', 'x5u'])(
      'H12/H13 answers %s pointing at a loopback listener with R401i and 0 requests',
      async (name) => {
        await expectTokenRefused(t(), f().token(V(), { [name]: url }, 'other'));
        await expectTokenRefused(t(), f().token(V(), { [name]: url }));
        await expectTokenRefused(
          t(),
          signAsymmetric(H({ alg: 'ES256', [name]: url }), V(), ATTACKER_KEY, 'sha256'),
        );
        expect(hits).toBe(0);
      },
    );
  });

  it('H14 answers an embedded RSA, EC or OKP jwk signed with the matching private key with R401i', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const okp = generateKeyPairSync('ed25519');
    const ecJwk = new X509Certificate(ATTACKER_CERT).publicKey.export({ format: 'jwk' });
    const cases = [
      signAsymmetric(
        H({ alg: 'RS256', jwk: rsa.publicKey.export({ format: 'jwk' }) }),
        V(),
        rsa.privateKey,
        'sha256',
      ),
      signAsymmetric(H({ alg: 'ES256', jwk: ecJwk }), V(), ATTACKER_KEY, 'sha256'),
      signAsymmetric(
        H({ alg: 'EdDSA', jwk: okp.publicKey.export({ format: 'jwk' }) }),
        V(),
        okp.privateKey,
        null,
      ),
    ];
    for (const token of cases) await expectTokenRefused(t(), token);
  });

  it('H15 answers an embedded oct jwk with HS256 keyed by it with R401i', async () => {
    const attacker = randomBytes(32);
    await expectTokenRefused(
      t(),
      tok({ ...VH, jwk: { kty: 'oct', k: b64u(attacker) } }, V(), attacker),
    );
    await expectTokenRefused(t(), tok({ ...VH, jwk: { kty: 'oct', k: b64u(K) } }, V()));
  });

  it('H16 answers x5c with a self-signed chain, signed with its key, with R401i', async () => {
    const der = new X509Certificate(ATTACKER_CERT).raw.toString('base64');
    await expectTokenRefused(
      t(),
      signAsymmetric(H({ alg: 'ES256', x5c: [der] }), V(), ATTACKER_KEY, 'sha256'),
    );
    await expectTokenRefused(t(), f().token(V(), { x5c: [der] }));
  });

  it.each([
    ['["exp"]', { crit: ['exp'] }],
    ['["foo"] with "foo":1', { crit: ['foo'], foo: 1 }],
    ['[]', { crit: [] }],
    ['"b64" (not an array)', { crit: 'b64' }],
    ['["absent"]', { crit: ['absent'] }],
  ])("H17 answers crit %s (signed with the server's key) with R401i", async (_label, extra) => {
    await expectTokenRefused(t(), f().token(V(), extra));
  });

  it('H18 answers b64:false with crit:["b64"] with R401i, encoded or not', async () => {
    const header = H({ b64: false, crit: ['b64'] });
    await expectTokenRefused(t(), f().sign(header, V()));
    const h = b64u(JSON.stringify(header));
    const unencoded = `${h}.${JSON.stringify(V())}`;
    const signature = f().signature(unencoded);
    await expectTokenRefused(t(), `${h}..${signature}`);
    await expectTokenRefused(t(), `${unencoded}.${signature}`);
  });

  it.each([
    ['absent', undefined],
    ['"JWT"', 'JWT'],
    ['"jwt"', 'jwt'],
    ['"application/jwt"', 'application/jwt'],
    ['"rt+jwt"', 'rt+jwt'],
    ['"at+jwt " (trailing space)', 'at+jwt '],
    ['"at+JWT; charset=utf-8"', 'at+JWT; charset=utf-8'],
    ['a number', 1],
  ])("H19 answers typ %s (signed with the server's key) with R401i", async (_label, typ) => {
    await expectTokenRefused(t(), f().token(V(), { typ }));
  });

  it.each(['at+jwt', 'application/at+jwt', 'AT+JWT', 'Application/AT+JWT'])(
    'H19 accepts typ %j (media type, case-insensitive, optional application/)',
    async (typ) => {
      await expectTokenAccepted(t(), f().token(V(), { typ }), t().alice);
    },
  );

  it.each([
    ['cty:"JWT"', { cty: 'JWT' }],
    ['zip:"DEF"', { zip: 'DEF' }],
    ['enc:"A256GCM"', { enc: 'A256GCM' }],
  ])(
    "H20 answers %s in a JWS header (signed with the server's key) with R401i",
    async (_label, extra) => {
      await expectTokenRefused(t(), f().token(V(), extra));
    },
  );

  it.each(['x5t', 'x5t#S256', 'foo', 'iss', 'sub', 'ALG', 'kid '])(
    'H21 answers the header name %j on a correctly signed token with R401i',
    async (name) => {
      await expectTokenRefused(t(), f().token(V(), { [name]: 'x' }));
    },
  );
});
