/**
 * A disable made by another process reaches a busy server's very next request, over real
 * sockets: `tessera serve` answers a steady stream of requests for one user while
 * `tessera user disable` runs in a second process; every request sent after that process has
 * exited (the next one, then 100 at once) is refused with 401, with no wait. (SQLite's change
 * check runs once per event-loop turn, and a request that reaches the server after the commit
 * is read in a later turn.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, spawnCli, waitForOutput } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';
const IN_FLIGHT = 16;

describe('a disable by another process, seen by a busy server (SQLite)', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tessera-xproc-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('refuses every request sent after `tessera user disable` exits', async () => {
    const env = cliEnv({ TESSERA_DATA_DIR: join(cwd, 'data') });
    for (const [email, role] of [
      ['root@example.com', 'admin'],
      ['bob@example.com', 'user'],
    ] as const) {
      const created = await runCli(
        ['user', 'create', '--email', email, '--name', email, '--role', role],
        { cwd, env, input: PASSWORD },
      );
      expect(created.code, created.stderr).toBe(0);
    }
    const server = spawnCli(['serve'], { cwd, env: { ...env, PORT: '0' } });
    try {
      const [, base = ''] = await waitForOutput(server, /listening on (http:\/\/[\d.:]+)/);
      const login = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bob@example.com', password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const me = () =>
        fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then(
          async (response) => {
            await response.arrayBuffer();
            return response.status;
          },
        );
      expect(await me()).toBe(200);

      // Keep the server busy with the same user's requests while another process disables it
      // (a worker stops at its first 401: the rejected-token limit counts them per address).
      let disabled = false;
      let before200 = 0;
      const worker = async (): Promise<void> => {
        while (!disabled && (await me()) === 200) before200 += 1;
      };
      const workers = Array.from({ length: IN_FLIGHT }, worker);
      const result = await runCli(['user', 'disable', 'bob@example.com'], { cwd, env });
      disabled = true;
      expect(result.code, result.stderr).toBe(0);
      const first = await me();
      const burst = await Promise.all(Array.from({ length: 100 }, me));
      await Promise.all(workers);

      expect(before200).toBeGreaterThan(0);
      expect(first).toBe(401);
      expect(new Set(burst)).toEqual(new Set([401]));
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
    }
  });
});
