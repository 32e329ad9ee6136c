import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  callback,
  CALLBACK_URI,
  claimsOf,
  complete,
  fragmentOf,
  loginAtProvider,
  oidcConfig,
  SATELLIZER_PAGE,
  signInAtProvider,
  startFlow,
} from '../support/oidc-flow.js';
import { forgeIdToken } from '../support/oidc-forgery.js';
import { startTestProvider } from '../support/oidc-provider.js';
import { useTestApp, type TestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';
import { codeAt, enrolTotp, mfaTokenOf, verifyMfa } from '../mfa/mfa-support.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

/** Signs `login` in at the provider and completes the ticket; the answer of `complete`. */
async function signIn(t: TestApp, login: string) {
  const fragment = await signInAtProvider(t, login);
  const ticket = fragment.get('ticket');
  return { fragment, response: ticket === null ? undefined : await complete(t, ticket) };
}

async function verifiedUser(t: TestApp, email: string) {
  const user = await t.createUser(email);
  await t.app.tessera.users.update(user.id, { isEmailVerified: true });
  return user;
}

/** Issue #15: the redirect flow signs users in by the account resolution rules. */
describe.each(await testEngines())('sign-in by provider on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: oidcConfig(op, true), clock: () => now });

  it('lists the configured providers by name and label, never a secret', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ providers: [{ name: 'local', label: 'Local' }] });
    expect(response.body).not.toContain(op.clientSecret);
    expect(response.body).not.toContain(op.clientId);
  });

  it('signs a new user up when sign-up by provider is on (role user, verified, no password), amr oidc', async () => {
    const { fragment, response } = await signIn(t(), 'newcomer');
    expect([...fragment.keys()].sort()).toEqual(['return_to', 'ticket']);
    expect(response?.statusCode, response?.body).toBe(200);
    const body = response?.json<{ access_token: string; token: string }>();
    expect(body?.token).toBe(body?.access_token);
    expect(claimsOf(body?.access_token ?? '')['amr']).toEqual(['oidc']);
    const user = await t().app.tessera.users.findByEmail('newcomer@example.com');
    expect(user).toMatchObject({ role: 'user', isEmailVerified: true, isEnabled: true });
    expect(await t().app.tessera.oidc.hasPassword(user?.id ?? 0)).toBe(false);
  });

  it('signs the same user in again by the linked identity', async () => {
    const first = await t().app.tessera.users.findByEmail('newcomer@example.com');
    const { response } = await signIn(t(), 'newcomer');
    expect(response?.statusCode, response?.body).toBe(200);
    expect(claimsOf(response?.json<{ access_token: string }>().access_token ?? '')['sub']).toBe(
      String(first?.id),
    );
    const identities = await t().app.tessera.oidc.identities.listByUser(first?.id ?? 0);
    expect(identities).toHaveLength(1);
  });

  it('ignores response parameters it does not know, as RFC 6749 asks (a provider’s own extras)', async () => {
    const flow = await startFlow(t());
    const redirect = await loginAtProvider(flow, 'newcomer');
    redirect.searchParams.set('session_state', 'opaque.value');
    redirect.searchParams.set('x_provider_hint', 'anything');
    const fragment = fragmentOf(await callback(t(), redirect, flow.cookie));
    expect(fragment.has('ticket')).toBe(true);
  });

  it('signs nobody up whose address the provider did not verify, or did not give', async () => {
    op.forgeNext(forgeIdToken(op.signingKey, { email_verified: false }));
    expect((await signIn(t(), 'unverified')).fragment.get('error')).toBe('oidc_email_unverified');
    op.forgeNext(forgeIdToken(op.signingKey, { email: undefined, email_verified: undefined }));
    expect((await signIn(t(), 'unverified')).fragment.get('error')).toBe('oidc_email_unverified');
    expect(await t().app.tessera.users.findByEmail('unverified@example.com')).toBeUndefined();
  });

  it('O09 auto-links an existing user when both the provider and the user verified the address', async () => {
    const carol = await verifiedUser(t(), 'carol@example.com');
    const { response } = await signIn(t(), 'carol');
    expect(response?.statusCode, response?.body).toBe(200);
    expect(claimsOf(response?.json<{ access_token: string }>().access_token ?? '')['sub']).toBe(
      String(carol.id),
    );
    expect(await t().app.tessera.oidc.identities.listByUser(carol.id)).toHaveLength(1);
  });

  it('O09 does not auto-link a user whose own address is unverified', async () => {
    const dave = await t().createUser('dave@example.com');
    const { fragment, response } = await signIn(t(), 'dave');
    expect(response).toBeUndefined();
    expect(fragment.get('error')).toBe('oidc_account_not_linked');
    expect(await t().app.tessera.oidc.identities.listByUser(dave.id)).toHaveLength(0);
  });

  it('O08 an unverified provider address cannot take over an existing account', async () => {
    await t().app.tessera.users.update(t().alice.id, { isEmailVerified: true });
    const { fragment } = await signIn(t(), 'mallory');
    expect(fragment.get('error')).toBe('oidc_account_not_linked');
    expect(fragment.get('ticket')).toBeNull();
    expect(await t().app.tessera.oidc.identities.listByUser(t().alice.id)).toHaveLength(0);
    expect(await t().app.tessera.oidc.identities.find(op.issuer, 'mallory')).toBeUndefined();
  });

  it('O11 a disabled user is refused, by a linked identity and by an automatic link', async () => {
    const erin = await verifiedUser(t(), 'erin@example.com');
    expect((await signIn(t(), 'erin')).response?.statusCode).toBe(200);
    await t().app.tessera.users.update(erin.id, { isEnabled: false });
    expect((await signIn(t(), 'erin')).fragment.get('error')).toBe('oidc_account_disabled');
    const gina = await verifiedUser(t(), 'gina@example.com');
    await t().app.tessera.users.update(gina.id, { isEnabled: false });
    expect((await signIn(t(), 'gina')).fragment.get('error')).toBe('oidc_account_disabled');
    expect(await t().app.tessera.oidc.identities.listByUser(gina.id)).toHaveLength(0);
  });

  it('O11 a user disabled between the callback and complete is refused', async () => {
    const hank = await verifiedUser(t(), 'hank@example.com');
    const fragment = await signInAtProvider(t(), 'hank');
    await t().app.tessera.users.update(hank.id, { isEnabled: false });
    expectProblem(await complete(t(), fragment.get('ticket') ?? ''), 403, 'oidc_account_disabled');
  });

  it('gives a user with a second factor mfa_required, and the second step amr oidc + otp', async () => {
    const ivy = await verifiedUser(t(), 'ivy@example.com');
    const { secret } = await enrolTotp(t(), ivy, now);
    now += 30;
    const { response } = await signIn(t(), 'ivy');
    const mfaToken = mfaTokenOf(response ?? (await complete(t(), 'x'.repeat(43))));
    const verified = await verifyMfa(t(), mfaToken, 'totp', await codeAt(secret, now));
    expect(verified.statusCode, verified.body).toBe(200);
    const claims = claimsOf(verified.json<{ access_token: string }>().access_token);
    expect(claims['amr']).toEqual(['oidc', 'otp']);
    expect(claims['sub']).toBe(String(ivy.id));
  });
});

describe.each(await testEngines())('sign-up by provider off on %s', (engine) => {
  const t = useTestApp(engine, { config: oidcConfig(op) });

  it('O10 sign-up by provider is off by default: a stranger is refused and no user is made', async () => {
    expect(resolveConfig({}).oidc.signup).toBe(false);
    const before = await t().app.tessera.users.count();
    const { fragment, response } = await signIn(t(), 'stranger');
    expect(response).toBeUndefined();
    expect(fragment.get('error')).toBe('oidc_signup_disabled');
    expect(await t().app.tessera.users.count()).toBe(before);
    expect(await t().app.tessera.users.findByEmail('stranger@example.com')).toBeUndefined();
  });
});
