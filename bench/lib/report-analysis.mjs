// The parts of docs/performance.md that read the figures rather than list them: how far the
// `GET /api/users` targets are from what the ceiling allows in this run, and the warm-up tail.
import { table } from './markdown.mjs';
import { fixed, int, median, ratio } from './stats.mjs';

const row = (results, engine, route, server) =>
  results.routes.find(
    (r) => r.engine === engine && r.dataset === 'small' && r.route === route && r.server === server,
  );
/**
 * Per engine: the @fastify/jwt peer as a share of the ceiling, so what "1.3× the peer" asks as
 * a share of the ceiling, and Tessera's extra cost per request over the ceiling against what its
 * profile attributes to the guard and to logging.
 */
export function boundsSection(results) {
  const lines = [
    '',
    '## What the `GET /api/users` targets ask, against this run',
    '',
    'The ceiling runs the same statements with no token check and no logger: no server that checks a token',
    'and writes a request log does less work per request, so the ceiling bounds Tessera from above.',
    '',
  ];
  const rows = [];
  for (const engine of results.postgres ? ['sqlite', 'postgres'] : ['sqlite']) {
    const t = row(results, engine, 'users', 'tessera');
    const c = row(results, engine, 'users', 'ceiling');
    const j = row(results, engine, 'users', 'jwt');
    if (!t || !c || !j) continue;
    const profile = results.profiles.find(
      (p) => p.label === `users, 10, ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    );
    const extra = 1e6 / t.rps - 1e6 / c.rps;
    rows.push([
      engine === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      ratio(j.rps / c.rps),
      ratio((1.3 * j.rps) / c.rps),
      ratio(t.rps / c.rps),
      ratio(t.rps / j.rps),
      `${fixed(extra, 1)} µs`,
      profile ? `${fixed(profile.owners.guard, 1)} / ${fixed(profile.owners.logging, 1)} µs` : '—',
    ]);
  }
  lines.push(
    table(
      [
        'Engine',
        'peer ÷ ceiling',
        '1.3× the peer, as a share of the ceiling',
        'Tessera ÷ ceiling',
        'Tessera ÷ peer',
        'Tessera − ceiling, per request (wall, 2 cores shared with wrk)',
        'profiled guard / logging per request',
      ],
      rows,
    ),
    '',
    'Where "1.3× the peer" is above 1× the ceiling, that target asks Tessera to check the token, the scope,',
    'the session and the user and to write the request log in less than no time: out of reach with the same',
    'statements, on this machine. The ceiling target (0.85×) is the one that measures the overhead.',
  );
  return lines;
}

/** The first seconds after start, fresh Tessera against a fresh ceiling (p99 per second). */
export function warmupSection(results) {
  const { warmup } = results;
  if (warmup === undefined) return [];
  const seconds = warmup.tessera[0].length;
  const bySecond = (runs, key) =>
    Array.from({ length: seconds }, (_, i) => median(runs.map((run) => run[i][key])));
  const t99 = bySecond(warmup.tessera, 'p99Ms');
  const c99 = bySecond(warmup.ceiling, 'p99Ms');
  const trps = bySecond(warmup.tessera, 'rps');
  const crps = bySecond(warmup.ceiling, 'rps');
  return [
    '',
    '## Tail latency and warm-up',
    '',
    `A fresh server under \`GET /api/users\` (10 users, SQLite, ${results.settings.connections} connections), one-second slices from the first`,
    `request, median of ${warmup.tessera.length} fresh starts. Tessera's p99 is high only while V8 compiles its hot`,
    'path (the route, guard, Kysely and pino code it runs per request, several times the ceiling’s): after',
    "that its p99 follows the ceiling's. The route tables above are measured after a warm-up of",
    `${results.settings.warmupSeconds} s per server; spikes that hit every server alike are this shared machine.`,
    '',
    table(
      ['Second', 'Tessera p99 ms', 'ceiling p99 ms', 'Tessera req/s', 'ceiling req/s'],
      t99.map((_, i) => [
        String(i + 1),
        fixed(t99[i], 1),
        fixed(c99[i], 1),
        int(trps[i]),
        int(crps[i]),
      ]),
    ),
  ];
}
