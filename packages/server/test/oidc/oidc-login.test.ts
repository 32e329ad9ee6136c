import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  CALLBACK_URI,
  claimsOf,
  complete,
  oidcConfig,
  SATELLIZER_PAGE,
  signInAtProvider,
} from '../support/oidc-flow.js';
import { startTestProvider } from '../support/oidc-provider.js';
import { useTestApp } from '../support/test-app.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

/** Issue #15: the redirect flow signs users in, by the account resolution rules. */
describe.each(await testEngines())('sign-in by provider on %s', (engine) => {
  const t = useTestApp(engine, { config: oidcConfig(op, true) });

  it('signs a new user up when sign-up by provider is on, with amr oidc', async () => {
    const fragment = await signInAtProvider(t(), 'newcomer', { return_to: '/welcome' });
    expect(fragment.get('return_to')).toBe('/welcome');
    const ticket = fragment.get('ticket') ?? '';
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = await complete(t(), ticket);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ access_token: string; token: string }>();
    expect(claimsOf(body.access_token)['amr']).toEqual(['oidc']);
    const user = await t().app.tessera.users.findByEmail('newcomer@example.com');
    expect(user).toMatchObject({ role: 'user', isEmailVerified: true, isEnabled: true });
    expectProblem(await complete(t(), ticket), 400, 'oidc_ticket_invalid');
  });
});
