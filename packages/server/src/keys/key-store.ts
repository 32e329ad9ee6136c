import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { SigningKeysTable } from '../db/database-schema.js';
import {
  ENCRYPTION_KEY_BYTES,
  encryptionKey,
  signingKey,
  verificationKey,
  type AsymmetricAlgorithm,
  type EncryptionKey,
  type SigningKey,
  type VerificationKey,
} from '../token/index.js';
import { seal, unseal } from './key-encryption.js';
import { publicJwk } from './public-jwk.js';

/** A key's place in the rotation: published ahead, in use, still accepted, or refused. */
export type KeyState = SigningKeysTable['state'];

/** What a key is for: signing tokens (EdDSA, ES256) or encrypting them (A256GCM, JWE `dir`). */
export type KeyUse = 'sig' | 'enc';

/** What `tessera keys list` shows of a key (never its private or secret half). */
export interface KeyRecord {
  readonly kid: string;
  readonly use: KeyUse;
  readonly alg: AsymmetricAlgorithm | 'A256GCM';
  readonly state: KeyState;
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly retiredAt: string | null;
  /** When the key last signed or encrypted a token, or a server first accepted one made with it. */
  readonly lastUsedAt: string | null;
}

/** The keys a server uses now: the signing key and every key whose tokens it accepts. */
export interface LoadedKeys {
  readonly current: SigningKey;
  /** `next` and the `previous` keys whose last token may still be alive (not the current one). */
  readonly others: readonly VerificationKey[];
}

/** The same for encrypted tokens: the key new tokens are encrypted with, and the others accepted. */
export interface LoadedEncryptionKeys {
  readonly current: EncryptionKey;
  readonly others: readonly EncryptionKey[];
}

/** A refused key operation (unknown kid, nothing to rotate from). */
export class KeyStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

/** RFC 7638 thumbprint of the public key: a kid that names the key itself. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'OKP'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function newKeyPair(alg: AsymmetricAlgorithm): KeyObject {
  return alg === 'EdDSA'
    ? generateKeyPairSync('ed25519').privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/** The columns of a {@link KeyRecord} both tables have: never the sealed key. */
const LIFE_COLUMNS = [
  'kid',
  'state',
  'created_at',
  'activated_at',
  'retired_at',
  'last_used_at',
] as const;

type LifeRow = Pick<SigningKeysTable, (typeof LIFE_COLUMNS)[number]>;

const toRecord = (row: LifeRow, use: KeyUse, alg: KeyRecord['alg']): KeyRecord => ({
  kid: row.kid,
  use,
  alg,
  state: row.state,
  createdAt: row.created_at,
  activatedAt: row.activated_at,
  retiredAt: row.retired_at,
  lastUsedAt: row.last_used_at,
});

type Executor = Database['db'];

/** The two key tables: their rows share the life columns and the same states. */
type KeyTable = 'signing_keys' | 'encryption_keys';

const TABLE_OF: Readonly<Record<KeyUse, KeyTable>> = {
  sig: 'signing_keys',
  enc: 'encryption_keys',
};

/** The advisory lock key of key changes on PostgreSQL (any constant bigint of Tessera's own). */
const KEY_CHANGE_LOCK = 7_413_090_917n;

/** Encryption keys are sealed under `enc:<kid>`, so a sealed key cannot pass for one of the other table. */
const sealedName = (kid: string): string => `enc:${kid}`;

/**
 * Tessera's token keys in its database (issue #12), secret halves sealed with the key-encryption
 * key: EdDSA and ES256 signing keys (`signing_keys`) and the AES-256 keys of encrypted tokens
 * (`encryption_keys`). Both follow the same life: a key is created `next` (published in the JWKS
 * when it verifies; held by every server), becomes `current` at a rotation (signs or encrypts new
 * tokens), then `previous` at the following one (its tokens are accepted until the last can have
 * expired: `previousLifeSeconds`), or `revoked` at any time (its tokens are refused). Every change
 * runs in one transaction.
 *
 * @example
 * ```ts
 * const store = new TokenKeyStore(database, kek, { clock, previousLifeSeconds: 990 });
 * await store.ensure('EdDSA');
 * const { current, others } = await store.load();
 * ```
 */
export class TokenKeyStore {
  readonly #database: Database;
  readonly #kek: Buffer;
  readonly #clock: () => number;
  readonly #previousLifeSeconds: number;

  constructor(
    database: Database,
    kek: Buffer,
    options: { readonly clock: () => number; readonly previousLifeSeconds: number },
  ) {
    this.#database = database;
    this.#kek = kek;
    this.#clock = options.clock;
    this.#previousLifeSeconds = options.previousLifeSeconds;
  }

  #now(): string {
    return new Date(this.#clock() * 1000).toISOString();
  }

  #life(
    state: 'next' | 'current',
  ): Pick<
    SigningKeysTable,
    'state' | 'created_at' | 'activated_at' | 'retired_at' | 'last_used_at'
  > {
    const now = this.#now();
    return {
      state,
      created_at: now,
      activated_at: state === 'current' ? now : null,
      retired_at: null,
      last_used_at: null,
    };
  }

  async #insertSigning(
    db: Executor,
    alg: AsymmetricAlgorithm,
    state: 'next' | 'current',
  ): Promise<string> {
    const privateKey = newKeyPair(alg);
    const jwk = publicJwk(createPublicKey(privateKey));
    const kid = thumbprint(jwk);
    await db
      .insertInto('signing_keys')
      .values({
        kid,
        alg,
        public_jwk: JSON.stringify(jwk),
        private_key_sealed: seal(
          this.#kek,
          kid,
          privateKey.export({ type: 'pkcs8', format: 'der' }),
        ),
        ...this.#life(state),
      })
      .execute();
    return kid;
  }

  async #insertEncryption(db: Executor, state: 'next' | 'current'): Promise<string> {
    // A random name: a thumbprint of a secret key would publish a hash of it.
    const kid = randomBytes(16).toString('base64url');
    await db
      .insertInto('encryption_keys')
      .values({
        kid,
        key_sealed: seal(this.#kek, sealedName(kid), randomBytes(ENCRYPTION_KEY_BYTES)),
        ...this.#life(state),
      })
      .execute();
    return kid;
  }

  /**
   * Runs `work` in a transaction that no other key change runs beside: SQLite's transactions
   * take the write lock at the start (`BEGIN IMMEDIATE`); PostgreSQL's take a transaction-level
   * advisory lock first, so two instances starting at once create one current key, not two.
   */
  async #exclusive<T>(work: (trx: Executor) => Promise<T>): Promise<T> {
    return await this.#database.db.transaction().execute(async (trx) => {
      if (this.#database.engine === 'postgres') {
        await sql`select pg_advisory_xact_lock(${KEY_CHANGE_LOCK})`.execute(trx);
      }
      return await work(trx);
    });
  }

  /** Creates a current and a next key of `table` when missing. */
  async #ensure(
    table: KeyTable,
    insert: (trx: Executor, state: 'next' | 'current') => Promise<string>,
  ): Promise<void> {
    await this.#exclusive(async (trx) => {
      const states = await trx
        .selectFrom(table)
        .select('state')
        .where('state', 'in', ['current', 'next'])
        .execute();
      if (!states.some((row) => row.state === 'current')) await insert(trx, 'current');
      if (!states.some((row) => row.state === 'next')) await insert(trx, 'next');
    });
  }

  /** Creates a current and a next signing key of `alg` when there is none. */
  async ensure(alg: AsymmetricAlgorithm): Promise<void> {
    await this.#ensure('signing_keys', (trx, state) => this.#insertSigning(trx, alg, state));
  }

  /** Creates a current and a next encryption key when there is none. */
  async ensureEncryption(): Promise<void> {
    await this.#ensure('encryption_keys', (trx, state) => this.#insertEncryption(trx, state));
  }

  /** Every key, signing keys first, newest first. */
  async list(): Promise<KeyRecord[]> {
    return await this.#listIn(this.#database.db);
  }

  async #listIn(db: Executor): Promise<KeyRecord[]> {
    const signing = await db
      .selectFrom('signing_keys')
      .select([...LIFE_COLUMNS, 'alg'])
      .orderBy('created_at', 'desc')
      .orderBy('kid')
      .execute();
    const encryption = await db
      .selectFrom('encryption_keys')
      .select(LIFE_COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('kid')
      .execute();
    return [
      ...signing.map((row) => toRecord(row, 'sig', row.alg)),
      ...encryption.map((row) => toRecord(row, 'enc', 'A256GCM')),
    ];
  }

  /** Whether a `previous` key retired at `retiredAt` may still have a live token. */
  #stillAccepted(row: { readonly state: KeyState; readonly retired_at: string | null }): boolean {
    if (row.state === 'next') return true;
    return (
      row.state === 'previous' &&
      row.retired_at !== null &&
      Date.parse(row.retired_at) / 1000 > this.#clock() - this.#previousLifeSeconds
    );
  }

  /** The current signing key (decrypted) and the other keys whose tokens are accepted now. */
  async load(): Promise<LoadedKeys> {
    const rows = await this.#database.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('state', 'in', ['next', 'current', 'previous'])
      .execute();
    const currentRow = rows.find((row) => row.state === 'current');
    if (currentRow === undefined) throw new KeyStoreError('there is no current signing key');
    const privateKey = createPrivateKey({
      key: unseal(this.#kek, currentRow.kid, currentRow.private_key_sealed),
      format: 'der',
      type: 'pkcs8',
    });
    const current = signingKey({ kid: currentRow.kid, alg: currentRow.alg, privateKey });
    const others = rows
      .filter((row) => this.#stillAccepted(row))
      .map((row) =>
        verificationKey({
          kid: row.kid,
          alg: row.alg,
          publicKey: createPublicKey({
            key: JSON.parse(row.public_jwk) as JsonWebKey,
            format: 'jwk',
          }),
        }),
      );
    return { current, others };
  }

  /** The current encryption key and the other keys whose tokens are accepted now, decrypted. */
  async loadEncryption(): Promise<LoadedEncryptionKeys> {
    const rows = await this.#database.db
      .selectFrom('encryption_keys')
      .selectAll()
      .where('state', 'in', ['next', 'current', 'previous'])
      .execute();
    const open = (row: (typeof rows)[number]): EncryptionKey =>
      encryptionKey({ kid: row.kid, key: unseal(this.#kek, sealedName(row.kid), row.key_sealed) });
    const currentRow = rows.find((row) => row.state === 'current');
    if (currentRow === undefined) throw new KeyStoreError('there is no current encryption key');
    return {
      current: open(currentRow),
      others: rows.filter((row) => this.#stillAccepted(row)).map(open),
    };
  }

  /**
   * Signing keys: next → current, current → previous, and a new next of `alg`. Tokens in flight
   * stay valid: the old current key keeps verifying as `previous`, and every verifier has held the
   * new current key since it was published as `next`.
   */
  async rotate(
    alg: AsymmetricAlgorithm,
  ): Promise<{ readonly current: string; readonly next: string }> {
    return await this.#exclusive(async (trx) =>
      this.#rotate(trx, 'signing_keys', () => this.#insertSigning(trx, alg, 'next')),
    );
  }

  /** The same rotation for encryption keys. */
  async rotateEncryption(): Promise<{ readonly current: string; readonly next: string }> {
    return await this.#exclusive(async (trx) =>
      this.#rotate(trx, 'encryption_keys', () => this.#insertEncryption(trx, 'next')),
    );
  }

  async #rotate(
    trx: Executor,
    table: KeyTable,
    insertNext: () => Promise<string>,
  ): Promise<{ current: string; next: string }> {
    const now = this.#now();
    const next = await trx
      .selectFrom(table)
      .select('kid')
      .where('state', '=', 'next')
      .orderBy('created_at')
      .executeTakeFirst();
    if (next === undefined) throw new KeyStoreError('there is no next key to rotate to');
    await trx
      .updateTable(table)
      .set({ state: 'previous', retired_at: now })
      .where('state', '=', 'current')
      .execute();
    await trx
      .updateTable(table)
      .set({ state: 'current', activated_at: now })
      .where('kid', '=', next.kid)
      .execute();
    return { current: next.kid, next: await insertNext() };
  }

  /**
   * Refuses `kid`'s tokens from now on (a signing or an encryption key). Revoking the current key
   * first rotates (the next key takes over; sessions get tokens under it at their next refresh);
   * revoking the next key publishes a new one. A new signing key is of `alg` (default: the
   * revoked key's).
   *
   * @throws {@link KeyStoreError} for an unknown or already revoked kid.
   */
  async revoke(kid: string, alg?: AsymmetricAlgorithm): Promise<KeyRecord> {
    return await this.#exclusive(async (trx) => {
      const signing = await trx
        .selectFrom('signing_keys')
        .select(['state', 'alg'])
        .where('kid', '=', kid)
        .executeTakeFirst();
      if (signing !== undefined) {
        const newAlg = alg ?? signing.alg;
        return await this.#revoke(trx, { table: 'signing_keys', kid, state: signing.state }, () =>
          this.#insertSigning(trx, newAlg, 'next'),
        );
      }
      const encryption = await trx
        .selectFrom('encryption_keys')
        .select('state')
        .where('kid', '=', kid)
        .executeTakeFirst();
      if (encryption === undefined) throw new KeyStoreError(`no key ${kid}`);
      return await this.#revoke(
        trx,
        { table: 'encryption_keys', kid, state: encryption.state },
        () => this.#insertEncryption(trx, 'next'),
      );
    });
  }

  async #revoke(
    trx: Executor,
    {
      table,
      kid,
      state,
    }: { readonly table: KeyTable; readonly kid: string; readonly state: KeyState },
    insertNext: () => Promise<string>,
  ): Promise<KeyRecord> {
    if (state === 'revoked') throw new KeyStoreError(`key ${kid} is already revoked`);
    if (state === 'current') await this.#rotate(trx, table, insertNext);
    await trx
      .updateTable(table)
      .set({ state: 'revoked', retired_at: this.#now() })
      .where('kid', '=', kid)
      .execute();
    if (state === 'next') await insertNext();
    return (await this.#listIn(trx)).find((record) => record.kid === kid) as KeyRecord;
  }

  /**
   * Records when keys were last used (`use` → kid → seconds since the epoch): a later time
   * replaces an earlier one, never the reverse (several servers write).
   */
  async recordUse(uses: ReadonlyMap<KeyUse, ReadonlyMap<string, number>>): Promise<void> {
    for (const [use, byKid] of uses) {
      for (const [kid, seconds] of byKid) {
        const at = new Date(seconds * 1000).toISOString();
        await this.#database.db
          .updateTable(TABLE_OF[use])
          .set({ last_used_at: at })
          .where('kid', '=', kid)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .execute();
      }
    }
  }
}
