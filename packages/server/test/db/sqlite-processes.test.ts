import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { createUserStore } from '../../src/users/user-store.js';
import { createTestTarget } from '../support/engines.js';

// SQLite-only: several processes writing one file. (PostgreSQL's equivalent, several pool
// connections, is covered on every engine by the concurrency tests of the store.)
const child = fileURLToPath(new URL('fixtures/sqlite-race-child.ts', import.meta.url));
const run = promisify(execFile);

async function race(action: 'migrate' | 'first-admin', dataDir: string, processes: number) {
  const startAt = String(Date.now() + 1500);
  const outputs = await Promise.all(
    Array.from({ length: processes }, () =>
      run(process.execPath, ['--import', 'tsx', child, action, dataDir, startAt]),
    ),
  );
  return outputs.map(({ stdout }) => JSON.parse(stdout) as Record<string, unknown>);
}

describe('sqlite shared by several processes', () => {
  it('applies each migration once when three processes migrate at the same moment', async () => {
    const target = await createTestTarget('sqlite');
    try {
      const results = await race('migrate', target.dataDir, 3);
      expect(results.flatMap((result) => result['applied'] as string[])).toEqual([
        '0001-users',
        '0002-sessions',
        '0003-open-roles',
        '0004-signing-keys',
        '0005-encryption-keys',
        '0006-account-tokens',
      ]);
      const database = await openDatabase(target.options);
      try {
        expect(await migrateToLatest(database)).toEqual({ applied: [], appApplied: [] });
      } finally {
        await database.close();
      }
    } finally {
      await target.dispose();
    }
  });

  it('creates exactly one first admin when three processes try at the same moment', async () => {
    const target = await createTestTarget('sqlite');
    try {
      const database = await openDatabase(target.options);
      try {
        await migrateToLatest(database);
        const results = await race('first-admin', target.dataDir, 3);
        expect(results.filter((result) => result['created'] === true)).toHaveLength(1);
        expect(await createUserStore(database).count()).toBe(1);
      } finally {
        await database.close();
      }
    } finally {
      await target.dispose();
    }
  });
});
