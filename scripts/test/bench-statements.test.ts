/**
 * The benchmark compares Tessera with peers doing the same database work: the peers run the SQL
 * of bench/servers/statements.mjs. This test records what Tessera sends to the driver for each
 * benchmarked route, on both engines, and fails when it drifts from that file (a new statement,
 * a wider select, a changed order) — so a ratio in docs/performance.md never compares unequal work.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error -- the bench is plain ESM JavaScript without declarations
import { STATEMENTS } from '../../bench/servers/statements.mjs';
import { testEngines } from '../../packages/server/test/support/engines.js';
import {
  login,
  refreshWithBody,
  SAME_ORIGIN,
} from '../../packages/server/test/support/lifecycle.js';
import { useTestApp } from '../../packages/server/test/support/test-app.js';

type StatementName = keyof (typeof STATEMENTS)['sqlite'];
const statements = STATEMENTS as Record<'sqlite' | 'postgres', Record<StatementName, string>>;

/** SQLite's change detection for the user and session caches: a pragma, not a query. */
const CACHE_CHECK = /^pragma data_version$/i;

/** Records every SQL text the app's driver runs, in order, until `stop()`. */
function recordStatements(): { sql: string[]; stop: () => void } {
  const sql: string[] = [];
  const probe = new BetterSqlite3(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
    'all' | 'get' | 'run' | 'iterate',
    (...args: unknown[]) => unknown
  >;
  probe.close();
  const spies = (['all', 'get', 'run', 'iterate'] as const).map((method) => {
    const original = statementPrototype[method];
    return vi.spyOn(statementPrototype, method).mockImplementation(function (
      this: { source: string },
      ...args: unknown[]
    ) {
      if (!CACHE_CHECK.test(this.source)) sql.push(this.source);
      return original.apply(this, args);
    });
  });
  const clientPrototype = pg.Client.prototype as unknown as {
    query: (...args: unknown[]) => unknown;
  };
  const originalQuery = clientPrototype.query;
  spies.push(
    vi.spyOn(clientPrototype, 'query').mockImplementation(function (
      this: unknown,
      ...args: unknown[]
    ) {
      const [text] = args;
      sql.push(typeof text === 'string' ? text : String((text as { text: string }).text));
      return originalQuery.apply(this, args);
    }),
  );
  return { sql, stop: () => spies.forEach((spy) => spy.mockRestore()) };
}

describe.each(await testEngines())(
  'benchmarked routes run the bench statements on %s',
  (engine) => {
    const t = useTestApp(engine, { config: { refreshTransport: 'body' } });
    const expected = (names: StatementName[]) => names.map((name) => statements[engine][name]);
    let recording: { sql: string[]; stop: () => void } | undefined;
    afterEach(() => recording?.stop());

    /** The SQL of the second of two identical requests (the first warms the caches). */
    const sqlOf = async (send: () => Promise<{ statusCode: number }>, status = 200) => {
      expect((await send()).statusCode).toBe(status);
      recording = recordStatements();
      expect((await send()).statusCode).toBe(status);
      recording.stop();
      return recording.sql;
    };
    const get = (url: string) => () =>
      t().app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${t().tokenFor(t().admin)}` },
      });

    it('GET /api/users: the page, then the count', async () => {
      expect(await sqlOf(get('/api/users?page=1&per_page=20'))).toEqual(
        expected(['usersPage', 'usersCount']),
      );
    });

    it('GET /api/users?q=: the searched page, then the searched count', async () => {
      expect(await sqlOf(get('/api/users?page=1&per_page=20&q=ali'))).toEqual(
        expected(['usersSearchPage', 'usersSearchCount']),
      );
    });

    it('GET /api/users/:id: the user summary', async () => {
      expect(await sqlOf(get(`/api/users/${t().bob.id}`))).toEqual(expected(['userById']));
    });

    it('GET /api/auth/me: none, the guard already holds the caller (the peers read user by id)', async () => {
      expect(await sqlOf(get('/api/auth/me'))).toEqual([]);
    });

    it('POST /api/auth/login: the user, its second factors, then one transaction (prune, session, refresh token)', async () => {
      const send = () =>
        t().app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: SAME_ORIGIN,
          payload: { email: t().alice.email, password: t().alice.password },
        });
      expect(await sqlOf(send)).toEqual(
        expected([
          'loginUser',
          'loginTotp',
          'loginPasskeys',
          'begin',
          'loginPrune',
          'loginSession',
          'insertRefreshToken',
          'commit',
        ]),
      );
    });

    it('POST /api/auth/refresh: one transaction (consume, session, user, touch, next token)', async () => {
      let current = (await login(t(), t().bob, { transport: 'body' })).refresh;
      const send = async () => {
        const response = await refreshWithBody(t(), current);
        current = response.json<{ refresh_token: string }>().refresh_token;
        return response;
      };
      expect(await sqlOf(send)).toEqual(
        expected([
          'begin',
          'refreshConsume',
          'refreshSession',
          'refreshUser',
          'refreshTouch',
          'insertRefreshToken',
          'commit',
        ]),
      );
    });
  },
);
