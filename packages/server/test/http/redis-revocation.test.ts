/**
 * Issue #13: two instances on one database share revocations over Redis. Instance A is the test
 * app, instance B a second app on the same database and Redis prefix; both run on a frozen clock
 * with a 60 s user-cache TTL, so nothing but the Redis message can tell B about a change made
 * on A (on PostgreSQL: SQLite's data_version would tell it too). A logout, a disabled user and a
 * role change made on A are refused on B within the poll; and with a private Redis killed, B
 * reads the database on every request (no revocation missed), `/api/health` says `degraded`,
 * and everything is back when Redis is.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { bearer } from '../support/hostile.js';
import { login, SAME_ORIGIN, type Held } from '../support/lifecycle.js';
import { LogCapture } from '../support/log-capture.js';
import {
  REDIS_URL,
  redisReady,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from '../support/redis.js';
import { siblingInstance } from '../support/sibling-instance.js';
import { startTestApp, useTestApp, type TestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const redis = await redisReady();

/** Long enough that the cache TTL can never be what makes B see a change (the clock is frozen too). */
const LONG_CACHE_TTL = 60;

/** The same database and Redis as `t`, another instance, with the long TTL and frozen clock. */
function sibling(t: TestApp, logs: LogCapture): Promise<FastifyInstance> {
  return siblingInstance(t, {
    logs,
    clock: () => NOW,
    config: { userCacheTtlSeconds: LONG_CACHE_TTL },
  });
}

function me(app: FastifyInstance, access: string): Promise<LightMyRequestResponse> {
  return app.inject({ url: '/api/auth/me', headers: { authorization: bearer(access) } });
}

async function statusWithin(
  check: () => Promise<number>,
  expected: number,
  timeoutMs = 2000,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let status = await check();
  while (status !== expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    status = await check();
  }
  return status;
}

function logout(t: TestApp, held: Held): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: {
      ...SAME_ORIGIN,
      authorization: bearer(held.access),
      cookie: `tessera_rt=${held.refresh}`,
    },
    payload: '{}',
  });
}

/** An instance of its own Redis prefix, with the long cache TTL. */
function redisConfig(redisUrl: string) {
  return { redisUrl, redisPrefix: uniquePrefix(), userCacheTtlSeconds: LONG_CACHE_TTL };
}

describe.runIf(redis).each(await testEngines())('revocations shared over Redis on %s', (engine) => {
  const t = useTestApp(engine, { config: redisConfig(REDIS_URL) });
  const logsB = new LogCapture();
  let b: FastifyInstance;

  beforeAll(async () => {
    b = await sibling(t(), logsB);
  });

  afterAll(async () => {
    await b.close();
  });

  it('both instances report the Redis link up in /api/health', async () => {
    for (const app of [t().app, b]) {
      const health = await app.inject({ url: '/api/health' });
      expect(health.json()).toEqual({
        status: 'ok',
        database: engine,
        redis: 'up',
        mail: 'not_configured',
      });
    }
  });

  it('a logout on A is refused on B, which had the session in memory', async () => {
    const held = await login(t(), t().alice);
    expect((await me(b, held.access)).statusCode).toBe(200);
    expect((await me(b, held.access)).statusCode).toBe(200); // served from B's memory now
    expect((await logout(t(), held)).statusCode).toBe(204);
    expect(await statusWithin(async () => (await me(b, held.access)).statusCode, 401)).toBe(401);
  });

  it('a user disabled on A is refused on B', async () => {
    const user = await t().createUser(`disabled-${engine}@example.com`);
    const held = await login(t(), user);
    const admin = await login(t(), t().admin);
    expect((await me(b, held.access)).statusCode).toBe(200);
    const patch = await t().app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { authorization: bearer(admin.access) },
      payload: { is_enabled: false },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await statusWithin(async () => (await me(b, held.access)).statusCode, 401)).toBe(401);
  });

  it('a role taken away on A is refused on B (403 where it was 200)', async () => {
    const second = await t().createUser(`second-admin-${engine}@example.com`, 'admin');
    const held = await login(t(), second);
    const admin = await login(t(), t().admin);
    const list = () =>
      b.inject({ url: '/api/users', headers: { authorization: bearer(held.access) } });
    expect((await list()).statusCode).toBe(200);
    const patch = await t().app.inject({
      method: 'PATCH',
      url: `/api/users/${second.id}`,
      headers: { authorization: bearer(admin.access) },
      payload: { role: 'user' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await statusWithin(async () => (await list()).statusCode, 403)).toBe(403);
  });
});

describe.runIf(redis).each(await testEngines())('Redis down, then back, on %s', (engine) => {
  let redis: PrivateRedis;
  let t: TestApp;
  let b: FastifyInstance;
  const logsB = new LogCapture();

  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp(engine, { config: { ...redisConfig(redis.url), loginThrottle: true } });
    b = await sibling(t, logsB);
  });

  afterAll(async () => {
    await b.close();
    await t.dispose();
    await redis.kill();
  });

  const health = async (app: FastifyInstance) =>
    (await app.inject({ url: '/api/health' })).json<{ status: string; redis: string }>();

  it('while Redis is down: degraded, one warning, and a logout on A is refused on B at once', async () => {
    const held = await login(t, t.alice);
    expect((await me(b, held.access)).statusCode).toBe(200); // in B's memory
    await redis.kill();
    expect(
      await statusWithin(async () => ((await health(b)).status === 'degraded' ? 1 : 0), 1),
    ).toBe(1);
    // Each instance notices on its own (its connection's close, or its missing heartbeat).
    expect(
      await statusWithin(async () => ((await health(t.app)).status === 'degraded' ? 1 : 0), 1),
    ).toBe(1);
    expect(await health(t.app)).toMatchObject({ status: 'degraded', redis: 'down' });
    // A cannot tell B (Redis is down), and B still answers from the database, not its memory.
    expect((await logout(t, held)).statusCode).toBe(204);
    expect((await me(b, held.access)).statusCode).toBe(401);
    const other = await login(t, t.bob);
    expect((await me(b, other.access)).statusCode).toBe(200);
    // Login throttling counts in each instance's memory meanwhile: never a 5xx, still enforced.
    for (let i = 0; i < 5; i += 1) {
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.bob.email, password: `wrong ${i}` },
      });
      expect(failed.statusCode).toBe(401);
    }
    const throttled = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: t.bob.email, password: t.bob.password },
    });
    expect(throttled.statusCode).toBe(429);
    const warnings = logsB.records().filter((record) => record['event'] === 'redis_unavailable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['level']).toBe(40);
  });

  it('when Redis is back: ok again without a restart, and revocations flow again', async () => {
    await redis.start();
    expect(
      await statusWithin(async () => ((await health(b)).status === 'ok' ? 1 : 0), 1, 5000),
    ).toBe(1);
    expect(
      await statusWithin(async () => ((await health(t.app)).status === 'ok' ? 1 : 0), 1, 5000),
    ).toBe(1);
    expect(logsB.records().filter((record) => record['event'] === 'redis_restored')).toHaveLength(
      1,
    );
    const held = await login(t, t.alice);
    expect((await me(b, held.access)).statusCode).toBe(200);
    expect((await logout(t, held)).statusCode).toBe(204);
    expect(await statusWithin(async () => (await me(b, held.access)).statusCode, 401)).toBe(401);
  });
});
