/**
 * Wycheproof JSON Web Signature vectors (commit 507bb993), checked against the JWS layer alone
 * (`verifyCompactHs256` with `typ: 'any'`): the payloads are not JWT claims sets.
 *
 * The file is vendored in `packages/server/test/vectors/` (Apache-2.0); a missing file fails the
 * suite instead of skipping it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TokenVerificationError, verifyCompactHs256 } from '../../src/token/index.js';
import { K } from './support.js';
import type {
  JwsVectorFile as VectorFile,
  JwsVectorGroup as VectorGroup,
} from './wycheproof-jws-file.js';

const DIR = fileURLToPath(new URL('../vectors/', import.meta.url));
const vectors = JSON.parse(
  readFileSync(join(DIR, 'wycheproof_json_web_signature_test.json'), 'utf8'),
) as VectorFile;

/**
 * Cases whose verdict in the file contradicts its own other cases, pinned to our behaviour:
 * - 367 and 370 ("invalidBase64Padding…") are byte-identical to the valid 357: the `=` they were
 *   meant to carry is absent, so no verifier can reject them and accept 357. We accept them.
 * - 372 and 373 ("InvalidCharacterInserted…") carry a `?` and are marked valid, for decoders
 *   that skip unknown characters. Our strict compact syntax rejects them (S11).
 */
const FILE_DEFECTS: ReadonlyMap<number, boolean> = new Map([
  [367, true],
  [370, true],
  [372, false],
  [373, false],
]);

const isHs256Group = (group: VectorGroup): boolean =>
  group.private?.kty === 'oct' && group.private.alg === 'HS256';

/** Runs one case; returns true when accepted, false when rejected with a TokenVerificationError. */
function accepts(jws: string, key: Uint8Array): boolean {
  try {
    verifyCompactHs256(jws, key, { typ: 'any' });
    return true;
  } catch (error) {
    if (!(error instanceof TokenVerificationError)) throw error;
    return false;
  }
}

describe('Wycheproof JSON Web Signature vectors', () => {
  it('S02 the vector file is complete (every case is checked below)', () => {
    const total = vectors.testGroups.reduce((sum, group) => sum + group.tests.length, 0);
    expect(total).toBe(vectors.numberOfTests);
    expect(total).toBe(401);
  });

  for (const group of vectors.testGroups.filter(isHs256Group)) {
    const key = Buffer.from(group.private?.k ?? '', 'base64url');
    const ids = group.tests.map((test) => test.tcId);
    it(`K01 HS256 group "${group.comment}" (tcId ${ids[0]}–${ids.at(-1)}): the file's verdict`, () => {
      for (const test of group.tests) {
        const compact = !(test.flags ?? []).includes('JsonSerialization');
        expect(test.result, `tcId ${test.tcId}`).not.toBe('acceptable');
        const expected = FILE_DEFECTS.get(test.tcId) ?? (compact && test.result === 'valid');
        expect(accepts(test.jws, key), `tcId ${test.tcId} ${test.comment}`).toBe(expected);
      }
    });
  }

  it('S08 tcId 367 and 370 are byte-identical to the valid tcId 357 (file defect, accepted)', () => {
    const byId = new Map(
      vectors.testGroups.flatMap((group) => group.tests.map((test) => [test.tcId, test.jws])),
    );
    expect(byId.get(367)).toBe(byId.get(357));
    expect(byId.get(370)).toBe(byId.get(357));
  });

  it('S11 tcId 372 and 373 contain "?" and are rejected as malformed, whatever the file says', () => {
    const byId = new Map(
      vectors.testGroups.flatMap((group) => group.tests.map((test) => [test.tcId, test])),
    );
    for (const id of [372, 373]) {
      const test = byId.get(id);
      expect(test?.jws).toContain('?');
      let reason = '';
      try {
        verifyCompactHs256(
          test?.jws ?? '',
          Buffer.from('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'base64url'),
          {
            typ: 'any',
          },
        );
      } catch (error) {
        reason = error instanceof TokenVerificationError ? error.reason : 'unexpected';
      }
      expect(reason).toBe('malformed');
    }
  });

  for (const group of vectors.testGroups.filter((g) => !isHs256Group(g))) {
    const alg = group.private?.alg ?? 'no alg';
    it(`H05 ${alg} group "${group.comment}" (${group.tests.length} cases): all rejected by the HS256-only verifier`, () => {
      for (const test of group.tests) {
        expect(accepts(test.jws, K), `tcId ${test.tcId} ${test.comment}`).toBe(false);
      }
    });
  }
});
