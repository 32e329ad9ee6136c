/**
 * Encrypted-token fixtures (issue #12, `TESSERA_TOKEN_FORMAT=jwe`): an encryption key, a way to
 * wrap any inner token in a compact JWE under any protected header (so a hostile header reaches
 * the verifier with a valid AES-GCM tag), and a JWE service over each signing fixture.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import {
  EncryptionKeySet,
  encryptionKey,
  type EncryptionKey,
  type TokenService,
  type TokenServiceOptions,
} from '../../src/token/index.js';
import type { AlgorithmFixture } from './algorithms.js';
import { b64u, NOW } from './support.js';

/** The test encryption key `EK` (fixed bytes, so failures reproduce). */
export const EK: EncryptionKey = encryptionKey({
  kid: 'enc-test-1',
  key: createHash('sha256').update('tessera token test key EK').digest(),
});

/** The header Tessera writes on tokens encrypted with `EK`. */
export const JWE_HEADER = { alg: 'dir', enc: 'A256GCM', kid: EK.kid, cty: 'JWT' } as const;

/**
 * `header..iv.ciphertext.tag`: `plaintext` encrypted with AES-256-GCM under `key` (default
 * `EK`), the protected header as AAD, as a JWE encrypter following RFC 7516 would write it.
 */
export function encryptWith(
  plaintext: string | Uint8Array,
  header: object | string = JWE_HEADER,
  key: EncryptionKey = EK,
): string {
  const protectedSegment = typeof header === 'string' ? header : b64u(JSON.stringify(header));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(protectedSegment, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [protectedSegment, '', b64u(iv), b64u(ciphertext), b64u(cipher.getAuthTag())].join('.');
}

/** The five segments of a compact JWE. */
export function jweParts(token: string): [string, string, string, string, string] {
  const [h = '', k = '', iv = '', ct = '', tag = ''] = token.split('.');
  return [h, k, iv, ct, tag];
}

/** `f`'s service with encrypted tokens under `EK` (and `overrides`). */
export function jweService(
  f: AlgorithmFixture,
  overrides: Partial<TokenServiceOptions> = {},
  now = NOW,
): TokenService {
  return f.service({ encryption: new EncryptionKeySet(EK), ...overrides }, now);
}
