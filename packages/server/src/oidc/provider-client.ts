import * as client from 'openid-client';
import type { OidcProviderConfig } from '../config/oidc-config.js';
import { TesseraError } from '../errors/tessera-error.js';
import { fetchGitHubProfile } from './github-profile.js';
import { exchangeFailure } from './oidc-failure.js';

/** Who the provider says signed in. */
export interface ProviderProfile {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  /** Only `true` when the provider said so (`email_verified === true`, GitHub's `verified`). */
  readonly emailVerified: boolean;
  readonly name: string | null;
}

/** What the start of a flow sends to the provider. */
export interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** What the callback checks the provider's answer against (all from the consumed flow). */
export interface ExchangeChecks {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** Seconds a browser is told to wait when the provider cannot be reached. */
export const PROVIDER_RETRY_AFTER_SECONDS = 30;
/** Longest wait for one request to the provider, in seconds. */
const PROVIDER_TIMEOUT_SECONDS = 10;

const unavailable = (cause?: unknown): TesseraError =>
  new TesseraError(
    'oidc_provider_unavailable',
    undefined,
    { 'retry-after': String(PROVIDER_RETRY_AFTER_SECONDS) },
    { cause },
  );

/** Whether any of the provider's URLs is plain http (only possible on loopback: O13). */
function isLoopbackHttp(provider: OidcProviderConfig): boolean {
  const urls = [provider.issuer];
  if (provider.endpoints !== undefined) {
    urls.push(provider.endpoints.authorization, provider.endpoints.token, provider.endpoints.api);
  }
  return urls.some((url) => url.startsWith('http:'));
}

/**
 * One provider as a relying party sees it, all protocol work done by openid-client: the
 * configuration (discovered from the issuer once, and again after a failure: a failed
 * discovery is never cached), the authorization URL (PKCE S256, state, nonce), and the code
 * exchange, which checks the authorization response (state, RFC 9207 `iss`), the PKCE
 * verifier, and the ID token (signature by the provider's JWKS, `iss`, `aud`, `exp`, `nonce`).
 * A GitHub provider is plain OAuth 2: no ID token, the profile from its API.
 */
export class ProviderClient {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(readonly provider: OidcProviderConfig) {}

  /** The openid-client configuration; 503 `oidc_provider_unavailable` when discovery fails. */
  async configuration(): Promise<client.Configuration> {
    this.#configuration ??= this.#configure();
    try {
      return await this.#configuration;
    } catch (error) {
      this.#configuration = undefined;
      throw unavailable(error);
    }
  }

  async #configure(): Promise<client.Configuration> {
    const { provider } = this;
    const execute = isLoopbackHttp(provider) ? [client.allowInsecureRequests] : [];
    let configuration: client.Configuration;
    if (provider.kind === 'github') {
      const endpoints = provider.endpoints;
      if (endpoints === undefined) throw new TypeError('a GitHub provider needs its endpoints');
      configuration = new client.Configuration(
        {
          issuer: provider.issuer,
          authorization_endpoint: endpoints.authorization,
          token_endpoint: endpoints.token,
        },
        provider.clientId,
        provider.clientSecret,
      );
      for (const step of execute) step(configuration);
    } else {
      configuration = await client.discovery(
        new URL(provider.issuer),
        provider.clientId,
        provider.clientSecret,
        undefined,
        { execute, timeout: PROVIDER_TIMEOUT_SECONDS },
      );
      // The ID token's signature is checked with the provider's JWKS (O06).
      client.enableNonRepudiationChecks(configuration);
    }
    configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
    return configuration;
  }

  /** The provider's authorization URL for a new flow (PKCE S256 always: O01). */
  async authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const configuration = await this.configuration();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: request.redirectUri,
      scope: this.provider.scopes.join(' '),
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
      state: request.state,
      ...(this.provider.kind === 'oidc' ? { nonce: request.nonce } : {}),
    });
  }

  /**
   * Exchanges the authorization response (`params`: `code`, `state`, `iss`, or `error`) for the
   * profile of who signed in. Throws an {@link OidcFailure}.
   */
  async exchange(params: URLSearchParams, checks: ExchangeChecks): Promise<ProviderProfile> {
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch {
      throw exchangeFailure(new TypeError('provider unreachable'));
    }
    const current = new URL(checks.redirectUri);
    current.search = '';
    for (const [key, value] of params) current.searchParams.append(key, value);
    try {
      if (this.provider.kind === 'github') {
        const tokens = await client.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
        });
        return await fetchGitHubProfile(this.provider, tokens.access_token);
      }
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) throw new client.ClientError('no ID token');
      const text = (value: unknown): string | null =>
        typeof value === 'string' && value !== '' ? value : null;
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: text(claims['email']),
        emailVerified: claims['email_verified'] === true,
        name: text(claims['name']) ?? text(claims['preferred_username']),
      };
    } catch (error) {
      throw exchangeFailure(error);
    }
  }
}
