import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { useTestApp } from '../support/test-app.js';
import { login, mfaTokenOf } from './mfa-support.js';

/**
 * The hooks the passkeys feature builds on: a passkey counter adds `webauthn` to `methods`,
 * and `mfa.login.complete` runs its second step under the same rules.
 */
describe.each(await testEngines())('MFA extension points on %s', (engine) => {
  const withPasskeys = new Set<number>();
  const commits: boolean[] = [];
  const t = useTestApp(engine, {
    routes: (app) => {
      app.tessera.mfa.factors.usePasskeys({
        count: (userId) => Promise.resolve(withPasskeys.has(userId) ? 2 : 0),
      });
      app.post<{ Body: { mfa_token: string; ok: boolean } }>(
        '/test/passkey-step',
        { config: { public: true } },
        async (request) => {
          const user = await app.tessera.mfa.login.complete(
            request,
            request.body.mfa_token,
            'webauthn',
            (_user, commit) => {
              commits.push(commit);
              return Promise.resolve(request.body.ok);
            },
          );
          return { user_id: user.id };
        },
      );
    },
  });

  const step = (mfaToken: string, ok: boolean) =>
    t().app.inject({
      method: 'POST',
      url: '/test/passkey-step',
      payload: { mfa_token: mfaToken, ok },
    });

  it('F08 a user with passkeys only gets mfa_required with methods ["webauthn"]; a verified passkey completes the challenge once', async () => {
    const user = await t().createUser('f08-passkeys@example.com');
    withPasskeys.add(user.id);
    const response = await login(t(), user.email, user.password);
    expect(response.json()).toMatchObject({ code: 'mfa_required', methods: ['webauthn'] });
    const token = mfaTokenOf(response);
    expect(await t().app.tessera.mfa.login.userOf(token)).toMatchObject({ id: user.id });
    expectProblem(await step(token, false), 401, 'invalid_credentials');
    const ok = await step(token, true);
    expect(ok.json()).toEqual({ user_id: user.id });
    expect(commits).toEqual([true, true]);
    expectProblem(await step(token, true), 401, 'mfa_token_invalid');
    expect(await t().app.tessera.mfa.login.userOf(token)).toBeUndefined();
  });

  it('F08 after a wrong password the check runs without commit and the step fails', async () => {
    const user = await t().createUser('f08-passkeys-wrong@example.com');
    withPasskeys.add(user.id);
    commits.length = 0;
    const token = mfaTokenOf(await login(t(), user.email, 'wrong password'));
    expectProblem(await step(token, true), 401, 'invalid_credentials');
    expect(commits).toEqual([false]);
  });
});
