// docs/performance.md from one run's results: the targets, the routes table per engine and
// dataset, logins, memory, start, and where each Tessera route's time goes.
import { table } from './markdown.mjs';
import { OWNERS } from './profile.mjs';
import { boundsSection, warmupSection } from './report-analysis.mjs';
import { scaleOutSections } from './report-scale-out.mjs';
import { fixed, int, ratio } from './stats.mjs';

/** The row of `key` = 'engine/dataset/route/server'. */
const row = (results, key) =>
  results.routes.find((r) => `${r.engine}/${r.dataset}/${r.route}/${r.server}` === key);

function atLeast(name, value, required) {
  return {
    name,
    target: `≥ ${required}×`,
    measured: ratio(value),
    met: value >= required,
    gap: value >= required ? '' : `${fixed((1 - value / required) * 100)} % short`,
  };
}

/** The issue's targets, each with this run's value and whether it is met. */
export function evaluateTargets(results) {
  const targets = [];
  for (const engine of results.postgres ? ['sqlite', 'postgres'] : ['sqlite']) {
    const name = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const t = row(results, `${engine}/small/users/tessera`);
    const c = row(results, `${engine}/small/users/ceiling`);
    const j = row(results, `${engine}/small/users/jwt`);
    targets.push(
      atLeast(
        `GET /api/users (10 users, ${name}) vs the no-auth ceiling, req/s`,
        t.rps / c.rps,
        0.85,
      ),
    );
    targets.push(
      atLeast(
        `GET /api/users (10 users, ${name}) vs Fastify + @fastify/jwt, req/s`,
        t.rps / j.rps,
        1.3,
      ),
    );
    if (engine === 'sqlite') {
      const p99 = t.p99Ms / c.p99Ms;
      targets.push({
        name: 'GET /api/users (10 users, SQLite) p99 vs the ceiling p99',
        target: '≤ 1.5×',
        measured: ratio(p99),
        met: p99 <= 1.5,
        gap: p99 <= 1.5 ? '' : `${fixed((p99 / 1.5 - 1) * 100)} % over`,
      });
    }
  }
  const staticCeiling = row(results, 'sqlite/small/static/ceiling');
  const me = row(results, 'sqlite/small/me/tessera');
  const staticTessera = row(results, 'sqlite/small/static/tessera');
  targets.push(
    atLeast(
      'GET /api/auth/me (SQLite) vs the static no-auth ceiling, req/s',
      me.rps / staticCeiling.rps,
      0.85,
    ),
  );
  targets.push(
    atLeast(
      'Static route vs the static no-auth ceiling, req/s',
      staticTessera.rps / staticCeiling.rps,
      0.85,
    ),
  );
  const login = results.logins[0];
  targets.push(
    atLeast(
      'Login throughput (SQLite) vs the raw argon2id rate',
      login.loginRate / login.rawRate,
      0.9,
    ),
  );
  const { pastMedian, lastMedian, threshold, total } = results.rss;
  const drift = pastMedian / lastMedian - 1;
  targets.push({
    name: `RSS: median past ${int(threshold)} requests vs median of the last ${int(threshold)} (of ${int(total)})`,
    target: 'within 10 %',
    measured: `${drift >= 0 ? '+' : ''}${fixed(drift * 100, 1)} %`,
    met: Math.abs(drift) <= 0.1,
    gap: Math.abs(drift) <= 0.1 ? '' : `${fixed((Math.abs(drift) - 0.1) * 100, 1)} points over`,
  });
  const readyMs = results.startup.readyMs;
  targets.push({
    name: 'Process start to ready (SQLite)',
    target: '≤ 1 s',
    measured: `${int(readyMs)} ms`,
    met: readyMs <= 1000,
    gap: readyMs <= 1000 ? '' : `${int(readyMs - 1000)} ms over`,
  });
  return targets;
}

const iso = (date) =>
  date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
const SERVER_LABEL = {
  tessera: 'Tessera',
  'tessera-eddsa': 'Tessera, EdDSA tokens',
  'tessera-no-log': 'Tessera, request logs off',
  'tessera-redis': 'Tessera + Redis',
  ceiling: 'Fastify, no auth (ceiling)',
  jwt: 'Fastify + @fastify/jwt',
};

/**
 * EdDSA tokens against HS256 ones on the same route, in the same run (issue #12): both servers
 * keep a verified-token memory, as shipped, so this is the cost per request users see.
 */
function eddsaSection(results) {
  const rows = [];
  for (const route of ['users', 'me']) {
    const hs256 = row(results, `sqlite/small/${route}/tessera`);
    const eddsa = row(results, `sqlite/small/${route}/tessera-eddsa`);
    if (hs256 === undefined || eddsa === undefined) continue;
    rows.push([
      hs256.routeLabel,
      int(hs256.rps),
      int(eddsa.rps),
      ratio(eddsa.rps / hs256.rps),
      fixed(hs256.p99Ms, 2),
      fixed(eddsa.p99Ms, 2),
    ]);
  }
  if (rows.length === 0) return [];
  return [
    '',
    '## EdDSA tokens against HS256 tokens',
    '',
    'The same Tessera on the same data, one instance signing with HS256 (`TESSERA_JWT_SECRET`), one with',
    'EdDSA (`TESSERA_SIGNING_ALG=EdDSA`), each sending its own admin token; both remember verified tokens',
    '(as shipped), so a token is checked with its key once and then served from memory.',
    '',
    table(
      [
        'Route (SQLite, 10 users)',
        'HS256 req/s',
        'EdDSA req/s',
        'EdDSA ÷ HS256',
        'HS256 p99 ms',
        'EdDSA p99 ms',
      ],
      rows,
    ),
  ];
}

/**
 * The request log's cost: the same Tessera with `TESSERA_LOG_REQUESTS=false`, on the routes of
 * the ceiling targets, and how near each comes to the ceiling (the bound of the /me and static
 * targets, which ask for 0.85x with the log on).
 */
function logCostSection(results) {
  const rows = [];
  for (const route of ['users', 'me', 'static']) {
    const on = row(results, `sqlite/small/${route}/tessera`);
    const off = row(results, `sqlite/small/${route}/tessera-no-log`);
    const ceiling = row(results, `sqlite/small/${route === 'me' ? 'static' : route}/ceiling`);
    if (on === undefined || off === undefined || ceiling === undefined) continue;
    rows.push([
      on.routeLabel,
      int(on.rps),
      int(off.rps),
      ratio(off.rps / on.rps),
      fixed(1e6 / on.rps - 1e6 / off.rps, 1),
      ratio(on.rps / ceiling.rps),
      ratio(off.rps / ceiling.rps),
    ]);
  }
  if (rows.length === 0) return [];
  return [
    '',
    '## What the request log costs',
    '',
    'The same Tessera on copies of the same data, one as shipped (one access line per request, written to a',
    'file), one with `TESSERA_LOG_REQUESTS=false`, each with its own admin token. The ceiling of',
    '`GET /api/auth/me` is the static no-auth route, as in the targets; the others are their own route',
    'on the ceiling. "Off" is how near Tessera\'s guard, headers and Fastify hooks alone come to the',
    'ceiling: the bound of what any tuning of the log could reach.',
    '',
    table(
      [
        'Route (SQLite, 10 users)',
        'logs on req/s',
        'logs off req/s',
        'off ÷ on',
        'log, µs per request (wall)',
        'logs on ÷ ceiling',
        'logs off ÷ ceiling',
      ],
      rows,
    ),
  ];
}

/** One table per engine and dataset: per route, each server and Tessera's ratios. */
function routesSection(results, engine, dataset) {
  const rows = results.routes.filter((r) => r.engine === engine && r.dataset === dataset);
  const out = [];
  for (const route of [...new Set(rows.map((r) => r.route))]) {
    const of = (server) => rows.find((r) => r.route === route && r.server === server);
    const tessera = of('tessera');
    for (const server of [
      'tessera',
      'tessera-no-log',
      'tessera-eddsa',
      'tessera-redis',
      'ceiling',
      'jwt',
    ]) {
      const r = of(server);
      if (r === undefined) continue;
      out.push([
        server === 'tessera' ? `**${r.routeLabel}**` : '',
        SERVER_LABEL[server],
        int(r.rps),
        fixed(r.p50Ms, 2),
        fixed(r.p99Ms, 2),
        server === 'tessera' ? '' : ratio(tessera.rps / r.rps),
        server === 'tessera' ? '' : ratio(tessera.p99Ms / r.p99Ms),
        r.rounds.map(int).join(', '),
      ]);
    }
  }
  return table(
    [
      'Route',
      'Server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'Tessera ÷ this (req/s)',
      'Tessera ÷ this (p99)',
      'rounds (req/s)',
    ],
    out,
  );
}

function gaps(results) {
  const missed = results.targets.filter((t) => !t.met);
  if (missed.length === 0) return 'Every target is met in this run.';
  return `Missed in this run: ${missed.map((t) => `${t.name} (${t.measured}; ${t.gap})`).join('; ')}.`;
}

/** The whole of docs/performance.md. */
export function renderReport(results) {
  const { machine, settings } = results;
  const minutes = (results.finishedAt - results.startedAt) / 60_000;
  const engines = results.postgres ? ['sqlite', 'postgres'] : ['sqlite'];
  const out = [
    '# Performance',
    '',
    '<!-- Written by `npm run bench` (bench/run.mjs); edit the harness, not this file. -->',
    '',
    'Tessera against Fastify peers doing the same database work, on the routes users call, on SQLite and',
    'PostgreSQL. Reproduce with `npm run build && npm run bench` (about 20 minutes; `npm run bench:quick`',
    'checks the harness in about two minutes and writes `.test-artifacts/bench-quick.md` instead of this file).',
    '',
    `**${results.quick ? 'Quick run (not for comparison)' : 'Latest run'}:** ${iso(results.startedAt)}, ${fixed(minutes, 1)} min.  `,
    `**Machine:** ${machine.cpu}, ${machine.memory}; ${machine.os}; ${machine.node}; load average at start ${machine.loadAverage}.  `,
    `**Load:** ${machine.loader}, same machine, loopback, ${settings.connections} keep-alive connections, closed loop; ${settings.warmupSeconds} s warm-up per server and route, then ${settings.rounds} interleaved rounds of ${settings.seconds} s; figures are medians of the rounds.  `,
    `**Tessera:** commit ${machine.commit}, \`tessera serve\` in its default configuration (request logs on at level info, written to a file in the run's temp folder; user-state checks on).`,
  ];
  if (!results.postgres)
    out.push(
      '',
      '**PostgreSQL was not reachable at 127.0.0.1:5432: its part was skipped in this run.**',
    );
  out.push(
    '',
    '## Targets',
    '',
    table(
      ['Target', 'Required', 'This run', 'Result'],
      results.targets.map((t) => [
        t.name,
        t.target,
        t.measured,
        t.met ? 'met' : `**missed** (${t.gap})`,
      ]),
    ),
    '',
    gaps(results),
    ...boundsSection(results),
  );
  out.push(
    '',
    '## The routes',
    '',
    'Every server answers the same JSON (checked by deep equality against Tessera before loading, for each GET',
    "route) to Tessera's admin token; the @fastify/jwt peer refuses a missing and a forged token. The peers run",
    "the exact SQL Tessera runs (bench/servers/statements.mjs) as prepared statements: better-sqlite3's",
    '`db.prepare(sql)` once at start and `.all()/.get()/.run()`; on PostgreSQL `pg` with a Pool of 10 and',
    '`pool.query({ text, values })` without a name (no server-side prepared statements, as Kysely sends',
    "Tessera's). Their answers go through the same Fastify response schema. On SQLite every server opens the",
    'file with WAL and `synchronous=FULL`, as Tessera does (each commit synced before it is answered).',
    '',
    '- **Fastify, no auth (ceiling):** no token check, no logger; `/api/auth/me` reads user 1.',
    '- **Fastify + @fastify/jwt:** its README setup (`onRequest` hook, `await request.jwtVerify()`: signature,',
    "  `iss`, `aud`, expiry); no scope or user-state check; `/api/auth/me` reads the user of the token's `sub`.",
    '  Refresh: one transaction (consume, session, user, touch, insert the next token), then',
    '  `app.jwt.sign`; login: the user by `email_key`, argon2id verify (@node-rs/argon2), prune, session,',
    '  token, commit, sign.',
    '- **Tessera** runs the same statements through Kysely, compiled once per query shape. On SQLite its reads',
    '  outside a transaction (the users page and count, a user by id) run at once on a second, read-only',
    '  connection (`Database.readCommitted`: committed data only, no async queue behind the writer), with rows',
    "  built from better-sqlite3's raw arrays; on PostgreSQL they go straight to the pool behind Kysely",
    "  (`pool.query`, Kysely's SQL and values, without its per-query executor). The transactions of a login",
    '  and of a refresh are written once as a sequence of compiled queries: on SQLite they run synchronously',
    "  on Kysely's connection, in its turn (`Database.transactSynchronously`), on PostgreSQL in a Kysely",
    '  transaction. Log lines are written 4 KiB at a time (`TESSERA_LOG_FLUSH_MS`, 250 ms).',
    '- **Tessera** answers `/api/auth/me` from its in-memory user view (no SQL on SQLite while nothing changes):',
    "  the peers, without such a view, run `userById` per request — a difference in work, in Tessera's favour.",
    "  Tessera's refresh runs with `TESSERA_REFRESH_TRANSPORT=body` (a separate instance), so that the load",
    '  generator can chain tokens: a wrk script keeps a pool of refresh tokens (from logins through each',
    "  server's own `/api/login`), sends one per request and puts the rotated one back; a 401 stops the run.",
    `- The large dataset has ${int(settings.largeUsers)} users (the 10 plus rows inserted directly); \`q\` is \`user\` on 10 users (9 match) and \`user12\` on the large one (111 match).`,
  );
  for (const engine of engines) {
    for (const dataset of ['small', 'large']) {
      out.push(
        '',
        `### ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${dataset === 'small' ? '10 users' : `${int(settings.largeUsers)} users`}`,
        '',
        routesSection(results, engine, dataset),
      );
    }
  }
  if (results.extraPeers.length > 0) {
    out.push(
      '',
      '### Other stacks on the static route (`--peers`)',
      '',
      table(
        ['Server', 'req/s', 'p50 ms', 'p99 ms', 'rounds'],
        results.extraPeers.map((r) => [
          r.label,
          int(r.rps),
          fixed(r.p50Ms, 2),
          fixed(r.p99Ms, 2),
          r.rounds.map(int).join(', '),
        ]),
      ),
    );
  }
  out.push(...logCostSection(results));
  out.push(...eddsaSection(results));
  out.push(
    '',
    '## Logins against the raw argon2id rate',
    '',
    `\`POST /api/login\` with the right password, ${settings.loginConnections} connections, against \`verify\` of the same stored hash`,
    `(m=19456 KiB, t=2, p=1; @node-rs/argon2) by ${settings.hashConcurrency} concurrent calls in a bare process, rotating, ${settings.loginRounds} rounds of ${settings.loginSeconds} s.`,
    '',
    table(
      [
        'Engine',
        'raw argon2id /s',
        'Tessera logins/s',
        'Tessera ÷ raw',
        '@fastify/jwt peer logins/s',
        'peer ÷ raw',
        'main-thread µs: Tessera per login / peer per login / raw per verify',
      ],
      results.logins.map((l) => [
        l.engine,
        fixed(l.rawRate, 1),
        fixed(l.loginRate, 1),
        ratio(l.loginRate / l.rawRate),
        fixed(l.jwtRate, 1),
        ratio(l.jwtRate / l.rawRate),
        `${int(l.loginMainMicros)} / ${int(l.jwtMainMicros)} / ${int(l.rawMainMicros)}`,
      ]),
    ),
    ...warmupSection(results),
    ...scaleOutSections(results),
    '',
    '## Memory',
    '',
    `A fresh Tessera under \`GET /api/users\` (10 users, SQLite) in ${settings.rssChunkSeconds} s slices, RSS from /proc after each; at start ${fixed(results.rss.atStart, 1)} MiB.`,
    `Median of the ${results.rss.pastCount} samples past ${int(results.rss.threshold)} requests: ${fixed(results.rss.pastMedian, 1)} MiB; of the ${results.rss.lastCount} samples of the last ${int(results.rss.threshold)}: ${fixed(results.rss.lastMedian, 1)} MiB.`,
    '',
    table(
      ['Requests served', 'RSS MiB'],
      thin(results.rss.samples).map((s) => [int(s.requests), fixed(s.rssMiB, 1)]),
    ),
    '',
    '## Start to ready',
    '',
    'From spawning `tessera serve` on the seeded SQLite file to the first answer of `GET /api/health`:',
    `median ${int(results.startup.readyMs)} ms (${results.startup.runs.map((v) => `${int(v)} ms`).join(', ')}).`,
  );
  if (results.profiles.length > 0) {
    out.push(
      '',
      '## Where the time goes',
      '',
      '`node --cpu-prof` of Tessera per route (1 s warm-up + 4 s, same load). Self time by owner, in µs of the main',
      'thread per request served while profiling (start-up and, for refresh, the logins that fill the token pool',
      'are in the profile too: slight over-estimates). A native frame counts for its nearest JavaScript caller;',
      "the native better-sqlite3 call is timed in Tessera's statement wrapper (`db/sqlite-statements`), which counts as driver.",
      "Guard: Tessera's guard, token, session cache and user cache; query building: Kysely and Tessera's stores;",
      "driver: better-sqlite3 / pg / pg-protocol / pg-pool and Tessera's dialect; serialization: fast-json-stringify",
      "and JSON; logging: pino, sonic-boom, redaction and their writes; HTTP & Fastify: Node's http/net and Fastify.",
      '',
      table(
        ['Owner', ...results.profiles.map((p) => p.label)],
        [...OWNERS, 'idle']
          .map((owner) => [owner, ...results.profiles.map((p) => fixed(p.owners[owner], 1))])
          .concat([
            [
              '**total busy**',
              ...results.profiles.map(
                (p) =>
                  `**${fixed(
                    OWNERS.reduce((s, o) => s + p.owners[o], 0),
                    1,
                  )}**`,
              ),
            ],
          ]),
      ),
    );
  }
  out.push(
    '',
    '## Method',
    '',
    '- Every server is its own Node process with its own copy of the database (a copied SQLite file; on',
    "  PostgreSQL `CREATE DATABASE … TEMPLATE` of a seed made by Tessera's migrations and store); all of them",
    "  and wrk share the machine's cores. Rounds are interleaved per dataset (rotated, every other one reversed);",
    '  each ratio compares medians from this run only.',
    '- A load run with any non-2xx answer or socket error (or an answer slower than 15 s) stops the run.',
    '- Versions are pinned in `bench/package.json` and `bench/package-lock.json`.',
    '',
  );
  return out.join('\n');
}

/** At most about a dozen rows of the RSS samples: the first, the last, and evenly between. */
function thin(samples) {
  if (samples.length <= 12) return samples;
  const step = (samples.length - 1) / 11;
  return Array.from({ length: 12 }, (_, i) => samples[Math.round(i * step)]);
}
