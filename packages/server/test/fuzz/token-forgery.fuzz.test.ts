import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimsFor } from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';
import { tok, VH } from '../token/support.js';
import { FUZZ_RUNS, REFUSALS } from './fuzz-settings.js';

/** Zero accepted forgeries: no token that was not MAC'd with the server's key gets through. */
describe('fuzz: token segments and forgeries', () => {
  const t = useTestApp('sqlite');
  const send = (token: string) =>
    t().app.inject({ url: '/api/probe', headers: { authorization: `Bearer ${token}` } });

  it(`a valid token with one character changed, inserted or removed is refused, ${FUZZ_RUNS} cases`, async () => {
    const valid = tok(VH, claimsFor(t().alice));
    expect((await send(valid)).statusCode, 'the unmutated token is accepted').toBe(200);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const edit = fc.tuple(
      fc.nat({ max: valid.length - 1 }),
      fc.constantFrom('replace', 'insert', 'remove'),
      fc.constantFrom(...alphabet),
    );
    await fc.assert(
      fc.asyncProperty(edit, async ([at, kind, char]) => {
        const mutated =
          kind === 'replace'
            ? valid.slice(0, at) + char + valid.slice(at + 1)
            : kind === 'insert'
              ? valid.slice(0, at) + char + valid.slice(at)
              : valid.slice(0, at) + valid.slice(at + 1);
        fc.pre(mutated !== valid);
        const response = await send(mutated);
        expect(REFUSALS.has(response.statusCode), `${response.statusCode} for ${mutated}`).toBe(
          true,
        );
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it(`arbitrary JSON headers and payloads signed with other keys are refused, ${FUZZ_RUNS} cases`, async () => {
    const hits = t().probeHits();
    const json = fc.jsonValue({ maxDepth: 3 });
    const header = fc.oneof(
      json,
      fc.record({
        alg: fc.constantFrom('HS256', 'none', 'HS512', 'RS256'),
        typ: fc.constantFrom('at+jwt', 'JWT'),
      }),
    );
    const payload = fc.oneof(
      json,
      fc.constant(claimsFor(t().alice)),
      fc.record({ sub: fc.string(), exp: fc.double(), iat: fc.integer() }),
    );
    const key = fc.oneof(
      fc.constant(''),
      fc.string(),
      fc.uint8Array({ minLength: 0, maxLength: 64 }),
      fc.constant(randomBytes(32)),
    );
    await fc.assert(
      fc.asyncProperty(header, payload, key, async (h, p, k) => {
        const forged = tok(h as object, p as object, k);
        const response = await send(forged);
        expect(REFUSALS.has(response.statusCode), `${response.statusCode} for ${forged}`).toBe(
          true,
        );
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(t().probeHits()).toBe(hits);
  });
});
