import type { TesseraConfig } from '../config/config.js';
import { loadOrCreateSecret } from '../config/secret.js';
import type { Database } from '../db/database.js';
import {
  EncryptionKeySet,
  KeySet,
  MAX_LEEWAY_SECONDS,
  TokenService,
  type AsymmetricAlgorithm,
} from '../token/index.js';
import { loadOrCreateKeyEncryptionKey } from './key-encryption.js';
import { TokenKeyStore } from './key-store.js';
import { KeyUsage } from './key-usage.js';
import { resolveSigningAlg } from './signing-alg.js';

/** The token service of a configuration, and what keeps its keys fresh. */
export interface ConfiguredTokens {
  readonly tokens: TokenService;
  /** The database key store (EdDSA, ES256 or encrypted tokens; undefined for plain HS256). */
  readonly keyStore: TokenKeyStore | undefined;
  /** Reads the keys again now and applies a change (also done every user-cache period). */
  readonly reloadKeys: () => Promise<void>;
  /** Stops the periodic reload and writes the last key uses. */
  readonly stop: () => Promise<void>;
}

/** What a configuration keeps in the key store: signing keys of an algorithm, encryption keys. */
export interface KeyStoreUses {
  readonly signing: AsymmetricAlgorithm | undefined;
  readonly encryption: boolean;
}

/** The keys `config` needs from the database (none for HS256 with signed tokens). */
export function keyStoreUses(
  config: Pick<TesseraConfig, 'signingAlg' | 'jwtSecret' | 'dataDir' | 'tokenFormat'>,
): KeyStoreUses {
  const alg = resolveSigningAlg(config);
  return {
    signing: alg === 'HS256' ? undefined : alg,
    encryption: config.tokenFormat === 'jwe',
  };
}

/**
 * The key store of a configuration: its key-encryption key (`TESSERA_KEY_ENCRYPTION_KEY` or the
 * data folder's), a previous key accepted for the longest token life, and a current and a next
 * key of each use the configuration has ({@link keyStoreUses}) created when missing. The server
 * and `tessera keys` open it the same way.
 */
export async function openTokenKeyStore(
  config: Pick<
    TesseraConfig,
    'dataDir' | 'keyEncryptionKey' | 'accessTtlSeconds' | 'signingAlg' | 'jwtSecret' | 'tokenFormat'
  >,
  database: Database,
  clock: () => number,
  uses: KeyStoreUses = keyStoreUses(config),
): Promise<TokenKeyStore> {
  const kek = await loadOrCreateKeyEncryptionKey(config.dataDir, config.keyEncryptionKey);
  const store = new TokenKeyStore(database, kek, {
    clock,
    previousLifeSeconds: config.accessTtlSeconds + MAX_LEEWAY_SECONDS,
  });
  if (uses.signing !== undefined) await store.ensure(uses.signing);
  if (uses.encryption) await store.ensureEncryption();
  return store;
}

const kidsOf = (keys: {
  readonly current: { readonly kid: string };
  readonly others: readonly { readonly kid: string }[];
}): string => [keys.current.kid, ...keys.others.map((key) => key.kid).sort()].join(' ');

/**
 * A reload step for one key ring: reads the store, and replaces the ring's keys when the kids
 * differ from the last read.
 */
function reloader<K extends { readonly kid: string }, C extends K>(
  load: () => Promise<{ readonly current: C; readonly others: readonly K[] }>,
  ring: { replace: (current: C, others: readonly K[]) => void },
  first: { readonly current: C; readonly others: readonly K[] },
): () => Promise<void> {
  let seen = kidsOf(first);
  return async () => {
    const next = await load();
    const kids = kidsOf(next);
    if (kids === seen) return;
    ring.replace(next.current, next.others);
    seen = kids;
  };
}

/**
 * HS256 with `TESSERA_JWT_SECRET` (or the data folder's generated secret), or EdDSA / ES256 with
 * the keys of the database (created on first start); see {@link resolveSigningAlg}. With
 * `TESSERA_TOKEN_FORMAT=jwe` every token is also encrypted with a key of the database. Other
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
  const uses = keyStoreUses(config);
  const secret =
    uses.signing === undefined
      ? (config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir)))
      : undefined;
  if (uses.signing === undefined && !uses.encryption) {
    return {
      tokens: new TokenService({ ...common, secret }),
      keyStore: undefined,
      reloadKeys: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
  }
  const keyStore = await openTokenKeyStore(config, database, clock, uses);
  const reloads: (() => Promise<void>)[] = [];
  let keys: KeySet | undefined;
  if (uses.signing !== undefined) {
    const loaded = await keyStore.load();
    keys = new KeySet(loaded.current, loaded.others);
    reloads.push(reloader(() => keyStore.load(), keys, loaded));
  }
  let encryption: EncryptionKeySet | undefined;
  if (uses.encryption) {
    const loaded = await keyStore.loadEncryption();
    encryption = new EncryptionKeySet(loaded.current, loaded.others);
    reloads.push(reloader(() => keyStore.loadEncryption(), encryption, loaded));
  }
  const usage = new KeyUsage(clock);
  const reloadKeys = async (): Promise<void> => {
    for (const reload of reloads) await reload();
  };
  const periodMs = Math.max(1, config.userCacheTtlSeconds) * 1000;
  // A failed read or write (the database away for a moment) keeps the keys held until the next one.
  const timer = setInterval(() => {
    void reloadKeys()
      .then(() => usage.flush(keyStore))
      .catch(() => undefined);
  }, periodMs);
  timer.unref();
  return {
    tokens: new TokenService({ ...common, secret, keys, encryption, onKeyUse: usage.note }),
    keyStore,
    reloadKeys,
    stop: async () => {
      clearInterval(timer);
      await usage.flush(keyStore, true).catch(() => undefined);
    },
  };
}
