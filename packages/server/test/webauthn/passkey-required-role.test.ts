import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import { asUser, claimsOf, login } from '../mfa/mfa-support.js';
import { loginOptions, PASSKEY_CONFIG, PASSKEY_ORIGIN, submitLogin } from '../support/passkeys.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { useTestApp } from '../support/test-app.js';

/** TESSERA_MFA_REQUIRED_ROLES: a passkey is the second factor the role requires. */
describe.each(await testEngines())('passkeys and a role that requires MFA on %s', (engine) => {
  const t = useTestApp(engine, { config: { ...PASSKEY_CONFIG, mfaRequiredRoles: ['admin'] } });

  it('N14 a limited session adds a passkey; a passkey login then has full access', async () => {
    const { admin } = t();
    const limited = (await login(t(), admin.email, admin.password)).json<{
      access_token: string;
    }>().access_token;
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/users'], { token: limited }),
      403,
      'mfa_enrolment_required',
    );
    const options = await asUser(t(), admin, ['POST', '/api/auth/passkeys/options'], {
      token: limited,
      payload: {},
    });
    expect(options.statusCode, options.body).toBe(200);
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    const registered = await asUser(t(), admin, ['POST', '/api/auth/passkeys'], {
      token: limited,
      payload: { name: 'Admin key', response: device.create(options.json()) },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(
      (await asUser(t(), admin, ['GET', '/api/auth/passkeys'], { token: limited })).statusCode,
    ).toBe(200);
    // The limited session stays limited; a passkey login is a full one.
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/users'], { token: limited }),
      403,
      'mfa_enrolment_required',
    );
    const round = await loginOptions(t());
    const full = await submitLogin(t(), round.challenge_id, device.get(round.options));
    expect(full.statusCode).toBe(200);
    const token = full.json<{ access_token: string; mfa_enrolment_required?: boolean }>();
    expect(token.mfa_enrolment_required).toBeUndefined();
    expect(claimsOf(token.access_token)['amr']).toEqual(['webauthn']);
    expect(
      (await asUser(t(), admin, ['GET', '/api/users'], { token: token.access_token })).statusCode,
    ).toBe(200);
  });
});
