import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { OidcConfig, OidcProviderConfig } from '../config/oidc-config.js';
import type { OidcFlowMode } from '../db/database-schema.js';
import type { Database } from '../db/index.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { UserStore } from '../users/user-store.js';
import { linkIdentity, resolveAccount, type AccountResolutionDeps } from './account-resolution.js';
import { FlowStore, type FlowRecord } from './flow-store.js';
import { newFlowSecret } from './flow-cookie.js';
import { IdentityStore } from './identity-store.js';
import { OidcFailure } from './oidc-failure.js';
import { ProviderClient, type ProviderProfile } from './provider-client.js';

/** What {@link OidcService} works with. */
export interface OidcServiceDeps {
  readonly config: OidcConfig;
  readonly database: Database;
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  readonly clock: () => number;
  /** The public base URL (`TESSERA_PUBLIC_URL`, else the listening address). */
  readonly base: () => string;
}

/** How a flow starts. */
export interface StartOptions {
  readonly mode: OidcFlowMode;
  readonly returnTo: string;
  /** The user to link to (link intent); undefined for a login. */
  readonly userId?: number | undefined;
  /** Satellizer: its page's redirect URI (checked against the allowlist by the caller). */
  readonly redirectUri?: string | undefined;
  /** Satellizer: its own `state`, when it is a usable one. */
  readonly state?: string | undefined;
}

/** A Satellizer `state` Tessera can use as the provider's: 22–512 URL-safe characters. */
export const SATELLIZER_STATE = /^[A-Za-z0-9._~-]{22,512}$/;

/** Constant-time equality of two strings (their SHA-256, so lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Sign-in by provider (issue #15): the configured providers, their flows (started, then
 * consumed once by the callback or Satellizer's exchange), account resolution and linking,
 * and the one-time tickets that turn a callback into a session.
 */
export class OidcService {
  readonly flows: FlowStore;
  readonly identities: IdentityStore;
  readonly #clients: ReadonlyMap<string, ProviderClient>;
  readonly #resolution: AccountResolutionDeps;

  constructor(private readonly deps: OidcServiceDeps) {
    this.flows = new FlowStore(deps.database.db, deps.clock);
    this.identities = new IdentityStore(deps.database.db, deps.database.engine);
    this.#clients = new Map(
      deps.config.providers.map((provider) => [provider.name, new ProviderClient(provider)]),
    );
    this.#resolution = {
      users: deps.users,
      identities: this.identities,
      hasher: deps.hasher,
      clock: deps.clock,
      signup: deps.config.signup,
    };
  }

  /** The configured providers, in configuration order. */
  get providers(): readonly OidcProviderConfig[] {
    return this.deps.config.providers;
  }

  /** The provider named `name`; 404 `oidc_provider_unknown` otherwise. */
  client(name: string): ProviderClient {
    const found = this.#clients.get(name);
    if (found === undefined) throw new TesseraError('oidc_provider_unknown');
    return found;
  }

  /** Where the provider sends the browser back (redirect and popup modes, and links). */
  callbackUri(name: string): string {
    return `${this.deps.base().replace(/\/+$/, '')}/api/auth/oidc/${name}/callback`;
  }

  /**
   * Starts a flow: a new cookie secret, state, nonce and PKCE verifier (openid-client's
   * random helpers), stored under the secret's hash; returns the secret (for the cookie) and
   * the provider's authorization URL. The provider is reached (discovery) before anything is
   * stored, so an unreachable one gives 503 and leaves nothing behind.
   */
  async start(name: string, options: StartOptions): Promise<{ secret: string; url: URL }> {
    const provider = this.client(name);
    const secret = newFlowSecret();
    const flow = {
      provider: name,
      state: options.state ?? client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      redirectUri: options.redirectUri ?? this.callbackUri(name),
      mode: options.mode,
      intent: options.userId === undefined ? ('login' as const) : ('link' as const),
      userId: options.userId ?? null,
      returnTo: options.returnTo,
    };
    const url = await provider.authorizationUrl(flow);
    await this.flows.create(secret, flow);
    return { secret, url };
  }

  /**
   * Consumes the flow of `secret` for provider `name` (once: O03) and checks the provider's
   * answer (`answer`, or made from the flow by it): the flow must exist (`oidc_flow_invalid`), `params.state` must be the flow's
   * (`oidc_state_mismatch`, O02), then the code is exchanged and verified (O01, O04–O07). The
   * flow's row is dropped on failure. Throws {@link OidcFailure} (with the flow, when found).
   */
  async finish(
    name: string,
    secret: string | undefined,
    answer: URLSearchParams | ((flow: FlowRecord) => URLSearchParams),
    expected: { readonly mode: 'callback' | 'satellizer' },
  ): Promise<{ flow: FlowRecord; profile: ProviderProfile }> {
    const provider = this.client(name);
    const flow = await this.flows.consume(secret, name);
    if (flow === undefined) throw new OidcFailure('oidc_flow_invalid', 'flow_unknown');
    try {
      const satellizer = flow.mode === 'satellizer';
      if (satellizer !== (expected.mode === 'satellizer')) {
        throw new OidcFailure('oidc_flow_invalid', 'flow_mode');
      }
      const params = typeof answer === 'function' ? answer(flow) : answer;
      const state = params.get('state');
      if (state === null || !sameSecret(state, flow.state)) {
        throw new OidcFailure('oidc_state_mismatch', 'state_mismatch');
      }
      const profile = await provider.exchange(params, flow);
      if (!/^[\x21-\x7e]{1,255}$/.test(profile.subject)) {
        throw new OidcFailure('oidc_id_token_invalid', 'subject_format');
      }
      const email =
        profile.email !== null &&
        profile.email.length <= 254 &&
        /^[!-~]+@[!-~]+$/.test(profile.email)
          ? profile.email
          : null;
      return {
        flow,
        profile: { ...profile, email, emailVerified: email !== null && profile.emailVerified },
      };
    } catch (error) {
      await this.flows.remove(flow.id);
      throw error instanceof OidcFailure ? error.withReturnTo(flow.returnTo) : error;
    }
  }

  /** Who a login by this provider is (see {@link resolveAccount}). */
  resolve(name: string, profile: ProviderProfile) {
    return resolveAccount(this.#resolution, this.client(name).provider, profile);
  }

  /** Links the profile's identity to `userId` (see {@link linkIdentity}). */
  link(name: string, profile: ProviderProfile, userId: number) {
    return linkIdentity(this.#resolution, this.client(name).provider, profile, userId);
  }

  /** A one-time ticket (256 bits, 60 s) that signs `userId` in: the flow's row keeps its hash. */
  async issueTicket(flow: FlowRecord, userId: number): Promise<string> {
    const ticket = randomBytes(32).toString('base64url');
    await this.flows.issueTicket(flow.id, ticket, userId);
    return ticket;
  }

  /** Whether the user has a password of their own (0 for a user a provider created). */
  async hasPassword(userId: number): Promise<boolean> {
    const row = await this.deps.database.db
      .selectFrom('users')
      .select('has_password')
      .where('id', '=', userId)
      .executeTakeFirst();
    return Number(row?.has_password ?? 0) === 1;
  }

  /** The label of a provider name (the name itself when it is no longer configured). */
  labelOf(name: string): string {
    return this.#clients.get(name)?.provider.label ?? name;
  }
}
