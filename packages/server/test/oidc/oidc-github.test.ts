import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.js';
import { testEngines } from '../support/engines.js';
import {
  GITHUB_ACCOUNTS,
  driveGitHubLogin,
  startGitHubStandIn,
} from '../support/github-stand-in.js';
import {
  callback,
  claimsOf,
  complete,
  fragmentOf,
  PUBLIC_URL,
  startFlow,
} from '../support/oidc-flow.js';
import { useTestApp, type TestApp } from '../support/test-app.js';

const GITHUB_CALLBACK = `${PUBLIC_URL}/api/auth/oidc/github/callback`;
const github = await startGitHubStandIn({ redirectUris: [GITHUB_CALLBACK] });
afterAll(async () => {
  await github.close();
});

/** The GitHub preset as an operator sets it, pointed at the loopback stand-in. */
const { oidc } = readConfig(
  {
    TESSERA_OIDC_GITHUB_CLIENT_ID: github.clientId,
    TESSERA_OIDC_GITHUB_CLIENT_SECRET: github.clientSecret,
    TESSERA_OIDC_GITHUB_AUTHORIZATION_URL: github.authorizationUrl,
    TESSERA_OIDC_GITHUB_TOKEN_URL: github.tokenUrl,
    TESSERA_OIDC_GITHUB_API_URL: github.apiUrl,
    TESSERA_OIDC_SIGNUP: 'true',
  },
  '/srv',
);

async function signInWithGitHub(t: TestApp, login: string, decision: 'allow' | 'deny' = 'allow') {
  const flow = await startFlow(t, {}, 'github');
  const back = await driveGitHubLogin(flow.authorizationUrl, login, decision);
  return { flow, back, fragment: fragmentOf(await callback(t, back, flow.cookie)) };
}

/** Issue #15: the GitHub preset (plain OAuth 2 + /user + /user/emails), against a stand-in. */
describe.each(await testEngines())('the GitHub preset on %s', (engine) => {
  const t = useTestApp(engine, { config: { oidc } });

  it('signs octocat up: subject the numeric id, issuer https://github.com, the primary verified address', async () => {
    const { flow, fragment } = await signInWithGitHub(t(), 'octocat');
    expect(flow.authorizationUrl.searchParams.get('scope')).toBe('read:user user:email');
    expect(flow.authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const response = await complete(t(), fragment.get('ticket') ?? '');
    expect(response.statusCode, response.body).toBe(200);
    expect(claimsOf(response.json<{ access_token: string }>().access_token)['amr']).toEqual([
      'oidc',
    ]);
    const identity = await t().app.tessera.oidc.identities.find(
      'https://github.com',
      String(GITHUB_ACCOUNTS['octocat']?.id),
    );
    expect(identity).toMatchObject({ provider: 'github', email: 'octocat@example.com' });
  });

  it('auto-links alice by her primary verified address (not her public one), when hers is verified', async () => {
    await t().app.tessera.users.update(t().alice.id, { isEmailVerified: true });
    const { fragment } = await signInWithGitHub(t(), 'alice');
    const response = await complete(t(), fragment.get('ticket') ?? '');
    expect(claimsOf(response.json<{ access_token: string }>().access_token)['sub']).toBe(
      String(t().alice.id),
    );
  });

  it('O08 refuses mallory, whose primary address (alice’s) GitHub has not verified', async () => {
    const { fragment } = await signInWithGitHub(t(), 'mallory');
    expect(fragment.get('error')).toBe('oidc_account_not_linked');
    expect(
      await t().app.tessera.oidc.identities.find(
        'https://github.com',
        String(GITHUB_ACCOUNTS['mallory']?.id),
      ),
    ).toBeUndefined();
  });

  it('maps a cancelled authorization, a replayed code and a wrong state to their codes', async () => {
    expect((await signInWithGitHub(t(), 'octocat', 'deny')).fragment.get('error')).toBe(
      'oidc_access_denied',
    );
    const first = await signInWithGitHub(t(), 'octocat');
    expect(first.fragment.has('ticket')).toBe(true);
    const second = await startFlow(t(), {}, 'github');
    const replay = new URL(first.back);
    replay.searchParams.set('state', second.authorizationUrl.searchParams.get('state') ?? '');
    expect(fragmentOf(await callback(t(), replay, second.cookie)).get('error')).toBe(
      'oidc_code_rejected',
    );
  });
});
