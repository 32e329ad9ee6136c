import type { OidcProviderConfig } from '../config/oidc-config.js';
import { OidcFailure } from './oidc-failure.js';
import type { ProviderProfile } from './provider-client.js';

interface GitHubUser {
  readonly id?: unknown;
  readonly login?: unknown;
  readonly name?: unknown;
}

interface GitHubEmail {
  readonly email?: unknown;
  readonly primary?: unknown;
  readonly verified?: unknown;
}

/** GET `<api><path>` with the user's access token, as JSON; an {@link OidcFailure} otherwise. */
async function getJson(api: string, path: string, accessToken: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, api.endsWith('/') ? api : `${api}/`), {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${accessToken}`,
        'user-agent': 'tessera',
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new OidcFailure('oidc_provider_unavailable', 'provider_unreachable');
  }
  if (!response.ok) {
    throw new OidcFailure('oidc_id_token_invalid', `github_api_status:${String(response.status)}`);
  }
  return (await response.json()) as unknown;
}

/**
 * GitHub's profile of the signed-in user (plain OAuth 2, no ID token): the subject is the
 * numeric `id` of `/user`, the address the primary one of `/user/emails`, verified only when
 * GitHub says `verified: true`; the issuer recorded is the provider's (`https://github.com`).
 */
export async function fetchGitHubProfile(
  provider: OidcProviderConfig,
  accessToken: string,
): Promise<ProviderProfile> {
  const api = provider.endpoints?.api;
  if (api === undefined) throw new TypeError('a GitHub provider needs its API URL');
  const user = (await getJson(api, 'user', accessToken)) as GitHubUser | null;
  const id = user?.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    throw new OidcFailure('oidc_id_token_invalid', 'github_user_without_id');
  }
  const emails = await getJson(api, 'user/emails', accessToken);
  const primary = Array.isArray(emails)
    ? (emails as GitHubEmail[]).find((entry) => entry.primary === true)
    : undefined;
  const email = typeof primary?.email === 'string' && primary.email !== '' ? primary.email : null;
  const name = typeof user?.name === 'string' && user.name !== '' ? user.name : null;
  const login = typeof user?.login === 'string' && user.login !== '' ? user.login : null;
  return {
    issuer: provider.issuer,
    subject: String(id),
    email,
    emailVerified: email !== null && primary?.verified === true,
    name: name ?? login,
  };
}
