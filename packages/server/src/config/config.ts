import { resolve } from 'node:path';
import type { RefreshTransport } from '@tessera/protocol';
import { ConfigError } from './config-error.js';
import { parseDurationSeconds } from './duration.js';
import { validateSecret } from './secret.js';
import { BUNDLED_WEB_DIR } from '../http/web-app.js';
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
   * bounds how late a change made by another process on PostgreSQL is seen. Absent: 1.
   */
  readonly userCacheTtlSeconds?: number;
  /**
   * Which proxies to trust for the client address (`TESSERA_TRUST_PROXY`): absent or false →
   * none (X-Forwarded-For is ignored); a number → that many hops; otherwise a comma-separated
   * list of addresses or CIDR ranges.
   */
  readonly trustProxy?: boolean | number | string;
  /** Exact origins allowed to call the API from another origin (`TESSERA_CORS_ORIGINS`). */
  readonly corsOrigins?: readonly string[];
  /** Per-account backoff and per-IP limits on login (`TESSERA_LOGIN_THROTTLE`, default on). */
  readonly loginThrottle?: boolean;
  /**
   * Where browsers keep the refresh token (`TESSERA_REFRESH_TRANSPORT`): `cookie` (an HttpOnly,
   * SameSite=Strict cookie on `/api/auth`, CSRF-checked) or `body` (JSON, RFC 6749 §6). Absent:
   * `cookie`.
   */
  readonly refreshTransport?: RefreshTransport;
  /** Absolute lifetime of a session, in seconds (`TESSERA_REFRESH_TTL`). Absent: 30 days. */
  readonly refreshTtlSeconds?: number;
  /**
   * How long a session may go without a refresh before it ends, in seconds
   * (`TESSERA_REFRESH_IDLE_TTL`, never beyond the absolute lifetime). Absent: 7 days.
   */
  readonly refreshIdleTtlSeconds?: number;
  /**
   * Longest time to receive a whole request, headers included, in seconds
   * (`TESSERA_REQUEST_TIMEOUT`, default 30): slow-header and slow-body clients are cut off (D03).
   */
  readonly requestTimeoutSeconds?: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration from environment variables (see the README table).
 * Throws {@link ConfigError} naming the variable for a missing, malformed or unsafe value.
 *
 * @example
 * ```ts
 * const config = readConfig(process.env);
 * ```
 */
export function readConfig(env: Env, cwd = process.cwd()): TesseraConfig {
  const host = nonEmpty(env, 'HOST') ?? '127.0.0.1';
  const port = integer(env, 'PORT', { fallback: 3000, min: 0, max: 65_535 });
  const databaseUrl = nonEmpty(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite)',
      'DATABASE_URL',
    );
  }
  const secretValue = env['TESSERA_JWT_SECRET'];
  const accessTtlSeconds = parseDurationSeconds(
    env['TESSERA_ACCESS_TTL'] ?? '15m',
    'TESSERA_ACCESS_TTL',
  );
  if (accessTtlSeconds > MAX_ACCESS_TTL_SECONDS) {
    throw new ConfigError('TESSERA_ACCESS_TTL must be at most 1d', 'TESSERA_ACCESS_TTL');
  }
  const logLevel = (nonEmpty(env, 'TESSERA_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      `TESSERA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
      'TESSERA_LOG_LEVEL',
    );
  }
  return {
    host,
    port,
    dataDir: resolve(cwd, nonEmpty(env, 'TESSERA_DATA_DIR') ?? './data'),
    databaseUrl,
    jwtSecret: secretValue === undefined ? undefined : validateSecret(secretValue),
    issuer: nonEmpty(env, 'TESSERA_ISSUER') ?? 'tessera',
    audience: nonEmpty(env, 'TESSERA_AUDIENCE') ?? 'tessera-api',
    accessTtlSeconds,
    publicUrl: nonEmpty(env, 'TESSERA_PUBLIC_URL')?.replace(/\/+$/, ''),
    logLevel,
    logRequests: boolean(env, 'TESSERA_LOG_REQUESTS', true),
    webDir: webDir(env, cwd),
    hashConcurrency: integer(env, 'TESSERA_HASH_CONCURRENCY', { fallback: 2, min: 1, max: 64 }),
    hashQueueLimit: integer(env, 'TESSERA_HASH_QUEUE_LIMIT', { fallback: 32, min: 0, max: 10_000 }),
    userCacheTtlSeconds: cacheTtlSeconds(env, 'TESSERA_USER_CACHE_TTL'),
    trustProxy: trustProxy(env),
    corsOrigins: corsOrigins(env),
    loginThrottle: boolean(env, 'TESSERA_LOGIN_THROTTLE', true),
    refreshTransport: refreshTransport(env),
    refreshTtlSeconds: sessionLifetime(env, 'TESSERA_REFRESH_TTL', DEFAULT_REFRESH_TTL_SECONDS),
    refreshIdleTtlSeconds: sessionLifetime(
      env,
      'TESSERA_REFRESH_IDLE_TTL',
      DEFAULT_REFRESH_IDLE_TTL_SECONDS,
    ),
    requestTimeoutSeconds: integer(env, 'TESSERA_REQUEST_TIMEOUT', {
      fallback: 30,
      min: 1,
      max: 600,
    }),
  };
}

/** Default absolute session lifetime: 30 days. */
export const DEFAULT_REFRESH_TTL_SECONDS = 30 * 86_400;
/** Default idle session lifetime: 7 days. */
export const DEFAULT_REFRESH_IDLE_TTL_SECONDS = 7 * 86_400;
/** Longest session lifetime accepted: 365 days. */
export const MAX_REFRESH_TTL_SECONDS = 365 * 86_400;

function refreshTransport(env: Env): RefreshTransport {
  const value = nonEmpty(env, 'TESSERA_REFRESH_TRANSPORT') ?? 'cookie';
  if (value !== 'cookie' && value !== 'body') {
    throw new ConfigError(
      'TESSERA_REFRESH_TRANSPORT must be cookie or body',
      'TESSERA_REFRESH_TRANSPORT',
    );
  }
  return value;
}

/** A session lifetime: a duration from 60 s to 365 d (`3600`, `12h`, `30d`). */
function sessionLifetime(env: Env, name: string, fallback: number): number {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  const seconds = parseDurationSeconds(value, name);
  if (seconds < 60 || seconds > MAX_REFRESH_TTL_SECONDS) {
    throw new ConfigError(`${name} must be a duration from 60s to 365d`, name);
  }
  return seconds;
}

function trustProxy(env: Env): boolean | number | string {
  const value = nonEmpty(env, 'TESSERA_TRUST_PROXY');
  if (value === undefined || value === 'false') return false;
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

function corsOrigins(env: Env): readonly string[] {
  const value = nonEmpty(env, 'TESSERA_CORS_ORIGINS');
  if (value === undefined) return [];
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

/** `0` (off), `500ms`, `1s` or `2` (seconds), at most 60 s; default 1 s. */
function cacheTtlSeconds(env: Env, name: string): number {
  const value = nonEmpty(env, name);
  if (value === undefined) return DEFAULT_USER_CACHE_TTL_SECONDS;
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

function webDir(env: Env, cwd: string): string | undefined {
  const value = nonEmpty(env, 'TESSERA_WEB_DIR');
  if (value === 'off') return undefined;
  return value === undefined ? BUNDLED_WEB_DIR : resolve(cwd, value);
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function integer(
  env: Env,
  name: string,
  range: { fallback: number; min: number; max: number },
): number {
  const value = nonEmpty(env, name);
  if (value === undefined) return range.fallback;
  const parsed = /^[0-9]{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= range.min && parsed <= range.max)) {
    throw new ConfigError(`${name} must be an integer from ${range.min} to ${range.max}`, name);
  }
  return parsed;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false`, name);
}
