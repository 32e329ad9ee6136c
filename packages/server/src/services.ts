import type { AccessPolicy } from './access/access-policy.js';
import type { AccountMailer } from './accounts/account-mailer.js';
import type { AccountTokens } from './accounts/account-tokens.js';
import type { MailThrottle } from './accounts/mail-throttle.js';
import type { MailService } from './mail/mail-service.js';
import type { PasswordCheck } from './auth/password-check.js';
import type { PasswordHasher } from './auth/password-hasher.js';
import type { FirstRunSetup } from './auth/first-run-setup.js';
import type { TesseraConfig } from './config/config.js';
import type { MfaServices } from './mfa/mfa-services.js';
import type { RedisLink } from './redis/redis-link.js';
import type { Database } from './db/index.js';
import type { SessionCache } from './sessions/session-cache.js';
import type { Sessions } from './sessions/sessions.js';
import type { TokenKeyStore } from './keys/key-store.js';
import type { TokenService } from './token/index.js';
import type { UserCache, UserStore } from './users/user-store.js';
import type { Passkeys } from './webauthn/passkeys.js';
import type { OidcService } from './oidc/oidc-service.js';

/**
 * The parts a Tessera app is made of, shared by its route plugins and reachable from the host
 * app as `app.tessera`.
 */
export interface TesseraServices {
  /** The resolved settings (every default applied). */
  readonly config: TesseraConfig;
  readonly database: Database;
  /** Roles, scopes and which role holds which (Tessera's and the application's). */
  readonly access: AccessPolicy;
  readonly users: UserStore;
  /** The guard's in-memory view of users, invalidated by every write through {@link users}. */
  readonly userCache: UserCache;
  /** Sessions and their refresh tokens (login, refresh, logout, revocation). */
  readonly sessions: Sessions;
  /** The guard's in-memory view of sessions, told synchronously of every session ended here. */
  readonly sessionCache: SessionCache;
  readonly tokens: TokenService;
  /**
   * The token keys in the database: EdDSA / ES256 signing keys, and the encryption keys of
   * `TESSERA_TOKEN_FORMAT=jwe` (`store` undefined with HS256 and signed tokens). Read again every
   * user-cache period; `reload()` applies a change at once.
   */
  readonly tokenKeys: {
    readonly store: TokenKeyStore | undefined;
    readonly reload: () => Promise<void>;
    /** @internal Stops the periodic reload and writes the last key uses (the plugin's onClose). */
    readonly stop: () => Promise<void>;
  };
  readonly hasher: PasswordHasher;
  /** Checks presented passwords, throttled (use it for any route of yours that takes one). */
  readonly passwords: PasswordCheck;
  /** Second factors (TOTP, recovery codes, passkeys' hook), the two-step login, the MFA role policy. */
  readonly mfa: MfaServices;
  /** The first-run setup link (see {@link TesseraApi.setupLink}). */
  readonly setup: FirstRunSetup;
  /**
   * The link to Redis (`TESSERA_REDIS_URL`) that shares revocations between instances, and its
   * state (`up`, or `down` while every request reads the database); undefined without Redis.
   */
  readonly redis: RedisLink | undefined;
  /**
   * Tessera's outbox (`TESSERA_SMTP_URL`; without it, links are logged at `warn`): messages
   * leave off the request path. A host app may send its own mail through it.
   */
  readonly mail: MailService;
  /** Reset, verification and invitation tokens (hashed, single use, purpose-bound). */
  readonly accountTokens: AccountTokens;
  /** Issues those tokens and mails their links and the notices. */
  readonly accountMailer: AccountMailer;
  /** Forgot-password throttles (per address, per client) and the per-account mail cap. */
  readonly mailThrottle: MailThrottle;
  /** Passkeys (WebAuthn): stored credentials, registration, passwordless and second-factor checks. */
  readonly passkeys: Passkeys;
  /**
   * Sign-in by provider (OpenID Connect, GitHub): the configured providers, flows, linked
   * identities and account resolution (issue #15).
   */
  readonly oidc: OidcService;
}

/** What `app.tessera` offers: the services, and the first-run setup link. */
export interface TesseraApi extends TesseraServices {
  /**
   * While the database has no user, makes the one-time link that creates the first admin
   * (`<baseUrl>/setup?token=…`, a new token each call, the previous one no longer valid);
   * `undefined` once a user exists.
   *
   * @example
   * ```ts
   * const link = await app.tessera.setupLink('https://auth.example.com');
   * if (link) app.log.info(`Create the first admin: ${link}`);
   * ```
   */
  setupLink(baseUrl: string): Promise<string | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Tessera's services (token service, user store, …) for routes added by the app. */
    readonly tessera: TesseraApi;
  }
}
