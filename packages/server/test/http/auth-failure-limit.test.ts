import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { startTestApp } from '../support/test-app.js';

/** SECURITY.md D04: a flood of invalid tokens from one address is cut off with 429. */
describe('D04 rejected-token limit per address', () => {
  it('D04 after the limit the address gets 429 with Retry-After before any token work, until the window ends', async () => {
    let now = 1_800_000_000;
    const t = await startTestApp('sqlite', {
      clock: () => now,
      authFailureLimit: { maxFailures: 50, windowSeconds: 60 },
    });
    try {
      const bad = { authorization: 'Bearer aaaa.bbbb.cccc' };
      for (let i = 0; i < 50; i++)
        expect((await t.app.inject({ url: '/api/probe', headers: bad })).statusCode).toBe(401);
      const limited = await t.app.inject({ url: '/api/probe', headers: bad });
      expectProblem(limited, 429, 'rate_limited');
      expect(limited.headers['retry-after']).toBe('60');
      // Even a valid token waits: the limit is per address, decided before the token is read.
      expectProblem(
        await t.app.inject({
          url: '/api/probe',
          headers: { authorization: `Bearer ${t.tokenFor(t.alice)}` },
        }),
        429,
        'rate_limited',
      );
      // Public routes stay open (login, health), so a user behind the same address can recover.
      expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
      now += 60;
      expect(
        (
          await t.app.inject({
            url: '/api/probe',
            headers: { authorization: `Bearer ${t.tokenFor(t.alice)}` },
          })
        ).statusCode,
      ).toBe(200);
      expect(t.probeHits()).toBe(1);
    } finally {
      await t.dispose();
    }
  });
});
