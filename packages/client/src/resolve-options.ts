import { normalizeOrigin } from './origin-allowlist.js';
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
  readonly signupUrl: string;
  readonly logoutUrl: string | null;
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

function resolveSkew(value: unknown): number {
  if (value === undefined) return 30_000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError('clockSkewSeconds must be a finite number >= 0');
  }
  return value * 1000;
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
  const logoutUrl = options.logoutUrl ?? null;
  return {
    baseUrl,
    loginUrl: stringOption('loginUrl', options.loginUrl, '/api/auth/login'),
    signupUrl: stringOption('signupUrl', options.signupUrl, '/api/auth/signup'),
    logoutUrl: logoutUrl === null ? null : stringOption('logoutUrl', logoutUrl, ''),
    apiOrigins: resolveApiOrigins(options.apiOrigins, baseUrl),
    storageType,
    storageKey,
    clockSkewMs: resolveSkew(options.clockSkewSeconds),
    fetch: functionOption<typeof fetch>('fetch', options.fetch, (input, init) =>
      globalThis.fetch(input, init),
    ),
    now: functionOption('now', options.now, () => Date.now()),
  };
}
