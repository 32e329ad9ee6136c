import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  CALLBACK_URI,
  claimsOf,
  loginAtProvider,
  oidcConfig,
  SATELLIZER_PAGE,
  startFlow,
} from '../support/oidc-flow.js';
import { startTestProvider } from '../support/oidc-provider.js';
import { useTestApp, type TestApp } from '../support/test-app.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

const SATELLIZER_STATE = 'satellizer-state-0123456789abcdef';

/** What Satellizer's popup does: open `start` with its parameters, come back to its page. */
async function satellizerPopup(t: TestApp, login: string, query: Record<string, string> = {}) {
  const flow = await startFlow(t, {
    response_type: 'code',
    client_id: op.clientId,
    redirect_uri: SATELLIZER_PAGE,
    state: SATELLIZER_STATE,
    scope: 'openid email',
    display: 'popup',
    ...query,
  });
  const back = await loginAtProvider(flow, login, SATELLIZER_PAGE);
  return { flow, back, code: back.searchParams.get('code') ?? '' };
}

function exchange(
  t: TestApp,
  cookie: string | undefined,
  payload: Record<string, unknown>,
  url = '/auth/local',
) {
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    ...(cookie === undefined ? {} : { cookies: { tessera_oidc: cookie } }),
  });
}

/** Issue #15: an unchanged AngularJS + Satellizer page's `$auth.authenticate('local')`. */
describe.each(await testEngines())('Satellizer’s popup contract on %s', (engine) => {
  const t = useTestApp(engine, { config: oidcConfig(op, true) });

  it('exchanges the code at /auth/<name> for the login’s token response (token included)', async () => {
    const { flow, back, code } = await satellizerPopup(t(), 'walt');
    expect(back.searchParams.get('state')).toBe(SATELLIZER_STATE);
    const response = await exchange(t(), flow.cookie, {
      code,
      clientId: op.clientId,
      redirectUri: SATELLIZER_PAGE,
      state: SATELLIZER_STATE,
      extra: 'ignored',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ token: string; access_token: string }>();
    expect(body.token).toBe(body.access_token);
    expect(claimsOf(body.token)['amr']).toEqual(['oidc']);
    expect(String(response.headers['set-cookie'])).toContain('tessera_oidc=;');
    // The flow is used up.
    expectProblem(
      await exchange(t(), flow.cookie, { code, redirectUri: SATELLIZER_PAGE }),
      400,
      'oidc_flow_invalid',
    );
  });

  it('also answers at /api/auth/oidc/<name>, and makes its own state when Satellizer sends none', async () => {
    const flow = await startFlow(t(), { redirect_uri: SATELLIZER_PAGE });
    const state = flow.authorizationUrl.searchParams.get('state') ?? '';
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const back = await loginAtProvider(flow, 'walt', SATELLIZER_PAGE);
    const response = await exchange(
      t(),
      flow.cookie,
      { code: back.searchParams.get('code'), redirectUri: SATELLIZER_PAGE },
      '/api/auth/oidc/local',
    );
    expect(response.statusCode, response.body).toBe(200);
  });

  it('O15 start refuses a redirect_uri outside the allowlist, and the exchange one that differs from the flow’s', async () => {
    for (const uri of [
      'https://evil.example/legacy/',
      `${SATELLIZER_PAGE}x`,
      CALLBACK_URI,
      'http://127.0.0.1:3000/legacy',
    ]) {
      const response = await t().app.inject({
        method: 'GET',
        url: '/api/auth/oidc/local/start',
        query: { redirect_uri: uri },
      });
      expectProblem(response, 400, 'oidc_redirect_uri_invalid');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const { flow, code } = await satellizerPopup(t(), 'xena');
    expectProblem(
      await exchange(t(), flow.cookie, { code, redirectUri: 'https://evil.example/legacy/' }),
      400,
      'oidc_redirect_uri_invalid',
    );
  });

  it('refuses a wrong state, a wrong clientId, no cookie, and a redirect-mode flow', async () => {
    const wrongState = await satellizerPopup(t(), 'yuri');
    expectProblem(
      await exchange(t(), wrongState.flow.cookie, {
        code: wrongState.code,
        redirectUri: SATELLIZER_PAGE,
        state: 'another-state-0123456789abcdef',
      }),
      400,
      'oidc_state_mismatch',
    );
    const wrongClient = await satellizerPopup(t(), 'yuri');
    expectProblem(
      await exchange(t(), wrongClient.flow.cookie, {
        code: wrongClient.code,
        clientId: 'another-client',
        redirectUri: SATELLIZER_PAGE,
      }),
      400,
      'oidc_flow_invalid',
    );
    const noCookie = await satellizerPopup(t(), 'yuri');
    expectProblem(
      await exchange(t(), undefined, { code: noCookie.code, redirectUri: SATELLIZER_PAGE }),
      400,
      'oidc_flow_invalid',
    );
    const redirectMode = await startFlow(t());
    expectProblem(
      await exchange(t(), redirectMode.cookie, { code: 'abc', redirectUri: CALLBACK_URI }),
      400,
      'oidc_flow_invalid',
    );
    expect(await t().app.tessera.users.findByEmail('yuri@example.com')).toBeUndefined();
  });

  it('refuses a replayed code with oidc_code_rejected, and bad bodies with 400', async () => {
    const first = await satellizerPopup(t(), 'zoe');
    expect(
      (await exchange(t(), first.flow.cookie, { code: first.code, redirectUri: SATELLIZER_PAGE }))
        .statusCode,
    ).toBe(200);
    const second = await satellizerPopup(t(), 'zoe');
    expectProblem(
      await exchange(t(), second.flow.cookie, { code: first.code, redirectUri: SATELLIZER_PAGE }),
      400,
      'oidc_code_rejected',
    );
    expectProblem(await exchange(t(), undefined, { code: 'x' }), 400, 'validation_failed');
    expectProblem(
      await exchange(t(), undefined, { code: 'x', redirectUri: SATELLIZER_PAGE }, '/auth/nope'),
      404,
      'oidc_provider_unknown',
    );
  });
});
