import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  callback,
  CALLBACK_URI,
  complete,
  flowCookieOf,
  fragmentOf,
  oidcConfig,
  SATELLIZER_PAGE,
  signInAtProvider,
} from '../support/oidc-flow.js';
import { driveLogin, startTestProvider } from '../support/oidc-provider.js';
import { useTestApp, type TestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function startLink(t: TestApp, token: string, payload: object = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/oidc/local/link',
    headers: bearer(token),
    payload,
  });
}

/** Links provider account `login` to the user of `token`; the callback's fragment. */
async function link(t: TestApp, token: string, login: string, payload: object = {}) {
  const started = await startLink(t, token, payload);
  expect(started.statusCode, started.body).toBe(200);
  const url = started.json<{ authorization_url: string }>().authorization_url;
  const back = await driveLogin(url, login, CALLBACK_URI);
  return fragmentOf(await callback(t, back, flowCookieOf(started)));
}

async function identitiesOf(t: TestApp, token: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: '/api/auth/identities',
    headers: bearer(token),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ identities: { id: string; provider: string; label: string }[] }>()
    .identities;
}

function unlink(t: TestApp, token: string, id: string) {
  return t.app.inject({
    method: 'DELETE',
    url: `/api/auth/identities/${id}`,
    headers: bearer(token),
  });
}

/** Issue #15: linking from the security page, the list, and unlinking. */
describe.each(await testEngines())('linked identities on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: oidcConfig(op, true), clock: () => now });
  let count = 0;
  const newUser = (): Promise<TestUser> => t().createUser(`linker${++count}@example.com`);

  it('links a provider account, lists it, signs in with it, and mails a notice', async () => {
    const user = await newUser();
    const token = t().tokenFor(user);
    const fragment = await link(t(), token, `linker-op-${count}`, { return_to: '/security' });
    expect(Object.fromEntries(fragment)).toEqual({ linked: 'local', return_to: '/security' });
    const identities = await identitiesOf(t(), token);
    expect(identities).toEqual([
      expect.objectContaining({
        provider: 'local',
        label: 'Local',
        email: `linker-op-${count}@example.com`,
      }),
    ]);
    const signIn = await signInAtProvider(t(), `linker-op-${count}`);
    const session = await complete(t(), signIn.get('ticket') ?? '');
    expect(session.statusCode, session.body).toBe(200);
    await t().app.tessera.mail.idle();
    expect(t().logs.text).toContain('"kind":"identity_linked"');
  });

  it('O17 linking needs a recent login, or the current password', async () => {
    const user = await newUser();
    const token = t().tokenFor(user);
    now += 5 * 60 + 1;
    expectProblem(await startLink(t(), token), 403, 'recent_login_required');
    expect(await t().app.tessera.oidc.identities.listByUser(user.id)).toHaveLength(0);
    const wrong = await startLink(t(), token, { current_password: 'not the password' });
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
    expect(wrong.statusCode).toBeLessThan(500);
    const fragment = await link(t(), token, `recent-${count}`, { current_password: user.password });
    expect(fragment.get('linked')).toBe('local');
  });

  it('O18 an identity linked to another user is refused; linking it again to its owner is fine', async () => {
    const owner = await newUser();
    const other = await newUser();
    await t().renewSession(owner);
    await t().renewSession(other);
    expect((await link(t(), t().tokenFor(owner), 'shared-op')).get('linked')).toBe('local');
    expect((await link(t(), t().tokenFor(other), 'shared-op')).get('error')).toBe(
      'oidc_identity_taken',
    );
    expect(await t().app.tessera.oidc.identities.listByUser(other.id)).toHaveLength(0);
    expect((await link(t(), t().tokenFor(owner), 'shared-op')).get('linked')).toBe('local');
    expect(await t().app.tessera.oidc.identities.listByUser(owner.id)).toHaveLength(1);
  });

  it('O12 unlink keeps one way in: a provider-made user cannot drop their only identity', async () => {
    const ticket = (await signInAtProvider(t(), 'solo')).get('ticket') ?? '';
    const session = await complete(t(), ticket);
    const token = session.json<{ access_token: string }>().access_token;
    const [only] = await identitiesOf(t(), token);
    expectProblem(await unlink(t(), token, only?.id ?? ''), 409, 'oidc_last_sign_in_method');
    expect(await identitiesOf(t(), token)).toHaveLength(1);
    // With a second identity, one may go.
    expect((await link(t(), token, 'solo-second')).get('linked')).toBe('local');
    const both = await identitiesOf(t(), token);
    expect(both).toHaveLength(2);
    expect((await unlink(t(), token, only?.id ?? '')).statusCode).toBe(204);
    const [last] = await identitiesOf(t(), token);
    expectProblem(await unlink(t(), token, last?.id ?? ''), 409, 'oidc_last_sign_in_method');
    await t().app.tessera.mail.idle();
    expect(t().logs.text).toContain('"kind":"identity_unlinked"');
  });

  it('O12 two concurrent unlinks of a provider-made user’s last two identities: one wins', async () => {
    const ticket = (await signInAtProvider(t(), 'duo')).get('ticket') ?? '';
    const token = (await complete(t(), ticket)).json<{ access_token: string }>().access_token;
    expect((await link(t(), token, 'duo-second')).get('linked')).toBe('local');
    const [first, second] = await identitiesOf(t(), token);
    const results = await Promise.all([
      unlink(t(), token, first?.id ?? ''),
      unlink(t(), token, second?.id ?? ''),
    ]);
    expect(results.map((result) => result.statusCode).sort()).toEqual([204, 409]);
    expect(await identitiesOf(t(), token)).toHaveLength(1);
  });

  it('O12 a user with a password may unlink their only identity; another user’s id is 404', async () => {
    const user = await newUser();
    await t().renewSession(user);
    const token = t().tokenFor(user);
    expect((await link(t(), token, `pw-${count}`)).get('linked')).toBe('local');
    const [identity] = await identitiesOf(t(), token);
    const stranger = await newUser();
    expectProblem(await unlink(t(), t().tokenFor(stranger), identity?.id ?? ''), 404, 'not_found');
    expectProblem(await unlink(t(), token, 'A'.repeat(22)), 404, 'not_found');
    expect((await unlink(t(), token, identity?.id ?? '')).statusCode).toBe(204);
    expect(await identitiesOf(t(), token)).toEqual([]);
  });

  it('needs a bearer token and a known provider', async () => {
    const anonymous = await t().app.inject({ method: 'GET', url: '/api/auth/identities' });
    expect(anonymous.statusCode).toBe(401);
    const user = await newUser();
    const unknown = await t().app.inject({
      method: 'POST',
      url: '/api/auth/oidc/nope/link',
      headers: bearer(t().tokenFor(user)),
      payload: {},
    });
    expectProblem(unknown, 404, 'oidc_provider_unknown');
    expectProblem(await startLink(t(), t().tokenFor(user), { extra: 1 }), 400, 'validation_failed');
  });
});
