// (b) Logins: Tessera's and the @fastify/jwt peer's `POST /api/login` against the raw argon2id
// rate (verify of the same stored hash, same parameters, in a bare process), alternating.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkedLoad, log, roundOrder } from '../checks.mjs';
import { median } from '../stats.mjs';
import { ADMIN } from '../tessera.mjs';

const run = promisify(execFile);

export async function measureLogins(ctx, group) {
  const { settings } = ctx;
  const servers = { tessera: group.servers.tessera, jwt: group.servers.jwt };
  const runs = { raw: [], tessera: [], jwt: [] };
  const mainMicros = { raw: [], tessera: [], jwt: [] };
  const rawRate = async () => {
    const { stdout } = await run(
      process.execPath,
      [
        path.join(ctx.root, 'bench/lib/argon2-rate.mjs'),
        ctx.adminHash,
        ADMIN.password,
        String(settings.hashConcurrency),
        String(settings.loginSeconds),
      ],
      { timeout: (settings.loginSeconds + 30) * 1000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop());
    mainMicros.raw.push(result.mainMicrosPerVerify);
    return result.rate;
  };
  const loginRate = async (key) => {
    const server = servers[key];
    const cpuBefore = server.mainThreadMicros();
    const result = await checkedLoad(ctx.loader, `${server.name} login`, {
      port: server.port,
      path: '/api/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
      seconds: settings.loginSeconds,
      connections: settings.loginConnections,
    });
    mainMicros[key].push((server.mainThreadMicros() - cpuBefore) / result.requests);
    return result.rps;
  };
  log(`logins ${group.engine}: ${settings.loginRounds} rounds × ${settings.loginSeconds} s`);
  for (let round = 0; round < settings.loginRounds; round += 1) {
    for (const which of roundOrder(['raw', 'tessera', 'jwt'], round)) {
      runs[which].push(which === 'raw' ? await rawRate() : await loginRate(which));
    }
    log(
      `  ${round + 1}: raw ${runs.raw.at(-1).toFixed(1)}/s, tessera ${runs.tessera.at(-1).toFixed(1)}/s, jwt ${runs.jwt.at(-1).toFixed(1)}/s`,
    );
  }
  return {
    engine: group.engine,
    rawRate: median(runs.raw),
    loginRate: median(runs.tessera),
    jwtRate: median(runs.jwt),
    runs,
    loginMainMicros: median(mainMicros.tessera),
    jwtMainMicros: median(mainMicros.jwt),
    rawMainMicros: median(mainMicros.raw),
  };
}
