import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectCleanLogs } from '../support/expect-clean-logs.js';
import { expectProblem } from '../support/expect-problem.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';
import {
  asUser,
  claimsOf,
  codeAt,
  enrolTotp,
  login,
  mfaTokenOf,
  verifyMfa,
} from './mfa-support.js';

/** Issue #14: the two-step login (SECURITY F rows). */
describe.each(await testEngines())('MFA login on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { clock: () => now, config: { refreshTransport: 'body' } });
  const secrets: string[] = [PASSWORD];

  const enrolled = async (email: string) => {
    const user = await t().createUser(email);
    const factor = await enrolTotp(t(), user, now);
    secrets.push(factor.secret, ...factor.recoveryCodes);
    now += 30; // the confirming code's step is used up
    return { user, ...factor };
  };

  it('F16 a login of a user with TOTP answers 401 mfa_required with mfa_token and methods (problem+json extension members)', async () => {
    const { user } = await enrolled('f16@example.com');
    for (const url of ['/api/auth/login', '/api/login']) {
      const response = await login(t(), user.email, user.password, url);
      expectProblem(response, 401, 'mfa_required');
      const body = response.json<Record<string, unknown>>();
      expect(body).toMatchObject({
        type: 'urn:tessera:problem:mfa_required',
        status: 401,
        message: 'A second factor is required',
        methods: ['totp', 'recovery_code'],
      });
      expect(body['mfa_token']).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(response.body).not.toContain('access_token');
    }
  });

  it('F08 a wrong password also answers mfa_required (same shape); the second step then fails even with the right code', async () => {
    const { user, secret } = await enrolled('f08@example.com');
    const right = await login(t(), user.email, user.password);
    const wrong = await login(t(), user.email, 'not the password');
    const shape = (body: Record<string, unknown>) =>
      Object.keys(body)
        .filter((key) => key !== 'request_id' && key !== 'mfa_token')
        .map((key) => [key, body[key]]);
    expect(shape(wrong.json())).toEqual(shape(right.json()));
    const code = await codeAt(secret, now);
    expectProblem(
      await verifyMfa(t(), mfaTokenOf(wrong), 'totp', code),
      401,
      'invalid_credentials',
    );
    // The code was not used up by the failed attempt: the owner can still sign in with it.
    const ok = await verifyMfa(t(), mfaTokenOf(right), 'totp', code);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('F11 the second step signs in with amr ["pwd","otp"]; refreshes keep it', async () => {
    const { user, secret } = await enrolled('f11@example.com');
    const token = mfaTokenOf(await login(t(), user.email, user.password));
    const response = await verifyMfa(t(), token, 'totp', await codeAt(secret, now));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ access_token: string; refresh_token: string; token: string }>();
    expect(claimsOf(body.access_token)).toMatchObject({
      sub: String(user.id),
      amr: ['pwd', 'otp'],
    });
    expect(body).not.toHaveProperty('mfa_enrolment_required');
    const me = await asUser(t(), user, ['GET', '/api/auth/me'], { token: body.access_token });
    expect(me.statusCode).toBe(200);
    const refreshed = await t().app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refresh_token: body.refresh_token },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect(claimsOf(refreshed.json<{ access_token: string }>().access_token)).toMatchObject({
      amr: ['pwd', 'otp'],
    });
  });

  it('F05 a TOTP code works once: not twice in one challenge, not in a second challenge, not an earlier step', async () => {
    const { user, secret } = await enrolled('f05@example.com');
    const code = await codeAt(secret, now);
    const first = mfaTokenOf(await login(t(), user.email, user.password));
    expect((await verifyMfa(t(), first, 'totp', code)).statusCode).toBe(200);
    const second = mfaTokenOf(await login(t(), user.email, user.password));
    expectProblem(await verifyMfa(t(), second, 'totp', code), 401, 'invalid_credentials');
    // Within the ±1 step window: the previous step's code is older than the accepted one.
    expectProblem(
      await verifyMfa(t(), second, 'totp', await codeAt(secret, now - 30)),
      401,
      'invalid_credentials',
    );
    // The next step's code is new.
    expect((await verifyMfa(t(), second, 'totp', await codeAt(secret, now + 30))).statusCode).toBe(
      200,
    );
  });

  it('F05 two challenges racing with one code: exactly one signs in', async () => {
    const { user, secret } = await enrolled('f05-race@example.com');
    const code = await codeAt(secret, now);
    const tokens = await Promise.all(
      [0, 1, 2].map(async () => mfaTokenOf(await login(t(), user.email, user.password))),
    );
    const answers = await Promise.all(tokens.map((token) => verifyMfa(t(), token, 'totp', code)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('F06 a recovery code signs in once (typed loosely), then never again', async () => {
    const { user, recoveryCodes } = await enrolled('f06@example.com');
    const code = recoveryCodes[0] ?? '';
    const loose = `  ${code.toUpperCase().replace(/-/g, ' ')} `;
    const first = await verifyMfa(
      t(),
      mfaTokenOf(await login(t(), user.email, user.password)),
      'recovery_code',
      loose,
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(claimsOf(first.json<{ access_token: string }>().access_token)['amr']).toEqual([
      'pwd',
      'otp',
    ]);
    const again = await verifyMfa(
      t(),
      mfaTokenOf(await login(t(), user.email, user.password)),
      'recovery_code',
      code,
    );
    expectProblem(again, 401, 'invalid_credentials');
    const status = await asUser(t(), user, ['GET', '/api/auth/mfa']);
    expect(status.json()).toMatchObject({ recovery_codes_remaining: 9 });
    // A recovery code is not a TOTP code and vice versa.
    expectProblem(
      await verifyMfa(
        t(),
        mfaTokenOf(await login(t(), user.email, user.password)),
        'totp',
        recoveryCodes[1] ?? '',
      ),
      401,
      'invalid_credentials',
    );
  });

  it('F09 an mfa_token is single use, expires after 5 minutes, and is bound to its user', async () => {
    const { user, secret } = await enrolled('f09@example.com');
    const other = await enrolled('f09-other@example.com');
    const token = mfaTokenOf(await login(t(), user.email, user.password));
    expect((await verifyMfa(t(), token, 'totp', await codeAt(secret, now))).statusCode).toBe(200);
    expectProblem(
      await verifyMfa(t(), token, 'totp', await codeAt(secret, now + 30)),
      401,
      'mfa_token_invalid',
    );
    // Bound to its user: another user's right code does not pass this user's challenge.
    const mine = mfaTokenOf(await login(t(), user.email, user.password));
    expectProblem(
      await verifyMfa(t(), mine, 'totp', await codeAt(other.secret, now)),
      401,
      'invalid_credentials',
    );
    const signedIn = await verifyMfa(t(), mine, 'totp', await codeAt(secret, now + 30));
    expect(claimsOf(signedIn.json<{ access_token: string }>().access_token)['sub']).toBe(
      String(user.id),
    );
    // Expiry.
    const late = mfaTokenOf(await login(t(), user.email, user.password));
    now += 300;
    expectProblem(
      await verifyMfa(t(), late, 'totp', await codeAt(secret, now)),
      401,
      'mfa_token_invalid',
    );
    // Unknown and malformed tokens.
    for (const bogus of ['A'.repeat(43), 'short', '']) {
      expectProblem(await verifyMfa(t(), bogus, 'totp', '123456'), 401, 'mfa_token_invalid');
    }
    expectProblem(await verifyMfa(t(), late, 'sms', '123456'), 400, 'validation_failed');
  });

  it('F10 five wrong codes void the challenge', async () => {
    const { user, secret } = await enrolled('f10-challenge@example.com');
    const token = mfaTokenOf(await login(t(), user.email, user.password));
    for (let i = 0; i < 5; i++) {
      expectProblem(await verifyMfa(t(), token, 'totp', '000000'), 401, 'invalid_credentials');
    }
    expectProblem(
      await verifyMfa(t(), token, 'totp', await codeAt(secret, now)),
      401,
      'mfa_token_invalid',
    );
  });

  it('F13 a disabled user passes neither step: mfa_required, then invalid_credentials with the right code', async () => {
    const { user, secret } = await enrolled('f13@example.com');
    await t().app.tessera.users.update(user.id, { isEnabled: false });
    const token = mfaTokenOf(await login(t(), user.email, user.password));
    expectProblem(
      await verifyMfa(t(), token, 'totp', await codeAt(secret, now)),
      401,
      'invalid_credentials',
    );
    // Disabled between the two steps.
    await t().app.tessera.users.update(user.id, { isEnabled: true });
    const next = mfaTokenOf(await login(t(), user.email, user.password));
    await t().app.tessera.users.update(user.id, { isEnabled: false });
    expectProblem(
      await verifyMfa(t(), next, 'totp', await codeAt(secret, now)),
      401,
      'invalid_credentials',
    );
  });

  it('F08 a user without a second factor still logs in in one step; unknown emails answer invalid_credentials', async () => {
    const plain = await login(t(), t().alice.email, t().alice.password);
    expect(plain.statusCode).toBe(200);
    expect(claimsOf(plain.json<{ access_token: string }>().access_token)['amr']).toEqual(['pwd']);
    expectProblem(await login(t(), 'nobody@example.com', 'whatever'), 401, 'invalid_credentials');
  });

  it('F15 no TOTP secret, code, recovery code or mfa_token in the logs', async () => {
    const { user, secret } = await enrolled('f15@example.com');
    const response = await login(t(), user.email, user.password);
    const token = mfaTokenOf(response);
    secrets.push(token);
    const code = await codeAt(secret, now);
    secrets.push(code);
    await verifyMfa(t(), token, 'totp', '999999');
    expect((await verifyMfa(t(), token, 'totp', code)).statusCode).toBe(200);
    expectCleanLogs(t().logs, secrets, { minSecretLength: 6 });
    const events = t()
      .logs.records()
      .map((record) => record['event']);
    expect(events).toContain('login_second_factor');
    expect(events).toContain('mfa_failed');
  });
});
