/**
 * Encrypted access tokens (issue #12, `TESSERA_TOKEN_FORMAT=jwe`; Tessera's rows E01–E08): a
 * nested JWT, signed as usual and then encrypted (`dir` + `A256GCM`). For every signing
 * algorithm: the claims cannot be read, any change is refused, the JWE header is as strict as the
 * JWS one, and every hostile inner token gets the same verdict inside a valid JWE as alone.
 */
import { compactDecrypt, CompactEncrypt } from 'jose';
import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EncryptionKeySet,
  encryptionKey,
  TokenVerificationError,
  type TokenFailureReason,
} from '../../src/token/index.js';
import { ALGORITHM_FIXTURES, type AlgorithmFixture } from './algorithms.js';
import { EK, encryptWith, JWE_HEADER, jweParts, jweService } from './jwe-support.js';
import { claims, expectRejected, NOW, parts, rejection, TTL } from './support.js';

const OTHER_KEY = encryptionKey({ kid: EK.kid, key: randomBytes(32) });

/** The reason a verify fails with, or 'accepted'. */
function verdict(verify: () => unknown): TokenFailureReason | 'accepted' {
  try {
    verify();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof TokenVerificationError)) throw error;
    return error.reason;
  }
}

describe.each(ALGORITHM_FIXTURES.map((f) => [f.alg, f] as const))(
  'encrypted tokens signed with %s',
  (_alg, f: AlgorithmFixture) => {
    const service = () => jweService(f);
    const issue = () => service().issue({ sub: '7', scope: 'profile:read', sid: 'session-7' });
    const inner = (payload: object = claims()) => f.token(f.header, payload);

    it('E01 issues five segments whose header is dir + A256GCM + kid + cty JWT, and no readable claim', () => {
      const { token, claims: issued } = issue();
      const [h, encryptedKey, iv, ciphertext, tag] = jweParts(token);
      expect(JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))).toEqual(JWE_HEADER);
      expect(encryptedKey).toBe('');
      expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
      expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
      const decoded = [token, ...jweParts(token)]
        .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'))
        .join(' ');
      for (const secret of ['session-7', 'profile:read', issued.jti, issued.iss]) {
        expect(decoded).not.toContain(secret);
        expect(token).not.toContain(secret);
      }
      expect(ciphertext).not.toContain(parts(inner())[0]);
      expect(service().verify(token)).toMatchObject({ sub: '7', sid: 'session-7' });
      expect(issue().token).not.toBe(token); // a fresh IV for every token
    });

    it('E02 a signed-only token is refused where tokens are encrypted, and the reverse', () => {
      expectRejected(() => service().verify(inner()), 'malformed');
      expectRejected(() => f.service().verify(issue().token), 'malformed');
    });

    it('E03 any change to the header, IV, ciphertext or tag is refused, never decrypted', () => {
      const { token } = issue();
      const segments = jweParts(token);
      for (const index of [0, 2, 3, 4]) {
        const segment = segments[index] ?? '';
        const bytes = Buffer.from(segment, 'base64url');
        for (let bit = 0; bit < bytes.length * 8; bit += 7) {
          const flipped = Buffer.from(bytes);
          flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
          const altered = [...segments];
          altered[index] = flipped.toString('base64url');
          const reason = verdict(() => service().verify(altered.join('.')));
          expect(reason, `segment ${index} bit ${bit}`).not.toBe('accepted');
        }
        for (const altered of [segment.slice(0, -1), `${segment}A`, `${segment}AAAA`, '']) {
          const changed = [...segments];
          changed[index] = altered;
          expect(verdict(() => service().verify(changed.join('.')))).not.toBe('accepted');
        }
      }
      const [h, , iv, ct, tag] = segments;
      const [, , otherIv, otherCt, otherTag] = jweParts(issue().token);
      for (const mixed of [
        [h, '', otherIv, ct, tag],
        [h, '', iv, otherCt, tag],
        [h, '', iv, ct, otherTag],
      ]) {
        expectRejected(() => service().verify(mixed.join('.')), 'decryption');
      }
      expectRejected(
        () => service().verify(encryptWith(inner(), JWE_HEADER, OTHER_KEY)),
        'decryption',
      );
    });

    it('E04 alg dir and enc A256GCM only, cty JWT, a kid of the set, no other member, no encrypted key', () => {
      const verify = (header: object) => service().verify(encryptWith(inner(), header));
      for (const alg of ['none', 'RSA-OAEP', 'RSA1_5', 'A256KW', 'ECDH-ES', 'DIR', 'HS256', '']) {
        expectRejected(() => verify({ ...JWE_HEADER, alg }), 'algorithm');
      }
      for (const enc of ['A128GCM', 'A192GCM', 'A256CBC-HS512', 'a256gcm', 'A256GCM ']) {
        expectRejected(() => verify({ ...JWE_HEADER, enc }), 'algorithm');
      }
      for (const [name, value] of [
        ['zip', 'DEF'],
        ['crit', ['exp']],
        ['jku', 'http://127.0.0.1:9/keys'],
        ['jwk', { kty: 'oct', k: EK.key.export().toString('base64url') }],
        ['x5u', 'http://127.0.0.1:9/cert'],
        ['epk', { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }],
        ['typ', 'at+jwt'],
        ['iv', 'AAAAAAAAAAAAAAAA'],
      ] as const) {
        expectRejected(() => verify({ ...JWE_HEADER, [name]: value }), 'header');
      }
      for (const cty of ['jwt', 'application/jwt', 'at+jwt', undefined]) {
        const header: Record<string, unknown> = { ...JWE_HEADER, cty };
        if (cty === undefined) delete header['cty'];
        expectRejected(() => verify(header), 'type');
      }
      const withoutKid: Record<string, unknown> = { ...JWE_HEADER };
      delete withoutKid['kid'];
      for (const header of [
        withoutKid,
        { ...JWE_HEADER, kid: 'enc-test-2' },
        { ...JWE_HEADER, kid: 7 },
      ]) {
        expectRejected(() => verify(header), 'header');
      }
      const [h, , iv, ct, tag] = jweParts(encryptWith(inner()));
      expectRejected(() => service().verify([h, 'AAAA', iv, ct, tag].join('.')), 'malformed');
      expectRejected(() => service().verify(encryptWith(inner(), '{"alg":"dir"')), 'malformed');
      expectRejected(
        () => service().verify(encryptWith(inner(), '{"alg":"dir"}'.padEnd(9000))),
        'too_large',
      );
    });

    it('E05 every hostile inner token gets the same verdict inside a valid JWE as alone', () => {
      const hostile = [
        inner(),
        f.token({ ...f.header, alg: 'none' }, claims()),
        `${parts(inner())[0]}.${parts(inner())[1]}.`,
        f.token({ ...f.header, alg: 'HS512' }, claims()),
        f.token({ ...f.header, kid: 'unknown-key' }, claims()),
        f.token({ ...f.header, jku: 'http://127.0.0.1:9/' }, claims()),
        f.token({ ...f.header, cty: 'JWT' }, claims()),
        f.token({ ...f.header, typ: 'JWT' }, claims()),
        f.token(f.header, claims(), 'other'),
        f.token(f.header, claims({ exp: NOW - 120 })),
        f.token(f.header, claims({ exp: NOW - 120 }), 'other'),
        f.token(f.header, claims({ iss: 'urn:other' })),
        f.token(f.header, claims({ aud: undefined })),
        f.token(f.header, claims({ iat: NOW + 3600, exp: NOW + 3600 + TTL })),
        f.token(f.header, claims({ exp: NOW + 10 * TTL })),
        f.token(f.header, '[1]'),
        f.token(f.header, '\ufeff{}'),
        'not a token',
        `${inner()}.`,
      ];
      for (const token of hostile) {
        const alone = verdict(() => f.service().verify(token));
        expect(
          verdict(() => service().verify(encryptWith(token))),
          token.slice(0, 60),
        ).toBe(alone);
      }
      expect(verdict(() => service().verify(encryptWith(inner())))).toBe('accepted');
      expect(verdict(() => service().verify(encryptWith(JSON.stringify(claims()))))).toBe(
        'malformed',
      );
      expect(verdict(() => service().verify(encryptWith('')))).toBe('malformed');
      expect(verdict(() => service().verify(encryptWith(Buffer.from([0xc3, 0x28]))))).toBe(
        'malformed',
      );
    });

    it('E06, C06 only an authentic token is reported expired', () => {
      const expired = inner(claims({ exp: NOW - 120 }));
      const error = rejection(() => service().verify(encryptWith(expired)));
      expect([error.reason, error.code]).toEqual(['expired', 'token_expired']);
      expectRejected(
        () => service().verify(encryptWith(expired, JWE_HEADER, OTHER_KEY)),
        'decryption',
      );
    });

    it('E07 a token of a previous encryption key is accepted while the set holds it, refused after', () => {
      const next = encryptionKey({ kid: 'enc-test-2', key: randomBytes(32) });
      const keys = new EncryptionKeySet(EK);
      const rotating = f.service({ encryption: keys });
      const old = rotating.issue({ sub: '3', scope: '' }).token;
      keys.replace(next, [EK]);
      const fresh = rotating.issue({ sub: '3', scope: '' }).token;
      expect(JSON.parse(Buffer.from(jweParts(fresh)[0], 'base64url').toString())).toMatchObject({
        kid: 'enc-test-2',
      });
      expect(rotating.verify(old).sub).toBe('3');
      keys.replace(next);
      expectRejected(() => rotating.verify(old), 'header');
      expect(rotating.verify(fresh).sub).toBe('3');
    });

    it('E08 interoperates with jose both ways (dir, A256GCM, cty JWT)', async () => {
      const { token } = issue();
      const opened = await compactDecrypt(token, EK.key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      expect(opened.protectedHeader).toEqual(JWE_HEADER);
      expect(f.service().verify(new TextDecoder().decode(opened.plaintext)).sub).toBe('7');
      const joseToken = await new CompactEncrypt(new TextEncoder().encode(inner()))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: EK.kid, cty: 'JWT' })
        .encrypt(createSecretKey(EK.key.export()));
      expect(service().verify(joseToken).sub).toBe('1');
    });
  },
);
