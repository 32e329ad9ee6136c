// The scale-out parts of docs/performance.md (issue #13): what Redis costs a request, and how
// fast a revocation made on one instance reaches the others.
import { table } from './markdown.mjs';
import { fixed, int, ratio } from './stats.mjs';

const find = (results, route, server) =>
  results.routes.find(
    (r) =>
      r.engine === 'postgres' && r.dataset === 'small' && r.route === route && r.server === server,
  );

/** Tessera with and without `TESSERA_REDIS_URL`, same routes, same run. */
function redisCostSection(results) {
  const rows = [];
  for (const route of ['users', 'me']) {
    const alone = find(results, route, 'tessera');
    const withRedis = find(results, route, 'tessera-redis');
    if (alone === undefined || withRedis === undefined) continue;
    rows.push([
      alone.routeLabel,
      int(alone.rps),
      int(withRedis.rps),
      ratio(withRedis.rps / alone.rps),
      fixed(alone.p99Ms, 2),
      fixed(withRedis.p99Ms, 2),
    ]);
  }
  if (rows.length === 0) return [];
  return [
    '',
    '## What Redis costs a request',
    '',
    'The same Tessera on copies of the same PostgreSQL data, one alone, one with `TESSERA_REDIS_URL` (sharing',
    'revocations; Redis on loopback). Redis is not on the request path: it is heard in the background and',
    'written to only when something is revoked.',
    '',
    table(
      [
        'Route (PostgreSQL, 10 users)',
        'alone req/s',
        'with Redis req/s',
        'with ÷ alone',
        'alone p99 ms',
        'with Redis p99 ms',
      ],
      rows,
    ),
  ];
}

/** Revocation propagation between three instances. */
function propagationSection(results) {
  const p = results.propagation;
  if (p === undefined) return [];
  const line = (label, s) => [
    label,
    int(s.count),
    fixed(s.p50Ms, 1),
    fixed(s.p99Ms, 1),
    fixed(s.maxMs, 1),
  ];
  return [
    '',
    '## Revocation between instances',
    '',
    'Three `tessera serve` instances on one PostgreSQL database. The change is made on the first; each',
    'delay runs from its answer until another instance, polled back to back over HTTP, answers the new way',
    '(one delay per other instance and change, so the poll interval is in the figure). With Redis the',
    'user-cache TTL is 60 s, so only the Redis message can tell them; without Redis the default 1 s TTL does.',
    '',
    table(
      ['Change', 'delays', 'p50 ms', 'p99 ms', 'max ms'],
      [
        line('Role change (user write), with Redis', p.roles),
        line('Logout (session ended), with Redis', p.logouts),
        line('Logout, without Redis (TTL 1 s)', p.withoutRedis),
      ],
    ),
  ];
}

/** `--workers 2` against one process. */
function workersSection(results) {
  if (results.workers === undefined) return [];
  return [
    '',
    '## Two workers against one process',
    '',
    '`tessera serve --workers 2` (node:cluster) and a single `tessera serve`, each on its own copy of the',
    '10-user SQLite file, loaded in turn with the same connections; wrk shares the same two cores.',
    '',
    table(
      ['Route', '1 process req/s', '2 workers req/s', '2 ÷ 1'],
      results.workers.map((row) => [
        row.route,
        int(row.one),
        int(row.two),
        ratio(row.two / row.one),
      ]),
    ),
  ];
}

/** The scale-out sections (each empty when its part did not run). */
export function scaleOutSections(results) {
  return [...redisCostSection(results), ...propagationSection(results), ...workersSection(results)];
}
