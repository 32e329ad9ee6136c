import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { K, VH, b64u, claims, expectRejected, parts, service, tok } from './support.js';
import { verifyCompactHs256 } from '../../src/token/index.js';

const tokens = service();
const P = parts(tok())[1];
const junk = b64u(randomBytes(32));

/** A header with the given parameters and a junk (but well-formed) signature. */
function junkSigned(header: object): string {
  return `${b64u(JSON.stringify(header))}.${P}.${junk}`;
}

/** Signs `header.payload` with an asymmetric key as the named JWS algorithm would. */
function asymmetric(header: object, key: KeyObject, hash: string | null, p1363 = false): string {
  const input = `${b64u(JSON.stringify(header))}.${P}`;
  const signature = sign(
    hash,
    Buffer.from(input),
    p1363 ? { key, dsaEncoding: 'ieee-p1363' } : key,
  );
  return `${input}.${b64u(signature)}`;
}

describe('alg (H01–H05)', () => {
  it('H01 rejects every spelling of "none", with an empty and with a junk signature', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE', 'noNE', ' none', 'none ', 'none\u0000']) {
      const header = b64u(JSON.stringify({ alg, typ: 'at+jwt' }));
      expectRejected(() => tokens.verify(`${header}.${P}.`), 'malformed');
      expectRejected(() => tokens.verify(junkSigned({ alg, typ: 'at+jwt' })), 'algorithm');
      expectRejected(() => tokens.verify(tok({ alg, typ: 'at+jwt' })), 'algorithm');
    }
  });

  it('H02 rejects alg absent, "", null, 256, ["HS256"] and {}', () => {
    for (const alg of [undefined, '', null, 256, ['HS256'], {}]) {
      expectRejected(() => tokens.verify(tok({ alg, typ: 'at+jwt' })), 'algorithm');
    }
  });

  it('H03 compares alg case-sensitively: "hs256" and "HS256 " fail', () => {
    for (const alg of ['hs256', 'HS256 ', 'Hs256', ' HS256', 'HS256\u0000']) {
      expectRejected(() => tokens.verify(tok({ alg, typ: 'at+jwt' })), 'algorithm');
    }
  });

  it('H04 rejects HS384 and HS512 MACed with K (one key, one algorithm)', () => {
    for (const [alg, hash] of [
      ['HS384', 'sha384'],
      ['HS512', 'sha512'],
    ] as const) {
      const input = `${b64u(JSON.stringify({ alg, typ: 'at+jwt' }))}.${P}`;
      const token = `${input}.${createHmac(hash, K).update(input).digest('base64url')}`;
      expectRejected(() => tokens.verify(token), 'algorithm');
    }
  });

  it('H05 rejects RS256, ES256, PS256, EdDSA and ES256K with random signatures', () => {
    for (const alg of ['RS256', 'ES256', 'PS256', 'EdDSA', 'ES256K', 'RS512', 'ES512']) {
      expectRejected(() => tokens.verify(junkSigned({ alg, typ: 'at+jwt' })), 'algorithm');
    }
  });
});

describe('keys never come from the token (H06–H16)', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('H06 rejects HS256 tokens MACed with each encoding of a public key', () => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const encodings = [
      pem,
      pem.trimEnd(),
      pem.replaceAll('\n', '\r\n'),
      ` ${pem}`,
      `\u200b${pem}`,
      publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicKey.export({ type: 'spki', format: 'der' }),
      JSON.stringify(publicKey.export({ format: 'jwk' })),
      JSON.stringify({ keys: [publicKey.export({ format: 'jwk' })] }),
      pem.split('\n').slice(1, -2).join(''),
    ];
    for (const key of encodings) {
      expectRejected(() => tokens.verify(tok(VH, claims(), key)), 'signature');
    }
  });

  it('H07 an unknown kid is refused: with another key (signature) and even MACed with K (header)', () => {
    const header = { ...VH, kid: 'unknown-key' };
    expectRejected(() => tokens.verify(tok(header, claims(), randomBytes(32))), 'signature');
    expectRejected(() => tokens.verify(tok(header)), 'header');
  });

  it('H08 ignores a path-traversal kid: tokens MACed with an empty key or "\\n" fail', () => {
    for (const kid of [
      '../../../../../../dev/null',
      '/dev/null',
      '/proc/self/environ',
      '..\\..\\win.ini',
    ]) {
      for (const key of ['', '\n', Buffer.alloc(0)]) {
        expectRejected(() => tokens.verify(tok({ ...VH, kid }, claims(), key)), 'signature');
      }
    }
  });

  it('H09 ignores an SQL-injection kid: tokens MACed with "AAAA" or "1" fail', () => {
    for (const kid of ["x' UNION SELECT 'AAAA'-- ", "' OR '1'='1", '1;DROP TABLE keys']) {
      for (const key of ['AAAA', '1']) {
        expectRejected(() => tokens.verify(tok({ ...VH, kid }, claims(), key)), 'signature');
      }
    }
  });

  it('H10 ignores a command-injection kid, within normal latency', () => {
    const started = performance.now();
    for (const kid of ['|sleep 10', '$(sleep 10)', '`sleep 10`']) {
      expectRejected(() => tokens.verify(tok({ ...VH, kid }, claims(), 'x')), 'signature');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('H11 rejects a kid that is not a string, too long, or has control characters', () => {
    const roomy = service({ maxTokenBytes: 65_536 });
    for (const kid of [
      1,
      { a: 1 },
      ['k'],
      null,
      'k'.repeat(257),
      'k'.repeat(10_000),
      'a\u0000b',
      'a\nb',
      'a\u007fb',
      'a\u0085b',
    ]) {
      expectRejected(() => roomy.verify(tok({ ...VH, kid })), 'header');
    }
    expectRejected(() => tokens.verify(tok({ ...VH, kid: 'k'.repeat(10_000) })), 'too_large');
    // A well-formed kid passes the JWS layer but an access token may carry none (H07).
    expect(verifyCompactHs256(tok({ ...VH, kid: 'k'.repeat(256) }), K).header.kid).toHaveLength(
      256,
    );
    expectRejected(() => tokens.verify(tok({ ...VH, kid: 'k'.repeat(256) })), 'header');
  });

  describe('URL-valued parameters (H12, H13)', () => {
    let server: Server;
    let hits = 0;
    let url = '';
    beforeAll(async () => {
      server = createServer((_request, response) => {
        hits++;
        response.end('{"keys":[]}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('H12 rejects jku and never contacts it (0 requests)', async () => {
      const attacker = randomBytes(32);
      expectRejected(() => tokens.verify(tok({ ...VH, jku: url }, claims(), attacker)), 'header');
      expectRejected(() => tokens.verify(tok({ ...VH, jku: url })), 'header');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hits).toBe(0);
    });

    it('H13 rejects x5u and never contacts it (0 requests)', async () => {
      expectRejected(
        () => tokens.verify(tok({ ...VH, x5u: url }, claims(), randomBytes(32))),
        'header',
      );
      expectRejected(() => tokens.verify(tok({ ...VH, x5u: url })), 'header');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hits).toBe(0);
    });
  });

  it('H14 rejects an embedded RSA, EC or OKP jwk signed with the matching private key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const okp = generateKeyPairSync('ed25519');
    const cases = [
      asymmetric(
        { alg: 'RS256', typ: 'at+jwt', jwk: rsa.publicKey.export({ format: 'jwk' }) },
        rsa.privateKey,
        'sha256',
      ),
      asymmetric(
        { alg: 'ES256', typ: 'at+jwt', jwk: ec.publicKey.export({ format: 'jwk' }) },
        ec.privateKey,
        'sha256',
        true,
      ),
      asymmetric(
        { alg: 'EdDSA', typ: 'at+jwt', jwk: okp.publicKey.export({ format: 'jwk' }) },
        okp.privateKey,
        null,
      ),
    ];
    for (const token of cases) expectRejected(() => tokens.verify(token), 'header');
  });

  it('H15 rejects an embedded oct jwk with HS256 keyed by it', () => {
    const attacker = randomBytes(32);
    const header = { ...VH, jwk: { kty: 'oct', k: b64u(attacker) } };
    expectRejected(() => tokens.verify(tok(header, claims(), attacker)), 'header');
  });

  it('H16 rejects x5c carrying the attacker key material, signed with its key', () => {
    const { publicKey: attackerPublic, privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
    });
    const der = attackerPublic.export({ type: 'spki', format: 'der' }).toString('base64');
    const token = asymmetric(
      { alg: 'ES256', typ: 'at+jwt', x5c: [der] },
      privateKey,
      'sha256',
      true,
    );
    expectRejected(() => tokens.verify(token), 'header');
    expectRejected(() => tokens.verify(tok({ ...VH, x5c: [der] })), 'header');
  });
});

describe('parameters that must be understood (H17–H21)', () => {
  it('H17 rejects crit in every form, even on a correctly signed token', () => {
    const crits: object[] = [
      { crit: ['exp'] },
      { crit: ['foo'], foo: 1 },
      { crit: [] },
      { crit: 'b64' },
      { crit: ['absent'] },
    ];
    for (const extra of crits)
      expectRejected(() => tokens.verify(tok({ ...VH, ...extra })), 'header');
  });

  it('H18 rejects b64:false with crit:["b64"] (RFC 7797: JWTs must not use it)', () => {
    expectRejected(() => tokens.verify(tok({ ...VH, b64: false, crit: ['b64'] })), 'header');
    expectRejected(() => tokens.verify(tok({ ...VH, b64: true })), 'header');
  });

  it('H19 rejects typ absent, JWT, jwt, application/jwt, rt+jwt, "at+jwt " and non-strings', () => {
    const bad: unknown[] = [
      undefined,
      'JWT',
      'jwt',
      'application/jwt',
      'rt+jwt',
      'at+jwt ',
      ' at+jwt',
      'at+jwt\u0000',
      'application/at+jwt; charset=utf-8',
      'x-application/at+jwt',
      '\u0430t+jwt', // Cyrillic a
      'verify-email+jwt',
      '',
      null,
      1,
      ['at+jwt'],
    ];
    for (const typ of bad) expectRejected(() => tokens.verify(tok({ alg: 'HS256', typ })), 'type');
  });

  it('H19 accepts typ at+jwt, application/at+jwt, AT+JWT and Application/AT+JWT', () => {
    for (const typ of [
      'at+jwt',
      'application/at+jwt',
      'AT+JWT',
      'Application/AT+JWT',
      'APPLICATION/at+JWT',
    ]) {
      expect(tokens.verify(tok({ alg: 'HS256', typ })).sub).toBe('1');
    }
  });

  it('H19 checks typ before the signature', () => {
    expectRejected(() => tokens.verify(junkSigned({ alg: 'HS256', typ: 'JWT' })), 'type');
  });

  it('H20 rejects cty:"JWT", zip:"DEF" and enc:"A256GCM"', () => {
    for (const extra of [{ cty: 'JWT' }, { zip: 'DEF' }, { enc: 'A256GCM' }, { cty: 'at+jwt' }]) {
      expectRejected(() => tokens.verify(tok({ ...VH, ...extra })), 'header');
    }
  });

  it('H21 rejects any other header name on a correctly signed token', () => {
    for (const name of ['x5t', 'x5t#S256', 'foo', 'iss', 'sub', 'ALG', 'Typ', 'kid ', '']) {
      expectRejected(() => tokens.verify(tok({ ...VH, [name]: 'x' })), 'header');
    }
    const proto = '{"alg":"HS256","typ":"at+jwt","__proto__":{"alg":"none"}}';
    expectRejected(() => tokens.verify(tok(proto)), 'header');
  });

  it('H21 checks the allowlist before alg and before the signature', () => {
    expectRejected(
      () => tokens.verify(junkSigned({ alg: 'none', jku: 'http://127.0.0.1/' })),
      'header',
    );
  });
});
