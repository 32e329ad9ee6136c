/**
 * Black-box run of every Wycheproof JSON Web Signature vector (commit 507bb993) against the
 * guard: each `jws` value, compact or JSON serialization, is sent as `Authorization: Bearer <jws>`
 * to the protected probe. None is a Tessera access token (other keys, other algorithms, payloads
 * that are not claims sets), so every one must be R401i: never 2xx, never 5xx, the handler never
 * run, and the value neither echoed nor logged.
 *
 * The file is read from `TESSERA_VECTORS_DIR` (default `/work/shared/vectors`); a missing file
 * fails the suite instead of skipping it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectTokenRefused } from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';

interface VectorCase {
  readonly tcId: number;
  readonly comment: string;
  readonly jws: string;
  readonly flags?: readonly string[];
}
interface VectorGroup {
  readonly private?: { readonly alg?: string; readonly kty?: string };
  readonly tests: readonly VectorCase[];
}
interface VectorFile {
  readonly numberOfTests: number;
  readonly testGroups: readonly VectorGroup[];
}

const DIR = process.env['TESSERA_VECTORS_DIR'] ?? '/work/shared/vectors';
const vectors = JSON.parse(
  readFileSync(join(DIR, 'wycheproof_json_web_signature_test.json'), 'utf8'),
) as VectorFile;

/** The catalogue row a vector exercises, for the test name. */
function rowOf(group: VectorGroup, test: VectorCase): string {
  const flags = test.flags ?? [];
  if (flags.includes('JsonSerialization')) return 'S07';
  if (flags.includes('AlgIsNone') || /NoneAlgorithm/.test(test.comment)) return 'H01';
  if (test.comment.includes('SymmetryConfusion')) return 'H06';
  if (test.comment.includes('EmbeddedJwk')) return 'H14';
  if (test.jws === '' || test.jws.split('.').length !== 3) return 'S02';
  return group.private?.alg === 'HS256' ? 'K01' : 'H05';
}

/** `[test name, jws]` for every vector, the name starting with its catalogue row. */
const cases: [string, string][] = vectors.testGroups.flatMap((group) =>
  group.tests.map((test): [string, string] => {
    const alg = group.private?.alg ?? group.private?.kty ?? '?';
    const name = `${rowOf(group, test)} Wycheproof tcId ${test.tcId} (${alg}, ${test.comment}) → R401i`;
    return [name, test.jws];
  }),
);

describe.each(await testEngines())('guard: every Wycheproof JWS vector on %s', (engine) => {
  const t = useTestApp(engine);

  it('S02 the vector file is complete (all 401 cases are sent below)', () => {
    expect(cases).toHaveLength(vectors.numberOfTests);
    expect(cases).toHaveLength(401);
  });

  it.each(cases)('%s', async (_name, jws) => {
    await expectTokenRefused(t(), jws);
  });
});
