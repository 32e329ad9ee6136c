/**
 * The encryption keys of `TESSERA_TOKEN_FORMAT=jwe` in the key store (issue #12), and the "last
 * used" record of every key, on SQLite and PostgreSQL: encryption keys follow the same life as
 * signing keys (next → current → previous, revoked at any state), independently of them, and are
 * stored only sealed with the key-encryption key.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyDecryptionError } from '../../src/keys/key-encryption.js';
import { KeyStoreError, TokenKeyStore } from '../../src/keys/key-store.js';
import { KEY_USE_FLUSH_SECONDS, KeyUsage } from '../../src/keys/key-usage.js';
import { testEngines } from '../support/engines.js';
import { NOW, openKeyStore, PREVIOUS_LIFE, useCleanups } from './key-store-support.js';

const cleanup = useCleanups();

describe.each(await testEngines())('encryption keys and key use on %s', (engine) => {
  const setUp = () => openKeyStore(engine, cleanup);
  const encryptionStates = async (store: TokenKeyStore) =>
    Object.fromEntries(
      (await store.list()).filter((key) => key.use === 'enc').map((key) => [key.kid, key.state]),
    );

  it('creates a current and a next A256GCM key once, beside the signing keys and apart from them', async () => {
    const { store } = await setUp();
    await store.ensure('EdDSA');
    await store.ensureEncryption();
    await store.ensureEncryption();
    const keys = await store.list();
    expect(keys.map((key) => [key.use, key.alg, key.state]).sort()).toEqual([
      ['enc', 'A256GCM', 'current'],
      ['enc', 'A256GCM', 'next'],
      ['sig', 'EdDSA', 'current'],
      ['sig', 'EdDSA', 'next'],
    ]);
    const loaded = await store.loadEncryption();
    expect(loaded.current.key.symmetricKeySize).toBe(32);
    expect(loaded.others).toHaveLength(1);
    await store.rotateEncryption();
    expect((await store.load()).current.kid).toBe(
      keys.find((key) => key.use === 'sig' && key.state === 'current')?.kid,
    );
  });

  it('E07 rotates next → current → previous; a previous key decrypts until its tokens are gone; revoke refuses at once', async () => {
    const { store, advance } = await setUp();
    await store.ensureEncryption();
    const first = (await store.loadEncryption()).current.kid;
    const { current, next } = await store.rotateEncryption();
    expect(await encryptionStates(store)).toEqual({
      [first]: 'previous',
      [current]: 'current',
      [next]: 'next',
    });
    const accepted = async () => (await store.loadEncryption()).others.map((key) => key.kid).sort();
    expect(await accepted()).toEqual([first, next].sort());
    advance(PREVIOUS_LIFE + 1);
    expect(await accepted()).toEqual([next]);

    const revoked = await store.revoke(current);
    expect([revoked.use, revoked.state]).toEqual(['enc', 'revoked']);
    const after = await store.loadEncryption();
    expect(after.current.kid).toBe(next);
    expect([after.current.kid, ...after.others.map((key) => key.kid)]).not.toContain(current);
    await expect(store.revoke(current)).rejects.toThrow(KeyStoreError);
    await expect(store.revoke('no-such-kid')).rejects.toThrow(KeyStoreError);
  });

  it('keeps encryption keys sealed: no clear key in the row, another KEK or another row cannot open it', async () => {
    const { database, store } = await setUp();
    await store.ensureEncryption();
    const { current } = await store.loadEncryption();
    const bytes = current.key.export();
    const rows = await database.db.selectFrom('encryption_keys').selectAll().execute();
    for (const row of rows) {
      const stored = JSON.stringify(row);
      for (const encoding of ['base64url', 'base64', 'hex'] as const) {
        expect(stored).not.toContain(bytes.toString(encoding));
      }
    }
    const other = new TokenKeyStore(database, randomBytes(32), {
      clock: () => NOW,
      previousLifeSeconds: PREVIOUS_LIFE,
    });
    await expect(other.loadEncryption()).rejects.toThrow(KeyDecryptionError);
    const next = rows.find((row) => row.state === 'next')!;
    await database.db
      .updateTable('encryption_keys')
      .set({ key_sealed: next.key_sealed })
      .where('kid', '=', current.kid)
      .execute();
    await expect(store.loadEncryption()).rejects.toThrow(KeyDecryptionError);
  });

  it('records when each key was last used: a later use replaces an earlier one, never the reverse', async () => {
    const { store } = await setUp();
    await store.ensure('ES256');
    await store.ensureEncryption();
    const signing = (await store.load()).current.kid;
    const encryption = (await store.loadEncryption()).current.kid;
    const lastUsed = async () =>
      Object.fromEntries((await store.list()).map((key) => [key.kid, key.lastUsedAt]));
    expect(await lastUsed()).toMatchObject({ [signing]: null, [encryption]: null });

    await store.recordUse(
      new Map([
        ['sig', new Map([[signing, NOW + 10]])],
        ['enc', new Map([[encryption, NOW + 20]])],
      ]),
    );
    await store.recordUse(new Map([['sig', new Map([[signing, NOW + 5]])]]));
    expect(await lastUsed()).toMatchObject({
      [signing]: new Date((NOW + 10) * 1000).toISOString(),
      [encryption]: new Date((NOW + 20) * 1000).toISOString(),
    });
  });

  it(`writes noted uses at most once per ${KEY_USE_FLUSH_SECONDS} s, and at once when forced`, async () => {
    const { store, clock, advance } = await setUp();
    await store.ensure('EdDSA');
    const kid = (await store.load()).current.kid;
    const usage = new KeyUsage(clock);
    const lastUsed = async () => (await store.list()).find((key) => key.kid === kid)?.lastUsedAt;

    usage.note('sig', kid);
    await usage.flush(store);
    expect(await lastUsed()).toBeNull();
    advance(KEY_USE_FLUSH_SECONDS);
    await usage.flush(store);
    expect(await lastUsed()).toBe(new Date(NOW * 1000).toISOString());

    advance(1);
    usage.note('sig', kid);
    await usage.flush(store, true);
    expect(await lastUsed()).toBe(new Date((NOW + KEY_USE_FLUSH_SECONDS + 1) * 1000).toISOString());
  });
});
