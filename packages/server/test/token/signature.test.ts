import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCanonicalBase64url } from '../../src/token/base64url.js';
import { verifyCompactHs256 } from '../../src/token/index.js';
import { K, VH, b64u, claims, expectRejected, parts, service, tok } from './support.js';

const tokens = service();
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Replaces the character at `index` with another one whose value differs by `delta` (mod 64). */
function shift(segment: string, index: number, delta: number): string {
  const at = index < 0 ? segment.length + index : index;
  const value = ALPHABET.indexOf(segment.charAt(at));
  return segment.slice(0, at) + (ALPHABET[(value + delta) & 63] ?? '') + segment.slice(at + 1);
}

describe('signatures (K01–K04)', () => {
  const [H, P, S] = parts(tok());

  it('K01 rejects a signature altered in its first or last character', () => {
    expectRejected(() => tokens.verify(`${H}.${P}.${shift(S, 0, 1)}`), 'signature');
    // +4 keeps the 2 unused low bits at zero, so the string stays canonical but the bytes change.
    expectRejected(() => tokens.verify(`${H}.${P}.${shift(S, -1, 4)}`), 'signature');
  });

  it('K01 rejects a signature truncated or extended by one character', () => {
    const truncated = S.slice(0, -1);
    expectRejected(
      () => tokens.verify(`${H}.${P}.${truncated}`),
      isCanonicalBase64url(truncated) ? 'signature' : 'malformed',
    );
    expectRejected(() => tokens.verify(`${H}.${P}.${S}A`), 'signature');
    expectRejected(() => tokens.verify(`${H}.${P}.${S}AAAA`), 'signature');
    expectRejected(() => tokens.verify(`${H}.${P}.${S.slice(0, -3)}`), 'signature');
  });

  it('K02 rejects token A header and payload with the signature of token B', () => {
    const a = tokens.issue({ sub: '1', scope: '' }).token;
    const b = tokens.issue({ sub: '1', scope: '' }).token;
    const [ha, pa] = parts(a);
    expectRejected(() => tokens.verify(`${ha}.${pa}.${parts(b)[2]}`), 'signature');
  });

  it('K03 rejects a payload changed from sub 1 to sub 2 with the signature kept', () => {
    const forged = parts(tok(VH, claims({ sub: '2' })))[1];
    expectRejected(() => tokens.verify(`${H}.${forged}.${S}`), 'signature');
  });

  it('K04 rejects a header changed (typ) with the signature kept', () => {
    const changed = b64u(JSON.stringify({ alg: 'HS256', typ: 'application/at+jwt' }));
    expectRejected(() => tokens.verify(`${changed}.${P}.${S}`), 'signature');
  });
});

describe('keys (K05, K06)', () => {
  it('K05 rejects tokens MACed with an empty key, with and without a kid', () => {
    for (const key of ['', Buffer.alloc(0)]) {
      expectRejected(() => tokens.verify(tok(VH, claims(), key)), 'signature');
      expectRejected(
        () => tokens.verify(tok({ ...VH, kid: 'missing' }, claims(), key)),
        'signature',
      );
    }
  });

  it('K05 verifyCompactHs256 refuses an empty, short or non-secret key (caller misuse → TypeError)', () => {
    const token = tok();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const bad: unknown[] = [
      new Uint8Array(0),
      randomBytes(31),
      createSecretKey(Buffer.alloc(0)),
      createSecretKey(randomBytes(16)),
      publicKey,
      privateKey,
      '',
      K.toString('hex'),
      undefined,
    ];
    for (const key of bad) expect(() => verifyCompactHs256(token, key as never)).toThrow(TypeError);
    expect(verifyCompactHs256(token, createSecretKey(K)).header).toEqual(VH);
    expect(verifyCompactHs256(token, new Uint8Array(K)).header).toEqual(VH);
  });

  it('K05 verifyCompactHs256 checks its options', () => {
    const token = tok();
    expect(() => verifyCompactHs256(token, K, { typ: 'JWT' as never })).toThrow(TypeError);
    expect(() => verifyCompactHs256(token, K, { maxTokenBytes: Infinity })).toThrow(TypeError);
    expectRejected(() => verifyCompactHs256(token, K, { maxTokenBytes: 256 }), 'too_large');
  });

  it('K06 rejects tokens MACed with common secrets', () => {
    const common = [
      'secret',
      'changeme',
      'your-256-bit-secret',
      'tessera',
      'urn:app:api',
      'password',
      'jwt',
      'key',
      '0'.repeat(32),
      K.toString('hex'),
      K.toString('base64'),
    ];
    for (const secret of common) {
      expectRejected(() => tokens.verify(tok(VH, claims(), secret)), 'signature');
    }
  });

  it('K06 keys are bytes: the hex text of K is another key', () => {
    const hexKeyed = service({ secret: Buffer.from(K.toString('hex')) });
    expectRejected(() => hexKeyed.verify(tok()), 'signature');
  });
});

describe('the JWS layer alone (verifyCompactHs256)', () => {
  it('K01 returns the header and the raw payload bytes without parsing them', () => {
    const token = tok({ alg: 'HS256', kid: 'k1' }, Buffer.from('not json'));
    const { header, payloadBytes } = verifyCompactHs256(token, K, { typ: 'any' });
    expect(header).toEqual({ alg: 'HS256', kid: 'k1' });
    expect(payloadBytes.toString('utf8')).toBe('not json');
    expectRejected(() => verifyCompactHs256(token, K), 'type');
  });

  it('H19 with typ "any" still requires typ to be a string when present', () => {
    expectRejected(
      () => verifyCompactHs256(tok({ alg: 'HS256', typ: 1 }), K, { typ: 'any' }),
      'type',
    );
    expect(
      verifyCompactHs256(tok({ alg: 'HS256', typ: 'JWT' }), K, { typ: 'any' }).header.typ,
    ).toBe('JWT');
  });
});
