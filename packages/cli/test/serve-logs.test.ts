/**
 * `tessera serve` writes its log lines in batches (TESSERA_LOG_FLUSH_MS): a quiet server still
 * writes a request's line within the interval, and a SIGTERM stop writes every line it holds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, spawnCli, waitForOutput } from './run-cli.js';

describe('tessera serve log lines', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tessera-cli-logs-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('writes a quiet request’s line within the interval and every line at SIGTERM', async () => {
    const server = spawnCli(['serve'], {
      cwd,
      env: cliEnv({ PORT: '0', TESSERA_DATA_DIR: join(cwd, 'data'), TESSERA_LOG_FLUSH_MS: '200' }),
    });
    let stdout = '';
    server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => server.on('close', resolve));
    try {
      const [, base = ''] = await waitForOutput(server, /listening at (http:\/\/127\.0\.0\.1:\d+)/);
      await fetch(`${base}/api/health?n=quiet`);
      await waitForOutput(server, /"url":"\/api\/health\?n=quiet"/);
      for (let n = 0; n < 30; n += 1) {
        expect((await fetch(`${base}/api/health?n=${n}`)).status).toBe(200);
      }
    } finally {
      server.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
    const urls = stdout
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as { msg?: string; url?: string })
      .filter((record) => record.msg === 'request')
      .map((record) => record.url);
    expect(urls).toEqual([
      '/api/health?n=quiet',
      ...Array.from({ length: 30 }, (_, n) => `/api/health?n=${n}`),
    ]);
  });
});
