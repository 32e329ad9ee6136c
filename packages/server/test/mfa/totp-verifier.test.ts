import { describe, expect, it } from 'vitest';
import { verifyTotp, type TotpParameters } from '../../src/mfa/totp.js';
import { codeAt } from './mfa-support.js';

/** RFC 6238 Appendix B: the seeds of each hash, and the 8-digit codes at each time. */
const SEEDS: Record<NonNullable<TotpParameters['algorithm']>, string> = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
};
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP verifier', () => {
  it.each(VECTORS)(
    'F01 RFC 6238 vectors at T=%i (SHA-1, SHA-256, SHA-512, 8 digits; 6 digits for SHA-1)',
    async (time, sha1, sha256, sha512) => {
      const codes = { sha1, sha256, sha512 };
      for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
        const seed = new TextEncoder().encode(SEEDS[algorithm]);
        const check = await verifyTotp(seed, codes[algorithm], {
          now: time,
          afterStep: null,
          digits: 8,
          algorithm,
        });
        expect(check).toEqual({ valid: true, step: Math.floor(time / 30) });
      }
      // Tessera's factor: SHA-1, 6 digits (the 8-digit code's last six).
      const seed = new TextEncoder().encode(SEEDS.sha1);
      expect(await verifyTotp(seed, sha1.slice(2), { now: time, afterStep: null })).toEqual({
        valid: true,
        step: Math.floor(time / 30),
      });
    },
  );

  it('F02 a code of the previous or next step is accepted, two steps away is not', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = 1_800_000_015; // the middle of step 60 000 000
    const step = Math.floor(now / 30);
    for (const offset of [-1, 0, 1]) {
      const code = await codeAt(secret, now + offset * 30);
      expect(await verifyTotp(secret, code, { now: now, afterStep: null })).toEqual({
        valid: true,
        step: step + offset,
      });
    }
    for (const offset of [-3, -2, 2, 3]) {
      const code = await codeAt(secret, now + offset * 30);
      expect((await verifyTotp(secret, code, { now: now, afterStep: null })).valid).toBe(false);
    }
  });

  it('F05 a code of a step not after the last accepted one is refused (replay)', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = 1_800_000_015;
    const step = Math.floor(now / 30);
    const code = await codeAt(secret, now);
    expect((await verifyTotp(secret, code, { now: now, afterStep: step })).valid).toBe(false);
    expect((await verifyTotp(secret, code, { now: now, afterStep: step + 1 })).valid).toBe(false);
    expect((await verifyTotp(secret, code, { now: now, afterStep: step - 1 })).valid).toBe(true);
    const previous = await codeAt(secret, now - 30);
    expect((await verifyTotp(secret, previous, { now: now, afterStep: step - 1 })).valid).toBe(
      false,
    );
  });

  it('F02 malformed codes are not valid and never throw', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    for (const code of ['', '12345', '1234567', 'abcdef', '12 345', '１２３４５６', '-12345']) {
      expect((await verifyTotp(secret, code, { now: 1_800_000_000, afterStep: null })).valid).toBe(
        false,
      );
    }
  });
});
