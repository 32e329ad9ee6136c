import {
  KeyDecryptionError,
  keyStoreUses,
  KeyStoreError,
  migrateToLatest,
  openConfiguredDatabase,
  openTokenKeyStore,
  type KeyRecord,
  type KeyStoreUses,
  type TokenKeyStore,
} from '@tessera/server';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../context.js';

async function withKeyStore<T>(
  work: (store: TokenKeyStore, uses: KeyStoreUses) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const uses = keyStoreUses(config);
  if (uses.signing === undefined && !uses.encryption) {
    throw new CliError(
      'tokens are signed with HS256 (TESSERA_SIGNING_ALG, or the secret of this install) and not encrypted: there are no keys; set TESSERA_SIGNING_ALG=EdDSA or ES256, or TESSERA_TOKEN_FORMAT=jwe',
    );
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    const store = await openTokenKeyStore(config, database, () => Date.now() / 1000, uses);
    return await work(store, uses);
  } catch (error) {
    if (error instanceof KeyStoreError || error instanceof KeyDecryptionError) {
      throw new CliError(error.message);
    }
    throw error;
  } finally {
    await database.close();
  }
}

const COLUMNS = ['kid', 'use', 'alg', 'state', 'created', 'activated', 'retired', 'last used'];

function describe(key: KeyRecord): string {
  return [
    key.kid,
    key.use,
    key.alg,
    key.state,
    key.createdAt,
    key.activatedAt ?? '-',
    key.retiredAt ?? '-',
    key.lastUsedAt ?? '-',
  ].join('\t');
}

/** `tessera keys list|rotate|revoke`: the signing and encryption keys in the database. */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'manage the token keys in the database: EdDSA / ES256 signing keys (TESSERA_SIGNING_ALG), encryption keys (TESSERA_TOKEN_FORMAT=jwe)',
    );

  keys
    .command('list')
    .description(
      `list keys, one per line, tab-separated: ${COLUMNS.join(', ')} (last used: written by each server at most once a minute)`,
    )
    .action(() =>
      withKeyStore(async (store) => {
        process.stdout.write(`${COLUMNS.join('\t')}\n`);
        for (const key of await store.list()) process.stdout.write(`${describe(key)}\n`);
      }),
    );

  keys
    .command('rotate')
    .description(
      'for each kind of key in use: next → current, current → previous (its tokens stay valid until they expire), a new next',
    )
    .action(() =>
      withKeyStore(async (store, uses) => {
        const rotated: string[] = [];
        if (uses.signing !== undefined) {
          const { current, next } = await store.rotate(uses.signing);
          rotated.push(`${current} signs now, ${next} is the next signing key`);
        }
        if (uses.encryption) {
          const { current, next } = await store.rotateEncryption();
          rotated.push(`${current} encrypts now, ${next} is the next encryption key`);
        }
        process.stdout.write(
          `Rotated: ${rotated.join('; ')}. Running servers switch within TESSERA_USER_CACHE_TTL\n`,
        );
      }),
    );

  keys
    .command('revoke')
    .argument('<kid>', 'the key to revoke (as `keys list` prints it; a kid may start with -)')
    .allowUnknownOption()
    .description("refuse a key's tokens from now on (a current key is rotated away first)")
    .action((kid: string) =>
      withKeyStore(async (store, uses) => {
        const revoked = await store.revoke(kid, uses.signing);
        process.stdout.write(
          `Revoked ${revoked.kid}: its tokens are refused within TESSERA_USER_CACHE_TTL; their sessions get new tokens at their next refresh\n`,
        );
      }),
    );
}
