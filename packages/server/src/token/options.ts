import type { KeyObject } from 'node:crypto';
import type { JwsKeys } from './compact-jws.js';
import { toHmacKey } from './hmac-key.js';
import { EncryptionKeySet } from './encryption-keys.js';
import { KeySet } from './key-set.js';

/**
 * Configuration of a {@link TokenService}. Checked eagerly: a bad value throws `TypeError` at
 * construction. Exactly one of `secret` (HS256) and `keys` (EdDSA or ES256) is given.
 */
export interface TokenServiceOptions {
  /** HS256 key bytes from a CSPRNG: at least 32 bytes and not a trivially low-entropy value. */
  readonly secret?: Uint8Array | undefined;
  /**
   * Asymmetric keys: tokens are signed with `keys.current` and carry its `kid`; a token is
   * accepted only when its `kid` names a key of the set and its `alg` is that key's. The set may
   * change while the service runs ({@link KeySet.replace}).
   */
  readonly keys?: KeySet | undefined;
  /**
   * Encrypted access tokens (`TESSERA_TOKEN_FORMAT=jwe`): every issued token is the signed token
   * encrypted for `encryption.current` (compact JWE, `dir` + `A256GCM`, `cty: "JWT"`), and only
   * such tokens are accepted. Without it tokens are signed only (compact JWS).
   */
  readonly encryption?: EncryptionKeySet | undefined;
  /**
   * Called with a key's use and `kid` each time a key set's key signs or encrypts a token, or a
   * token made with it is accepted (for "last used" records). Keep it cheap: it runs on every
   * issue and verify.
   */
  readonly onKeyUse?: ((use: 'sig' | 'enc', kid: string) => void) | undefined;
  /** Value of `iss`, compared exactly (no normalisation or case folding). */
  readonly issuer: string;
  /** Value of `aud` in issued tokens; verified tokens must name it. */
  readonly audience: string;
  /** Access-token lifetime in seconds: a finite integer > 0. Also the maximum `exp − iat` accepted. */
  readonly accessTtlSeconds: number;
  /** Clock tolerance in seconds, 0 to 60. Default 30. */
  readonly leewaySeconds?: number;
  /** Largest token accepted, in bytes, checked before any decoding. Integer in 256–65536. Default 8192. */
  readonly maxTokenBytes?: number;
  /** Current time in seconds since the epoch (may be fractional). Default `Date.now() / 1000`. */
  readonly clock?: () => number;
}

/** Options after validation, with defaults applied. */
export interface TokenSettings {
  readonly keys: Extract<JwsKeys, { kind: 'hmac' | 'set' }>;
  readonly encryption: EncryptionKeySet | undefined;
  readonly onKeyUse: ((use: 'sig' | 'enc', kid: string) => void) | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  readonly leewaySeconds: number;
  readonly maxTokenBytes: number;
  readonly clock: () => number;
}

/** Default byte cap (SECURITY.md §1.J: 8 KiB in the application). */
export const DEFAULT_MAX_TOKEN_BYTES = 8192;
const DEFAULT_LEEWAY_SECONDS = 30;
/** The largest clock leeway a token may be accepted with, past its lifetime. */
export const MAX_LEEWAY_SECONDS = 60;
const MIN_CAP = 256;
const MAX_CAP = 65_536;
/** A random 32-byte secret has about 30 distinct byte values; fewer than 8 means a weak value such as `"a".repeat(32)` (K07). */
const MIN_DISTINCT_SECRET_BYTES = 8;

const systemClock = (): number => Date.now() / 1000;

/**
 * Checks a byte cap.
 *
 * @throws TypeError unless an integer in 256–65536.
 */
export function checkMaxTokenBytes(value: number): number {
  if (!Number.isInteger(value) || value < MIN_CAP || value > MAX_CAP) {
    throw new TypeError(`maxTokenBytes must be an integer from ${MIN_CAP} to ${MAX_CAP}`);
  }
  return value;
}

function checkSecret(secret: unknown): KeyObject {
  if (!(secret instanceof Uint8Array)) throw new TypeError('secret must be a Uint8Array');
  const key = toHmacKey(secret);
  if (new Set(secret).size < MIN_DISTINCT_SECRET_BYTES) {
    throw new TypeError('secret has too little entropy: generate 32 random bytes');
  }
  return key;
}

function checkKeys(options: TokenServiceOptions): TokenSettings['keys'] {
  if (options.keys !== undefined) {
    if (options.secret !== undefined) throw new TypeError('give either secret or keys, not both');
    if (!(options.keys instanceof KeySet)) throw new TypeError('keys must be a KeySet');
    return { kind: 'set', set: options.keys };
  }
  return { kind: 'hmac', key: checkSecret(options.secret) };
}

function checkEncryption(value: unknown): EncryptionKeySet | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof EncryptionKeySet))
    throw new TypeError('encryption must be an EncryptionKeySet');
  return value;
}

function checkFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${name} must be a function`);
  }
  return value;
}

function checkName(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  return value;
}

function checkLeeway(value: unknown): number {
  if (value === undefined) return DEFAULT_LEEWAY_SECONDS;
  if (typeof value !== 'number' || !(value >= 0 && value <= MAX_LEEWAY_SECONDS)) {
    throw new TypeError(`leewaySeconds must be a number from 0 to ${MAX_LEEWAY_SECONDS}`);
  }
  return value;
}

/**
 * Validates {@link TokenServiceOptions} and applies the defaults. The HMAC key object is created
 * here, once.
 *
 * @throws TypeError for any missing, out-of-range or non-finite value.
 */
export function resolveTokenSettings(options: TokenServiceOptions): TokenSettings {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('TokenService options are required');
  }
  const ttl: unknown = options.accessTtlSeconds;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) {
    throw new TypeError('accessTtlSeconds must be an integer greater than 0');
  }
  const clock: unknown = options.clock ?? systemClock;
  if (typeof clock !== 'function') throw new TypeError('clock must be a function');
  return {
    keys: checkKeys(options),
    encryption: checkEncryption(options.encryption),
    onKeyUse: checkFunction(options.onKeyUse, 'onKeyUse'),
    issuer: checkName(options.issuer, 'issuer'),
    audience: checkName(options.audience, 'audience'),
    accessTtlSeconds: ttl,
    leewaySeconds: checkLeeway(options.leewaySeconds),
    maxTokenBytes: checkMaxTokenBytes(options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES),
    clock: clock as () => number,
  };
}
