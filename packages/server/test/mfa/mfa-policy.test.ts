import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { startTestApp, useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';
import { asUser, claimsOf, codeAt, login, mfaTokenOf, verifyMfa } from './mfa-support.js';

/** Issue #14: "an admin can require MFA for the admin role" (TESSERA_MFA_REQUIRED_ROLES). */
describe.each(await testEngines())('MFA required for a role on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, {
    clock: () => now,
    config: { mfaRequiredRoles: ['admin'], refreshTransport: 'body' },
  });

  it('F14 an admin without a second factor gets a session limited to the profile and MFA enrolment, flagged in the token response', async () => {
    const { admin } = t();
    const response = await login(t(), admin.email, admin.password);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ access_token: string; mfa_enrolment_required?: boolean }>();
    expect(body.mfa_enrolment_required).toBe(true);
    const token = body.access_token;
    // Never silently full access: the admin routes answer 403 mfa_enrolment_required.
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/users'], { token: token }),
      403,
      'mfa_enrolment_required',
    );
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/probe'], { token: token }),
      403,
      'mfa_enrolment_required',
    );
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/auth/sessions'], { token: token }),
      403,
      'mfa_enrolment_required',
    );
    // The profile and the enrolment answer.
    expect((await asUser(t(), admin, ['GET', '/api/auth/me'], { token: token })).statusCode).toBe(
      200,
    );
    const status = await asUser(t(), admin, ['GET', '/api/auth/mfa'], { token: token });
    expect(status.json()).toMatchObject({ totp: false, required: true });
    const started = await asUser(t(), admin, ['POST', '/api/auth/mfa/totp'], {
      payload: { current_password: admin.password },
      token: token,
    });
    expect(started.statusCode).toBe(200);
    const { secret } = started.json<{ secret: string }>();
    const confirmed = await asUser(t(), admin, ['POST', '/api/auth/mfa/totp/confirm'], {
      payload: { code: await codeAt(secret, now) },
      token: token,
    });
    expect(confirmed.statusCode).toBe(200);
    // The session stays limited (signed in with a password alone); a new login with the code is full.
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/users'], { token: token }),
      403,
      'mfa_enrolment_required',
    );
    now += 30;
    const mfaToken = mfaTokenOf(await login(t(), admin.email, admin.password));
    const full = await verifyMfa(t(), mfaToken, 'totp', await codeAt(secret, now));
    expect(full.statusCode).toBe(200);
    const fullBody = full.json<{ access_token: string; refresh_token: string }>();
    expect(fullBody).not.toHaveProperty('mfa_enrolment_required');
    expect(claimsOf(fullBody.access_token)['amr']).toEqual(['pwd', 'otp']);
    expect(
      (await asUser(t(), admin, ['GET', '/api/users'], { token: fullBody.access_token }))
        .statusCode,
    ).toBe(200);
  });

  it('F14 a refresh of a limited session stays limited and flagged; other roles are not concerned', async () => {
    const admin = await t().createUser('f14-admin@example.com', 'admin');
    const response = await login(t(), admin.email, admin.password);
    const { refresh_token: refreshToken } = response.json<{ refresh_token: string }>();
    const refreshed = await t().app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refresh_token: refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const body = refreshed.json<{ access_token: string; mfa_enrolment_required?: boolean }>();
    expect(body.mfa_enrolment_required).toBe(true);
    expectProblem(
      await asUser(t(), admin, ['GET', '/api/users'], { token: body.access_token }),
      403,
      'mfa_enrolment_required',
    );
    // A token issued before the rule (no amr) is limited as well.
    expectProblem(await asUser(t(), admin, ['GET', '/api/users']), 403, 'mfa_enrolment_required');
    const alice = await login(t(), t().alice.email, t().alice.password);
    expect(alice.json()).not.toHaveProperty('mfa_enrolment_required');
    expect((await asUser(t(), t().alice, ['GET', '/api/probe'])).statusCode).toBe(200);
    expect((await asUser(t(), t().alice, ['GET', '/api/auth/mfa'])).json()).toMatchObject({
      required: false,
    });
  });

  it('F14 an unknown role in TESSERA_MFA_REQUIRED_ROLES fails the start', async () => {
    await expect(
      startTestApp(engine, { config: { mfaRequiredRoles: ['auditor'] } }),
    ).rejects.toThrow(/TESSERA_MFA_REQUIRED_ROLES names the unknown role "auditor"/);
  });
});
