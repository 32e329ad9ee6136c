/** A migrated database of each engine with a {@link TokenKeyStore} on a clock the test moves. */
import { randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../src/db/index.js';
import { TokenKeyStore } from '../../src/keys/key-store.js';
import type { DatabaseEngine } from '../../src/db/index.js';
import { createTestTarget } from '../support/engines.js';

export const NOW = 1_800_000_000;
export const PREVIOUS_LIFE = 960;

/** Closes what a test opened, newest first, after each test. */
export function useCleanups(): (cleanup: () => Promise<void>) => void {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => cleanups.push(cleanup);
}

/** A fresh migrated database on `engine`, a store with a new KEK, and a clock starting at {@link NOW}. */
export async function openKeyStore(
  engine: DatabaseEngine,
  cleanup: (done: () => Promise<void>) => void,
) {
  const target = await createTestTarget(engine);
  cleanup(() => target.dispose());
  const database: Database = await openDatabase(target.options);
  cleanup(() => database.close());
  await migrateToLatest(database);
  const kek = randomBytes(32);
  let now = NOW;
  const clock = () => now;
  const store = new TokenKeyStore(database, kek, { clock, previousLifeSeconds: PREVIOUS_LIFE });
  return { database, kek, store, clock, advance: (seconds: number) => (now += seconds) };
}
