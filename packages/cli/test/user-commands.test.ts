import { describe, expect, it } from 'vitest';
import { createTestTarget, testEngines } from '../../server/test/support/engines.js';
import { cliEnv, runCli } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';

describe.each(await testEngines())('tessera user … on %s', (engine) => {
  const withTarget = async (work: (env: NodeJS.ProcessEnv, cwd: string) => Promise<void>) => {
    const target = await createTestTarget(engine);
    try {
      const env = cliEnv({ TESSERA_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl });
      await work(env, target.dataDir.replace(/\/data$/, ''));
    } finally {
      await target.dispose();
    }
  };

  it('user create reads the password from stdin, then list, disable and delete work', async () => {
    await withTarget(async (env, cwd) => {
      const created = await runCli(
        ['user', 'create', '--email', 'Ada@Example.com', '--name', 'Ada', '--role', 'admin'],
        { cwd, env, input: `${PASSWORD}\n` },
      );
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(created.stdout).toBe('Created user 1 Ada@Example.com (admin)\n');

      const second = await runCli(
        ['user', 'create', '--email', 'bob@example.com', '--name', 'Bob'],
        {
          cwd,
          env,
          input: PASSWORD,
        },
      );
      expect(second.stdout).toBe('Created user 2 bob@example.com (user)\n');

      const listed = await runCli(['user', 'list'], { cwd, env });
      expect(listed.stdout).toBe(
        '1\tAda@Example.com\tAda\tadmin\tenabled\n2\tbob@example.com\tBob\tuser\tenabled\n',
      );

      const disabled = await runCli(['user', 'disable', 'BOB@example.com'], { cwd, env });
      expect(disabled.stdout).toBe('Disabled user 2 bob@example.com\n');
      expect((await runCli(['user', 'list'], { cwd, env })).stdout).toContain(
        '2\tbob@example.com\tBob\tuser\tdisabled',
      );

      const deleted = await runCli(['user', 'delete', '2'], { cwd, env });
      expect(deleted.stdout).toBe('Deleted user 2 bob@example.com\n');

      const lastAdmin = await runCli(['user', 'delete', '1'], { cwd, env });
      expect(lastAdmin.code).toBe(1);
      expect(lastAdmin.stderr).toBe('tessera: the last admin cannot be removed or disabled\n');
    });
  });

  it('refuses a duplicate email, a short password, no password, and an unknown user with one line', async () => {
    await withTarget(async (env, cwd) => {
      const create = (email: string, input: string) =>
        runCli(['user', 'create', '--email', email, '--name', 'X'], { cwd, env, input });
      expect((await create('x@example.com', PASSWORD)).code).toBe(0);

      const cases = [
        [
          await create('X@EXAMPLE.COM', PASSWORD),
          'tessera: a user with this email already exists\n',
        ],
        [
          await create('y@example.com', 'short'),
          'tessera: password must be at least 8 characters\n',
        ],
        [await create('z@example.com', ''), 'tessera: no password on standard input\n'],
        [
          await runCli(['user', 'disable', 'nobody@example.com'], { cwd, env }),
          'tessera: no user nobody@example.com\n',
        ],
      ] as const;
      for (const [result, message] of cases) {
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(message);
        expect(result.stdout).toBe('');
      }
    });
  });

  it('has no way to pass the password as an argument', async () => {
    await withTarget(async (env, cwd) => {
      const result = await runCli(
        ['user', 'create', '--email', 'p@example.com', '--name', 'P', '--password', PASSWORD],
        { cwd, env, input: PASSWORD },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("unknown option '--password'");
      expect((await runCli(['user', 'list'], { cwd, env })).stdout).toBe('No users\n');
    });
  });

  it('migrate applies the migrations once', async () => {
    await withTarget(async (env, cwd) => {
      const first = await runCli(['migrate'], { cwd, env });
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Applied: 0001/);
      const again = await runCli(['migrate'], { cwd, env });
      expect(again.stdout).toBe('Database is up to date\n');
    });
  });
});
