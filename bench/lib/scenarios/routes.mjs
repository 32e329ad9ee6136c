// The routes users call, on one engine and dataset: Tessera against the no-auth Fastify ceiling
// and Fastify + @fastify/jwt running the same statements, interleaved rounds per route.
import { existsSync, writeFileSync } from 'node:fs';
import {
  checkedLoad,
  checkServer,
  expectStatus,
  log,
  logIn,
  refreshOnce,
  roundOrder,
} from '../checks.mjs';
import { median } from '../stats.mjs';
import { ADMIN, STATIC_ENTRY } from '../tessera.mjs';
import { startPeer, startTessera } from './servers.mjs';

const PAGE = '/api/users?page=1&per_page=20';
/** The `q` of each dataset: `user` matches the 9 members of 10; `user12` matches 111 of 10 000. */
export const SEARCH = { small: 'user', large: 'user12' };

/** The routes measured on a dataset (`small`: 10 users; `large`: the big one). */
function routesFor(engine, dataset) {
  const routes = [
    { id: 'users', label: 'GET /api/users (page of 20)', path: PAGE },
    {
      id: 'users-q',
      label: `GET /api/users?q=${SEARCH[dataset]}`,
      path: `${PAGE}&q=${SEARCH[dataset]}`,
    },
  ];
  if (dataset !== 'small') return routes;
  routes.push(
    { id: 'user-id', label: 'GET /api/users/:id', path: '/api/users/5' },
    { id: 'me', label: 'GET /api/auth/me', path: '/api/auth/me' },
    { id: 'refresh', label: 'POST /api/auth/refresh', path: '/api/auth/refresh', refresh: true },
  );
  if (engine === 'sqlite')
    routes.push({
      id: 'static',
      label: 'static JSON (/api/bench/static)',
      path: '/api/bench/static',
      static: true,
    });
  return routes;
}

/** Fills a server's refresh-token pool to `size` by logging in (4 at a time). */
async function topUp(target, size) {
  while (target.pool.length < size) {
    const batch = Math.min(4, size - target.pool.length);
    const bodies = await Promise.all(
      Array.from({ length: batch }, () => logIn(target.server, ADMIN)),
    );
    target.pool.push(...bodies.map((b) => b.refresh_token));
  }
}

/** One login, then two chained refreshes and a reuse: the chaining the load relies on works. */
async function checkRefreshChain(server) {
  const first = (await logIn(server, ADMIN)).refresh_token;
  const second = await refreshOnce(server, first);
  const third = await refreshOnce(server, second.body.refresh_token);
  const reused = await refreshOnce(server, second.body.refresh_token);
  if (second.status !== 200 || third.status !== 200 || reused.status !== 401)
    throw new Error(
      `${server.name}: refresh chaining broke (${second.status}, ${third.status}, reuse ${reused.status})`,
    );
}

/** The routes also measured on a Tessera signing with EdDSA (SQLite, 10 users). */
const EDDSA_ROUTES = new Set(['me', 'users']);
/** The routes also measured on a Tessera with its request log off (SQLite, 10 users). */
const NO_LOG_ROUTES = new Set(['users', 'me', 'static']);
const NO_LOG = { TESSERA_LOG_REQUESTS: 'false' };
/** The routes also measured on a Tessera with Redis (PostgreSQL, 10 users). */
const REDIS_ROUTES = new Set(['me', 'users']);
/** The Redis the bench's Tessera uses (issue #13: what sharing revocations costs a request). */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Tessera variant's target for `route`: its own admin token, checked to answer `payload`. */
async function variantTarget(route, key, server, payload) {
  const token = (await logIn(server, ADMIN)).token;
  await checkServer(server, { path: route.path, token, payload });
  return { route, key, server, headers: { authorization: `Bearer ${token}` } };
}

/** Starts the servers of (engine, dataset) and checks they answer alike. */
export async function startGroup(ctx, engine, dataset) {
  const tag = `${engine}-${dataset}`;
  const copy = (name) => ctx.datasets.copy(engine, dataset, name);
  const tessera = await startTessera(ctx, `tessera-${tag}`, await copy('tessera'));
  const token = (await logIn(tessera, ADMIN)).token;
  const servers = { tessera };
  const reference = new Map();
  for (const route of routesFor(engine, dataset).filter((r) => !r.refresh && !r.static)) {
    const response = await fetchJson(tessera, route.path, token);
    reference.set(route.id, response);
  }
  // The static servers answer the users page; a run without SQLite takes PostgreSQL's.
  if (dataset === 'small' && (engine === 'sqlite' || !existsSync(ctx.payloadFile)))
    writeFileSync(ctx.payloadFile, JSON.stringify(reference.get('users')));
  if (engine === 'sqlite' && dataset === 'small') {
    ctx.scopes.admin = (await logIn(tessera, ADMIN)).scope;
    ctx.scopes.user = (
      await logIn(tessera, { email: 'user1@bench.example', password: 'bench user passphrase 1' })
    ).scope;
    servers.tesseraStatic = await startTessera(ctx, `tessera-static`, await copy('static'), {
      entry: STATIC_ENTRY,
    });
    // The same Tessera with its request log off (TESSERA_LOG_REQUESTS=false): what the log
    // costs, and how close Tessera comes to the ceilings without it.
    servers.tesseraNoLog = await startTessera(ctx, 'tessera-no-log', await copy('no-log'), {
      extra: NO_LOG,
    });
    servers.tesseraStaticNoLog = await startTessera(
      ctx,
      'tessera-static-no-log',
      await copy('static-no-log'),
      { entry: STATIC_ENTRY, extra: NO_LOG },
    );
    // The same Tessera signing with EdDSA (issue #12): its verify path against HS256's.
    servers.tesseraEddsa = await startTessera(ctx, 'tessera-eddsa', await copy('eddsa'), {
      extra: { TESSERA_SIGNING_ALG: 'EdDSA' },
    });
  }
  if (engine === 'postgres' && dataset === 'small' && ctx.redis) {
    // The same Tessera with TESSERA_REDIS_URL (issue #13): the cost Redis adds to a request.
    servers.tesseraRedis = await startTessera(ctx, 'tessera-redis', await copy('redis'), {
      extra: {
        TESSERA_REDIS_URL: BENCH_REDIS_URL,
        TESSERA_REDIS_PREFIX: `tessera-bench:${process.pid}:routes:`,
      },
    });
  }
  if (dataset === 'small')
    servers.tesseraRefresh = await startTessera(
      ctx,
      `tessera-refresh-${tag}`,
      await copy('refresh'),
      {
        extra: { TESSERA_REFRESH_TRANSPORT: 'body' },
      },
    );
  servers.ceiling = await startPeer(ctx, 'fastify-ceiling', await copy('ceiling'));
  servers.jwt = await startPeer(ctx, 'fastify-jwt', await copy('jwt'));

  const targets = [];
  for (const route of routesFor(engine, dataset).filter(
    (route) => ctx.wantedRoute?.(route.id) ?? true,
  )) {
    if (route.refresh) {
      for (const [key, server] of [
        ['tessera', servers.tesseraRefresh],
        ['jwt', servers.jwt],
      ]) {
        await checkRefreshChain(server);
        targets.push({ route, key, server, pool: [] });
      }
      continue;
    }
    const own = route.static ? servers.tesseraStatic : tessera;
    const ownToken = route.static ? (await logIn(own, ADMIN)).token : token;
    const payload = route.static ? reference.get('users') : reference.get(route.id);
    await checkServer(own, { path: route.path, token: ownToken, payload });
    await checkServer(servers.ceiling, {
      path: route.path,
      token: ownToken,
      payload,
      authenticates: false,
    });
    await checkServer(servers.jwt, { path: route.path, token: ownToken, payload });
    const headers = { authorization: `Bearer ${ownToken}` };
    targets.push({ route, key: 'tessera', server: own, headers });
    const variants = [
      ['tessera-eddsa', EDDSA_ROUTES, servers.tesseraEddsa],
      [
        'tessera-no-log',
        NO_LOG_ROUTES,
        route.static ? servers.tesseraStaticNoLog : servers.tesseraNoLog,
      ],
      ['tessera-redis', REDIS_ROUTES, servers.tesseraRedis],
    ];
    for (const [key, routes, server] of variants) {
      if (server !== undefined && routes.has(route.id))
        targets.push(await variantTarget(route, key, server, payload));
    }
    targets.push({ route, key: 'ceiling', server: servers.ceiling, headers });
    targets.push({ route, key: 'jwt', server: servers.jwt, headers });
  }
  return { engine, dataset, servers, targets };
}

async function fetchJson(server, urlPath, token) {
  const response = await expectStatus(
    server.port,
    { path: urlPath, headers: { authorization: `Bearer ${token}` } },
    200,
    `${server.name} ${urlPath}`,
  );
  return JSON.parse(response.body);
}

/** One bounded load of a target (refresh targets chain their pool of tokens). */
async function loadTarget(ctx, target, seconds) {
  const { connections } = ctx.settings;
  const options = { port: target.server.port, path: target.route.path, seconds, connections };
  if (target.route.refresh) {
    await topUp(target, connections + 10);
    const result = await checkedLoad(ctx.loader, `${target.server.name} refresh`, {
      ...options,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      tokenPool: target.pool,
    });
    target.pool = result.tokens ?? [];
    return result;
  }
  return checkedLoad(ctx.loader, target.server.name, { ...options, headers: target.headers });
}

/** Warm-up, then interleaved rounds over every target of the group; one row per target. */
export async function measureGroup(ctx, group) {
  const { settings } = ctx;
  const { targets } = group;
  log(
    `routes ${group.engine}/${group.dataset}: ${targets.length} targets × ${settings.rounds} × ${settings.seconds} s`,
  );
  if (settings.warmupSeconds > 0)
    for (const target of targets) await loadTarget(ctx, target, settings.warmupSeconds);
  const samples = new Map(targets.map((t) => [t, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const target of roundOrder(targets, round)) {
      const result = await loadTarget(ctx, target, settings.seconds);
      samples.get(target).push(result);
      log(
        `  ${round + 1} ${`${target.route.id} ${target.key}`.padEnd(18)} ${Math.round(result.rps)} req/s, p99 ${result.p99Ms.toFixed(2)} ms`,
      );
    }
  }
  return targets.map((target) => {
    const runs = samples.get(target);
    return {
      engine: group.engine,
      dataset: group.dataset,
      route: target.route.id,
      routeLabel: target.route.label,
      server: target.key,
      rps: median(runs.map((r) => r.rps)),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
      rounds: runs.map((r) => Math.round(r.rps)),
    };
  });
}
