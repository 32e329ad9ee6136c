import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimsFor } from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';
import { tok, VH } from '../token/support.js';
import { FUZZ_RUNS, REFUSALS } from './fuzz-settings.js';

/** Header values Node accepts on the wire: visible ASCII, space and tab (no CR, LF or NUL). */
const headerText = fc.string({
  unit: fc.constantFrom(
    ...' \t!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
  ),
  maxLength: 300,
});
const b64url = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  maxLength: 120,
});

describe('fuzz: the Authorization header (G1: never 2xx/5xx for a value that is not a valid token)', () => {
  const t = useTestApp('sqlite');

  it(`arbitrary header values, ${FUZZ_RUNS} cases`, async () => {
    const valid = tok(VH, claimsFor(t().alice));
    const value = fc.oneof(
      headerText,
      headerText.map((rest) => `Bearer ${rest}`),
      fc
        .tuple(
          fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Token', ''),
          fc.constantFrom(' ', '  ', '\t', ''),
          b64url,
          b64url,
          b64url,
        )
        .map(([scheme, gap, h, p, s]) => `${scheme}${gap}${h}.${p}.${s}`),
    );
    await fc.assert(
      fc.asyncProperty(value, async (authorization) => {
        fc.pre(!authorization.includes(valid));
        const response = await t().app.inject({ url: '/api/probe', headers: { authorization } });
        expect(
          REFUSALS.has(response.statusCode),
          `${response.statusCode} for ${JSON.stringify(authorization)}`,
        ).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(t().probeHits()).toBe(0);
  });
});
