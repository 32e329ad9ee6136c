import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { startTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';
import { codeAt, enrolTotp, login, mfaTokenOf, verifyMfa } from './mfa-support.js';

/** Issue #14: second-step attempts go through the login throttle of the account (F10). */
describe.each(await testEngines())('MFA throttling on %s', (engine) => {
  it('F10 wrong codes back the account off (429 + Retry-After) across challenges; a wait lets the owner in', async () => {
    let now = NOW;
    const t = await startTestApp(engine, { clock: () => now, config: { loginThrottle: true } });
    try {
      const user = await t.createUser('f10@example.com');
      const { secret } = await enrolTotp(t, user, now);
      now += 30;
      // Step one of an MFA user counts nothing (it must not tell the password): only codes count.
      for (let i = 0; i < 5; i++) {
        const token = mfaTokenOf(await login(t, user.email, user.password));
        expectProblem(await verifyMfa(t, token, 'totp', '000000'), 401, 'invalid_credentials');
      }
      // The next login is throttled, whatever the password (same answer).
      const blockedRight = await login(t, user.email, user.password);
      expectProblem(blockedRight, 429, 'rate_limited');
      expect(blockedRight.headers['retry-after']).toBe('1');
      expectProblem(await login(t, user.email, 'wrong'), 429, 'rate_limited');
      now += 1;
      const token = mfaTokenOf(await login(t, user.email, user.password));
      expectProblem(await verifyMfa(t, token, 'totp', '000000'), 401, 'invalid_credentials');
      // The second step is throttled too (the backoff doubled); the 429 uses no attempt.
      const blocked = await verifyMfa(t, token, 'totp', await codeAt(secret, now));
      expectProblem(blocked, 429, 'rate_limited');
      expect(blocked.headers['retry-after']).toBe('2');
      now += 2;
      const ok = await verifyMfa(t, token, 'totp', await codeAt(secret, now));
      expect(ok.statusCode, ok.body).toBe(200);
    } finally {
      await t.dispose();
    }
  });

  it('F10 a wrong password at the first step counts at the second step, like a wrong code', async () => {
    let now = NOW;
    const t = await startTestApp(engine, { clock: () => now, config: { loginThrottle: true } });
    try {
      const user = await t.createUser('f10-password@example.com');
      const { secret } = await enrolTotp(t, user, now);
      now += 30;
      for (let i = 0; i < 5; i++) {
        const token = mfaTokenOf(await login(t, user.email, `wrong ${i}`));
        expectProblem(
          await verifyMfa(t, token, 'totp', await codeAt(secret, now)),
          401,
          'invalid_credentials',
        );
      }
      expectProblem(await login(t, user.email, user.password), 429, 'rate_limited');
    } finally {
      await t.dispose();
    }
  });
});
