import { resolve } from 'node:path';
import type { RefreshTransport } from '@tessera/protocol';
import { ConfigError } from './config-error.js';
import { parseDurationSeconds } from './duration.js';
import { validateSecret } from './secret.js';
import {
  checkOrigins,
  checkOriginsAgainstRpId,
  checkRpId,
  checkRpName,
  webauthnOrigins,
  webauthnRpId,
  webauthnRpName,
} from './webauthn-config.js';
import { checkOidcConfig, oidcFromEnv, type OidcConfig } from './oidc-config.js';
import { JWS_ALGORITHMS, type AsymmetricAlgorithm } from '../token/asymmetric-keys.js';
import { DEFAULT_USER_CACHE_TTL_SECONDS } from '../users/user-cache.js';

/** Validated settings of one Tessera server. */
export interface TesseraConfig {
  readonly host: string;
  readonly port: number;
  /** Absolute path of the data folder (SQLite file, generated secret). */
  readonly dataDir: string;
  /** `postgres://…` for PostgreSQL; undefined for the SQLite file in {@link dataDir}. */
  readonly databaseUrl: string | undefined;
  /** HS256 key bytes from `TESSERA_JWT_SECRET`; undefined → generated and kept in the data folder. */
  readonly jwtSecret: Uint8Array | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  /** Base URL printed in the first-run setup link; undefined → the address the server listens on. */
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Log one line per request (off keeps only warnings, errors and security events). */
  readonly logRequests: boolean;
  /**
   * At most how long a log line waits in memory before it is written to standard output, in
   * milliseconds (`TESSERA_LOG_FLUSH_MS`). Info lines are written 4 KiB at a time under load, at
   * least this often when quiet, and at exit; warnings and errors at once; 0 writes every line
   * as it comes.
   */
  readonly logFlushMs: number;
  /** Folder of the built web app served on the API's origin; undefined → API only. */
  readonly webDir: string | undefined;
  /** Password hashes running at once; more wait in a queue. */
  readonly hashConcurrency: number;
  /** Password hashes allowed to wait; more are refused with 503 `server_busy`. */
  readonly hashQueueLimit: number;
  /**
   * How long the guard may serve a user's state (enabled, role, …) from memory, in seconds
   * (`TESSERA_USER_CACHE_TTL`); 0 reads the database on every request. Writes through this
   * server, and on SQLite any commit by another process, are seen at once regardless; the TTL
   * bounds how late a change made by another process on PostgreSQL is seen. Default: 1.
   */
  readonly userCacheTtlSeconds: number;
  /**
   * Which proxies to trust for the client address (`TESSERA_TRUST_PROXY`): false (default) →
   * none (X-Forwarded-For is ignored); a number → that many hops; otherwise a comma-separated
   * list of addresses or CIDR ranges.
   */
  readonly trustProxy: boolean | number | string;
  /** Exact origins allowed to call the API from another origin (`TESSERA_CORS_ORIGINS`). */
  readonly corsOrigins: readonly string[];
  /** Per-account backoff and per-IP limits on login (`TESSERA_LOGIN_THROTTLE`, default on). */
  readonly loginThrottle: boolean;
  /**
   * Where browsers keep the refresh token (`TESSERA_REFRESH_TRANSPORT`): `cookie` (an HttpOnly,
   * SameSite=Strict cookie on `/api/auth`, CSRF-checked) or `body` (JSON, RFC 6749 §6). Default:
   * `cookie`.
   */
  readonly refreshTransport: RefreshTransport;
  /** Absolute lifetime of a session, in seconds (`TESSERA_REFRESH_TTL`). Default: 30 days. */
  readonly refreshTtlSeconds: number;
  /**
   * How long a session may go without a refresh before it ends, in seconds
   * (`TESSERA_REFRESH_IDLE_TTL`, never beyond the absolute lifetime). Default: 7 days.
   */
  readonly refreshIdleTtlSeconds: number;
  /**
   * Longest time to receive a whole request, headers included, in seconds
   * (`TESSERA_REQUEST_TIMEOUT`, default 30): slow-header and slow-body clients are cut off (D03).
   */
  readonly requestTimeoutSeconds: number;
  /**
   * How long an idle keep-alive connection stays open between requests, in seconds
   * (`TESSERA_KEEP_ALIVE_TIMEOUT`, default 72, Fastify's own default). It must outlast the idle
   * timeout of any proxy or load balancer in front (60 s on the common ones): a proxy that reuses
   * a connection the server has just closed answers its client 502.
   */
  readonly keepAliveTimeoutSeconds: number;
  /**
   * How access tokens are signed (`TESSERA_SIGNING_ALG`): `HS256` with the secret, or `EdDSA` /
   * `ES256` with keys kept in the database, published at `/.well-known/jwks.json`. Unset: see
   * `resolveSigningAlg` (HS256 where a secret exists, EdDSA for a new data folder).
   */
  readonly signingAlg: SigningAlgorithm | undefined;
  /**
   * 32 random bytes, base64url, that encrypt the private signing keys at rest
   * (`TESSERA_KEY_ENCRYPTION_KEY`); unset: generated in `<data>/key-encryption-key`.
   */
  readonly keyEncryptionKey: string | undefined;
  /**
   * What an access token is (`TESSERA_TOKEN_FORMAT`): `jws`, a signed JWT anyone holding it can
   * read (default), or `jwe`, the signed JWT encrypted (`dir` + `A256GCM`) with a key of the
   * database, so the browser and proxies cannot read its claims. Only tokens of this format are
   * accepted.
   */
  readonly tokenFormat: TokenFormat;
  /**
   * `redis://…` or `rediss://…` (`TESSERA_REDIS_URL`): instances share revocations over it (a
   * logout, a disabled user or a role change reaches every instance within milliseconds).
   * Undefined: one instance's memory, bounded by {@link userCacheTtlSeconds} for changes made
   * by another process on PostgreSQL.
   */
  readonly redisUrl: string | undefined;
  /**
   * What every Redis channel and key of this deployment starts with (`TESSERA_REDIS_PREFIX`,
   * default `tessera:`), so deployments can share one Redis.
   */
  readonly redisPrefix: string;
  /**
   * Roles whose users must sign in with a second factor (`TESSERA_MFA_REQUIRED_ROLES`, a
   * comma-separated list, e.g. `admin`; default none): a session of such a user without one
   * reaches only the profile, MFA enrolment and logout (403 `mfa_enrolment_required`).
   */
  readonly mfaRequiredRoles: readonly string[];
  /** The issuer name authenticator apps show beside the code (`TESSERA_TOTP_ISSUER`, default `Tessera`). */
  readonly totpIssuer: string;
  /**
   * `smtp://…` or `smtps://…` (`TESSERA_SMTP_URL`, nodemailer's URL form, credentials in it):
   * where reset, verification and invitation mail goes. Undefined: each message's link is
   * logged at `warn` instead (development), and `/api/health` says `mail: not_configured`.
   */
  readonly smtpUrl: string | undefined;
  /** The `From` of Tessera's mail (`TESSERA_MAIL_FROM`). Default: `Tessera <no-reply@localhost>`. */
  readonly mailFrom: string;
  /** How long a password-reset link works, in seconds (`TESSERA_RESET_TTL`). Default: 30 min. */
  readonly resetTtlSeconds: number;
  /** How long an invitation link works, in seconds (`TESSERA_INVITATION_TTL`). Default: 7 days. */
  readonly invitationTtlSeconds: number;
  /**
   * How long an email-verification link works, in seconds (`TESSERA_VERIFICATION_TTL`).
   * Default: 24 hours.
   */
  readonly verificationTtlSeconds: number;
  /**
   * The WebAuthn relying party ID passkeys are bound to (`TESSERA_WEBAUTHN_RP_ID`): a domain
   * such as `example.com`. Undefined: the host name of {@link publicUrl}, else `localhost`.
   */
  readonly webauthnRpId: string | undefined;
  /**
   * The exact origins passkey ceremonies may come from (`TESSERA_WEBAUTHN_ORIGINS`). Empty: the
   * origin of {@link publicUrl}, else `http://localhost:<port>` of the listening server.
   */
  readonly webauthnOrigins: readonly string[];
  /** The name authenticators show for this site (`TESSERA_WEBAUTHN_RP_NAME`). Default `Tessera`. */
  readonly webauthnRpName: string;
  /**
   * Sign-in providers (`TESSERA_OIDC_<NAME>_*`: OpenID Connect by discovery, the Google and
   * GitHub presets) and `TESSERA_OIDC_SIGNUP` (may a provider's verified address create a
   * user; default false). Default: no provider.
   */
  readonly oidc: OidcConfig;
}

/** The two access-token formats (see {@link TesseraConfig.tokenFormat}). */
export type TokenFormat = 'jws' | 'jwe';

/** The token signing algorithms `TESSERA_SIGNING_ALG` accepts (the verifier's {@link JWS_ALGORITHMS}). */
export type SigningAlgorithm = 'HS256' | AsymmetricAlgorithm;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** The longest a log line may wait in memory (`TESSERA_LOG_FLUSH_MS`). */
const MAX_LOG_FLUSH_MS = 10_000;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
const MAX_ACCESS_TTL_SECONDS = 86_400;

/**
 * Settings given in code (the plugin's `config` option, or the defaults a caller of
 * {@link readConfig} wants): every field optional; `jwtSecret` may be the secret's text, checked
 * like `TESSERA_JWT_SECRET`.
 */
export type TesseraConfigInput = {
  readonly [Key in keyof TesseraConfig]?: Key extends 'jwtSecret'
    ? TesseraConfig[Key] | string
    : TesseraConfig[Key];
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration from environment variables (see the README table);
 * what a variable leaves unset comes from `defaults`, then from {@link resolveConfig}'s
 * documented defaults. Throws {@link ConfigError} naming the variable for a missing, malformed
 * or unsafe value.
 *
 * @example
 * ```ts
 * const config = readConfig(process.env);
 * ```
 */
export function readConfig(
  env: Env,
  cwd = process.cwd(),
  defaults: TesseraConfigInput = {},
): TesseraConfig {
  const fromEnv: Readonly<Record<keyof TesseraConfig, unknown>> = {
    host: nonEmpty(env, 'HOST'),
    port: integer(env, 'PORT', { min: 0, max: 65_535 }),
    dataDir: nonEmpty(env, 'TESSERA_DATA_DIR'),
    databaseUrl: databaseUrl(env),
    jwtSecret:
      env['TESSERA_JWT_SECRET'] === undefined
        ? undefined
        : validateSecret(env['TESSERA_JWT_SECRET']),
    issuer: nonEmpty(env, 'TESSERA_ISSUER'),
    audience: nonEmpty(env, 'TESSERA_AUDIENCE'),
    accessTtlSeconds: accessTtl(env),
    publicUrl: nonEmpty(env, 'TESSERA_PUBLIC_URL'),
    logLevel: logLevel(env),
    logRequests: boolean(env, 'TESSERA_LOG_REQUESTS'),
    logFlushMs: integer(env, 'TESSERA_LOG_FLUSH_MS', { min: 0, max: MAX_LOG_FLUSH_MS }),
    webDir: webDir(env, cwd),
    hashConcurrency: integer(env, 'TESSERA_HASH_CONCURRENCY', { min: 1, max: 64 }),
    hashQueueLimit: integer(env, 'TESSERA_HASH_QUEUE_LIMIT', { min: 0, max: 10_000 }),
    userCacheTtlSeconds: cacheTtlSeconds(env, 'TESSERA_USER_CACHE_TTL'),
    trustProxy: trustProxy(env),
    corsOrigins: corsOrigins(env),
    loginThrottle: boolean(env, 'TESSERA_LOGIN_THROTTLE'),
    refreshTransport: refreshTransport(env),
    refreshTtlSeconds: sessionLifetime(env, 'TESSERA_REFRESH_TTL'),
    refreshIdleTtlSeconds: sessionLifetime(env, 'TESSERA_REFRESH_IDLE_TTL'),
    requestTimeoutSeconds: integer(env, 'TESSERA_REQUEST_TIMEOUT', { min: 1, max: 600 }),
    keepAliveTimeoutSeconds: integer(env, 'TESSERA_KEEP_ALIVE_TIMEOUT', { min: 1, max: 3600 }),
    signingAlg: signingAlg(env),
    keyEncryptionKey: nonEmpty(env, 'TESSERA_KEY_ENCRYPTION_KEY'),
    tokenFormat: tokenFormat(env),
    redisUrl: redisUrl(env),
    redisPrefix: nonEmpty(env, 'TESSERA_REDIS_PREFIX'),
    mfaRequiredRoles: mfaRequiredRoles(env),
    totpIssuer: nonEmpty(env, 'TESSERA_TOTP_ISSUER'),
    smtpUrl: smtpUrl(env),
    mailFrom: nonEmpty(env, 'TESSERA_MAIL_FROM'),
    resetTtlSeconds: linkLifetime(env, 'TESSERA_RESET_TTL', 86_400),
    invitationTtlSeconds: linkLifetime(env, 'TESSERA_INVITATION_TTL', 30 * 86_400),
    verificationTtlSeconds: linkLifetime(env, 'TESSERA_VERIFICATION_TTL', 7 * 86_400),
    webauthnRpId: webauthnRpId(env),
    webauthnOrigins: webauthnOrigins(env),
    webauthnRpName: webauthnRpName(env),
    oidc: oidcFromEnv(env),
  };
  const input: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(fromEnv)) {
    if (value !== undefined) input[key] = value;
  }
  if (input['webDir'] === WEB_DIR_OFF) delete input['webDir'];
  return resolveConfig(input, cwd);
}

/** The documented defaults, applied in one place ({@link resolveConfig}). */
export const DEFAULT_CONFIG = {
  host: '127.0.0.1',
  port: 3000,
  dataDir: './data',
  databaseUrl: undefined,
  jwtSecret: undefined,
  issuer: 'tessera',
  audience: 'tessera-api',
  accessTtlSeconds: 900,
  publicUrl: undefined,
  logLevel: 'info',
  logRequests: true,
  logFlushMs: 250,
  webDir: undefined,
  hashConcurrency: 3,
  hashQueueLimit: 32,
  userCacheTtlSeconds: DEFAULT_USER_CACHE_TTL_SECONDS,
  trustProxy: false,
  corsOrigins: [],
  loginThrottle: true,
  refreshTransport: 'cookie',
  refreshTtlSeconds: 30 * 86_400,
  refreshIdleTtlSeconds: 7 * 86_400,
  requestTimeoutSeconds: 30,
  keepAliveTimeoutSeconds: 72,
  signingAlg: undefined,
  keyEncryptionKey: undefined,
  tokenFormat: 'jws',
  redisUrl: undefined,
  redisPrefix: 'tessera:',
  mfaRequiredRoles: [],
  totpIssuer: 'Tessera',
  smtpUrl: undefined,
  mailFrom: 'Tessera <no-reply@localhost>',
  resetTtlSeconds: 30 * 60,
  invitationTtlSeconds: 7 * 86_400,
  verificationTtlSeconds: 86_400,
  webauthnRpId: undefined,
  webauthnOrigins: [],
  webauthnRpName: 'Tessera',
  oidc: { providers: [], signup: false },
} as const satisfies TesseraConfig;

/**
 * Fills what `input` leaves out with {@link DEFAULT_CONFIG} (the only place defaults are
 * applied) and checks what code passed: a secret given as text is checked like
 * `TESSERA_JWT_SECRET`, a key of bytes must have at least 32; `dataDir` and `webDir` are made
 * absolute against `cwd`. Misuse throws {@link ConfigError} naming the field.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ jwtSecret: process.env.JWT_SECRET, databaseUrl: process.env.DATABASE_URL });
 * ```
 */
export function resolveConfig(input: TesseraConfigInput = {}, cwd = process.cwd()): TesseraConfig {
  const merged = { ...DEFAULT_CONFIG, ...withoutUndefined(input) };
  const { jwtSecret } = merged;
  if (typeof jwtSecret !== 'string' && jwtSecret !== undefined && jwtSecret.byteLength < 32) {
    throw new ConfigError('config.jwtSecret must be at least 32 bytes', 'jwtSecret');
  }
  if (merged.tokenFormat !== 'jws' && merged.tokenFormat !== 'jwe') {
    throw new ConfigError("config.tokenFormat must be 'jws' or 'jwe'", 'tokenFormat');
  }
  if (!(merged.accessTtlSeconds >= 1 && merged.accessTtlSeconds <= MAX_ACCESS_TTL_SECONDS)) {
    throw new ConfigError('config.accessTtlSeconds must be from 1 to 86400', 'accessTtlSeconds');
  }
  if (!(
    Number.isInteger(merged.logFlushMs) &&
    merged.logFlushMs >= 0 &&
    merged.logFlushMs <= MAX_LOG_FLUSH_MS
  )) {
    throw new ConfigError(
      `config.logFlushMs must be an integer from 0 to ${MAX_LOG_FLUSH_MS}`,
      'logFlushMs',
    );
  }
  checkWebAuthnConfig(merged);
  return {
    ...merged,
    oidc: checkOidcConfig(merged.oidc),
    dataDir: resolve(cwd, merged.dataDir),
    webDir: merged.webDir === undefined ? undefined : resolve(cwd, merged.webDir),
    publicUrl: merged.publicUrl?.replace(/\/+$/, ''),
    jwtSecret:
      typeof jwtSecret === 'string' ? validateSecret(jwtSecret, 'config.jwtSecret') : jwtSecret,
  };
}

/** The passkey settings given in code are checked like their variables. */
function checkWebAuthnConfig(config: {
  readonly webauthnRpId: string | undefined;
  readonly webauthnOrigins: readonly string[];
  readonly webauthnRpName: string;
}): void {
  const { webauthnRpId: rpId, webauthnOrigins: origins } = config;
  if (rpId !== undefined) checkRpId(rpId, 'config.webauthnRpId');
  checkOrigins(origins, 'config.webauthnOrigins');
  checkRpName(config.webauthnRpName, 'config.webauthnRpName');
  if (rpId !== undefined) checkOriginsAgainstRpId(origins, rpId);
}

function withoutUndefined(input: TesseraConfigInput): TesseraConfigInput {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function databaseUrl(env: Env): string | undefined {
  const value = nonEmpty(env, 'DATABASE_URL');
  if (value !== undefined && !/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError(
      'DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite)',
      'DATABASE_URL',
    );
  }
  return value;
}

function redisUrl(env: Env): string | undefined {
  const value = nonEmpty(env, 'TESSERA_REDIS_URL');
  if (value !== undefined && !/^rediss?:\/\//.test(value)) {
    throw new ConfigError(
      'TESSERA_REDIS_URL must start with redis:// or rediss://',
      'TESSERA_REDIS_URL',
    );
  }
  return value;
}

function smtpUrl(env: Env): string | undefined {
  const value = nonEmpty(env, 'TESSERA_SMTP_URL');
  if (value !== undefined && !/^smtps?:\/\//.test(value)) {
    throw new ConfigError(
      'TESSERA_SMTP_URL must start with smtp:// or smtps://',
      'TESSERA_SMTP_URL',
    );
  }
  return value;
}

/** How long a mailed link works: a duration from 60 s to `maxSeconds`. */
function linkLifetime(env: Env, name: string, maxSeconds: number): number | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const seconds = parseDurationSeconds(value, name);
  if (seconds < 60 || seconds > maxSeconds) {
    throw new ConfigError(`${name} must be a duration from 60s to ${maxSeconds / 86_400}d`, name);
  }
  return seconds;
}

function accessTtl(env: Env): number | undefined {
  const value = env['TESSERA_ACCESS_TTL'];
  if (value === undefined) return undefined;
  const seconds = parseDurationSeconds(value, 'TESSERA_ACCESS_TTL');
  if (seconds > MAX_ACCESS_TTL_SECONDS) {
    throw new ConfigError('TESSERA_ACCESS_TTL must be at most 1d', 'TESSERA_ACCESS_TTL');
  }
  return seconds;
}

function logLevel(env: Env): LogLevel | undefined {
  const value = nonEmpty(env, 'TESSERA_LOG_LEVEL');
  if (value !== undefined && !LOG_LEVELS.includes(value as LogLevel)) {
    throw new ConfigError(
      `TESSERA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
      'TESSERA_LOG_LEVEL',
    );
  }
  return value as LogLevel | undefined;
}

/** Longest session lifetime accepted: 365 days. */
export const MAX_REFRESH_TTL_SECONDS = 365 * 86_400;

function signingAlg(env: Env): SigningAlgorithm | undefined {
  const value = nonEmpty(env, 'TESSERA_SIGNING_ALG');
  if (value !== undefined && !JWS_ALGORITHMS.has(value)) {
    throw new ConfigError(
      `TESSERA_SIGNING_ALG must be one of ${[...JWS_ALGORITHMS].join(', ')}`,
      'TESSERA_SIGNING_ALG',
    );
  }
  return value as SigningAlgorithm | undefined; // checked against JWS_ALGORITHMS above
}

function tokenFormat(env: Env): TokenFormat | undefined {
  const value = nonEmpty(env, 'TESSERA_TOKEN_FORMAT');
  if (value !== undefined && value !== 'jws' && value !== 'jwe') {
    throw new ConfigError('TESSERA_TOKEN_FORMAT must be jws or jwe', 'TESSERA_TOKEN_FORMAT');
  }
  return value;
}

function refreshTransport(env: Env): RefreshTransport | undefined {
  const value = nonEmpty(env, 'TESSERA_REFRESH_TRANSPORT');
  if (value !== undefined && value !== 'cookie' && value !== 'body') {
    throw new ConfigError(
      'TESSERA_REFRESH_TRANSPORT must be cookie or body',
      'TESSERA_REFRESH_TRANSPORT',
    );
  }
  return value;
}

/** A session lifetime: a duration from 60 s to 365 d (`3600`, `12h`, `30d`). */
function sessionLifetime(env: Env, name: string): number | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const seconds = parseDurationSeconds(value, name);
  if (seconds < 60 || seconds > MAX_REFRESH_TTL_SECONDS) {
    throw new ConfigError(`${name} must be a duration from 60s to 365d`, name);
  }
  return seconds;
}

function trustProxy(env: Env): boolean | number | string | undefined {
  const value = nonEmpty(env, 'TESSERA_TRUST_PROXY');
  if (value === undefined) return undefined;
  if (value === 'false') return false;
  if (/^[1-9]$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (value === 'true' || entries.some((entry) => !/^[0-9a-fA-F.:]+(\/[0-9]{1,3})?$/.test(entry))) {
    throw new ConfigError(
      'TESSERA_TRUST_PROXY must be false, a hop count from 1 to 9, or a comma-separated list of proxy addresses or CIDR ranges',
      'TESSERA_TRUST_PROXY',
    );
  }
  return entries.join(',');
}

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/** `admin` or `admin,auditor`: role names (checked against the app's roles at start). */
function mfaRequiredRoles(env: Env): readonly string[] | undefined {
  const value = nonEmpty(env, 'TESSERA_MFA_REQUIRED_ROLES');
  if (value === undefined) return undefined;
  const roles = value.split(',').map((entry) => entry.trim());
  if (roles.some((role) => !ROLE_NAME.test(role))) {
    throw new ConfigError(
      'TESSERA_MFA_REQUIRED_ROLES must be a comma-separated list of role names such as admin',
      'TESSERA_MFA_REQUIRED_ROLES',
    );
  }
  return [...new Set(roles)];
}

function corsOrigins(env: Env): readonly string[] | undefined {
  const value = nonEmpty(env, 'TESSERA_CORS_ORIGINS');
  if (value === undefined) return undefined;
  return value.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new ConfigError(
        'TESSERA_CORS_ORIGINS must be a comma-separated list of exact origins such as https://app.example.com (no path, no wildcard)',
        'TESSERA_CORS_ORIGINS',
      );
    }
    return origin;
  });
}

/** Longest `TESSERA_USER_CACHE_TTL` accepted, in seconds. */
export const MAX_USER_CACHE_TTL_SECONDS = 60;
const CACHE_TTL = /^([0-9]{1,5})(ms|s)?$/;

/** `0` (off), `500ms`, `1s` or `2` (seconds), at most 60 s. */
function cacheTtlSeconds(env: Env, name: string): number | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const match = CACHE_TTL.exec(value);
  const seconds = match ? Number(match[1]) / (match[2] === 'ms' ? 1000 : 1) : Number.NaN;
  if (!(seconds >= 0 && seconds <= MAX_USER_CACHE_TTL_SECONDS)) {
    throw new ConfigError(
      `${name} must be a duration from 0 to ${MAX_USER_CACHE_TTL_SECONDS}s, like 1s, 500ms or 0 (off)`,
      name,
    );
  }
  return seconds;
}

/** `TESSERA_WEB_DIR=off`: serve no web app, whatever the defaults say. */
const WEB_DIR_OFF = 'off';

function webDir(env: Env, cwd: string): string | undefined {
  const value = nonEmpty(env, 'TESSERA_WEB_DIR');
  return value === undefined || value === WEB_DIR_OFF ? value : resolve(cwd, value);
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, range: { min: number; max: number }): number | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const parsed = /^[0-9]{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= range.min && parsed <= range.max)) {
    throw new ConfigError(`${name} must be an integer from ${range.min} to ${range.max}`, name);
  }
  return parsed;
}

function boolean(env: Env, name: string): boolean | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false`, name);
}
