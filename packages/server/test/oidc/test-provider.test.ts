import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignKey, forgeIdToken } from '../support/oidc-forgery.js';
import { driveLogin, startTestProvider, type TestProvider } from '../support/oidc-provider.js';

const REDIRECT_URI = 'http://127.0.0.1:9/api/auth/oidc/local/callback';

/**
 * The local OpenID provider the OIDC login tests run against, with the library calls the
 * relying party is built on (openid-client: discovery over loopback http, PKCE S256, state,
 * nonce, the ID token's signature checked against the provider's JWKS).
 */
describe('the local OpenID provider (test support for #15)', () => {
  let op: TestProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    op = await startTestProvider({ redirectUris: [REDIRECT_URI] });
    config = await client.discovery(new URL(op.issuer), op.clientId, op.clientSecret, undefined, {
      execute: [client.allowInsecureRequests],
    });
    client.enableNonRepudiationChecks(config);
  });

  afterAll(async () => {
    await op.close();
  });

  async function authorize(login: string) {
    const verifier = client.randomPKCECodeVerifier();
    const checks = {
      pkceCodeVerifier: verifier,
      expectedState: client.randomState(),
      expectedNonce: client.randomNonce(),
      idTokenExpected: true,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
    });
    return { callback: await driveLogin(url, login, REDIRECT_URI), checks };
  }

  it('signs alice in with a verified email, her login name as subject, and iss on the redirect', async () => {
    const { callback, checks } = await authorize('alice');
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    expect(callback.searchParams.get('state')).toBe(checks.expectedState);
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    expect(tokens.claims()).toMatchObject({
      iss: op.issuer,
      aud: op.clientId,
      sub: 'alice',
      email: 'alice@example.com',
      email_verified: true,
      nonce: checks.expectedNonce,
    });
  });

  it('gives mallory alice’s address unverified (the takeover fixture)', async () => {
    const { callback, checks } = await authorize('mallory');
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    expect(tokens.claims()).toMatchObject({
      sub: 'mallory',
      email: 'alice@example.com',
      email_verified: false,
    });
  });

  it('refuses a replayed code with invalid_grant, and a code presented with another PKCE verifier', async () => {
    const first = await authorize('bob');
    await client.authorizationCodeGrant(config, first.callback, first.checks);
    await expect(
      client.authorizationCodeGrant(config, first.callback, first.checks),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const second = await authorize('bob');
    await expect(
      client.authorizationCodeGrant(config, second.callback, {
        ...second.checks,
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('forgeNext re-signs only the next ID token: a wrong nonce by its own key, then another key', async () => {
    op.forgeNext(forgeIdToken(op.signingKey, { nonce: 'not-the-nonce-sent' }));
    const wrongNonce = await authorize('alice');
    const refused: unknown = await client
      .authorizationCodeGrant(config, wrongNonce.callback, wrongNonce.checks)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' });
    expect((refused as Error).cause).toMatchObject({
      message: 'unexpected ID Token "nonce" claim value',
      cause: { claim: 'nonce', claims: { nonce: 'not-the-nonce-sent' } },
    });

    op.forgeNext(forgeIdToken(await foreignKey(), {}));
    const foreign = await authorize('alice');
    const forged: unknown = await client
      .authorizationCodeGrant(config, foreign.callback, foreign.checks)
      .catch((error: unknown) => error);
    expect(forged).toMatchObject({ code: 'OAUTH_INVALID_RESPONSE' });
    expect((forged as Error).cause).toMatchObject({
      message: 'JWT signature verification failed',
    });

    const honest = await authorize('alice');
    const tokens = await client.authorizationCodeGrant(config, honest.callback, honest.checks);
    expect(tokens.claims()?.nonce).toBe(honest.checks.expectedNonce);
  });
});
