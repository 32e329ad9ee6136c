/**
 * Issue #13, faults with real processes: three `tessera serve` instances on one PostgreSQL
 * database, reached through a TCP proxy the test cuts and restores, and on a private
 * redis-server the test kills and starts again (the shared services are never touched).
 * Redis down: every instance says `degraded` and a logout on one is refused on the others at
 * once (they read the database); Redis back: `ok` again, revocations flow over Redis again.
 * PostgreSQL unreachable: 503 with Retry-After on all three, liveness still 200; back: the
 * next requests work, with no restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTarget,
  testEngines,
  type TestDatabaseTarget,
} from '../../server/test/support/engines.js';
import {
  redisReady,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from '../../server/test/support/redis.js';
import { startTcpProxy, type TcpProxy } from '../../server/test/support/tcp-proxy.js';
import { call, loginOn, startInstances, stopInstances, until, type Instance } from './instances.js';
import { cliEnv, runCli } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';

const services = (await redisReady()) && (await testEngines()).includes('postgres');

describe.runIf(services)('three instances through Redis and PostgreSQL outages', () => {
  let target: TestDatabaseTarget;
  let redis: PrivateRedis;
  let proxy: TcpProxy;
  let cwd: string;
  let all: Instance[] = [];

  beforeAll(async () => {
    target = await createTestTarget('postgres');
    redis = await startPrivateRedis();
    const direct = new URL(target.databaseUrl!);
    proxy = await startTcpProxy(Number(direct.port || 5432));
    const proxied = new URL(target.databaseUrl!);
    proxied.port = String(proxy.port);
    cwd = await mkdtemp(join(tmpdir(), 'tessera-faults-'));
    const env = cliEnv({
      TESSERA_DATA_DIR: target.dataDir,
      DATABASE_URL: proxied.toString(),
      TESSERA_REDIS_URL: redis.url,
      TESSERA_REDIS_PREFIX: uniquePrefix(),
      TESSERA_USER_CACHE_TTL: '60s',
    });
    const created = await runCli(
      ['user', 'create', '--email', 'bob@example.com', '--name', 'Bob', '--role', 'user'],
      { cwd, env, input: PASSWORD },
    );
    expect(created.code, created.stderr).toBe(0);
    all = await startInstances(['A', 'B', 'C'], { cwd, env });
  }, 120_000);

  afterAll(async () => {
    await stopInstances(all);
    await proxy?.close();
    await redis?.kill();
    await target?.dispose();
    if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
  });

  const me = async (instance: Instance, token: string) =>
    (await call(instance, '/api/auth/me', { token })).status;
  const healthStatus = async (instance: Instance) =>
    ((await call(instance, '/api/health')).body as { status: string }).status;
  const logout = (instance: Instance, token: string) =>
    call(instance, '/api/auth/logout', { method: 'POST', token, json: {} });

  it('Redis killed: degraded everywhere, and a logout on A is refused on B and C at once', async () => {
    const [a, b, c] = all as [Instance, Instance, Instance];
    const held = await loginOn(a, 'bob@example.com', PASSWORD);
    for (const instance of all) expect(await me(instance, held.access)).toBe(200);
    await redis.kill();
    for (const instance of all) {
      expect(await until(() => healthStatus(instance), 'degraded', 5000)).toBe('degraded');
    }
    expect((await logout(a, held.access)).status).toBe(204);
    expect(await me(b, held.access)).toBe(401);
    expect(await me(c, held.access)).toBe(401);
    for (const instance of all) {
      expect(instance.output()).toContain('"event":"redis_unavailable"');
    }
  });

  it('Redis back: ok everywhere without a restart, and revocations flow over Redis again', async () => {
    const [a, b, c] = all as [Instance, Instance, Instance];
    await redis.start();
    for (const instance of all) {
      expect(await until(() => healthStatus(instance), 'ok', 10_000)).toBe('ok');
    }
    const held = await loginOn(b, 'bob@example.com', PASSWORD);
    for (const instance of all) expect(await me(instance, held.access)).toBe(200);
    expect((await logout(b, held.access)).status).toBe(204);
    expect(await until(() => me(a, held.access), 401)).toBe(401);
    expect(await until(() => me(c, held.access), 401)).toBe(401);
  });

  it('PostgreSQL unreachable: 503 with Retry-After on all three, liveness 200; back: all is well', async () => {
    await proxy.cut();
    for (const instance of all) {
      const login = await call(instance, '/api/auth/login', {
        method: 'POST',
        json: { email: 'bob@example.com', password: PASSWORD },
      });
      expect(login.status).toBe(503);
      expect((login.body as { code: string }).code).toBe('service_unavailable');
      expect(login.headers.get('retry-after')).toBe('1');
      expect((await call(instance, '/api/health/ready')).status).toBe(503);
      expect((await call(instance, '/api/health/live')).status).toBe(200);
    }
    await proxy.restore();
    for (const instance of all) {
      expect(await until(async () => (await call(instance, '/api/health/ready')).status, 200)).toBe(
        200,
      );
      const login = await call(instance, '/api/auth/login', {
        method: 'POST',
        json: { email: 'bob@example.com', password: PASSWORD },
      });
      expect(login.status).toBe(200);
    }
  });
});
