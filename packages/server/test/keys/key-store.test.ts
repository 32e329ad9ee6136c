/**
 * The signing-key store (issue #12) on SQLite and PostgreSQL: keys are created `current` and
 * `next`, rotate next → current → previous (a previous key verifies until its last token can
 * have expired), are revoked at any state, and their private halves are never stored in clear:
 * sealed with the key-encryption key and bound to their kid.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { KeyDecryptionError } from '../../src/keys/key-encryption.js';
import { KeyStoreError, TokenKeyStore } from '../../src/keys/key-store.js';
import { createTestTarget, testEngines } from '../support/engines.js';
import { NOW, openKeyStore, PREVIOUS_LIFE, useCleanups } from './key-store-support.js';

const cleanup = useCleanups();

describe.each(await testEngines())('signing keys on %s', (engine) => {
  const setUp = () => openKeyStore(engine, cleanup);
  const states = async (store: TokenKeyStore) =>
    Object.fromEntries((await store.list()).map((key) => [key.kid, key.state]));

  it.each(['EdDSA', 'ES256'] as const)('creates a current and a next %s key once', async (alg) => {
    const { store } = await setUp();
    await store.ensure(alg);
    await store.ensure(alg);
    const keys = await store.list();
    expect(keys.map((key) => key.state).sort()).toEqual(['current', 'next']);
    expect(new Set(keys.map((key) => key.alg))).toEqual(new Set([alg]));
    const loaded = await store.load();
    expect(loaded.current.alg).toBe(alg);
    expect(loaded.current.privateKey.type).toBe('private');
    expect(loaded.others.map((key) => key.kid)).toEqual(
      keys.filter((key) => key.state === 'next').map((key) => key.kid),
    );
  });

  it('K12 rotates next → current → previous; a previous key verifies until its tokens are gone', async () => {
    const { store, advance } = await setUp();
    await store.ensure('EdDSA');
    const first = (await store.load()).current.kid;
    const { current, next } = await store.rotate('EdDSA');
    expect(await states(store)).toEqual({
      [first]: 'previous',
      [current]: 'current',
      [next]: 'next',
    });
    let loaded = await store.load();
    expect(loaded.current.kid).toBe(current);
    expect(loaded.others.map((key) => key.kid).sort()).toEqual([first, next].sort());
    advance(PREVIOUS_LIFE - 1);
    expect((await store.load()).others.map((key) => key.kid)).toContain(first);
    advance(2);
    loaded = await store.load();
    expect(loaded.others.map((key) => key.kid)).toEqual([next]);
  });

  it('revokes the current key by rotating first, the next key by publishing a new one', async () => {
    const { store } = await setUp();
    await store.ensure('ES256');
    const before = await store.list();
    const current = before.find((key) => key.state === 'current')!.kid;
    const next = before.find((key) => key.state === 'next')!.kid;
    expect((await store.revoke(current, 'ES256')).state).toBe('revoked');
    const loaded = await store.load();
    expect(loaded.current.kid).toBe(next);
    expect(loaded.others.map((key) => key.kid)).not.toContain(current);
    const newNext = loaded.others.find((key) => key.kid !== current)!.kid;
    await store.revoke(newNext, 'ES256');
    const after = await store.list();
    expect(after.filter((key) => key.state === 'next')).toHaveLength(1);
    expect(after.find((key) => key.kid === newNext)?.state).toBe('revoked');
    await expect(store.revoke(newNext, 'ES256')).rejects.toThrow(KeyStoreError);
    await expect(store.revoke('no-such-kid', 'ES256')).rejects.toThrow(/no key no-such-kid/);
  });

  it('keeps private keys sealed: no clear key in the row, another KEK or another row cannot open it', async () => {
    const { database, store } = await setUp();
    await store.ensure('EdDSA');
    const current = (await store.load()).current;
    const der = current.privateKey.export({ type: 'pkcs8', format: 'der' });
    const rows = await database.db.selectFrom('signing_keys').selectAll().execute();
    for (const row of rows) {
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(der.toString('base64url'));
      expect(stored).not.toContain(der.toString('base64'));
      expect(stored).not.toContain(der.toString('hex'));
      expect(row.public_jwk).not.toMatch(/"d"/);
    }
    const other = new TokenKeyStore(database, randomBytes(32), {
      clock: () => NOW,
      previousLifeSeconds: PREVIOUS_LIFE,
    });
    await expect(other.load()).rejects.toThrow(KeyDecryptionError);
    // The sealed key of one row moved to the current row does not open (bound to its kid).
    const next = rows.find((row) => row.state === 'next')!;
    await database.db
      .updateTable('signing_keys')
      .set({ private_key_sealed: next.private_key_sealed })
      .where('kid', '=', current.kid)
      .execute();
    await expect(store.load()).rejects.toThrow(KeyDecryptionError);
  });
});

// Several handles in one process suit PostgreSQL only: on SQLite a second handle would wait for
// the first one's lock synchronously (see Database); there BEGIN IMMEDIATE serializes processes.
const concurrentEngines = (await testEngines()).filter((engine) => engine === 'postgres');

describe.each(concurrentEngines)(
  'signing keys changed by several instances at once on %s',
  (engine) => {
    it('three instances starting together create one current and one next key', async () => {
      const target = await createTestTarget(engine);
      cleanup(() => target.dispose());
      const first = await openDatabase(target.options);
      cleanup(() => first.close());
      await migrateToLatest(first);
      const kek = randomBytes(32);
      const handles = [first];
      for (let i = 0; i < 2; i += 1) {
        const handle = await openDatabase(target.options);
        cleanup(() => handle.close());
        handles.push(handle);
      }
      const stores = handles.map(
        (handle) => new TokenKeyStore(handle, kek, { clock: () => NOW, previousLifeSeconds: 60 }),
      );
      await Promise.all(stores.map((store) => store.ensure('EdDSA')));
      const keys = await stores[0]!.list();
      expect(keys.map((key) => key.state).sort()).toEqual(['current', 'next']);
      await Promise.all(stores.map((store) => store.rotate('EdDSA')));
      const states = (await stores[0]!.list()).map((key) => key.state);
      expect(states.filter((state) => state === 'current')).toHaveLength(1);
      expect(states.filter((state) => state === 'next')).toHaveLength(1);
      expect(states.filter((state) => state === 'previous')).toHaveLength(3);
    });
  },
);

describe.each(await testEngines())('the signing_keys table on %s', (engine) => {
  it('refuses a second current or next key', async () => {
    const target = await createTestTarget(engine);
    cleanup(() => target.dispose());
    const database = await openDatabase(target.options);
    cleanup(() => database.close());
    await migrateToLatest(database);
    const row = (kid: string, state: 'current' | 'next') => ({
      kid,
      alg: 'EdDSA' as const,
      state,
      public_jwk: '{}',
      private_key_sealed: 'v1.x.y.z',
      created_at: '2026-01-01T00:00:00.000Z',
      activated_at: null,
      retired_at: null,
    });
    for (const state of ['current', 'next'] as const) {
      await database.db
        .insertInto('signing_keys')
        .values(row(`a-${state}`, state))
        .execute();
      await expect(
        database.db
          .insertInto('signing_keys')
          .values(row(`b-${state}`, state))
          .execute(),
      ).rejects.toThrow();
    }
  });
});
