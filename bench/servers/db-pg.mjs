// The database peers' PostgreSQL side: `pg` with a Pool of 10 (Tessera's POSTGRES_POOL_MAX) and
// `pool.query({ text, values })`, unnamed (no server-side prepared statements), as Kysely's
// PostgresDialect sends Tessera's queries.
import pg from 'pg';
import { STATEMENTS } from './statements.mjs';

const S = STATEMENTS.postgres;

export function openPgStore(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const query = async (client, name, values) => client.query({ text: S[name], values });
  return {
    engine: 'postgres',
    async usersPage(limit, offset) {
      const page = await query(pool, 'usersPage', [limit, offset]);
      const count = await query(pool, 'usersCount', []);
      return { rows: page.rows, total: Number(count.rows[0].total) };
    },
    async usersSearch(pattern, limit, offset) {
      const page = await query(pool, 'usersSearchPage', [
        pattern,
        '\\',
        pattern,
        '\\',
        limit,
        offset,
      ]);
      const count = await query(pool, 'usersSearchCount', [pattern, '\\', pattern, '\\']);
      return { rows: page.rows, total: Number(count.rows[0].total) };
    },
    async userById(id) {
      return (await query(pool, 'userById', [id])).rows[0];
    },
    async loginUser(emailKey) {
      return (await query(pool, 'loginUser', [emailKey])).rows[0];
    },
    /** Whether the user has a second factor (a confirmed TOTP factor or a passkey). */
    async hasSecondFactor(userId) {
      const [totp, passkeys] = await Promise.all([
        query(pool, 'loginTotp', [userId]),
        query(pool, 'loginPasskeys', [userId]),
      ]);
      const row = totp.rows[0];
      return (row !== undefined && row.confirmed_at !== null) || Number(passkeys.rows[0].n) > 0;
    },
    async transaction(steps) {
      const client = await pool.connect();
      try {
        await query(client, 'begin', []);
        const result = await steps({
          changes: async (name, ...params) => (await query(client, name, params)).rowCount,
          get: async (name, ...params) => (await query(client, name, params)).rows[0],
        });
        await query(client, 'commit', []);
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
