import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateSecret } from '../../server/src/config/secret.js';
import { cliEnv, runCli, spawnCli, waitForOutput } from './run-cli.js';

describe('tessera secret and serve', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('secret generate prints a strong secret', async () => {
    const result = await runCli(['secret', 'generate'], { cwd, env: cliEnv({}) });
    expect(result.code).toBe(0);
    const secret = result.stdout.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(validateSecret(secret).length).toBe(43);
  });

  it.each([
    ['empty', ''],
    ['"secret"', 'secret'],
    ['31 bytes', 'Zx8#qLm2$Wv9!rTb5^Kp0&Hs7*Nd4@Y'],
    ['"a" * 32', 'a'.repeat(32)],
  ])('K07 serve refuses to start with TESSERA_JWT_SECRET %s', async (_label, secret) => {
    const result = await runCli(['serve'], {
      cwd,
      env: cliEnv({ TESSERA_JWT_SECRET: secret, PORT: '0' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tessera: TESSERA_JWT_SECRET .+\n$/);
    if (secret.length >= 8) expect(result.stderr).not.toContain(secret);
  });

  it('a bad setting stops the start with one line naming it', async () => {
    const result = await runCli(['serve'], { cwd, env: cliEnv({ PORT: 'eighty' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('tessera: PORT must be an integer from 0 to 65535\n');
  });

  it('serve on an empty database prints a setup link that works once', async () => {
    const server = spawnCli(['serve'], {
      cwd,
      env: cliEnv({ PORT: '0', TESSERA_LOG_LEVEL: 'warn', TESSERA_DATA_DIR: join(cwd, 'data') }),
    });
    try {
      const [, link = ''] = await waitForOutput(
        server,
        /(http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]+)/,
      );
      const url = new URL(link);
      const token = url.searchParams.get('token');
      const setup = (body: object) =>
        fetch(new URL('/api/setup', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const admin = {
        token,
        email: 'root@example.com',
        name: 'Root',
        password: 'a long passphrase',
      };
      const first = await setup(admin);
      expect(first.status).toBe(201);
      const { access_token } = (await first.json()) as { access_token: string };
      const me = await fetch(new URL('/api/auth/me', url), {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(((await me.json()) as { role: string }).role).toBe('admin');
      const second = await setup({ ...admin, email: 'other@example.com' });
      expect(second.status).toBe(404);
      expect(((await second.json()) as { code: string }).code).toBe('not_found');
    } finally {
      server.kill('SIGTERM');
    }
  });
});
