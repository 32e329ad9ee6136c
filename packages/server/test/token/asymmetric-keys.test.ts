/**
 * EdDSA and ES256 keys (issue #12): only a key of the algorithm's own type is accepted (one
 * key, one algorithm), a KeySet swaps its keys at once (a rotation keeps old tokens valid
 * while their key is in the set; a removed key's tokens are refused), and a TokenService takes
 * either one HS256 secret or a key set, never both.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  KeySet,
  signingKey,
  TokenService,
  verificationKey,
  type AsymmetricAlgorithm,
} from '../../src/token/index.js';
import { keyPair } from './algorithms.js';
import { AUD, expectRejected, ISS, K, NOW, TTL } from './support.js';

const ALGORITHMS: readonly AsymmetricAlgorithm[] = ['EdDSA', 'ES256'];

function serviceWith(keys: KeySet): TokenService {
  return new TokenService({
    keys,
    issuer: ISS,
    audience: AUD,
    accessTtlSeconds: TTL,
    clock: () => NOW,
  });
}

describe('one key, one algorithm (RFC 8725 §3.1)', () => {
  it('refuses a key of another type for each algorithm', () => {
    const others = {
      rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      p384: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
      secp256k1: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
      ed448: generateKeyPairSync('ed448').privateKey,
      x25519: generateKeyPairSync('x25519').privateKey,
    };
    expect(() => signingKey({ kid: 'k', alg: 'EdDSA', privateKey: keyPair('ES256') })).toThrow(
      TypeError,
    );
    expect(() => signingKey({ kid: 'k', alg: 'ES256', privateKey: keyPair('EdDSA') })).toThrow(
      TypeError,
    );
    for (const alg of ALGORITHMS) {
      for (const privateKey of Object.values(others)) {
        expect(() => signingKey({ kid: 'k', alg, privateKey })).toThrow(TypeError);
      }
    }
  });

  it('refuses a public key where a private one signs, bad kids and unknown algorithms', () => {
    const privateKey = keyPair('EdDSA');
    const publicKey = verificationKey({ kid: 'k', alg: 'EdDSA', publicKey: privateKey }).publicKey;
    expect(publicKey.type).toBe('public');
    expect(() => signingKey({ kid: 'k', alg: 'EdDSA', privateKey: publicKey })).toThrow(TypeError);
    for (const kid of ['', ' k', 'k\n', 'é', 'x'.repeat(257)]) {
      expect(() => signingKey({ kid, alg: 'EdDSA', privateKey })).toThrow(TypeError);
    }
    expect(() => signingKey({ kid: 'k', alg: 'HS256' as AsymmetricAlgorithm, privateKey })).toThrow(
      TypeError,
    );
  });

  it('takes one HS256 secret or a key set, never both and never neither', () => {
    const keys = new KeySet(signingKey({ kid: 'k', alg: 'EdDSA', privateKey: keyPair('EdDSA') }));
    const base = { issuer: ISS, audience: AUD, accessTtlSeconds: TTL };
    expect(() => new TokenService({ ...base, secret: K, keys })).toThrow(TypeError);
    expect(() => new TokenService(base)).toThrow(TypeError);
    expect(() => new TokenService({ ...base, keys: {} as KeySet })).toThrow(TypeError);
  });

  it('refuses two keys with one kid in a set', () => {
    const first = signingKey({ kid: 'same', alg: 'EdDSA', privateKey: keyPair('EdDSA') });
    const second = signingKey({ kid: 'same', alg: 'ES256', privateKey: keyPair('ES256') });
    expect(() => new KeySet(first, [second])).toThrow(TypeError);
  });
});

describe.each(ALGORITHMS)('a key set rotating %s keys', (alg) => {
  it('signs with the new current key, accepts the old one while it is in the set, then refuses it', () => {
    const old = signingKey({ kid: `${alg}-old`, alg, privateKey: keyPair(alg) });
    const next = signingKey({ kid: `${alg}-next`, alg, privateKey: keyPair(alg) });
    const keys = new KeySet(old, [next]); // next published, not signing
    const service = serviceWith(keys);
    const before = service.issue({ sub: '1', scope: '' }).token;

    keys.replace(next, [old]); // rotate: next → current, current → previous
    const after = service.issue({ sub: '1', scope: '' }).token;
    const kidOf = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string })
        .kid;
    expect(kidOf(before)).toBe(`${alg}-old`);
    expect(kidOf(after)).toBe(`${alg}-next`);
    expect(service.verify(before).sub).toBe('1');
    expect(service.verify(after).sub).toBe('1');

    keys.replace(next); // the old key revoked
    expectRejected(() => service.verify(before), 'header');
    expect(service.verify(after).sub).toBe('1');
  });

  it('mixes algorithms in one set only per key: an EdDSA kid with alg ES256 is refused', () => {
    const other: AsymmetricAlgorithm = alg === 'EdDSA' ? 'ES256' : 'EdDSA';
    const own = signingKey({ kid: 'own', alg, privateKey: keyPair(alg) });
    const foreign = signingKey({ kid: 'foreign', alg: other, privateKey: keyPair(other) });
    const tokenOfForeign = serviceWith(new KeySet(foreign)).issue({ sub: '1', scope: '' }).token;
    const [h, p, s] = tokenOfForeign.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, string>;
    const renamed = Buffer.from(JSON.stringify({ ...header, kid: 'own' })).toString('base64url');
    const service = serviceWith(new KeySet(own, [foreign]));
    expect(service.verify(tokenOfForeign).sub).toBe('1');
    expectRejected(() => service.verify(`${renamed}.${p}.${s}`), 'algorithm');
  });
});

describe('ES256 signatures that must not pass', () => {
  const key = signingKey({ kid: 'es', alg: 'ES256', privateKey: keyPair('ES256') });
  const service = serviceWith(new KeySet(key));
  const token = service.issue({ sub: '1', scope: '', sid: 's1' }).token;
  const [h, p, s] = token.split('.') as [string, string, string];
  /** The order of P-256 (FIPS 186-4 D.1.2.3). */
  const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
  const toBytes = (value: bigint) => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');

  it('K08 a signature of 64 zero bytes (r = s = 0, the "psychic signature") is refused', () => {
    expectRejected(
      () => service.verify(`${h}.${p}.${Buffer.alloc(64).toString('base64url')}`),
      'signature',
    );
  });

  it('K09 the same signature DER-encoded instead of raw r‖s is refused', () => {
    const raw = Buffer.from(s, 'base64url');
    const integer = (bytes: Buffer) => {
      let trimmed = bytes;
      while (trimmed.length > 1 && trimmed[0] === 0 && trimmed[1]! < 0x80)
        trimmed = trimmed.subarray(1);
      const body = trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
      return Buffer.concat([Buffer.from([0x02, body.length]), body]);
    };
    const sequence = Buffer.concat([integer(raw.subarray(0, 32)), integer(raw.subarray(32))]);
    const der = Buffer.concat([Buffer.from([0x30, sequence.length]), sequence]);
    expectRejected(() => service.verify(`${h}.${p}.${der.toString('base64url')}`), 'signature');
  });

  it('K10 the high-S twin (r, n − s) names the same session and jti: ending the session ends both', () => {
    const raw = Buffer.from(s, 'base64url');
    const twinS = N - BigInt(`0x${raw.subarray(32).toString('hex')}`);
    const twin = `${h}.${p}.${Buffer.concat([raw.subarray(0, 32), toBytes(twinS)]).toString('base64url')}`;
    expect(twin).not.toBe(token);
    const [original, accepted] = [service.verify(token), service.verify(twin)];
    // Accepted as in WebCrypto (Wycheproof marks it valid); revocation is keyed on the session
    // (sid) and never on token bytes, so the twin is revoked with its original (L05).
    expect(accepted).toEqual(original);
    expect(accepted.sid).toBe('s1');
  });
});
