import type { TesseraConfig } from '../config/config.js';
import { loadOrCreateSecret } from '../config/secret.js';
import type { Database } from '../db/database.js';
import {
  KeySet,
  MAX_LEEWAY_SECONDS,
  TokenService,
  type AsymmetricAlgorithm,
} from '../token/index.js';
import { loadOrCreateKeyEncryptionKey } from './key-encryption.js';
import { SigningKeyStore, type LoadedKeys } from './key-store.js';
import { resolveSigningAlg } from './signing-alg.js';

/** The token service of a configuration, and what keeps its keys fresh. */
export interface ConfiguredTokens {
  readonly tokens: TokenService;
  /** The database key store (EdDSA and ES256 only). */
  readonly keyStore: SigningKeyStore | undefined;
  /** Reads the keys again now and applies a change (also done every user-cache period). */
  readonly reloadKeys: () => Promise<void>;
  /** Stops the periodic reload. */
  readonly stop: () => void;
}

/**
 * The key store of a configuration: its key-encryption key (`TESSERA_KEY_ENCRYPTION_KEY` or the
 * data folder's), a previous key verifying for the longest token life, and a current and a next
 * key of `alg` created when missing. The server and `tessera keys` open it the same way.
 */
export async function openSigningKeyStore(
  config: Pick<TesseraConfig, 'dataDir' | 'keyEncryptionKey' | 'accessTtlSeconds'>,
  database: Database,
  alg: AsymmetricAlgorithm,
  clock: () => number,
): Promise<SigningKeyStore> {
  const kek = await loadOrCreateKeyEncryptionKey(config.dataDir, config.keyEncryptionKey);
  const store = new SigningKeyStore(database, kek, {
    clock,
    previousLifeSeconds: config.accessTtlSeconds + MAX_LEEWAY_SECONDS,
  });
  await store.ensure(alg);
  return store;
}

const kidsOf = (keys: LoadedKeys): string =>
  [keys.current.kid, ...keys.others.map((key) => key.kid).sort()].join(' ');

/**
 * HS256 with `TESSERA_JWT_SECRET` (or the data folder's generated secret), or EdDSA / ES256 with
 * the keys of the database (created on first start); see {@link resolveSigningAlg}. Other
 * processes (the CLI, other instances) rotate and revoke keys in the database: this process
 * reads them again every `TESSERA_USER_CACHE_TTL` (and no more often than once a second), so
 * every instance applies a change within the same bound as a user change.
 */
export async function createTokenService(
  config: TesseraConfig,
  database: Database,
  clock: () => number,
): Promise<ConfiguredTokens> {
  const common = {
    issuer: config.issuer,
    audience: config.audience,
    accessTtlSeconds: config.accessTtlSeconds,
    clock,
  };
  const alg = resolveSigningAlg(config);
  if (alg === 'HS256') {
    const secret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir));
    const tokens = new TokenService({ ...common, secret });
    return {
      tokens,
      keyStore: undefined,
      reloadKeys: () => Promise.resolve(),
      stop: () => undefined,
    };
  }
  const keyStore = await openSigningKeyStore(config, database, alg, clock);
  const loaded = await keyStore.load();
  const keySet = new KeySet(loaded.current, loaded.others);
  let seen = kidsOf(loaded);
  const reloadKeys = async (): Promise<void> => {
    const next = await keyStore.load();
    const kids = kidsOf(next);
    if (kids === seen) return;
    keySet.replace(next.current, next.others);
    seen = kids;
  };
  const periodMs = Math.max(1, config.userCacheTtlSeconds) * 1000;
  // A failed read (the database away for a moment) keeps the keys held until the next one.
  const timer = setInterval(() => void reloadKeys().catch(() => undefined), periodMs);
  timer.unref();
  return {
    tokens: new TokenService({ ...common, keys: keySet }),
    keyStore,
    reloadKeys,
    stop: () => clearInterval(timer),
  };
}
