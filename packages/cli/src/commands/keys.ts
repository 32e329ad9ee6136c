import {
  KeyDecryptionError,
  KeyStoreError,
  migrateToLatest,
  openConfiguredDatabase,
  openSigningKeyStore,
  resolveSigningAlg,
  type SigningKeyStore,
  type KeyRecord,
  type SigningAlgorithm,
} from '@tessera/server';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../context.js';

type Asymmetric = Exclude<SigningAlgorithm, 'HS256'>;

async function withKeyStore<T>(
  work: (store: SigningKeyStore, alg: Asymmetric) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const alg = resolveSigningAlg(config);
  if (alg === 'HS256') {
    throw new CliError(
      'tokens are signed with HS256 (TESSERA_SIGNING_ALG, or the secret of this install): there are no keys; set TESSERA_SIGNING_ALG=EdDSA or ES256',
    );
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    const store = await openSigningKeyStore(config, database, alg, () => Date.now() / 1000);
    return await work(store, alg);
  } catch (error) {
    if (error instanceof KeyStoreError || error instanceof KeyDecryptionError) {
      throw new CliError(error.message);
    }
    throw error;
  } finally {
    await database.close();
  }
}

function describe(key: KeyRecord): string {
  return [
    key.kid,
    key.alg,
    key.state,
    key.createdAt,
    key.activatedAt ?? '-',
    key.retiredAt ?? '-',
  ].join('\t');
}

/** `tessera keys list|rotate|revoke`: the EdDSA / ES256 signing keys in the database. */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage the EdDSA / ES256 signing keys (TESSERA_SIGNING_ALG)');

  keys
    .command('list')
    .description('list keys: kid, alg, state, created, started signing, stopped signing')
    .action(() =>
      withKeyStore(async (store) => {
        for (const key of await store.list()) process.stdout.write(`${describe(key)}\n`);
      }),
    );

  keys
    .command('rotate')
    .description(
      'next → current, current → previous (its tokens stay valid until they expire), a new next',
    )
    .action(() =>
      withKeyStore(async (store, alg) => {
        const { current, next } = await store.rotate(alg);
        process.stdout.write(
          `Rotated: ${current} signs now, ${next} is next; running servers switch within TESSERA_USER_CACHE_TTL\n`,
        );
      }),
    );

  keys
    .command('revoke')
    .argument('<kid>', 'the key to revoke (as `keys list` prints it; a kid may start with -)')
    .allowUnknownOption()
    .description("refuse a key's tokens from now on (a current key is rotated away first)")
    .action((kid: string) =>
      withKeyStore(async (store, alg) => {
        const revoked = await store.revoke(kid, alg);
        process.stdout.write(
          `Revoked ${revoked.kid}: its tokens are refused within TESSERA_USER_CACHE_TTL; their sessions get new tokens at their next refresh\n`,
        );
      }),
    );
}
