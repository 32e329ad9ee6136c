// CPU profiles of Tessera per route (`node --cpu-prof`, 1 s warm-up + 4 s), split by owner.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkedLoad, log, logIn } from '../checks.mjs';
import { profileOwners } from '../profile.mjs';
import { ADMIN } from '../tessera.mjs';
import { SEARCH } from './routes.mjs';
import { startTessera } from './servers.mjs';

const PAGE = '/api/users?page=1&per_page=20';
const PROFILED = [
  { id: 'users', label: 'users, 10, SQLite', engine: 'sqlite', dataset: 'small', path: PAGE },
  {
    id: 'users-q',
    label: `users?q, large, SQLite`,
    engine: 'sqlite',
    dataset: 'large',
    path: `${PAGE}&q=${SEARCH.large}`,
  },
  {
    id: 'user-id',
    label: 'users/:id, SQLite',
    engine: 'sqlite',
    dataset: 'small',
    path: '/api/users/5',
  },
  { id: 'me', label: 'me, SQLite', engine: 'sqlite', dataset: 'small', path: '/api/auth/me' },
  {
    id: 'refresh',
    label: 'refresh, SQLite',
    engine: 'sqlite',
    dataset: 'small',
    path: '/api/auth/refresh',
    refresh: true,
  },
  { id: 'users', label: 'users, 10, PostgreSQL', engine: 'postgres', dataset: 'small', path: PAGE },
];

async function profileOne(ctx, spec) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-prof-'));
  try {
    const db = await ctx.datasets.copy(spec.engine, spec.dataset, 'profile');
    const server = await startTessera(ctx, `tessera-profile`, db, {
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      extra: spec.refresh ? { TESSERA_REFRESH_TRANSPORT: 'body' } : {},
    });
    const base = { port: server.port, path: spec.path, connections: ctx.settings.connections };
    let requests = 0;
    if (spec.refresh) {
      let pool = [];
      for (const seconds of [1, 4]) {
        while (pool.length < ctx.settings.connections + 10) {
          const bodies = await Promise.all([1, 2, 3, 4].map(() => logIn(server, ADMIN)));
          pool.push(...bodies.map((b) => b.refresh_token));
        }
        const result = await checkedLoad(ctx.loader, 'profile refresh', {
          ...base,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          tokenPool: pool,
          seconds,
        });
        pool = result.tokens ?? [];
        requests += result.requests;
      }
    } else {
      const headers = { authorization: `Bearer ${(await logIn(server, ADMIN)).token}` };
      for (const seconds of [1, 4])
        requests += (await checkedLoad(ctx.loader, 'profile', { ...base, headers, seconds }))
          .requests;
    }
    await ctx.stop(server);
    const file = path.join(
      dir,
      readdirSync(dir).find((name) => name.endsWith('.cpuprofile')),
    );
    if (ctx.keepProfiles !== undefined) {
      mkdirSync(ctx.keepProfiles, { recursive: true });
      const kept = path.join(ctx.keepProfiles, `${spec.engine}-${spec.id}.cpuprofile`);
      copyFileSync(file, kept);
      log(`profile: kept ${kept}`);
    }
    return { label: spec.label, requests, owners: profileOwners(file, requests) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureProfiles(ctx, { postgres }) {
  const profiles = [];
  const wanted = (p) => (postgres || p.engine !== 'postgres') && (ctx.wantedRoute?.(p.id) ?? true);
  for (const spec of PROFILED.filter(wanted)) {
    log(`profile: ${spec.label}`);
    profiles.push(await profileOne(ctx, spec));
  }
  return profiles;
}
