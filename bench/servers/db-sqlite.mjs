// The database peers' SQLite side: better-sqlite3, one connection, the statements Tessera runs
// (statements.mjs) prepared once at start, `.all()/.get()/.run()` returning row objects.
import Database from 'better-sqlite3';
import { STATEMENTS } from './statements.mjs';

/** The store the database routes call (same interface as db-pg.mjs; every method async). */
export function openSqliteStore(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // as Tessera sets it: every commit synced, the same disk work
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const s = Object.fromEntries(
    Object.entries(STATEMENTS.sqlite).map(([name, sql]) => [name, db.prepare(sql)]),
  );
  const rollback = db.prepare('rollback');
  return {
    engine: 'sqlite',
    async usersPage(limit, offset) {
      return { rows: s.usersPage.all(limit, offset), total: s.usersCount.get().total };
    },
    async usersSearch(pattern, limit, offset) {
      return {
        rows: s.usersSearchPage.all(pattern, '\\', pattern, '\\', limit, offset),
        total: s.usersSearchCount.get(pattern, '\\', pattern, '\\').total,
      };
    },
    async userById(id) {
      return s.userById.get(id);
    },
    async loginUser(emailKey) {
      return s.loginUser.get(emailKey);
    },
    /** Whether the user has a second factor (a confirmed TOTP factor or a passkey). */
    async hasSecondFactor(userId) {
      const totp = s.loginTotp.get(userId);
      const passkeys = s.loginPasskeys.get(userId).n;
      return (totp !== undefined && totp.confirmed_at !== null) || passkeys > 0;
    },
    /** `steps` gets `run(name, ...params)` and `get(name, ...params)` inside one transaction. */
    async transaction(steps) {
      s.begin.run();
      try {
        const result = await steps({
          changes: async (name, ...params) => s[name].run(...params).changes,
          get: async (name, ...params) => s[name].get(...params),
        });
        s.commit.run();
        return result;
      } catch (error) {
        if (db.inTransaction) rollback.run();
        throw error;
      }
    },
  };
}
