// (c) RSS of a fresh Tessera over many `GET /api/users` (10 users, SQLite), sampled from /proc
// after each slice of load, and (d) process start to ready.
import { checkedLoad, log, logIn } from '../checks.mjs';
import { median, sleep } from '../stats.mjs';
import { ADMIN } from '../tessera.mjs';
import { startTessera } from './servers.mjs';

export async function measureRss(ctx) {
  const { settings } = ctx;
  log(`RSS of a fresh Tessera over ${settings.rssRequests} GET /api/users`);
  const server = await startTessera(
    ctx,
    'tessera-rss',
    await ctx.datasets.copy('sqlite', 'small', 'rss'),
  );
  const token = (await logIn(server, ADMIN)).token;
  const rss = { atStart: server.rssMiB(), samples: [] };
  let served = 0;
  while (served < settings.rssRequests) {
    const result = await checkedLoad(ctx.loader, 'rss', {
      port: server.port,
      path: '/api/users?page=1&per_page=20',
      headers: { authorization: `Bearer ${token}` },
      seconds: settings.rssChunkSeconds,
      connections: settings.connections,
    });
    served += result.requests;
    rss.samples.push({ requests: served, rssMiB: server.rssMiB() });
  }
  await ctx.stop(server);
  const after = rss.samples.filter((s) => s.requests > settings.rssEarly);
  const last = rss.samples.filter((s) => s.requests > served - settings.rssEarly);
  rss.threshold = settings.rssEarly;
  rss.total = served;
  rss.pastMedian = median(after.map((s) => s.rssMiB));
  rss.lastMedian = median(last.map((s) => s.rssMiB));
  rss.pastCount = after.length;
  rss.lastCount = last.length;
  log(
    `  median past ${settings.rssEarly}: ${rss.pastMedian.toFixed(1)} MiB; last: ${rss.lastMedian.toFixed(1)} MiB`,
  );
  return rss;
}

export async function measureStartup(ctx) {
  log(`start to ready: ${ctx.settings.startRounds} starts of tessera serve`);
  const db = await ctx.datasets.copy('sqlite', 'small', 'start');
  const runs = [];
  for (let round = 0; round < ctx.settings.startRounds; round += 1) {
    await sleep(200);
    const server = await startTessera(ctx, 'tessera-start', db);
    runs.push(server.readyMs);
    await ctx.stop(server);
  }
  return { readyMs: median(runs), runs };
}
