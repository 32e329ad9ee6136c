// The first seconds after start: a fresh Tessera and a fresh no-auth ceiling under the same
// load (GET /api/users, 10 users, SQLite), p99 per one-second slice. This is where Tessera's
// tail comes from (V8 compiling its hot path while it already serves 50 connections); the route
// tables measure after a warm-up, as a long-running server is.
import { checkedLoad, log } from '../checks.mjs';
import { ADMIN } from '../tessera.mjs';
import { logIn } from '../checks.mjs';
import { startPeer, startTessera } from './servers.mjs';

const PAGE = '/api/users?page=1&per_page=20';

async function slices(ctx, server, headers, count) {
  const out = [];
  for (let second = 0; second < count; second += 1) {
    const result = await checkedLoad(ctx.loader, `${server.name} warm-up`, {
      port: server.port,
      path: PAGE,
      headers,
      seconds: 1,
      connections: ctx.settings.connections,
    });
    out.push({ rps: result.rps, p50Ms: result.p50Ms, p99Ms: result.p99Ms });
  }
  return out;
}

/** `rounds` × (fresh Tessera, fresh ceiling), `count` one-second slices each. */
export async function measureWarmup(ctx, { count = 6, rounds = 2 } = {}) {
  log(`warm-up: ${rounds} × fresh servers, ${count} one-second slices`);
  const runs = { tessera: [], ceiling: [] };
  for (let round = 0; round < rounds; round += 1) {
    const tessera = await startTessera(
      ctx,
      'tessera-warmup',
      await ctx.datasets.copy('sqlite', 'small', 'warmup'),
    );
    // The login (argon2id) happens before the clock starts; the token is not part of warm-up.
    const headers = { authorization: `Bearer ${(await logIn(tessera, ADMIN)).token}` };
    runs.tessera.push(await slices(ctx, tessera, headers, count));
    await ctx.stop(tessera);
    const ceiling = await startPeer(
      ctx,
      'fastify-ceiling',
      await ctx.datasets.copy('sqlite', 'small', 'warmup-ceiling'),
    );
    runs.ceiling.push(await slices(ctx, ceiling, headers, count));
    await ctx.stop(ceiling);
    log(
      `  ${round + 1}: p99 ms by second, tessera ${runs.tessera
        .at(-1)
        .map((s) => s.p99Ms.toFixed(1))
        .join(' ')}; ceiling ${runs.ceiling
        .at(-1)
        .map((s) => s.p99Ms.toFixed(1))
        .join(' ')}`,
    );
  }
  return runs;
}
