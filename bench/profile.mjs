#!/usr/bin/env node
// Profiles one server of the bench under load and prints where its main thread spends time:
//   node bench/profile.mjs [--target tessera-static|tessera-users|<peer id>] [--seconds 5]
//                          [--env NAME=value ...] [--keep DIR] [--path /api/users] [--login]
// --login loads `POST /api/login` with the admin's password (8 connections, as the bench's logins)
// instead of a GET with the admin's token; use it with tessera-users or fastify-jwt.
// `npm run build` first. The .cpuprofile is kept with --keep (open it in Chrome DevTools).
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load, pickLoader } from './lib/load.mjs';
import { freePort, httpRequest, startServer } from './lib/proc.mjs';
import { profileCategories, summarizeProfile } from './lib/profile.mjs';
import {
  ADMIN,
  CLI,
  STATIC_ENTRY,
  assertBuilt,
  createTesseraHome,
  seedUsers,
} from './lib/tessera.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'tessera-static' },
    seconds: { type: 'string', default: '5' },
    env: { type: 'string', multiple: true, default: [] },
    keep: { type: 'string' },
    loader: { type: 'string' },
    top: { type: 'string', default: '25' },
    path: { type: 'string' },
    login: { type: 'boolean', default: false },
  },
});
assertBuilt();
const loader = pickLoader(args.loader);
const extraEnv = Object.fromEntries(
  args.env.map((pair) => [pair.split('=')[0], pair.slice(pair.indexOf('=') + 1)]),
);
const home = createTesseraHome();
const profDir = mkdtempSync(path.join(tmpdir(), 'tessera-profile-'));
try {
  await seedUsers(home);
  const setupPort = await freePort();
  const setup = await startServer({
    name: 'tessera',
    args: [CLI, 'serve'],
    env: { ...home.env, PORT: String(setupPort) },
    cwd: home.folder,
    port: setupPort,
    readyPath: '/api/health',
  });
  const token = JSON.parse(
    (await httpRequest(setupPort, { method: 'POST', path: '/api/login', body: ADMIN })).body,
  ).token;
  const page = await httpRequest(setupPort, {
    path: '/api/users',
    headers: { authorization: `Bearer ${token}` },
  });
  await setup.stop();
  const payloadFile = path.join(home.folder, 'users-page.json');
  writeFileSync(payloadFile, page.body);

  const port = await freePort();
  const prof = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const tesseraEnv = { ...home.env, PORT: String(port), BENCH_PAYLOAD: payloadFile, ...extraEnv };
  const spec =
    args.target === 'tessera-users'
      ? {
          args: [...prof, CLI, 'serve'],
          env: tesseraEnv,
          cwd: home.folder,
          readyPath: '/api/health',
          path: '/api/users',
        }
      : args.target === 'tessera-static'
        ? {
            args: [...prof, STATIC_ENTRY],
            env: tesseraEnv,
            cwd: home.folder,
            readyPath: '/api/health',
            path: '/api/bench/static',
          }
        : {
            args: [...prof, path.join(ROOT, 'bench/servers', `${args.target}.mjs`)],
            env: {
              BENCH_PORT: String(port),
              BENCH_PAYLOAD: payloadFile,
              BENCH_SECRET: home.secret,
              BENCH_ISSUER: home.issuer,
              BENCH_AUDIENCE: home.audience,
              BENCH_SQLITE_FILE: path.join(home.env.TESSERA_DATA_DIR, 'tessera.sqlite'),
              ...extraEnv,
            },
            cwd: path.join(ROOT, 'bench'),
            readyPath: '/api/bench/static',
            path: '/api/bench/static',
          };
  const server = await startServer({ name: args.target, port, ...spec });
  const loadOptions = args.login
    ? {
        port,
        path: '/api/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
        connections: 8,
      }
    : {
        port,
        path: args.path ?? spec.path,
        headers: { authorization: `Bearer ${token}` },
        connections: 32,
      };
  const warm = await load(loader, { ...loadOptions, seconds: 1 });
  const measured = await load(loader, { ...loadOptions, seconds: Number(args.seconds) });
  await server.stop();
  if (measured.bad > 0 || measured.errors > 0)
    throw new Error(`${measured.bad} non-2xx, ${measured.errors} errors`);
  const file = path.join(
    profDir,
    readdirSync(profDir).find((name) => name.endsWith('.cpuprofile')),
  );
  const requests = warm.requests + measured.requests;
  console.log(
    `${args.target}: ${Math.round(measured.rps)} req/s, p50 ${measured.p50Ms.toFixed(2)} ms, p99 ${measured.p99Ms.toFixed(2)} ms (${loader})`,
  );
  console.log(
    '\ncategory                                                          share   µs/request',
  );
  for (const c of profileCategories(file, requests)) {
    console.log(
      `${c.label.padEnd(64)} ${(c.share * 100).toFixed(1).padStart(5)} %  ${c.microsPerRequest.toFixed(2).padStart(7)}`,
    );
  }
  const summary = summarizeProfile(file, Number(args.top));
  for (const [title, rows] of [
    ['self time by origin', summary.origins],
    ['self time by function', summary.functions],
    ['inclusive time by function', summary.inclusive],
  ]) {
    console.log(`\n${title}`);
    for (const row of rows)
      console.log(`${(row.share * 100).toFixed(1).padStart(5)} %  ${row.name}`);
  }
  if (args.keep) {
    cpSync(file, path.join(args.keep, path.basename(file)));
    console.log(`\nprofile kept in ${path.join(args.keep, path.basename(file))}`);
  }
} finally {
  rmSync(profDir, { recursive: true, force: true });
  home.dispose();
}
