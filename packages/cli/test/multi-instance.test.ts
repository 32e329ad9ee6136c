/**
 * Issue #13 with real processes: three `tessera serve` instances (A, B, C) on one PostgreSQL
 * database and one Redis (a prefix of the test's own), with a 60 s user-cache TTL so that only
 * Redis can carry a change between them. A session logged in on A, refreshed on B and logged out
 * on C is refused on all three; a user disabled on A is refused on B and C; a role taken away on
 * B is refused on A; `tessera user disable` in another process is refused on all three;
 * failed logins of one account spread over the three reach the backoff.
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
import { REDIS_URL, redisReady, uniquePrefix } from '../../server/test/support/redis.js';
import { call, loginOn, startInstances, stopInstances, until, type Instance } from './instances.js';
import { cliEnv, runCli } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';
const USERS = [
  ['root@example.com', 'admin'],
  ['second@example.com', 'admin'],
  ['bob@example.com', 'user'],
  ['carol@example.com', 'user'],
  ['dave@example.com', 'user'],
  ['erin@example.com', 'user'],
] as const;

const services = (await redisReady()) && (await testEngines()).includes('postgres');

describe.runIf(services)('three instances on PostgreSQL + Redis', () => {
  let target: TestDatabaseTarget;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  let a: Instance;
  let b: Instance;
  let c: Instance;
  let all: Instance[] = [];
  const ids = new Map<string, number>();

  beforeAll(async () => {
    target = await createTestTarget('postgres');
    cwd = await mkdtemp(join(tmpdir(), 'tessera-instances-'));
    env = cliEnv({
      TESSERA_DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl,
      TESSERA_REDIS_URL: REDIS_URL,
      TESSERA_REDIS_PREFIX: uniquePrefix(),
      TESSERA_USER_CACHE_TTL: '60s',
      TESSERA_LOG_LEVEL: 'info',
    });
    for (const [email, role] of USERS) {
      const created = await runCli(
        ['user', 'create', '--email', email, '--name', email, '--role', role],
        { cwd, env, input: PASSWORD },
      );
      expect(created.code, created.stderr).toBe(0);
    }
    all = await startInstances(['A', 'B', 'C'], { cwd, env });
    [a, b, c] = all as [Instance, Instance, Instance];
    const root = await loginOn(a, 'root@example.com', PASSWORD);
    const list = await call(a, '/api/users', { token: root.access });
    for (const user of (list.body as { users: { id: number; email: string }[] }).users) {
      ids.set(user.email, user.id);
    }
  }, 120_000);

  afterAll(async () => {
    await stopInstances(all);
    await target?.dispose();
    if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
  });

  const me = async (instance: Instance, token: string) =>
    (await call(instance, '/api/auth/me', { token })).status;

  it('every instance reports Redis up', async () => {
    for (const instance of all) {
      expect((await call(instance, '/api/health')).body).toEqual({
        status: 'ok',
        database: 'postgres',
        redis: 'up',
        mail: 'not_configured',
      });
    }
  });

  it('login on A, refresh on B, logout on C: refused on all three', async () => {
    const held = await loginOn(a, 'bob@example.com', PASSWORD);
    const refreshed = await call(b, '/api/auth/refresh', {
      method: 'POST',
      cookie: held.cookie,
      json: {},
    });
    expect(refreshed.status).toBe(200);
    const access = (refreshed.body as { access_token: string }).access_token;
    const cookie = /tessera_rt=[^;]*/.exec(refreshed.setCookie ?? '')?.[0] ?? '';
    for (const instance of all) expect(await me(instance, access)).toBe(200); // now in memory
    const logout = await call(c, '/api/auth/logout', {
      method: 'POST',
      token: access,
      cookie,
      json: {},
    });
    expect(logout.status).toBe(204);
    for (const instance of all) expect(await until(() => me(instance, access), 401)).toBe(401);
    const again = await call(a, '/api/auth/refresh', { method: 'POST', cookie, json: {} });
    expect(again.status).toBe(401);
  });

  it('a user disabled on A is refused on B and C', async () => {
    const carol = await loginOn(b, 'carol@example.com', PASSWORD);
    for (const instance of all) expect(await me(instance, carol.access)).toBe(200);
    const root = await loginOn(a, 'root@example.com', PASSWORD);
    const patch = await call(a, `/api/users/${String(ids.get('carol@example.com'))}`, {
      method: 'PATCH',
      token: root.access,
      json: { is_enabled: false },
    });
    expect(patch.status).toBe(200);
    for (const instance of [b, c]) {
      expect(await until(() => me(instance, carol.access), 401)).toBe(401);
    }
  });

  it('a role taken away on B is refused on A (403 where it was 200)', async () => {
    const second = await loginOn(c, 'second@example.com', PASSWORD);
    const listOnA = async () => (await call(a, '/api/users', { token: second.access })).status;
    expect(await listOnA()).toBe(200);
    const root = await loginOn(b, 'root@example.com', PASSWORD);
    const patch = await call(b, `/api/users/${String(ids.get('second@example.com'))}`, {
      method: 'PATCH',
      token: root.access,
      json: { role: 'user' },
    });
    expect(patch.status).toBe(200);
    expect(await until(listOnA, 403)).toBe(403);
  });

  it('failed logins of one account spread over A, B and C start its backoff on all three', async () => {
    for (let i = 0; i < 5; i += 1) {
      const failed = await call(all[i % 3]!, '/api/auth/login', {
        method: 'POST',
        json: { email: 'dave@example.com', password: `wrong ${i}` },
      });
      expect(failed.status).toBe(401);
    }
    for (const instance of all) {
      const blocked = await call(instance, '/api/auth/login', {
        method: 'POST',
        json: { email: 'dave@example.com', password: PASSWORD },
      });
      expect(blocked.status).toBe(429);
    }
  });

  it('a user disabled with the CLI (another process) is refused on all three', async () => {
    const erin = await loginOn(a, 'erin@example.com', PASSWORD);
    for (const instance of all) expect(await me(instance, erin.access)).toBe(200);
    const disabled = await runCli(['user', 'disable', 'erin@example.com'], { cwd, env });
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stderr).toBe('');
    for (const instance of all) expect(await until(() => me(instance, erin.access), 401)).toBe(401);
  });
});
