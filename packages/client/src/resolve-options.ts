import { normalizeOrigin } from './origin-allowlist.js';
import type { RefreshTransport } from '@tessera/protocol';
import type { StorageType, TesseraClientOptions } from './types.js';
import { documentBaseUrl } from './url-resolution.js';

/**
 * Every storage type, for validation.
 *
 * @example
 * ```ts
 * STORAGE_TYPES.includes('localStorage'); // true
 * ```
 */
export const STORAGE_TYPES: readonly StorageType[] = ['memory', 'sessionStorage', 'localStorage'];

/**
 * The `refresh` option with its defaults applied.
 *
 * @example
 * ```ts
 * const refresh: ResolvedRefresh = resolveOptions({ refresh: { transport: 'cookie' } }).refresh!;
 * refresh.url; // '/api/auth/refresh'
 * ```
 */
export interface ResolvedRefresh {
  readonly transport: RefreshTransport;
  readonly url: string;
  readonly beforeExpiryMs: number;
  /** Where the `body` refresh token lives when the option says so; `null` follows `storageType`. */
  readonly storageType: StorageType | null;
  readonly crossTab: boolean;
}

/**
 * {@link TesseraClientOptions} with every default applied and every value checked.
 *
 * @example
 * ```ts
 * const resolved: ResolvedOptions = resolveOptions({ storageType: 'sessionStorage' });
 * resolved.clockSkewMs; // 30_000
 * ```
 */
export interface ResolvedOptions {
  readonly baseUrl: string;
  readonly loginUrl: string;
  readonly logoutUrl: string | null;
  readonly logoutAllUrl: string;
  readonly sessionsUrl: string;
  readonly passwordUrl: string;
  /** `null` when refresh is off (the default). */
  readonly refresh: ResolvedRefresh | null;
  /** Normalized origins (`https://host[:port]`). */
  readonly apiOrigins: readonly string[];
  readonly storageType: StorageType;
  readonly storageKey: string;
  readonly clockSkewMs: number;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

/**
 * Asserts that `type` is a {@link StorageType}.
 *
 * @example
 * ```ts
 * assertStorageType('localStorage'); // ok
 * assertStorageType('cookie'); // throws TypeError
 * ```
 * @throws TypeError for anything else.
 */
export function assertStorageType(type: unknown): asserts type is StorageType {
  if (!STORAGE_TYPES.includes(type as StorageType)) {
    throw new TypeError(`storageType must be one of ${STORAGE_TYPES.join(', ')}`);
  }
}

function stringOption(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  return value;
}

/** The origin of `baseUrl` (resolved against the page), or `null` when it has none. */
function baseOrigin(baseUrl: string): string | null {
  try {
    const origin = new URL(baseUrl === '' ? '/' : baseUrl, documentBaseUrl()).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function resolveApiOrigins(value: unknown, baseUrl: string): readonly string[] {
  if (value === undefined) {
    const origin = baseOrigin(baseUrl);
    return origin === null ? [] : [origin];
  }
  if (!Array.isArray(value)) throw new TypeError('apiOrigins must be an array of origins');
  return value.map((entry: unknown) => {
    const origin = typeof entry === 'string' ? normalizeOrigin(entry) : null;
    if (origin === null) {
      throw new TypeError(
        'apiOrigins entries must be origins such as https://api.example.com (no path, no pattern)',
      );
    }
    return origin;
  });
}

function secondsOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a finite number >= 0`);
  }
  return value * 1000;
}

function resolveRefresh(value: unknown): ResolvedRefresh | null {
  if (value === undefined || value === false) return null;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError("refresh must be false or { transport: 'cookie' | 'body', … }");
  }
  const option = (name: string): unknown => Reflect.get(value, name);
  const transport = option('transport');
  if (transport !== 'cookie' && transport !== 'body') {
    throw new TypeError("refresh.transport must be 'cookie' or 'body'");
  }
  const url = stringOption('refresh.url', option('url'), '/api/auth/refresh');
  if (url === '') throw new TypeError('refresh.url must not be empty');
  const storageType = option('storageType') ?? null;
  if (storageType !== null) assertStorageType(storageType);
  const crossTab = option('crossTab') ?? true;
  if (typeof crossTab !== 'boolean') throw new TypeError('refresh.crossTab must be a boolean');
  return {
    transport,
    url,
    beforeExpiryMs: secondsOption(
      'refresh.refreshBeforeExpirySeconds',
      option('refreshBeforeExpirySeconds'),
      60,
    ),
    storageType,
    crossTab,
  };
}

function resolveLogoutUrl(value: unknown, refresh: ResolvedRefresh | null): string | null {
  if (value === undefined) return refresh === null ? null : '/api/auth/logout';
  return value === null ? null : stringOption('logoutUrl', value, '');
}

function functionOption<T>(name: string, value: T | undefined, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
  return value;
}

/**
 * Applies the defaults of {@link TesseraClientOptions} and checks each value eagerly, so a bad
 * option fails when the client is built, not on the first request.
 *
 * @example
 * ```ts
 * resolveOptions({ baseUrl: 'https://api.example.com' }).apiOrigins; // ['https://api.example.com']
 * resolveOptions({ clockSkewSeconds: Number.NaN }); // throws TypeError
 * ```
 * @throws TypeError for an invalid option.
 */
export function resolveOptions(options: TesseraClientOptions = {}): ResolvedOptions {
  const baseUrl = stringOption('baseUrl', options.baseUrl, '');
  const storageType = options.storageType ?? 'memory';
  assertStorageType(storageType);
  const storageKey = stringOption('storageKey', options.storageKey, 'tessera_token');
  if (storageKey === '') throw new TypeError('storageKey must not be empty');
  const refresh = resolveRefresh(options.refresh);
  return {
    baseUrl,
    loginUrl: stringOption('loginUrl', options.loginUrl, '/api/auth/login'),
    logoutUrl: resolveLogoutUrl(options.logoutUrl, refresh),
    logoutAllUrl: stringOption('logoutAllUrl', options.logoutAllUrl, '/api/auth/logout-all'),
    sessionsUrl: stringOption('sessionsUrl', options.sessionsUrl, '/api/auth/sessions'),
    passwordUrl: stringOption('passwordUrl', options.passwordUrl, '/api/auth/password'),
    refresh,
    apiOrigins: resolveApiOrigins(options.apiOrigins, baseUrl),
    storageType,
    storageKey,
    clockSkewMs: secondsOption('clockSkewSeconds', options.clockSkewSeconds, 30),
    fetch: functionOption<typeof fetch>('fetch', options.fetch, (input, init) =>
      globalThis.fetch(input, init),
    ),
    now: functionOption('now', options.now, () => Date.now()),
  };
}
