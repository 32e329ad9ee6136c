#!/usr/bin/env node
// Tessera's HTTP benchmark: `npm run bench` (full run, writes docs/performance.md) or
// `npm run bench -- --quick` (a few seconds per server, writes .test-artifacts/bench-quick.md;
// it exits non-zero only when the harness itself broke, never on a threshold).
//
// It starts Tessera (`tessera serve`, default configuration) and the Fastify peers pinned in
// bench/package.json on two datasets (10 and 10 000 users), on SQLite and PostgreSQL, and loads
// each server in turn on loopback with wrk, interleaved, over several rounds, bounded in time.
// See docs/performance.md for what each scenario measures.
//
// Options: --quick, --out FILE, --rounds N, --seconds S, --no-profile, --profile (also in quick),
//          --peers a,b (also the static-route stacks node-fast-jwt, hono-jwt,
//          express-jsonwebtoken, express-passport; none by default),
//          --engines sqlite,postgres  --datasets small,large  --routes users,users-q,me,…
//          --scenarios routes,logins,warmup,propagation,workers,rss,startup,profiles (a partial run while working on one
//          part: pair it with --out, the report then leaves the other parts out),
//          --keep-profiles DIR (the .cpuprofile files, for Chrome DevTools).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BENCH = path.join(ROOT, 'bench');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    loader: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    peers: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    engines: { type: 'string' },
    datasets: { type: 'string' },
    scenarios: { type: 'string' },
    routes: { type: 'string' },
    'keep-profiles': { type: 'string' },
  },
});

/** Installs the bench's own pinned dependencies when they are missing (npm ci, bench/ only). */
function ensureBenchDependencies() {
  if (existsSync(path.join(BENCH, 'node_modules/.package-lock.json'))) return;
  console.log('bench: installing the pinned bench dependencies (npm ci --prefix bench)');
  execFileSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

ensureBenchDependencies();
const { runBench } = await import('./lib/harness.mjs');

const started = Date.now();
try {
  const outcome = await runBench({
    root: ROOT,
    quick: args.quick,
    out:
      args.out ??
      (args.quick
        ? path.join(ROOT, '.test-artifacts/bench-quick.md')
        : path.join(ROOT, 'docs/performance.md')),
    loader: args.loader,
    rounds: args.rounds === undefined ? undefined : Number(args.rounds),
    seconds: args.seconds === undefined ? undefined : Number(args.seconds),
    peers: args.peers?.split(',').filter(Boolean),
    keepProfiles: args['keep-profiles'],
    only: {
      engines: args.engines?.split(','),
      datasets: args.datasets?.split(','),
      scenarios: args.scenarios?.split(','),
      routes: args.routes?.split(','),
    },
    profile: args.profile || (!args['no-profile'] && !args.quick),
  });
  console.log(
    `\nbench: wrote ${path.relative(ROOT, outcome.file)} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
} catch (error) {
  console.error(
    `\nbench: the harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
}
