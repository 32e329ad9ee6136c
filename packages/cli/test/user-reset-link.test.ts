/**
 * Issue #14, M17: `tessera user reset-link <user>` prints a one-time reset link on
 * TESSERA_PUBLIC_URL; the server accepts its token once; a newer link voids it; a disabled or
 * unknown user gets one line on stderr. On SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { createTestTarget, testEngines } from '../../server/test/support/engines.js';
import { testConfig } from '../../server/test/support/test-app.js';
import { cliEnv, runCli } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';
const LINK = /^https:\/\/auth\.example\.test\/reset-password#token=([A-Za-z0-9_-]{43})\n$/;

describe.each(await testEngines())('tessera user reset-link on %s', (engine) => {
  it('M17 prints a reset link the server accepts once; a newer link voids it; disabled and unknown users are refused', async () => {
    const target = await createTestTarget(engine);
    try {
      const env = cliEnv({
        TESSERA_DATA_DIR: target.dataDir,
        DATABASE_URL: target.databaseUrl,
        TESSERA_PUBLIC_URL: 'https://auth.example.test/',
      });
      const cwd = target.dataDir.replace(/\/data$/, '');
      const create = (email: string) =>
        runCli(['user', 'create', '--email', email, '--name', 'Ada'], {
          cwd,
          env,
          input: PASSWORD,
        });
      expect((await create('ada@example.com')).code).toBe(0);
      expect((await create('gone@example.com')).code).toBe(0);

      const first = await runCli(['user', 'reset-link', 'ADA@example.com'], { cwd, env });
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(LINK);
      const second = await runCli(['user', 'reset-link', '1'], { cwd, env });
      const older = LINK.exec(first.stdout)?.[1] ?? '';
      const newer = LINK.exec(second.stdout)?.[1] ?? '';
      expect(newer).not.toBe(older);

      await runCli(['user', 'disable', 'gone@example.com'], { cwd, env });
      const disabled = await runCli(['user', 'reset-link', 'gone@example.com'], { cwd, env });
      expect(disabled).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'tessera: user gone@example.com is disabled\n',
      });
      const unknown = await runCli(['user', 'reset-link', 'nobody@example.com'], { cwd, env });
      expect(unknown).toMatchObject({ code: 1, stderr: 'tessera: no user nobody@example.com\n' });

      const app = await buildApp({
        config: { ...testConfig(target.dataDir, target.databaseUrl), logLevel: 'silent' },
      });
      try {
        const reset = (token: string) =>
          app.inject({
            method: 'POST',
            url: '/api/auth/password/reset',
            payload: { token, new_password: 'the reset passphrase' },
          });
        expect((await reset(older)).statusCode).toBe(400);
        expect((await reset(newer)).statusCode).toBe(200);
        expect((await reset(newer)).statusCode).toBe(400);
      } finally {
        await app.close();
      }
    } finally {
      await target.dispose();
    }
  });
});
