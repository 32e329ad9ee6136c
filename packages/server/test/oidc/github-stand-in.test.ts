import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  driveGitHubLogin,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-stand-in.js';

const REDIRECT_URI = 'http://127.0.0.1:9/api/auth/oidc/github/callback';

/**
 * The loopback GitHub stand-in the GitHub preset is tested against: the OAuth 2 web flow with
 * PKCE, single-use codes, GitHub's HTTP-200 error answers, and the two profile calls.
 */
describe('the GitHub stand-in (test support for #15)', () => {
  let github: GitHubStandIn;

  beforeAll(async () => {
    github = await startGitHubStandIn({ redirectUris: [REDIRECT_URI] });
  });

  afterAll(async () => {
    await github.close();
  });

  async function authorize(login: string, decision: 'allow' | 'deny' = 'allow') {
    const verifier = client.randomPKCECodeVerifier();
    const url = new URL(github.authorizationUrl);
    url.search = new URLSearchParams({
      client_id: github.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'read:user user:email',
      state: 'state-0123456789abcdefghij',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    return { back: await driveGitHubLogin(url, login, decision), verifier };
  }

  async function exchange(code: string, verifier: string): Promise<Record<string, unknown>> {
    const response = await fetch(github.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({
        client_id: github.clientId,
        client_secret: github.clientSecret,
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  it('signs alice in: code and state back, one token per code, her verified primary address', async () => {
    const { back, verifier } = await authorize('alice');
    expect(back.searchParams.get('state')).toBe('state-0123456789abcdefghij');
    const code = back.searchParams.get('code') ?? '';
    const answer = await exchange(code, verifier);
    expect(answer).toMatchObject({ token_type: 'bearer' });
    const headers = { authorization: `Bearer ${String(answer['access_token'])}` };
    expect(await (await fetch(`${github.apiUrl}/user`, { headers })).json()).toMatchObject({
      id: 1001,
      login: 'alice',
      email: null,
    });
    expect(await (await fetch(`${github.apiUrl}/user/emails`, { headers })).json()).toContainEqual(
      expect.objectContaining({ email: 'alice@example.com', primary: true, verified: true }),
    );
    expect(await exchange(code, verifier)).toMatchObject({ error: 'bad_verification_code' });
  });

  it('answers bad_verification_code (HTTP 200, as GitHub does) to a wrong PKCE verifier', async () => {
    const { back } = await authorize('octocat');
    const answer = await exchange(back.searchParams.get('code') ?? '', 'wrong-verifier');
    expect(answer).toEqual({
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
    });
  });

  it('sends access_denied back when the user cancels, and refuses an unknown token', async () => {
    const { back } = await authorize('alice', 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.has('code')).toBe(false);
    const response = await fetch(`${github.apiUrl}/user`, {
      headers: { authorization: 'Bearer gho_not-issued' },
    });
    expect(response.status).toBe(401);
  });

  it('gives mallory alice’s address as an unverified primary (the takeover fixture)', async () => {
    const { back, verifier } = await authorize('mallory');
    const answer = await exchange(back.searchParams.get('code') ?? '', verifier);
    const emails: unknown = await (
      await fetch(`${github.apiUrl}/user/emails`, {
        headers: { authorization: `token ${String(answer['access_token'])}` },
      })
    ).json();
    expect(emails).toEqual([
      { email: 'alice@example.com', primary: true, verified: false, visibility: 'private' },
    ]);
  });
});
