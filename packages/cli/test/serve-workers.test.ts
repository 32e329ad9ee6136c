/**
 * Issue #13: `tessera serve --workers N` (node:cluster, one port) and graceful shutdown. Two
 * workers serve one port; a worker killed with SIGKILL is replaced while the other keeps
 * answering; SIGTERM lets the logins in flight finish (200) before every process exits 0.
 */
import { get } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, until } from './instances.js';
import { childrenOf, cliEnv, runCli, spawnCli, waitForOutput } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';

/** `GET path` on a new connection (a killed worker's keep-alive connection is not reused). */
function statusOf(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(`${base}${path}`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.setTimeout(5000, () => request.destroy(new Error(`${path}: no answer in 5 s`)));
    request.on('error', reject);
  });
}

describe('tessera serve --workers', () => {
  let cwd: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tessera-workers-'));
    env = cliEnv({ TESSERA_DATA_DIR: join(cwd, 'data') });
    const created = await runCli(
      ['user', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--role', 'admin'],
      { cwd, env, input: PASSWORD },
    );
    expect(created.code, created.stderr).toBe(0);
  });

  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('refuses a worker count that is not from 1 to 64', async () => {
    for (const workers of ['0', '65', 'two']) {
      const result = await runCli(['serve', '--workers', workers], { cwd, env });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('--workers must be an integer from 1 to 64');
    }
  });

  it('two workers serve one port; a killed worker is replaced; SIGTERM drains logins in flight', async () => {
    const primary = spawnCli(['serve', '--workers', '2'], { cwd, env: { ...env, PORT: '0' } });
    const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve));
    // Keep reading: the workers' request logs fill the pipe otherwise, and a full pipe blocks them.
    let printed = '';
    primary.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    primary.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    try {
      const [, base = ''] = await waitForOutput(
        primary,
        /listening on (http:\/\/[\d.:]+) \(2 workers\)/,
      );
      const instance = { name: 'primary', base, child: primary, output: () => '' };
      const workers = childrenOf(primary.pid!);
      expect(workers).toHaveLength(2);
      for (let i = 0; i < 6; i += 1) expect(await statusOf(base, '/api/health/ready')).toBe(200);

      // A worker dies (past its start): the other answers meanwhile, and it is replaced.
      await new Promise((resolve) => setTimeout(resolve, 5500));
      process.kill(workers[0]!, 'SIGKILL');
      // A connection the primary hands out in the moment before it learns of the death is lost
      // with the worker (node:cluster); once it knows, the other worker takes them all.
      expect(
        await until(() => Promise.resolve(printed.includes('exited (SIGKILL)')), true, 5000),
      ).toBe(true);
      for (let i = 0; i < 6; i += 1) expect(await statusOf(base, '/api/health/live')).toBe(200);
      const replaced = await until(
        () =>
          Promise.resolve(childrenOf(primary.pid!).filter((pid) => !workers.includes(pid)).length),
        1,
        20_000,
      );
      expect(replaced).toBe(1);

      // SIGTERM while logins are being hashed: each finishes with 200, then everything exits 0.
      const logins = Array.from({ length: 6 }, () =>
        call(instance, '/api/auth/login', {
          method: 'POST',
          json: { email: 'ada@example.com', password: PASSWORD },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      primary.kill('SIGTERM');
      expect((await Promise.all(logins)).map((response) => response.status)).toEqual(
        Array.from({ length: 6 }, () => 200),
      );
      expect(await exited).toBe(0);
      expect(childrenOf(primary.pid!)).toEqual([]);
    } finally {
      if (primary.exitCode === null) primary.kill('SIGKILL');
    }
  }, 60_000);
});
