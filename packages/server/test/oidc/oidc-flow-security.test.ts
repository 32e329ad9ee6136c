import { calculatePKCECodeChallenge } from 'openid-client';
import { afterAll, describe, expect, it } from 'vitest';
import { hashOf } from '../../src/oidc/flow-store.js';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  callback,
  CALLBACK_URI,
  complete,
  flowCookieOf,
  fragmentOf,
  loginAtProvider,
  oidcConfig,
  SATELLIZER_PAGE,
  signInAtProvider,
  startFlow,
} from '../support/oidc-flow.js';
import { foreignKey, forgeIdToken } from '../support/oidc-forgery.js';
import { startTestProvider } from '../support/oidc-provider.js';
import { useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

/** Issue #15: the attacks on the code flow, each refused with its code. */
describe.each(await testEngines())('sign-in by provider, attacks, on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: oidcConfig(op, true), clock: () => now });

  const flowRow = (cookie: string) =>
    t()
      .app.tessera.database.db.selectFrom('oidc_flows')
      .selectAll()
      .where('id', '=', hashOf(cookie))
      .executeTakeFirst();

  it('O01 always sends PKCE S256, with the challenge of the verifier bound to the flow', async () => {
    const flow = await startFlow(t());
    const params = flow.authorizationUrl.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('redirect_uri')).toBe(CALLBACK_URI);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await flowRow(flow.cookie);
    expect(row).toBeDefined();
    expect(params.get('code_challenge')).toBe(
      await calculatePKCECodeChallenge(row?.code_verifier ?? ''),
    );
    expect(params.get('state')).toBe(row?.state);
    // The verifier never leaves the server: not in the URL, not in the cookie.
    expect(flow.authorizationUrl.href).not.toContain(row?.code_verifier);
    expect(flow.cookie).not.toBe(row?.id);
  });

  it('O02 binds the flow to an HttpOnly, SameSite=Lax cookie; without it or with a wrong state the callback refuses', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/api/auth/oidc/local/start' });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^tessera_oidc=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/,
    );

    const flow = await startFlow(t());
    const redirect = await loginAtProvider(flow, 'olivia');
    // Another browser (no cookie) presenting the answer: refused, and the flow stays usable.
    expect(fragmentOf(await callback(t(), redirect, undefined)).get('error')).toBe(
      'oidc_flow_invalid',
    );
    const wrongState = new URL(redirect);
    wrongState.searchParams.set('state', 'x'.repeat(43));
    const refused = await callback(t(), wrongState, flow.cookie);
    expect(fragmentOf(refused).get('error')).toBe('oidc_state_mismatch');
    expect(flowCookieOf(refused)).toBe('');
  });

  it('O03 a flow is used once: the same callback presented again is refused', async () => {
    const flow = await startFlow(t());
    const redirect = await loginAtProvider(flow, 'oscar');
    expect(fragmentOf(await callback(t(), redirect, flow.cookie)).get('ticket')).not.toBeNull();
    expect(fragmentOf(await callback(t(), redirect, flow.cookie)).get('error')).toBe(
      'oidc_flow_invalid',
    );
    const twice = await startFlow(t());
    const answer = await loginAtProvider(twice, 'oscar');
    const results = await Promise.all([
      callback(t(), answer, twice.cookie),
      callback(t(), answer, twice.cookie),
    ]);
    const fragments = results.map((result) => fragmentOf(result));
    expect(fragments.filter((fragment) => fragment.has('ticket'))).toHaveLength(1);
    expect(fragments.map((fragment) => fragment.get('error'))).toContain('oidc_flow_invalid');
  });

  it('O04 a replayed code is refused by the provider (under a fresh flow and its state)', async () => {
    const first = await startFlow(t());
    const used = await loginAtProvider(first, 'pat');
    expect(fragmentOf(await callback(t(), used, first.cookie)).has('ticket')).toBe(true);
    const second = await startFlow(t());
    const replay = new URL(used);
    replay.searchParams.set('state', second.authorizationUrl.searchParams.get('state') ?? '');
    expect(fragmentOf(await callback(t(), replay, second.cookie)).get('error')).toBe(
      'oidc_code_rejected',
    );
  });

  it('O05 an ID token with another nonce is refused', async () => {
    op.forgeNext(forgeIdToken(op.signingKey, { nonce: 'not-the-nonce-that-was-sent' }));
    expect((await signInAtProvider(t(), 'quinn')).get('error')).toBe('oidc_id_token_invalid');
    expect(await t().app.tessera.users.findByEmail('quinn@example.com')).toBeUndefined();
  });

  it('O06 an ID token signed by another key is refused (same kid, foreign key)', async () => {
    op.forgeNext(forgeIdToken(await foreignKey(), {}));
    expect((await signInAtProvider(t(), 'rita')).get('error')).toBe('oidc_id_token_invalid');
    op.forgeNext(forgeIdToken(await foreignKey('unknown-kid'), {}));
    expect((await signInAtProvider(t(), 'rita')).get('error')).toBe('oidc_id_token_invalid');
    expect(await t().app.tessera.users.findByEmail('rita@example.com')).toBeUndefined();
  });

  it('O07 checks iss, aud and exp of the ID token, and the iss of the authorization response', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    for (const changes of [
      { iss: 'http://127.0.0.1:1' },
      { aud: 'another-client' },
      { exp: past, iat: past - 600 },
      { sub: undefined },
    ]) {
      op.forgeNext(forgeIdToken(op.signingKey, changes));
      expect((await signInAtProvider(t(), 'sam')).get('error'), JSON.stringify(changes)).toBe(
        'oidc_id_token_invalid',
      );
    }
    const flow = await startFlow(t());
    const redirect = await loginAtProvider(flow, 'sam');
    redirect.searchParams.set('iss', 'http://127.0.0.1:1');
    expect(fragmentOf(await callback(t(), redirect, flow.cookie)).get('error')).toBe(
      'oidc_id_token_invalid',
    );
    expect(await t().app.tessera.users.findByEmail('sam@example.com')).toBeUndefined();
  });

  it.each([
    ['//evil.example/path', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/account/security?tab=linked', '/account/security?tab=linked'],
  ])('O14 return_to %s becomes %s (same-origin paths only)', async (returnTo, kept) => {
    const flow = await startFlow(t(), { return_to: returnTo });
    expect((await flowRow(flow.cookie))?.return_to).toBe(kept);
    const fragment = fragmentOf(
      await callback(t(), await loginAtProvider(flow, 'tess'), flow.cookie),
    );
    expect(fragment.get('return_to')).toBe(kept);
  });

  it('O16 the ticket works once, and only for 60 seconds', async () => {
    const ticket = (await signInAtProvider(t(), 'uma')).get('ticket') ?? '';
    const results = await Promise.all([complete(t(), ticket), complete(t(), ticket)]);
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 400]);
    const late = (await signInAtProvider(t(), 'uma')).get('ticket') ?? '';
    now += 61;
    expectProblem(await complete(t(), late), 400, 'oidc_ticket_invalid');
    expectProblem(await complete(t(), 'A'.repeat(43)), 400, 'oidc_ticket_invalid');
  });

  it('O19 logs and fragments hold no provider code, state, token, secret or cookie; only the ticket', async () => {
    const flow = await startFlow(t());
    const redirect = await loginAtProvider(flow, 'victor');
    const code = redirect.searchParams.get('code') ?? '';
    const state = redirect.searchParams.get('state') ?? '';
    const answer = await callback(t(), redirect, flow.cookie);
    const location = String(answer.headers.location);
    const fragment = fragmentOf(answer);
    expect([...fragment.keys()].sort()).toEqual(['return_to', 'ticket']);
    for (const secret of [code, state, flow.cookie, op.clientSecret]) {
      expect(location).not.toContain(secret);
    }
    const ticket = fragment.get('ticket') ?? '';
    const response = await complete(t(), ticket);
    expect(response.statusCode).toBe(200);
    op.forgeNext(forgeIdToken(await foreignKey(), {}));
    await signInAtProvider(t(), 'victor');
    const logs = t().logs.text;
    expect(logs).toContain('oidc_login_failed');
    for (const secret of [code, state, flow.cookie, ticket, op.clientSecret]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
