/**
 * Issue #13, nothing lost: `kill -9` of `tessera serve` during 50 concurrent clients (25 rotating
 * refresh tokens, 25 writing users), on SQLite and PostgreSQL. After a restart, every
 * acknowledged write is there (or the one in flight, if it committed), no session family is
 * half-rotated (an open session has exactly one unused refresh token: the last one acknowledged,
 * or its successor when the refresh in flight committed), every such session still refreshes, and
 * the SQLite file passes `integrity_check`.
 */
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../../server/src/sessions/refresh-token.js';
import { openDatabase } from '../../server/src/db/index.js';
import { createTestTarget, testEngines } from '../../server/test/support/engines.js';
import { call, type Instance } from './instances.js';
import { cliEnv, runCli, spawnCli, waitForOutput } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';
const CLIENTS = 25;
const LOAD_MS = 1500;

interface Rotation {
  acknowledged: string;
  inFlight: string | undefined;
}
interface Write {
  readonly id: number;
  acknowledged: string;
  inFlight: string | undefined;
}

async function start(cwd: string, env: NodeJS.ProcessEnv): Promise<Instance> {
  const child: ChildProcess = spawnCli(['serve'], { cwd, env: { ...env, PORT: '0' } });
  child.stdout?.on('data', () => undefined); // keep the pipe drained
  const [, base = ''] = await waitForOutput(child, /listening on (http:\/\/[\d.:]+)/);
  return { name: 'tessera', base, child, output: () => '' };
}

async function stop(instance: Instance, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill(signal);
  await exited;
}

describe.each(await testEngines())('kill -9 under load on %s', (engine) => {
  it('loses no acknowledged write and leaves no family half-rotated', async () => {
    const target = await createTestTarget(engine);
    const cwd = target.dataDir.replace(/\/data$/, '');
    const env = cliEnv({
      TESSERA_DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl,
      TESSERA_REFRESH_TRANSPORT: 'body',
      TESSERA_LOGIN_THROTTLE: 'false',
      TESSERA_LOG_REQUESTS: 'false',
    });
    try {
      const created = await runCli(
        ['user', 'create', '--email', 'root@example.com', '--name', 'Root', '--role', 'admin'],
        { cwd, env, input: PASSWORD },
      );
      expect(created.code, created.stderr).toBe(0);
      let server = await start(cwd, env);
      const login = async () => {
        const response = await call(server, '/api/auth/login', {
          method: 'POST',
          json: { email: 'root@example.com', password: PASSWORD },
        });
        expect(response.status).toBe(200);
        return response.body as { access_token: string; refresh_token: string };
      };
      const admin = (await login()).access_token;
      const writes: Write[] = [];
      for (let index = 0; index < CLIENTS; index += 1) {
        const user = await call(server, '/api/users', {
          method: 'POST',
          token: admin,
          json: { email: `w${index}@example.com`, name: 'start', password: PASSWORD },
        });
        expect(user.status).toBe(201);
        writes.push({
          id: (user.body as { id: number }).id,
          acknowledged: 'start',
          inFlight: undefined,
        });
      }
      const rotations: Rotation[] = [];
      for (let index = 0; index < CLIENTS; index += 1) {
        rotations.push({ acknowledged: (await login()).refresh_token, inFlight: undefined });
      }

      let running = true;
      let refreshed = 0;
      const refresher = async (rotation: Rotation) => {
        while (running) {
          rotation.inFlight = rotation.acknowledged;
          const response = await call(server, '/api/auth/refresh', {
            method: 'POST',
            json: { refresh_token: rotation.acknowledged },
          }).catch(() => undefined);
          if (response?.status !== 200) return; // the server is gone
          rotation.acknowledged = (response.body as { refresh_token: string }).refresh_token;
          refreshed += 1;
          rotation.inFlight = undefined;
        }
      };
      const writer = async (write: Write) => {
        for (let n = 1; running; n += 1) {
          const name = `name ${n}`;
          write.inFlight = name;
          const response = await call(server, `/api/users/${write.id}`, {
            method: 'PATCH',
            token: admin,
            json: { name },
          }).catch(() => undefined);
          if (response?.status !== 200) return;
          write.acknowledged = name;
          write.inFlight = undefined;
        }
      };
      const clients = [...rotations.map(refresher), ...writes.map(writer)];
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      await stop(server, 'SIGKILL');
      running = false;
      await Promise.all(clients);
      expect(refreshed).toBeGreaterThan(0);
      expect(writes.filter((write) => write.acknowledged !== 'start').length).toBeGreaterThan(0);

      server = await start(cwd, env);
      try {
        const root = (await login()).access_token;
        for (const write of writes) {
          const user = await call(server, `/api/users/${write.id}`, { token: root });
          const stored = (user.body as { name: string }).name;
          expect([write.acknowledged, write.inFlight]).toContain(stored);
        }
        const database = await openDatabase(target.options);
        try {
          if (engine === 'sqlite') {
            const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
              database.db,
            );
            expect(check.rows.map((row) => row.integrity_check)).toEqual(['ok']);
          }
          const open = await database.db
            .selectFrom('sessions')
            .leftJoin('refresh_tokens', (join) =>
              join
                .onRef('refresh_tokens.session_id', '=', 'sessions.id')
                .on('refresh_tokens.consumed_at', 'is', null),
            )
            .select(['sessions.id', (eb) => eb.fn.count('refresh_tokens.hash').as('unused')])
            .where('sessions.ended_at', 'is', null)
            .groupBy('sessions.id')
            .execute();
          for (const session of open) expect(Number(session.unused)).toBe(1);
          for (const rotation of rotations) {
            const row = await database.db
              .selectFrom('refresh_tokens')
              .select(['session_id', 'consumed_at'])
              .where('hash', '=', hashRefreshToken(rotation.acknowledged))
              .executeTakeFirstOrThrow();
            if (row.consumed_at === null) {
              // The refresh in flight (if any) did not commit: the acknowledged token still works.
              const again = await call(server, '/api/auth/refresh', {
                method: 'POST',
                json: { refresh_token: rotation.acknowledged },
              });
              expect(again.status).toBe(200);
            } else {
              // It committed before the kill: its successor is the one unused token of the session.
              expect(rotation.inFlight).toBe(rotation.acknowledged);
              expect(open.map((session) => session.id)).toContain(row.session_id);
            }
          }
        } finally {
          await database.close();
        }
      } finally {
        await stop(server, 'SIGTERM');
      }
    } finally {
      await target.dispose();
    }
  }, 120_000);
});
