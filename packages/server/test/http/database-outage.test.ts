/**
 * Issue #13: PostgreSQL made unreachable mid-run, through a TCP proxy the test cuts and restores
 * (the shared server on 5432 is never touched). Requests that need it answer 503
 * `service_unavailable` problem+json with `Retry-After` (never a 500, never a hang past the
 * connection wait), requests answered from memory keep working, one warning line is logged, and
 * everything works again as soon as PostgreSQL is back, without a restart. A PostgreSQL that
 * accepts connections but never answers, and a full pool, get the same 503.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { POSTGRES_POOL_MAX } from '../../src/db/open-postgres.js';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { LogCapture } from '../support/log-capture.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { PASSWORD, testConfig } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const postgres = (await testEngines()).includes('postgres');

describe.runIf(postgres)('PostgreSQL unreachable, then back', () => {
  let database: PostgresTestDatabase;
  let proxy: TcpProxy;
  let folder: string;
  let app: FastifyInstance;
  let token: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy(Number(direct.port || 5432));
    const proxied = new URL(database.url);
    proxied.port = String(proxy.port);
    folder = await mkdtemp(join(tmpdir(), 'tessera-outage-'));
    app = await buildApp({
      // A 60 s cache and a frozen clock: what the guard holds stays in memory during the outage.
      config: { ...testConfig(join(folder, 'data'), proxied.toString()), userCacheTtlSeconds: 60 },
      logStream: logs,
      clock: () => NOW,
    });
    await app.ready();
    const { users, hasher, sessions, tokens, access } = app.tessera;
    const admin = await users.create({
      email: 'admin@example.com',
      name: 'Admin',
      role: 'admin',
      isEnabled: true,
      passwordHash: await hasher.hash(PASSWORD),
    });
    const { session } = await sessions.start(admin.id, 'outage test');
    token = tokens.issue({
      sub: String(admin.id),
      sid: session.id,
      scope: access.scopeStringFor('admin'),
    }).token;
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await database?.drop();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  const users = () =>
    app.inject({ url: '/api/users', headers: { authorization: `Bearer ${token}` } });
  const me = () =>
    app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  const login = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@example.com', password: PASSWORD },
    });

  function expectUnavailable(response: LightMyRequestResponse): void {
    expectProblem(response, 503, 'service_unavailable');
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).not.toMatch(/ECONN|at .*\.js|select|postgres:/i);
  }

  async function recovers(): Promise<number> {
    const deadline = performance.now() + 3000;
    let status = (await users()).statusCode;
    while (status !== 200 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await users()).statusCode;
    }
    return status;
  }

  it('cut: 503 with Retry-After where the database is needed, memory still answers, one warning', async () => {
    expect((await users()).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(200); // the session and user are now in memory
    await proxy.cut();
    expectUnavailable(await users());
    expectUnavailable(await login());
    expectUnavailable(await app.inject({ url: '/api/health' }));
    expectUnavailable(await app.inject({ url: '/api/health/ready' }));
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(200);
    const warnings = logs.records().filter((line) => line['event'] === 'database_unavailable');
    expect(warnings).toHaveLength(1);
    expect(logs.records().filter((line) => Number(line['level']) >= 50)).toEqual([]);
  });

  it('back: the next requests work, without a restart', async () => {
    await proxy.restore();
    expect(await recovers()).toBe(200);
    expect((await login()).statusCode).toBe(200);
  });

  it('hanging (connections accepted, nothing answered): 503 after the connection wait', async () => {
    await proxy.blackhole();
    // The first request may meet a pooled connection the cut just reset; the next ones wait for
    // a new connection that never answers.
    expectUnavailable(await users());
    expectUnavailable(await users());
    await proxy.restore();
    expect(await recovers()).toBe(200);
  });

  it('pool exhausted: a request that waits past the connection wait gets 503, then all is well', async () => {
    const held = Array.from({ length: POSTGRES_POOL_MAX }, () =>
      sql`select pg_sleep(3)`.execute(app.tessera.database.db),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // every connection is taken
    expectUnavailable(await users());
    await Promise.all(held);
    expect((await users()).statusCode).toBe(200);
  });
});
