import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import { PASSKEY_CONFIG } from '../support/passkeys.js';
import { useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

/** Issue #14: the challenge rows anyone can create without a password are bounded per client. */
describe.each(await testEngines())('passkey options throttle on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, {
    config: { ...PASSKEY_CONFIG, loginThrottle: true },
    clock: () => now,
  });
  const options = (ip: string, url = '/api/auth/passkey/options', payload: object = {}) =>
    t().app.inject({ method: 'POST', url, payload, remoteAddress: ip });

  it('N16 the 61st public options request of one client within 5 minutes → 429 with Retry-After; other clients and a later window go on', async () => {
    for (let i = 0; i < 60; i += 1) {
      expect((await options('198.51.100.7')).statusCode).toBe(200);
    }
    const refused = await options('198.51.100.7');
    expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(300);
    // The second step's options count in the same window (the token is checked after).
    expectProblem(
      await options('198.51.100.7', '/api/auth/mfa/webauthn/options', { mfa_token: 'x' }),
      429,
      'rate_limited',
    );
    expect((await options('198.51.100.8')).statusCode).toBe(200);
    now += 301;
    expect((await options('198.51.100.7')).statusCode).toBe(200);
  });
});
