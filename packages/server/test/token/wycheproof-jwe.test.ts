/**
 * Wycheproof JSON Web Encryption vectors (commit 507bb993, vendored in ../vectors/) against the
 * encrypted-token layer (issue #12, E08). Tessera's JWE uses `dir` + `A256GCM` only, so every
 * case, valid or not, is refused by a JWE TokenService; the `A256GCM` content layer alone (AES-GCM
 * with the protected header as AAD) recovers the plaintext of each valid `A256GCM` case whose
 * content key the test unwraps with `node:crypto` (AES key wrap, AES-GCM key wrap, RSA-OAEP).
 */
import {
  constants,
  createDecipheriv,
  createPrivateKey,
  createSecretKey,
  privateDecrypt,
  type CipherGCMTypes,
  type JsonWebKey,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openA256Gcm } from '../../src/token/compact-jwe.js';
import { TokenVerificationError } from '../../src/token/index.js';
import { ALGORITHM_FIXTURES } from './algorithms.js';
import { jweParts, jweService } from './jwe-support.js';

interface JweCase {
  readonly tcId: number;
  readonly comment: string;
  readonly jwe: string | object;
  readonly pt?: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
}

interface JweGroup {
  readonly private: JsonWebKey & { readonly alg?: string };
  readonly tests: readonly JweCase[];
}

const DIR = fileURLToPath(new URL('../vectors/', import.meta.url));
const vectors = JSON.parse(
  readFileSync(`${DIR}wycheproof_json_web_encryption_test.json`, 'utf8'),
) as { readonly numberOfTests: number; readonly testGroups: readonly JweGroup[] };
const cases = vectors.testGroups.flatMap((group) => group.tests.map((test) => ({ group, test })));

/** The content key of a compact case, unwrapped with the group's key, when node:crypto can. */
function contentKey(group: JweGroup, token: string): Buffer | undefined {
  const [h, encryptedKeySegment] = jweParts(token);
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, string>;
  const encryptedKey = Buffer.from(encryptedKeySegment, 'base64url');
  const alg = header['alg'] ?? '';
  try {
    if (/^A(128|192|256)KW$/.test(alg) && group.private.k !== undefined) {
      const kek = Buffer.from(group.private.k, 'base64url');
      const unwrap = createDecipheriv(
        `id-aes${kek.length * 8}-wrap`,
        kek,
        Buffer.from('A6A6A6A6A6A6A6A6', 'hex'),
      );
      return Buffer.concat([unwrap.update(encryptedKey), unwrap.final()]);
    }
    if (/^A(128|192|256)GCMKW$/.test(alg) && group.private.k !== undefined) {
      const kek = Buffer.from(group.private.k, 'base64url');
      const unwrap = createDecipheriv(
        `aes-${kek.length * 8}-gcm` as CipherGCMTypes,
        kek,
        Buffer.from(header['iv'] ?? '', 'base64url'),
      );
      unwrap.setAuthTag(Buffer.from(header['tag'] ?? '', 'base64url'));
      return Buffer.concat([unwrap.update(encryptedKey), unwrap.final()]);
    }
    if (alg === 'RSA-OAEP' || alg === 'RSA-OAEP-256') {
      return privateDecrypt(
        {
          key: createPrivateKey({ key: group.private, format: 'jwk' }),
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: alg === 'RSA-OAEP' ? 'sha1' : 'sha256',
        },
        encryptedKey,
      );
    }
  } catch {
    return undefined;
  }
  return undefined;
}

describe('Wycheproof JWE vectors (E08)', () => {
  it('reads every case of the file (tcId 1 to 139; its numberOfTests says 135)', () => {
    expect(cases.map(({ test }) => test.tcId)).toEqual(
      Array.from({ length: 139 }, (_, index) => index + 1),
    );
    expect(vectors.numberOfTests).toBe(135);
  });

  it.each(ALGORITHM_FIXTURES.map((f) => [f.alg, f] as const))(
    'E08 refuses every case, valid or not, with a token failure (inner tokens signed with %s)',
    (_alg, f) => {
      const service = jweService(f);
      for (const { test } of cases) {
        const token = typeof test.jwe === 'string' ? test.jwe : JSON.stringify(test.jwe);
        let error: unknown;
        try {
          service.verify(token);
        } catch (caught) {
          error = caught;
        }
        expect(error, `tcId ${test.tcId}`).toBeInstanceOf(TokenVerificationError);
        expect((error as TokenVerificationError).code).toBe('token_invalid');
      }
    },
  );

  it('E08 the A256GCM content layer decrypts every valid A256GCM case it can unwrap, and only those bytes', () => {
    let decrypted = 0;
    for (const { group, test } of cases) {
      if (typeof test.jwe !== 'string' || test.result !== 'valid') continue;
      const [h, , iv, ciphertext, tag] = jweParts(test.jwe);
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { enc?: string };
      if (header.enc !== 'A256GCM') continue;
      const cek = contentKey(group, test.jwe);
      if (cek === undefined) continue;
      const key = createSecretKey(cek);
      const sealed = {
        iv: Buffer.from(iv, 'base64url'),
        ciphertext: Buffer.from(ciphertext, 'base64url'),
        tag: Buffer.from(tag, 'base64url'),
      };
      expect(openA256Gcm(key, h, sealed)?.toString('hex'), `tcId ${test.tcId}`).toBe(test.pt);
      // The header is authenticated: the same bytes under another header do not open.
      expect(openA256Gcm(key, `${h}A`, sealed)).toBeUndefined();
      const flipped = Buffer.from(sealed.tag);
      flipped[0] = (flipped[0] ?? 0) ^ 1;
      expect(openA256Gcm(key, h, { ...sealed, tag: flipped })).toBeUndefined();
      decrypted += 1;
    }
    expect(decrypted).toBeGreaterThanOrEqual(5);
  });
});
