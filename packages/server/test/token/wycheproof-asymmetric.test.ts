/**
 * Wycheproof vectors for the EdDSA and ES256 verify paths (issue #12; C2SP/wycheproof dac1dd47,
 * vendored in `packages/server/test/vectors/`, Apache-2.0): every raw Ed25519 and ECDSA P-256
 * (SHA-256, IEEE P1363 form) case goes through `verifyAsymmetric`, the function the token
 * verifier calls, with its own key, and gets the file's verdict. The JWS file's ES256 groups go
 * through the whole compact-JWS layer with their key (`typ: 'any'`: the payloads are not JWT
 * claims sets). A missing file fails the suite.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyAsymmetric, type AsymmetricAlgorithm } from '../../src/token/asymmetric-keys.js';
import { TokenVerificationError, verifyCompactAsymmetric } from '../../src/token/index.js';
import type { JwsVectorFile } from './wycheproof-jws-file.js';

interface RawCase {
  readonly tcId: number;
  readonly comment: string;
  readonly msg: string;
  readonly sig: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
}
interface RawGroup {
  readonly publicKeyJwk?: JsonWebKey;
  readonly publicKeyDer?: string;
  readonly publicKey: { readonly pk?: string };
  readonly tests: readonly RawCase[];
}
interface RawFile {
  readonly numberOfTests: number;
  readonly testGroups: readonly RawGroup[];
}

const DIR = fileURLToPath(new URL('../vectors/', import.meta.url));
const load = <T>(name: string): T => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;

const RAW_FILES: readonly [AsymmetricAlgorithm, string, number][] = [
  ['EdDSA', 'wycheproof_ed25519_test.json', 151],
  ['ES256', 'wycheproof_ecdsa_secp256r1_sha256_p1363_test.json', 262],
];

function groupKey(alg: AsymmetricAlgorithm, group: RawGroup) {
  if (alg === 'EdDSA') {
    const x = Buffer.from(group.publicKey.pk ?? '', 'hex').toString('base64url');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  }
  return createPublicKey({
    key: Buffer.from(group.publicKeyDer ?? '', 'hex'),
    format: 'der',
    type: 'spki',
  });
}

describe.each(RAW_FILES)('Wycheproof %s raw signatures (%s)', (alg, file, count) => {
  const vectors = load<RawFile>(file);

  it('K01 the file is complete and every case gets the file’s verdict', () => {
    const total = vectors.testGroups.reduce((sum, group) => sum + group.tests.length, 0);
    expect(total).toBe(vectors.numberOfTests);
    expect(total).toBe(count);
    let accepted = 0;
    for (const group of vectors.testGroups) {
      const key = groupKey(alg, group);
      for (const test of group.tests) {
        expect(test.result, `tcId ${test.tcId}`).not.toBe('acceptable');
        const verdict = verifyAsymmetric(
          alg,
          key,
          Buffer.from(test.msg, 'hex'),
          Buffer.from(test.sig, 'hex'),
        );
        expect(verdict, `tcId ${test.tcId} ${test.comment}`).toBe(test.result === 'valid');
        if (verdict) accepted += 1;
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('Wycheproof JSON Web Signature vectors, ES256 groups', () => {
  const groups = load<JwsVectorFile>('wycheproof_json_web_signature_test.json').testGroups.filter(
    (group) => group.public?.alg === 'ES256',
  );

  it('S02 the ES256 groups are there', () => {
    expect(groups.length).toBeGreaterThanOrEqual(2);
  });

  for (const group of groups) {
    const ids = group.tests.map((test) => test.tcId);
    it(`K01 ES256 group "${group.comment}" (tcId ${ids[0]}–${ids.at(-1)}): the file’s verdict`, () => {
      const jwk: JsonWebKey = { ...group.public };
      delete jwk['alg'];
      delete jwk['use'];
      const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
      const key = { kid: 'wycheproof', alg: 'ES256' as const, publicKey };
      let acceptedValid = 0;
      for (const test of group.tests) {
        const compact = !(test.flags ?? []).includes('JsonSerialization');
        let accepted = true;
        try {
          verifyCompactAsymmetric(test.jws, key, { typ: 'any' });
        } catch (error) {
          if (!(error instanceof TokenVerificationError)) throw error;
          accepted = false;
        }
        expect(accepted, `tcId ${test.tcId} ${test.comment}`).toBe(
          compact && test.result === 'valid',
        );
        if (accepted) acceptedValid += 1;
      }
      expect(acceptedValid).toBe(
        group.tests.filter(
          (test) => test.result === 'valid' && !(test.flags ?? []).includes('JsonSerialization'),
        ).length,
      );
    });
  }
});
