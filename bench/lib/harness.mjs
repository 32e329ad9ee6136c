// The scenarios of `npm run bench`. Every server is a child process on loopback; every load run
// is bounded in time; every figure is the median of interleaved rounds from this one run.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { load, pickLoader } from './load.mjs';
import { describeMachine } from './machine.mjs';
import { freePort, httpRequest, startServer } from './proc.mjs';
import { profileCategories, summarizeProfile } from './profile.mjs';
import { renderReport, evaluateTargets } from './report.mjs';
import { median, sleep } from './stats.mjs';
import { ADMIN, CLI, STATIC_ENTRY, assertBuilt, createTesseraHome, seedUsers } from './tessera.mjs';

const run = promisify(execFile);

/** The report in the repository's Prettier style when Prettier is installed (it is a root dev dependency). */
async function formatMarkdown(markdown, file) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(markdown, { ...config, filepath: file });
  } catch {
    return markdown;
  }
}

/** The peer stacks: bench/servers/<id>.mjs, each serving the same JSON on the same path. */
export const PEERS = [
  { id: 'fastify-ceiling', label: 'Fastify 5, no auth (ceiling)' },
  { id: 'fastify-jwt', label: 'Fastify 5 + @fastify/jwt' },
  { id: 'node-fast-jwt', label: 'node:http + fast-jwt' },
  { id: 'hono-jwt', label: 'Hono 4 + hono/jwt' },
  { id: 'express-jsonwebtoken', label: 'Express 5 + jsonwebtoken' },
  { id: 'express-passport', label: 'Express 5 + passport-jwt' },
];

const STATIC_PATH = '/api/bench/static';
const USERS_PATH = '/api/users';

/** Durations and sizes of a full and of a quick run. */
function settingsFor(quick, overrides) {
  const base = quick
    ? {
        rounds: 1,
        seconds: 1,
        warmupSeconds: 0,
        loginRounds: 1,
        loginSeconds: 1,
        p99Rounds: 1,
        p99Seconds: 1,
        rssRequests: 20_000,
        rssEarly: 2_000,
        rssChunkSeconds: 1,
        startRounds: 1,
      }
    : {
        rounds: 5,
        seconds: 4,
        warmupSeconds: 2,
        loginRounds: 3,
        loginSeconds: 4,
        p99Rounds: 4,
        p99Seconds: 4,
        rssRequests: 1_000_000,
        rssEarly: 100_000,
        rssChunkSeconds: 3,
        startRounds: 5,
      };
  return {
    ...base,
    ...(overrides.rounds > 0 ? { rounds: overrides.rounds } : {}),
    ...(overrides.seconds > 0 ? { seconds: overrides.seconds } : {}),
    connections: 32,
    loginConnections: 8,
    loginsPerSecond: 20,
    hashConcurrency: 2, // Tessera's default TESSERA_HASH_CONCURRENCY
  };
}

/** A load run that must succeed: any non-2xx answer or socket error means the harness broke. */
async function checkedLoad(loader, name, options) {
  const result = await load(loader, options);
  if (result.requests === 0 || result.bad > 0 || result.errors > 0) {
    throw new Error(
      `${name}: ${result.requests} requests, ${result.bad} non-2xx, ${result.errors} socket errors`,
    );
  }
  return result;
}

async function expectStatus(port, request, status, what) {
  const response = await httpRequest(port, request);
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${response.body.slice(0, 200)}`,
    );
  }
  return response;
}

/**
 * Checks that a server answers the token with the exact JSON and (unless it is the no-auth
 * ceiling) refuses a missing or a forged token.
 */
async function checkServer(server, { path: urlPath, token, payload, authenticates = true }) {
  const auth = { authorization: `Bearer ${token}` };
  const ok = await expectStatus(server.port, { path: urlPath, headers: auth }, 200, server.name);
  if (!isDeepStrictEqual(JSON.parse(ok.body), payload)) {
    throw new Error(`${server.name} does not serve the same JSON as Tessera's ${USERS_PATH}`);
  }
  if (!authenticates) return;
  await expectStatus(server.port, { path: urlPath }, 401, `${server.name} without a token`);
  const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
  await expectStatus(
    server.port,
    { path: urlPath, headers: { authorization: `Bearer ${forged}` } },
    401,
    `${server.name} with a forged signature`,
  );
}

/** Round r's order of the servers: rotated and, on odd rounds, reversed, so drift hits all alike. */
function roundOrder(items, round) {
  const shift = round % items.length;
  const rotated = [...items.slice(shift), ...items.slice(0, shift)];
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

function log(message) {
  process.stdout.write(`${message}\n`);
}

/**
 * Runs every scenario and writes the report. Returns `{ file, results }`; throws when the
 * harness broke (a server did not start, answered wrongly, or a load run saw errors).
 */
export async function runBench(options) {
  const { root, quick, out } = options;
  assertBuilt();
  const loader = pickLoader(options.loader);
  const settings = settingsFor(quick, options);
  const peers = options.peers ? PEERS.filter((p) => options.peers.includes(p.id)) : PEERS;
  if (!peers.some((p) => p.id === 'fastify-ceiling')) peers.unshift(PEERS[0]);
  const machine = describeMachine(root, loader);
  const startedAt = new Date();
  log(`bench: ${quick ? 'quick' : 'full'} run with ${machine.loader} on ${machine.cpu}`);

  const home = createTesseraHome();
  const servers = [];
  const stopAll = async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  };
  const start = async (spec) => {
    const server = await startServer(spec);
    servers.push(server);
    return server;
  };
  const stop = async (server) => {
    const index = servers.indexOf(server);
    if (index !== -1) servers.splice(index, 1);
    await server.stop();
  };

  try {
    const { adminHash } = await seedUsers(home);
    const tesseraEnv = (port, extra = {}) => ({ ...home.env, PORT: String(port), ...extra });
    const startTessera = async (name, extra = {}, nodeArgs = []) => {
      const port = await freePort();
      return start({
        name,
        args: [...nodeArgs, CLI, 'serve'],
        env: tesseraEnv(port, extra),
        cwd: home.folder,
        port,
        readyPath: '/api/health',
      });
    };
    const payloadFile = path.join(home.folder, 'users-page.json');
    const startTesseraStatic = async (name, extra = {}, nodeArgs = []) => {
      const port = await freePort();
      return start({
        name,
        args: [...nodeArgs, STATIC_ENTRY],
        env: tesseraEnv(port, { BENCH_PAYLOAD: payloadFile, ...extra }),
        cwd: home.folder,
        port,
        readyPath: '/api/health',
      });
    };

    // --- Tessera, the token, and the JSON every server serves -----------------------------
    const tessera = await startTessera('tessera');
    const login = await expectStatus(
      tessera.port,
      { method: 'POST', path: '/api/login', body: ADMIN },
      200,
      'login',
    );
    const token = JSON.parse(login.body).token;
    const page = await expectStatus(
      tessera.port,
      { path: USERS_PATH, headers: { authorization: `Bearer ${token}` } },
      200,
      'GET /api/users',
    );
    const payload = JSON.parse(page.body);
    if (payload.users?.length !== 10)
      throw new Error(`expected 10 users, got ${payload.users?.length}`);
    writeFileSync(payloadFile, page.body);
    await checkServer(tessera, { path: USERS_PATH, token, payload });
    const tesseraStatic = await startTesseraStatic('tessera-static');
    await checkServer(tesseraStatic, { path: STATIC_PATH, token, payload });
    const tesseraQuiet = await startTesseraStatic('tessera-static-quiet', {
      TESSERA_LOG_REQUESTS: 'false',
    });
    await checkServer(tesseraQuiet, { path: STATIC_PATH, token, payload });
    const peerServers = [];
    for (const peer of peers) {
      const port = await freePort();
      const server = await start({
        name: peer.id,
        args: [path.join(root, 'bench/servers', `${peer.id}.mjs`)],
        env: {
          BENCH_PORT: String(port),
          BENCH_PAYLOAD: payloadFile,
          BENCH_SECRET: home.secret,
          BENCH_ISSUER: home.issuer,
          BENCH_AUDIENCE: home.audience,
        },
        cwd: path.join(root, 'bench'),
        port,
        readyPath: STATIC_PATH,
      });
      await checkServer(server, {
        path: STATIC_PATH,
        token,
        payload,
        authenticates: peer.id !== 'fastify-ceiling',
      });
      peerServers.push({ ...peer, server });
    }
    const auth = { authorization: `Bearer ${token}` };

    // --- (a) authenticated GET of the 10-user list ----------------------------------------
    const targets = [
      {
        id: 'tessera-users',
        label: 'Tessera, GET /api/users (database page)',
        server: tessera,
        path: USERS_PATH,
      },
      {
        id: 'tessera-static',
        label: 'Tessera, static JSON route',
        server: tesseraStatic,
        path: STATIC_PATH,
      },
      {
        id: 'tessera-static-quiet',
        label: 'Tessera, static JSON route, TESSERA_LOG_REQUESTS=false',
        server: tesseraQuiet,
        path: STATIC_PATH,
      },
      ...peerServers.map((peer) => ({
        id: peer.id,
        label: peer.label,
        server: peer.server,
        path: STATIC_PATH,
      })),
    ];
    log(
      `(a) throughput: ${targets.length} servers × ${settings.rounds} rounds × ${settings.seconds} s`,
    );
    if (settings.warmupSeconds > 0) {
      for (const target of targets) {
        await checkedLoad(loader, `${target.id} warm-up`, {
          port: target.server.port,
          path: target.path,
          headers: auth,
          seconds: settings.warmupSeconds,
          connections: settings.connections,
        });
      }
    }
    const samples = new Map(targets.map((target) => [target.id, []]));
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const target of roundOrder(targets, round)) {
        const result = await checkedLoad(loader, target.id, {
          port: target.server.port,
          path: target.path,
          headers: auth,
          seconds: settings.seconds,
          connections: settings.connections,
        });
        samples.get(target.id).push(result);
        log(
          `  round ${round + 1} ${target.id.padEnd(22)} ${Math.round(result.rps)} req/s, p99 ${result.p99Ms.toFixed(2)} ms`,
        );
      }
    }
    const throughput = targets.map((target) => {
      const runs = samples.get(target.id);
      return {
        id: target.id,
        label: target.label,
        rps: median(runs.map((r) => r.rps)),
        p50Ms: median(runs.map((r) => r.p50Ms)),
        p99Ms: median(runs.map((r) => r.p99Ms)),
        rounds: runs.map((r) => Math.round(r.rps)),
      };
    });
    for (const peer of peerServers) await stop(peer.server);
    await stop(tesseraQuiet);

    // --- (b) login throughput against the raw argon2id rate ---------------------------------
    log(
      `(b) logins: ${settings.loginRounds} rounds × ${settings.loginSeconds} s, raw argon2id alternating`,
    );
    const loginRuns = [];
    const rawRuns = [];
    const loginMainMicros = [];
    const rawMainMicros = [];
    const rawScript = path.join(root, 'bench/lib/argon2-rate.mjs');
    const rawRate = async () => {
      const { stdout } = await run(
        process.execPath,
        [
          rawScript,
          adminHash,
          ADMIN.password,
          String(settings.hashConcurrency),
          String(settings.loginSeconds),
        ],
        { timeout: (settings.loginSeconds + 30) * 1000 },
      );
      const result = JSON.parse(stdout.trim().split('\n').pop());
      rawMainMicros.push(result.mainMicrosPerVerify);
      return result.rate;
    };
    const loginRate = async () => {
      const cpuBefore = tessera.mainThreadMicros();
      const result = await checkedLoad(loader, 'login', {
        port: tessera.port,
        path: '/api/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
        seconds: settings.loginSeconds,
        connections: settings.loginConnections,
      });
      loginMainMicros.push((tessera.mainThreadMicros() - cpuBefore) / result.requests);
      return result.rps;
    };
    for (let round = 0; round < settings.loginRounds; round += 1) {
      const order = round % 2 === 0 ? ['raw', 'login'] : ['login', 'raw'];
      for (const which of order) {
        if (which === 'raw') rawRuns.push(await rawRate());
        else loginRuns.push(await loginRate());
      }
      log(
        `  round ${round + 1}: raw ${rawRuns.at(-1).toFixed(1)}/s, login ${loginRuns.at(-1).toFixed(1)}/s`,
      );
    }
    const logins = {
      loginRate: median(loginRuns),
      rawRate: median(rawRuns),
      loginRuns,
      rawRuns,
      loginMainMicros: median(loginMainMicros),
      rawMainMicros: median(rawMainMicros),
    };

    // --- (c) authenticated p99 while 20 logins/s run ----------------------------------------
    log(`(c) p99 of GET /api/users, idle and with ${settings.loginsPerSecond} logins/s`);
    const idleRuns = [];
    const busyRuns = [];
    const loginOutcomes = { sent: 0, ok: 0, failed: 0 };
    const withLogins = async (work) => {
      let stopped = false;
      const pending = [];
      const timer = setInterval(() => {
        if (stopped) return;
        loginOutcomes.sent += 1;
        pending.push(
          httpRequest(tessera.port, {
            method: 'POST',
            path: '/api/login',
            body: ADMIN,
            timeoutMs: 10_000,
          }).then(
            (response) =>
              response.status === 200 ? (loginOutcomes.ok += 1) : (loginOutcomes.failed += 1),
            () => (loginOutcomes.failed += 1),
          ),
        );
      }, 1000 / settings.loginsPerSecond);
      try {
        return await work();
      } finally {
        stopped = true;
        clearInterval(timer);
        await Promise.all(pending);
      }
    };
    const usersLoad = () =>
      checkedLoad(loader, 'p99 /api/users', {
        port: tessera.port,
        path: USERS_PATH,
        headers: auth,
        seconds: settings.p99Seconds,
        connections: settings.connections,
      });
    for (let round = 0; round < settings.p99Rounds; round += 1) {
      const order = round % 2 === 0 ? ['idle', 'busy'] : ['busy', 'idle'];
      for (const which of order) {
        if (which === 'idle') idleRuns.push(await usersLoad());
        else busyRuns.push(await withLogins(usersLoad));
      }
      log(
        `  round ${round + 1}: idle p99 ${idleRuns.at(-1).p99Ms.toFixed(2)} ms, with logins ${busyRuns.at(-1).p99Ms.toFixed(2)} ms`,
      );
    }
    if (loginOutcomes.failed > 0)
      throw new Error(`(c) ${loginOutcomes.failed} of ${loginOutcomes.sent} logins failed`);
    const loginLoadSeconds = settings.p99Rounds * settings.p99Seconds;
    const latencyUnderLogins = {
      idle: {
        p50Ms: median(idleRuns.map((r) => r.p50Ms)),
        p99Ms: median(idleRuns.map((r) => r.p99Ms)),
        rps: median(idleRuns.map((r) => r.rps)),
      },
      busy: {
        p50Ms: median(busyRuns.map((r) => r.p50Ms)),
        p99Ms: median(busyRuns.map((r) => r.p99Ms)),
        rps: median(busyRuns.map((r) => r.rps)),
      },
      loginsPerSecond: loginOutcomes.ok / loginLoadSeconds,
      idleP99s: idleRuns.map((r) => r.p99Ms),
      busyP99s: busyRuns.map((r) => r.p99Ms),
    };
    await stop(tessera);
    await stop(tesseraStatic);

    // --- (d) RSS over one million authenticated requests ----------------------------------
    log(`(d) RSS of a fresh Tessera over ${settings.rssRequests} authenticated requests`);
    const rssServer = await startTesseraStatic('tessera-rss');
    const rss = { atStart: rssServer.rssMiB(), samples: [] };
    let served = 0;
    while (served < settings.rssRequests) {
      const result = await checkedLoad(loader, 'rss', {
        port: rssServer.port,
        path: STATIC_PATH,
        headers: auth,
        seconds: settings.rssChunkSeconds,
        connections: settings.connections,
      });
      served += result.requests;
      rss.samples.push({ requests: served, rssMiB: rssServer.rssMiB() });
    }
    rss.early = rss.samples.find((s) => s.requests >= settings.rssEarly);
    rss.final = rss.samples.at(-1);
    rss.earlyTarget = settings.rssEarly;
    rss.finalTarget = settings.rssRequests;
    log(
      `  ${rss.early.requests} requests: ${rss.early.rssMiB.toFixed(1)} MiB; ${rss.final.requests}: ${rss.final.rssMiB.toFixed(1)} MiB`,
    );
    await stop(rssServer);

    // --- (e) process start to ready ---------------------------------------------------------
    log(`(e) start to ready: ${settings.startRounds} starts of tessera serve`);
    const startTimes = [];
    for (let round = 0; round < settings.startRounds; round += 1) {
      await sleep(200);
      const server = await startTessera('tessera-start');
      startTimes.push(server.readyMs);
      await stop(server);
    }
    const startup = { readyMs: median(startTimes), runs: startTimes };

    // --- where the time goes: CPU profiles of the static route -------------------------------
    const profiles = [];
    if (options.profile) {
      for (const [label, extra] of [
        ['default configuration', {}],
        ['TESSERA_LOG_REQUESTS=false', { TESSERA_LOG_REQUESTS: 'false' }],
      ]) {
        log(`profile: static route, ${label}`);
        const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-prof-'));
        try {
          const server = await startTesseraStatic('tessera-profiled', extra, [
            '--cpu-prof',
            `--cpu-prof-dir=${dir}`,
          ]);
          const loadOptions = {
            port: server.port,
            path: STATIC_PATH,
            headers: auth,
            connections: settings.connections,
          };
          const warm = await checkedLoad(loader, 'profile warm-up', { ...loadOptions, seconds: 1 });
          const measured = await checkedLoad(loader, 'profile', { ...loadOptions, seconds: 5 });
          await stop(server);
          const file = path.join(
            dir,
            readdirSync(dir).find((name) => name.endsWith('.cpuprofile')),
          );
          const summary = summarizeProfile(file, 12);
          profiles.push({
            label,
            rps: measured.rps,
            requests: warm.requests + measured.requests,
            summary,
            categories: profileCategories(file, warm.requests + measured.requests),
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }

    const results = {
      quick,
      startedAt,
      finishedAt: new Date(),
      machine,
      loader,
      settings,
      throughput,
      logins,
      latencyUnderLogins,
      rss,
      startup,
      profiles,
    };
    results.targets = evaluateTargets(results);
    const report = await formatMarkdown(renderReport(results), out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, report);
    log(
      `\n${results.targets.map((t) => `${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.measured} (target ${t.target})`).join('\n')}`,
    );
    if (quick) log('(quick run: a harness check; targets are judged on the full run only)');
    return { file: out, results };
  } finally {
    await stopAll();
    home.dispose();
  }
}
