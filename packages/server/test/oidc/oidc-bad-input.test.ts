import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  callback,
  CALLBACK_URI,
  fragmentOf,
  localProvider,
  SATELLIZER_PAGE,
  startFlow,
} from '../support/oidc-flow.js';
import { startTestProvider } from '../support/oidc-provider.js';
import { useTestApp } from '../support/test-app.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

/** Issue #15: bad input gets a clear 4xx and changes nothing; an unreachable provider a 503. */
describe.each(await testEngines())('sign-in by provider, bad input, on %s', (engine) => {
  const t = useTestApp(engine, {
    config: {
      oidc: {
        signup: true,
        providers: [
          localProvider(op),
          { ...localProvider(op), name: 'down', label: 'Down', issuer: 'http://127.0.0.1:1' },
        ],
      },
    },
  });
  const flowCount = async () =>
    Number(
      (
        await t()
          .app.tessera.database.db.selectFrom('oidc_flows')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers 503 oidc_provider_unavailable with Retry-After when discovery fails, storing nothing', async () => {
    const before = await flowCount();
    const response = await t().app.inject({ method: 'GET', url: '/api/auth/oidc/down/start' });
    expectProblem(response, 503, 'oidc_provider_unavailable');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await flowCount()).toBe(before);
    // The failure is not cached: the working provider still starts, and so would this one.
    expect((await startFlow(t())).cookie).not.toBe('');
    const again = await t().app.inject({ method: 'GET', url: '/api/auth/oidc/down/start' });
    expectProblem(again, 503, 'oidc_provider_unavailable');
  });

  it('answers 404 for an unknown provider on every route', async () => {
    expectProblem(
      await t().app.inject({ method: 'GET', url: '/api/auth/oidc/nope/start' }),
      404,
      'oidc_provider_unknown',
    );
    const back = await t().app.inject({
      method: 'GET',
      url: '/api/auth/oidc/nope/callback?code=x',
    });
    expect(fragmentOf(back).get('error')).toBe('oidc_provider_unknown');
  });

  it.each([
    ['GET', '/api/auth/oidc/local/start?mode=window', undefined],
    ['GET', '/api/auth/oidc/local/start?unknown=1', undefined],
    [
      'GET',
      `/api/auth/oidc/local/start?redirect_uri=${encodeURIComponent(SATELLIZER_PAGE)}&response_type=token`,
      undefined,
    ],
    [
      'GET',
      `/api/auth/oidc/local/start?redirect_uri=${encodeURIComponent(SATELLIZER_PAGE)}&client_id=other`,
      undefined,
    ],
    ['GET', `/api/auth/oidc/local/start?return_to=${'a'.repeat(3000)}`, undefined],
    ['POST', '/api/auth/oidc/complete', {}],
    ['POST', '/api/auth/oidc/complete', { ticket: 'short' }],
    ['POST', '/api/auth/oidc/complete', { ticket: 'A'.repeat(43), extra: true }],
    ['POST', '/api/auth/oidc/complete', [1, 2]],
    ['POST', '/auth/local', { code: '', redirectUri: SATELLIZER_PAGE }],
    ['POST', '/auth/local', { code: 1, redirectUri: SATELLIZER_PAGE }],
    ['POST', '/auth/local', 'code=x'],
  ] as const)('%s %s answers 4xx problem+json and stores nothing', async (method, url, payload) => {
    const before = await flowCount();
    const response = await t().app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await flowCount()).toBe(before);
  });

  it('turns a callback without a flow, with junk, or with the provider’s error into a fragment error, never a 5xx', async () => {
    for (const url of [
      '/api/auth/oidc/local/callback',
      '/api/auth/oidc/local/callback?code=abc&state=def',
      '/api/auth/oidc/local/callback?error=server_error',
    ]) {
      const response = await t().app.inject({ method: 'GET', url });
      expect(fragmentOf(response).get('error')).toBe('oidc_flow_invalid');
    }
    const flow = await startFlow(t(), { return_to: '/here' });
    const denied = new URL(CALLBACK_URI);
    denied.search = new URLSearchParams({
      error: 'access_denied',
      state: flow.authorizationUrl.searchParams.get('state') ?? '',
      iss: op.issuer,
    }).toString();
    const fragment = fragmentOf(await callback(t(), denied, flow.cookie));
    expect(Object.fromEntries(fragment)).toEqual({
      error: 'oidc_access_denied',
      return_to: '/here',
    });
    // Unknown parameters are ignored (RFC 6749 §4.1.2); an oversized one is refused.
    const junk = await callback(
      t(),
      new URL(`${CALLBACK_URI}?extra=${'x'.repeat(3000)}`),
      flow.cookie,
    );
    expect(junk.statusCode).toBe(400);
    expect(junk.headers['content-type']).toContain('application/problem+json');
  });
});

describe.each(await testEngines())('sign-in starts, throttled, on %s', (engine) => {
  const t = useTestApp(engine, { config: { ...oidcConfigOf(), loginThrottle: true } });

  it('bounds the flows one client address can start (60 in 5 minutes, then 429 with Retry-After)', async () => {
    for (let i = 0; i < 60; i += 1) await startFlow(t());
    const over = await t().app.inject({ method: 'GET', url: '/api/auth/oidc/local/start' });
    expectProblem(over, 429, 'rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.headers['set-cookie']).toBeUndefined();
  });
});

function oidcConfigOf() {
  return { oidc: { signup: false, providers: [localProvider(op)] } };
}
