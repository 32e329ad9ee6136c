import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { SigningKeysTable } from '../db/database-schema.js';
import {
  signingKey,
  verificationKey,
  type AsymmetricAlgorithm,
  type SigningKey,
  type VerificationKey,
} from '../token/index.js';
import { seal, unseal } from './key-encryption.js';
import { publicJwk } from './public-jwk.js';

/** A key's place in the rotation: published ahead, signing, still verifying, or refused. */
export type KeyState = SigningKeysTable['state'];

/** What `tessera keys list` shows of a key (never its private half). */
export interface KeyRecord {
  readonly kid: string;
  readonly alg: AsymmetricAlgorithm;
  readonly state: KeyState;
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly retiredAt: string | null;
}

/** The keys a server uses now: the signing key and every key whose tokens it accepts. */
export interface LoadedKeys {
  readonly current: SigningKey;
  /** `next` and the `previous` keys whose last token may still be alive (not the current one). */
  readonly others: readonly VerificationKey[];
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

/** The columns of a {@link KeyRecord}: never the sealed private key. */
const RECORD_COLUMNS = ['kid', 'alg', 'state', 'created_at', 'activated_at', 'retired_at'] as const;

const toRecord = (row: Pick<SigningKeysTable, (typeof RECORD_COLUMNS)[number]>): KeyRecord => ({
  kid: row.kid,
  alg: row.alg,
  state: row.state,
  createdAt: row.created_at,
  activatedAt: row.activated_at,
  retiredAt: row.retired_at,
});

type Executor = Database['db'];

/** The advisory lock key of key changes on PostgreSQL (any constant bigint of Tessera's own). */
const KEY_CHANGE_LOCK = 7_413_090_917n;

/**
 * Tessera's EdDSA and ES256 keys in its database (issue #12), private halves sealed with the
 * key-encryption key. A key is created `next` (published in the JWKS, not signing), becomes
 * `current` at a rotation (signing), then `previous` at the following one (its tokens are
 * accepted until the last can have expired: `previousLifeSeconds`), or `revoked` at any time
 * (its tokens are refused). Every change runs in one transaction.
 *
 * @example
 * ```ts
 * const store = new SigningKeyStore(database, kek, { clock, previousLifeSeconds: 990 });
 * await store.ensure('EdDSA');
 * const { current, others } = await store.load();
 * ```
 */
export class SigningKeyStore {
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

  async #insert(
    db: Executor,
    alg: AsymmetricAlgorithm,
    state: 'next' | 'current',
  ): Promise<string> {
    const privateKey = newKeyPair(alg);
    const jwk = publicJwk(createPublicKey(privateKey));
    const kid = thumbprint(jwk);
    const now = this.#now();
    await db
      .insertInto('signing_keys')
      .values({
        kid,
        alg,
        state,
        public_jwk: JSON.stringify(jwk),
        private_key_sealed: seal(
          this.#kek,
          kid,
          privateKey.export({ type: 'pkcs8', format: 'der' }),
        ),
        created_at: now,
        activated_at: state === 'current' ? now : null,
        retired_at: null,
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

  /** Creates a current and a next key of `alg` when there is no current key. */
  async ensure(alg: AsymmetricAlgorithm): Promise<void> {
    await this.#exclusive(async (trx) => {
      const states = await trx
        .selectFrom('signing_keys')
        .select('state')
        .where('state', 'in', ['current', 'next'])
        .execute();
      if (!states.some((row) => row.state === 'current')) await this.#insert(trx, alg, 'current');
      if (!states.some((row) => row.state === 'next')) await this.#insert(trx, alg, 'next');
    });
  }

  /** Every key, newest first. */
  async list(): Promise<KeyRecord[]> {
    const rows = await this.#database.db
      .selectFrom('signing_keys')
      .select(RECORD_COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('kid')
      .execute();
    return rows.map(toRecord);
  }

  /** The current key (decrypted) and the other keys whose tokens are accepted now. */
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
    const oldest = this.#clock() - this.#previousLifeSeconds;
    const others = rows
      .filter(
        (row) =>
          row.state === 'next' ||
          (row.state === 'previous' &&
            row.retired_at !== null &&
            Date.parse(row.retired_at) / 1000 > oldest),
      )
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

  /**
   * next → current, current → previous, and a new next of `alg`. Tokens in flight stay valid:
   * the old current key keeps verifying as `previous`, and every verifier has held the new
   * current key since it was published as `next`.
   */
  async rotate(
    alg: AsymmetricAlgorithm,
  ): Promise<{ readonly current: string; readonly next: string }> {
    return await this.#exclusive(async (trx) => this.#rotate(trx, alg));
  }

  async #rotate(
    trx: Executor,
    alg: AsymmetricAlgorithm,
  ): Promise<{ current: string; next: string }> {
    const now = this.#now();
    const next = await trx
      .selectFrom('signing_keys')
      .select('kid')
      .where('state', '=', 'next')
      .orderBy('created_at')
      .executeTakeFirst();
    if (next === undefined) throw new KeyStoreError('there is no next key to rotate to');
    await trx
      .updateTable('signing_keys')
      .set({ state: 'previous', retired_at: now })
      .where('state', '=', 'current')
      .execute();
    await trx
      .updateTable('signing_keys')
      .set({ state: 'current', activated_at: now })
      .where('kid', '=', next.kid)
      .execute();
    const created = await this.#insert(trx, alg, 'next');
    return { current: next.kid, next: created };
  }

  /**
   * Refuses `kid`'s tokens from now on. Revoking the current key first rotates (the next key
   * signs; sessions get tokens under it at their next refresh); revoking the next key publishes
   * a new one.
   *
   * @throws {@link KeyStoreError} for an unknown or already revoked kid.
   */
  async revoke(kid: string, alg: AsymmetricAlgorithm): Promise<KeyRecord> {
    return await this.#exclusive(async (trx) => {
      const row = await trx
        .selectFrom('signing_keys')
        .select('state')
        .where('kid', '=', kid)
        .executeTakeFirst();
      if (row === undefined) throw new KeyStoreError(`no key ${kid}`);
      if (row.state === 'revoked') throw new KeyStoreError(`key ${kid} is already revoked`);
      if (row.state === 'current') await this.#rotate(trx, alg);
      await trx
        .updateTable('signing_keys')
        .set({ state: 'revoked', retired_at: this.#now() })
        .where('kid', '=', kid)
        .execute();
      if (row.state === 'next') await this.#insert(trx, alg, 'next');
      const updated = await trx
        .selectFrom('signing_keys')
        .select(RECORD_COLUMNS)
        .where('kid', '=', kid)
        .executeTakeFirstOrThrow();
      return toRecord(updated);
    });
  }
}
