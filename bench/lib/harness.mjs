// The scenarios of `npm run bench`. Every server is a child process on loopback; every load run
// is bounded in time; every figure is the median of interleaved rounds from this one run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { log } from './checks.mjs';
import { createDatasets, pgReachable } from './datasets.mjs';
import { pickLoader } from './load.mjs';
import { describeMachine } from './machine.mjs';
import { startServer } from './proc.mjs';
import { evaluateTargets, renderReport } from './report.mjs';
import { measureLogins } from './scenarios/logins.mjs';
import { measureRss, measureStartup } from './scenarios/memory.mjs';
import { measureProfiles } from './scenarios/profiles.mjs';
import { measurePropagation, redisReachable } from './scenarios/propagation.mjs';
import { measureGroup, startGroup } from './scenarios/routes.mjs';
import { measureExtraPeers } from './scenarios/extra-peers.mjs';
import { measureWarmup } from './scenarios/warmup.mjs';
import { measureWorkers } from './scenarios/workers.mjs';
import { assertBuilt, createTesseraHome } from './tessera.mjs';

/** The report in the repository's Prettier style when Prettier is installed (it is a root dev dependency). */
async function formatMarkdown(markdown, file) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(markdown, { ...config, filepath: file });
  } catch {
    return markdown;
  }
}

/** Durations and sizes of a full and of a quick run. */
function settingsFor(quick, overrides) {
  const base = quick
    ? {
        rounds: 1,
        seconds: 1,
        warmupSeconds: 0,
        loginRounds: 1,
        loginSeconds: 1,
        rssRequests: 20_000,
        rssEarly: 5_000,
        rssChunkSeconds: 1,
        startRounds: 1,
        largeUsers: 2_000,
      }
    : {
        rounds: 3,
        seconds: 5,
        // Tessera's hot path is compiled by V8 within about 2 s of load (the warm-up scenario
        // shows it); rounds measure the long-running server.
        warmupSeconds: 3,
        // argon2id at ~100 logins/s: 3 rounds of 3 s gave raw rates 89–108/s in one run; the
        // median of 5 rounds of 4 s moves less with the machine's other load.
        loginRounds: 5,
        loginSeconds: 4,
        rssRequests: 1_000_000,
        rssEarly: 100_000,
        rssChunkSeconds: 2,
        startRounds: 5,
        largeUsers: 10_000,
      };
  return {
    ...base,
    ...(overrides.rounds > 0 ? { rounds: overrides.rounds } : {}),
    ...(overrides.seconds > 0 ? { seconds: overrides.seconds } : {}),
    connections: 50,
    loginConnections: 8,
    hashConcurrency: 3, // Tessera's default TESSERA_HASH_CONCURRENCY
  };
}

/**
 * Runs every scenario and writes the report. Returns `{ file, results }`; throws when the
 * harness broke (a server did not start, answered wrongly, or a load run saw errors).
 */
export async function runBench(options) {
  const { root, quick, out } = options;
  /** Whether a part is in the run: every part unless `options.only[kind]` lists some. */
  const wanted = (kind) => (name) => options.only?.[kind]?.includes(name) ?? true;
  const partial = Object.values(options.only ?? {}).some((list) => list !== undefined);
  assertBuilt();
  const loader = pickLoader(options.loader);
  if (loader !== 'wrk') throw new Error('the bench needs wrk (apt-get install -y wrk)');
  const settings = settingsFor(quick, options);
  const machine = describeMachine(root, loader);
  const startedAt = new Date();
  log(`bench: ${quick ? 'quick' : 'full'} run with ${machine.loader} on ${machine.cpu}`);

  const postgres = await pgReachable();
  if (!postgres && process.env.CI === 'true')
    throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432 (required with CI=true)');
  if (!postgres) log('bench: PostgreSQL is not reachable: its part is skipped');
  const redis = await redisReachable();
  if (!redis && process.env.CI === 'true')
    throw new Error('Redis is not reachable at 127.0.0.1:6379 (required with CI=true)');
  if (!redis) log('bench: Redis is not reachable: the Redis parts are skipped');

  const home = createTesseraHome();
  const logDir = path.join(home.folder, 'logs');
  mkdirSync(logDir, { recursive: true });
  const servers = [];
  const ctx = {
    root,
    home,
    loader,
    settings,
    logDir,
    payloadFile: path.join(home.folder, 'users-page.json'),
    wantedRoute: wanted('routes'),
    keepProfiles: options.keepProfiles,
    scopes: {},
    postgres,
    redis,
    async start(spec) {
      const server = await startServer(spec);
      servers.push(server);
      return server;
    },
    async stop(server) {
      const index = servers.indexOf(server);
      if (index !== -1) servers.splice(index, 1);
      await server.stop();
    },
  };
  let datasets;
  try {
    datasets = await createDatasets(home, { largeUsers: settings.largeUsers, postgres });
    ctx.datasets = datasets;
    ctx.adminHash = datasets.adminHash;
    const routes = [];
    const logins = [];
    const engines = (postgres ? ['sqlite', 'postgres'] : ['sqlite']).filter(wanted('engines'));
    for (const engine of engines) {
      for (const dataset of ['small', 'large'].filter(wanted('datasets'))) {
        if (!wanted('scenarios')('routes') && !wanted('scenarios')('logins')) continue;
        const group = await startGroup(ctx, engine, dataset);
        if (wanted('scenarios')('routes')) routes.push(...(await measureGroup(ctx, group)));
        if (dataset === 'small' && wanted('scenarios')('logins'))
          logins.push(await measureLogins(ctx, group));
        for (const server of Object.values(group.servers)) await ctx.stop(server);
      }
    }
    const extraPeers = options.peers?.length ? await measureExtraPeers(ctx, options.peers) : [];
    const warmup =
      wanted('scenarios')('warmup') && wanted('engines')('sqlite')
        ? await measureWarmup(ctx, { rounds: quick ? 1 : 2, count: quick ? 2 : 6 })
        : undefined;
    const propagation = wanted('scenarios')('propagation')
      ? await measurePropagation(ctx, {
          flips: quick ? 40 : 1000,
          // Each logout costs the two other instances one 401 from 127.0.0.1: stay under the
          // rejected-token limit (300 a minute per address, shared over Redis).
          sessions: quick ? 10 : 120,
          withoutRedis: quick ? 5 : 30,
        })
      : undefined;
    const workers =
      wanted('scenarios')('workers') && wanted('engines')('sqlite')
        ? await measureWorkers(ctx)
        : undefined;
    const rss = wanted('scenarios')('rss') ? await measureRss(ctx) : undefined;
    const startup = wanted('scenarios')('startup') ? await measureStartup(ctx) : undefined;
    const profiles =
      options.profile && wanted('scenarios')('profiles')
        ? await measureProfiles(ctx, { postgres: postgres && wanted('engines')('postgres') })
        : [];
    const results = {
      quick,
      startedAt,
      finishedAt: new Date(),
      machine,
      settings,
      postgres,
      routes,
      extraPeers,
      logins,
      warmup,
      propagation,
      workers,
      rss,
      startup,
      profiles,
    };
    if (partial) {
      // A partial run has no report (its targets need every part): the figures as JSON.
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
      for (const r of routes)
        log(
          `${r.engine}/${r.dataset} ${r.route} ${r.server} ${JSON.stringify({ rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms })}`,
        );
      return { file: out, results };
    }
    results.targets = evaluateTargets(results);
    const report = await formatMarkdown(renderReport(results), out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, report);
    log(
      `\n${results.targets.map((t) => `${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.measured} (target ${t.target})`).join('\n')}`,
    );
    if (quick) log('(quick run: a harness check; targets are judged on the full run only)');
    return { file: out, results };
  } finally {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await datasets?.dispose();
    home.dispose();
  }
}
