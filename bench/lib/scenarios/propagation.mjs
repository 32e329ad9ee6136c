// (e) Issue #13: how fast a revocation made on one instance reaches the others. Three Tessera
// instances on one PostgreSQL database share revocations over Redis, with a 60 s user-cache TTL
// (so only Redis can tell them). Two kinds, each timed from the moment the instance that made the
// change answered until each other instance answers the new way (polled back to back):
// - a role change (a user write): an admin demoted and promoted again, `GET /api/users` flipping
//   200 ↔ 403 on the others;
// - a logout (a session ended): a fresh session, checked once on the others (so they hold it in
//   memory), logged out, `GET /api/auth/me` going 401.
// The same logouts without Redis (default 1 s TTL) show what the others would wait otherwise.
import { connect } from 'node:net';
import { expectStatus, log, logIn } from '../checks.mjs';
import { httpRequest } from '../proc.mjs';
import { median } from '../stats.mjs';
import { ADMIN } from '../tessera.mjs';
import { BENCH_REDIS_URL } from './routes.mjs';
import { startTessera } from './servers.mjs';

const SECOND_ADMIN = { email: 'second-admin@bench.example', password: 'second admin passphrase 1' };

/** Whether Redis answers PING at `url` (host and port only). */
export function redisReachable(url = BENCH_REDIS_URL) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  return {
    count: values.length,
    p50Ms: median(values),
    p99Ms: percentile(values, 99),
    maxMs: Math.max(...values),
  };
}

/** Polls `server` until `probe.path` answers `probe.status`; ms since `since` (throws past `limitMs`). */
async function until(server, probe, since, limitMs) {
  for (;;) {
    const response = await httpRequest(server.port, {
      path: probe.path,
      headers: { authorization: `Bearer ${probe.token}` },
    });
    const elapsed = performance.now() - since;
    if (response.status === probe.status) return elapsed;
    if (elapsed > limitMs) {
      throw new Error(`${server.name}: ${probe.path} still ${response.status} after ${limitMs} ms`);
    }
  }
}

/** The others' delays for one change made by `change()` on the first instance. */
async function timeChange(others, change, probe, limitMs) {
  await change();
  const since = performance.now();
  return Promise.all(others.map((server) => until(server, probe, since, limitMs)));
}

async function startInstances(ctx, db, tag, extra) {
  const instances = [];
  for (const name of ['a', 'b', 'c']) {
    instances.push(await startTessera(ctx, `tessera-${tag}-${name}`, db, { extra }));
  }
  return instances;
}

async function roleFlips(ctx, [a, ...others], count) {
  const admin = (await logIn(a, ADMIN)).token;
  const created = await expectStatus(
    a.port,
    {
      method: 'POST',
      path: '/api/users',
      headers: { authorization: `Bearer ${admin}` },
      body: { ...SECOND_ADMIN, name: 'Second Admin', role: 'admin' },
    },
    201,
    'create the second admin',
  );
  const id = JSON.parse(created.body).id;
  const second = (await logIn(a, SECOND_ADMIN)).token;
  for (const server of others) {
    await expectStatus(
      server.port,
      { path: '/api/users', headers: { authorization: `Bearer ${second}` } },
      200,
      `${server.name} lists users`,
    );
  }
  const delays = [];
  for (let index = 0; index < count; index += 1) {
    const role = index % 2 === 0 ? 'user' : 'admin';
    const change = () =>
      expectStatus(
        a.port,
        {
          method: 'PATCH',
          path: `/api/users/${id}`,
          headers: { authorization: `Bearer ${admin}` },
          body: { role },
        },
        200,
        'role change',
      );
    const status = role === 'user' ? 403 : 200;
    delays.push(
      ...(await timeChange(others, change, { path: '/api/users', token: second, status }, 5000)),
    );
  }
  return summary(delays);
}

async function logouts(ctx, [a, ...others], count, limitMs) {
  const delays = [];
  for (let index = 0; index < count; index += 1) {
    const session = await logIn(a, ADMIN);
    for (const server of others) {
      await expectStatus(
        server.port,
        { path: '/api/auth/me', headers: { authorization: `Bearer ${session.token}` } },
        200,
        `${server.name} knows the session`,
      );
    }
    const change = () =>
      expectStatus(
        a.port,
        {
          method: 'POST',
          path: '/api/auth/logout',
          headers: { authorization: `Bearer ${session.token}` },
          body: {},
        },
        204,
        'logout',
      );
    const probe = { path: '/api/auth/me', token: session.token, status: 401 };
    delays.push(...(await timeChange(others, change, probe, limitMs)));
  }
  return summary(delays);
}

/** Runs the three measurements; `undefined` without PostgreSQL or Redis. */
export async function measurePropagation(ctx, { flips, sessions, withoutRedis }) {
  if (!ctx.postgres || !ctx.redis) return undefined;
  log(`revocation between 3 instances: ${flips} role changes, ${sessions} logouts (Redis)`);
  const shared = await startInstances(
    ctx,
    await ctx.datasets.copy('postgres', 'small', 'fanout'),
    'fanout',
    {
      TESSERA_REDIS_URL: BENCH_REDIS_URL,
      TESSERA_REDIS_PREFIX: `tessera-bench:${process.pid}:fanout:`,
      TESSERA_USER_CACHE_TTL: '60s',
    },
  );
  const roles = await roleFlips(ctx, shared, flips);
  const ended = await logouts(ctx, shared, sessions, 5000);
  for (const server of shared) await ctx.stop(server);
  log(`  Redis: role p99 ${roles.p99Ms.toFixed(1)} ms, logout p99 ${ended.p99Ms.toFixed(1)} ms`);
  log(`revocation between 3 instances without Redis (TTL 1 s): ${withoutRedis} logouts`);
  const alone = await startInstances(
    ctx,
    await ctx.datasets.copy('postgres', 'small', 'alone'),
    'alone',
    {},
  );
  const ttlOnly = await logouts(ctx, alone, withoutRedis, 5000);
  for (const server of alone) await ctx.stop(server);
  log(`  without Redis: logout p50 ${ttlOnly.p50Ms.toFixed(1)} ms`);
  return { roles, logouts: ended, withoutRedis: ttlOnly };
}
