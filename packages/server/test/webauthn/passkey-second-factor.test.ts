import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { expectCleanLogs } from '../support/expect-clean-logs.js';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import { asUser, claimsOf, enrolTotp, login, mfaTokenOf } from '../mfa/mfa-support.js';
import { PASSKEY_CONFIG, PASSKEY_ORIGIN, registerPasskey } from '../support/passkeys.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { useTestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

describe.each(await testEngines())('a passkey as the second factor on %s', (engine) => {
  const now = NOW;
  const t = useTestApp(engine, { config: PASSKEY_CONFIG, clock: () => now });
  let count = 0;

  async function enrolled(): Promise<{ user: TestUser; device: SoftAuthenticator }> {
    const user = await t().createUser(`second${++count}@example.com`);
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    await registerPasskey(t(), user, device);
    return { user, device };
  }

  const options = async (mfaToken: string) => {
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/mfa/webauthn/options',
      payload: { mfa_token: mfaToken },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PublicKeyCredentialRequestOptionsJSON>();
  };

  const verify = (mfaToken: string, answer: unknown) =>
    t().app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      payload: { mfa_token: mfaToken, method: 'webauthn', response: answer },
    });

  const lastUsed = async (user: TestUser) =>
    (
      await t()
        .app.tessera.database.db.selectFrom('webauthn_credentials')
        .select(['last_used_at', 'counter'])
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow()
    ).last_used_at;

  it('N14 a user with a passkey gets mfa_required with webauthn; the passkey completes it: amr pwd + webauthn', async () => {
    const { user, device } = await enrolled();
    const first = await login(t(), user.email, user.password);
    const mfaToken = mfaTokenOf(first);
    expect(first.json<{ methods: string[] }>().methods).toEqual(['webauthn']);
    const request = await options(mfaToken);
    expect(request).toMatchObject({ rpId: 'localhost', userVerification: 'discouraged' });
    // The user's credential IDs are not shown to someone who only has an mfa_token.
    expect(request.allowCredentials ?? []).toEqual([]);
    const done = await verify(mfaToken, device.get(request, { uv: false }));
    expect(done.statusCode, done.body).toBe(200);
    const access = done.json<{ access_token: string }>().access_token;
    expect(claimsOf(access)).toMatchObject({ sub: String(user.id), amr: ['pwd', 'webauthn'] });
    expect(await lastUsed(user)).not.toBeNull();
    const status = await asUser(t(), user, ['GET', '/api/auth/mfa'], { token: access });
    expect(status.json()).toMatchObject({ passkeys: 1 });
    // The mfa_token is used up.
    expectProblem(
      await t().app.inject({
        method: 'POST',
        url: '/api/auth/mfa/webauthn/options',
        payload: { mfa_token: mfaToken },
      }),
      401,
      'mfa_token_invalid',
    );
  });

  it('N14 with TOTP too, methods list both; either completes the login', async () => {
    const { user, device } = await enrolled();
    await enrolTotp(t(), user, now);
    const mfaToken = mfaTokenOf(await login(t(), user.email, user.password));
    expect(
      (await login(t(), user.email, user.password)).json<{ methods: string[] }>().methods,
    ).toEqual(['totp', 'recovery_code', 'webauthn']);
    const done = await verify(mfaToken, device.get(await options(mfaToken)));
    expect(done.statusCode, done.body).toBe(200);
  });

  it("N14 another user's passkey does not pass the second step", async () => {
    const { user } = await enrolled();
    const other = await enrolled();
    const mfaToken = mfaTokenOf(await login(t(), user.email, user.password));
    const answer = other.device.get(await options(mfaToken));
    expectProblem(await verify(mfaToken, answer), 401, 'invalid_credentials');
    const reasons = t()
      .logs.records()
      .filter((record) => record['event'] === 'passkey_second_factor_failed')
      .map((record) => record['reason']);
    expect(reasons).toContain('other_user');
  });

  it("N14 a second-step challenge is bound to its user: another login's challenge is refused", async () => {
    const { user, device } = await enrolled();
    const other = await enrolled();
    const mine = mfaTokenOf(await login(t(), user.email, user.password));
    const theirs = mfaTokenOf(await login(t(), other.user.email, other.user.password));
    const theirChallenge = await options(theirs);
    // My passkey over their challenge, sent with my token: the challenge is not mine.
    expectProblem(await verify(mine, device.get(theirChallenge)), 401, 'invalid_credentials');
    // A passwordless login challenge is not a second-step one either.
    const passwordless = (
      await t().app.inject({ method: 'POST', url: '/api/auth/passkey/options', payload: {} })
    ).json<{ options: PublicKeyCredentialRequestOptionsJSON }>().options;
    expectProblem(await verify(mine, device.get(passwordless)), 401, 'invalid_credentials');
  });

  it('N14 after a wrong password the passkey is refused and its use is not recorded', async () => {
    const { user, device } = await enrolled();
    const mfaToken = mfaTokenOf(await login(t(), user.email, 'not the password'));
    const answer = device.get(await options(mfaToken));
    expectProblem(await verify(mfaToken, answer), 401, 'invalid_credentials');
    expect(await lastUsed(user)).toBeNull();
  });

  it('N14 a bogus signature, an answer from another origin or a made-up mfa_token are refused', async () => {
    const { user, device } = await enrolled();
    let mfaToken = mfaTokenOf(await login(t(), user.email, user.password));
    expectProblem(
      await verify(mfaToken, device.get(await options(mfaToken), { bogusSignature: true })),
      401,
      'invalid_credentials',
    );
    mfaToken = mfaTokenOf(await login(t(), user.email, user.password));
    expectProblem(
      await verify(
        mfaToken,
        device.get(await options(mfaToken), { origin: 'https://evil.example' }),
      ),
      401,
      'invalid_credentials',
    );
    expect(await lastUsed(user)).toBeNull();
    expectProblem(
      await t().app.inject({
        method: 'POST',
        url: '/api/auth/mfa/webauthn/options',
        payload: { mfa_token: 'made-up' },
      }),
      401,
      'mfa_token_invalid',
    );
    // method webauthn with a code, or a code method with a response: 400.
    for (const payload of [
      { mfa_token: mfaToken, method: 'webauthn', code: '123456' },
      { mfa_token: mfaToken, method: 'totp', response: device.get(await options(mfaToken)) },
      { mfa_token: mfaToken, method: 'webauthn', response: { id: 'x' } },
    ]) {
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/mfa/verify',
        payload,
      });
      expectProblem(response, 400, 'validation_failed');
    }
  });

  it('N14 the log holds no mfa_token, challenge or assertion', () => {
    expectCleanLogs(t().logs, []);
    expect(t().logs.text).not.toMatch(/clientDataJSON|authenticatorData|mfa_token"/);
  });
});
