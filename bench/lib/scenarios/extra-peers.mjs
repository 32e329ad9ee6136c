// `--peers a,b`: the other stacks of bench/servers/ (node:http + fast-jwt, Hono, Express) on the
// static route, against Tessera's static route and the ceiling. Not in the default run (time).
import { checkServer, logIn } from '../checks.mjs';
import { ADMIN, STATIC_ENTRY } from '../tessera.mjs';
import { measureGroup } from './routes.mjs';
import { startPeer, startTessera } from './servers.mjs';

export const EXTRA_PEERS = {
  'node-fast-jwt': 'node:http + fast-jwt',
  'hono-jwt': 'Hono 4 + hono/jwt',
  'express-jsonwebtoken': 'Express 5 + jsonwebtoken',
  'express-passport': 'Express 5 + passport-jwt',
};

export async function measureExtraPeers(ctx, ids) {
  const route = {
    id: 'static',
    label: 'static JSON (/api/bench/static)',
    path: '/api/bench/static',
  };
  const db = await ctx.datasets.copy('sqlite', 'small', 'static-peers');
  const tessera = await startTessera(ctx, 'tessera-static-peers', db, { entry: STATIC_ENTRY });
  const token = (await logIn(tessera, ADMIN)).token;
  const { readFileSync } = await import('node:fs');
  const payload = JSON.parse(readFileSync(ctx.payloadFile, 'utf8'));
  const servers = { tessera, ceiling: await startPeer(ctx, 'fastify-ceiling') };
  for (const id of ids.filter((i) => i in EXTRA_PEERS)) servers[id] = await startPeer(ctx, id);
  const headers = { authorization: `Bearer ${token}` };
  const targets = [];
  for (const [key, server] of Object.entries(servers)) {
    await checkServer(server, {
      path: route.path,
      token,
      payload,
      authenticates: key !== 'ceiling',
    });
    targets.push({ route, key, server, headers });
  }
  const rows = await measureGroup(ctx, { engine: 'none', dataset: 'static', targets });
  for (const server of Object.values(servers)) await ctx.stop(server);
  return rows.map((row) => ({ ...row, label: EXTRA_PEERS[row.server] ?? row.server }));
}
