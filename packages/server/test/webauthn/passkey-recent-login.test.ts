import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import { PASSKEY_CONFIG } from '../support/passkeys.js';
import { useTestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

/** Issue #14: adding a passkey adds a way in, so an access token alone is not enough. */
describe.each(await testEngines())('passkey registration needs a recent login on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: PASSKEY_CONFIG, clock: () => now });
  let count = 0;
  const newUser = (): Promise<TestUser> => t().createUser(`recent${++count}@example.com`);
  const options = (user: TestUser, payload: object): Promise<LightMyRequestResponse> =>
    t().app.inject({
      method: 'POST',
      url: '/api/auth/passkeys/options',
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
      payload,
    });

  it('N15 a session older than 5 minutes needs the current password to add a passkey; a wrong one is refused and counted', async () => {
    const user = await newUser();
    const token = t().tokenFor(user);
    expect((await options(user, {})).statusCode).toBe(200);

    now += 5 * 60 + 1;
    const late = (payload: object) =>
      t().app.inject({
        method: 'POST',
        url: '/api/auth/passkeys/options',
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    expectProblem(await late({}), 403, 'recent_login_required');
    const wrong = await late({ current_password: 'not the password at all' });
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
    expect(wrong.statusCode).toBeLessThan(500);
    expect(wrong.body).not.toContain('not the password at all');
    const right = await late({ current_password: user.password });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json<{ challenge: string }>().challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('N15 the body takes only current_password', async () => {
    const user = await newUser();
    expectProblem(await options(user, { password: user.password }), 400, 'validation_failed');
  });
});
