// (f) Issue #13: `tessera serve --workers 2` against one process on this 2-core machine, same
// route, same data (copies of the 10-user SQLite file), interleaved rounds. The load generator
// (wrk) runs on the same two cores, so this is what a second process buys when the machine is
// shared with its own load, not an ideal 2×.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkedLoad, log, logIn } from '../checks.mjs';
import { median, sleep } from '../stats.mjs';
import { ADMIN } from '../tessera.mjs';
import { startTessera } from './servers.mjs';

const ROUTES = [
  { id: 'users', label: 'GET /api/users (10 users)', path: '/api/users?page=1&per_page=20' },
  { id: 'me', label: 'GET /api/auth/me', path: '/api/auth/me' },
];

/** Waits until the primary has printed that every worker listens. */
async function allListening(ctx, name) {
  const file = path.join(ctx.logDir, `${name}.log`);
  for (let tries = 0; tries < 200; tries += 1) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // not written yet
    }
    if (text.includes('(2 workers)')) return;
    await sleep(50);
  }
  throw new Error(`${name}: the workers did not all listen`);
}

export async function measureWorkers(ctx) {
  const { settings } = ctx;
  log('workers: tessera serve --workers 2 against one process (SQLite, 10 users)');
  const one = await startTessera(
    ctx,
    'tessera-one',
    await ctx.datasets.copy('sqlite', 'small', 'one'),
  );
  const two = await startTessera(
    ctx,
    'tessera-two',
    await ctx.datasets.copy('sqlite', 'small', 'two'),
    {
      serveArgs: ['--workers', '2'],
    },
  );
  await allListening(ctx, 'tessera-two');
  const servers = [
    { key: 'one', server: one, token: (await logIn(one, ADMIN)).token },
    { key: 'two', server: two, token: (await logIn(two, ADMIN)).token },
  ];
  const rows = [];
  for (const route of ROUTES) {
    const rps = { one: [], two: [] };
    for (let round = 0; round < settings.rounds + 1; round += 1) {
      for (const { key, server, token } of servers) {
        const result = await checkedLoad(ctx.loader, `${server.name} ${route.id}`, {
          port: server.port,
          path: route.path,
          headers: { authorization: `Bearer ${token}` },
          seconds: settings.seconds,
          connections: settings.connections,
        });
        if (round > 0) rps[key].push(result.rps); // round 0 warms both up
      }
    }
    const row = { route: route.label, one: median(rps.one), two: median(rps.two) };
    log(`  ${route.id}: ${Math.round(row.one)} → ${Math.round(row.two)} req/s`);
    rows.push(row);
  }
  for (const { server } of servers) await ctx.stop(server);
  return rows;
}
