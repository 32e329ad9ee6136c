/**
 * `tessera keys list|rotate|revoke` against a running `tessera serve` with
 * TESSERA_SIGNING_ALG=EdDSA (issue #12, "done when"): a login token has alg EdDSA and a kid
 * listed in the JWKS; after `keys rotate` new tokens carry the new kid and the old token is
 * still accepted; after `keys revoke <old kid>` the old token gets 401 token_invalid. The server
 * applies what another process changed within TESSERA_USER_CACHE_TTL (1 s): the test polls, with
 * a deadline, for that. With TESSERA_TOKEN_FORMAT=jwe the same holds for encryption keys, and
 * `keys list` shows when each key was last used (written by the server as it stops).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, loginOverHttp } from '../../server/test/support/over-http.js';
import { cliEnv, runCli, spawnCli, waitForOutput } from './run-cli.js';

const PASSWORD = 'a long enough passphrase';

const kidOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
    kid: string;
    alg: string;
  };

/** Creates the admin the tests log in as. */
async function createRoot(cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const created = await runCli(
    ['user', 'create', '--email', 'root@example.com', '--name', 'Root', '--role', 'admin'],
    { cwd, env, input: PASSWORD },
  );
  expect(created.code, created.stderr).toBe(0);
}

/** Log in as root, and the status `GET /api/auth/me` answers a token with. */
function calls(base: string) {
  return {
    login: () => loginOverHttp(base, 'root@example.com', PASSWORD),
    status: async (token: string) =>
      (await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
  };
}

describe('tessera keys with a running server (SQLite)', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tessera-keys-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('rotates without refusing a token in flight, and revokes a key for good', async () => {
    const env = cliEnv({ TESSERA_DATA_DIR: join(cwd, 'data'), TESSERA_SIGNING_ALG: 'EdDSA' });
    await createRoot(cwd, env);
    const server = spawnCli(['serve'], { cwd, env: { ...env, PORT: '0' } });
    try {
      const [, base = ''] = await waitForOutput(server, /listening on (http:\/\/[\d.:]+)/);
      const { login, status } = calls(base);
      const published = async () =>
        (
          (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as {
            keys: { kid: string }[];
          }
        ).keys.map((key) => key.kid);

      const old = await login();
      expect(kidOf(old).alg).toBe('EdDSA');
      expect(await published()).toContain(kidOf(old).kid);
      const listed = await runCli(['keys', 'list'], { cwd, env });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(
        new RegExp(`^${kidOf(old).kid}\\tsig\\tEdDSA\\tcurrent\\t`, 'm'),
      );
      expect(listed.stdout.match(/\tnext\t/g)).toHaveLength(1);

      const rotated = await runCli(['keys', 'rotate'], { cwd, env });
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(await eventually(async () => kidOf(await login()).kid !== kidOf(old).kid)).toBe(true);
      expect(await status(old)).toBe(200);
      const fresh = await login();
      expect(await status(fresh)).toBe(200);

      const revoked = await runCli(['keys', 'revoke', kidOf(old).kid], { cwd, env });
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(await eventually(async () => (await status(old)) === 401)).toBe(true);
      const refused = await fetch(`${base}/api/auth/me`, {
        headers: { authorization: `Bearer ${old}` },
      });
      expect(((await refused.json()) as { code: string }).code).toBe('token_invalid');
      expect(await status(fresh)).toBe(200);
      expect(await published()).not.toContain(kidOf(old).kid);

      const again = await runCli(['keys', 'revoke', kidOf(old).kid], { cwd, env });
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(`tessera: key ${kidOf(old).kid} is already revoked\n`);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
    }
  });

  it('E07 with TESSERA_TOKEN_FORMAT=jwe rotates and revokes encryption keys, and lists when keys were last used', async () => {
    const env = cliEnv({
      TESSERA_DATA_DIR: join(cwd, 'data'),
      TESSERA_SIGNING_ALG: 'HS256',
      TESSERA_TOKEN_FORMAT: 'jwe',
    });
    await createRoot(cwd, env);
    const encryptionRows = async () => {
      const listed = await runCli(['keys', 'list'], { cwd, env });
      expect(listed.code, listed.stderr).toBe(0);
      const [heading, ...rows] = listed.stdout.trim().split('\n');
      expect(heading).toBe('kid\tuse\talg\tstate\tcreated\tactivated\tretired\tlast used');
      return rows.map((row) => row.split('\t'));
    };
    const server = spawnCli(['serve'], { cwd, env: { ...env, PORT: '0' } });
    let old = '';
    let oldKid = '';
    try {
      const [, base = ''] = await waitForOutput(server, /listening on (http:\/\/[\d.:]+)/);
      const { login, status } = calls(base);
      old = await login();
      expect(old.split('.')).toHaveLength(5);
      oldKid = kidOf(old).kid;
      const rows = await encryptionRows();
      expect(rows.map(([, use, alg, state]) => [use, alg, state]).sort()).toEqual([
        ['enc', 'A256GCM', 'current'],
        ['enc', 'A256GCM', 'next'],
      ]);
      expect(rows.find(([kid]) => kid === oldKid)?.[3]).toBe('current');

      const rotated = await runCli(['keys', 'rotate'], { cwd, env });
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stdout).toMatch(/encrypts now/);
      expect(await eventually(async () => kidOf(await login()).kid !== oldKid)).toBe(true);
      expect(await status(old)).toBe(200);
      const fresh = await login();

      const revoked = await runCli(['keys', 'revoke', oldKid], { cwd, env });
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(await eventually(async () => (await status(old)) === 401)).toBe(true);
      expect(await status(fresh)).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
    }
    // A server writes its key uses when it stops (and at most once a minute while it runs).
    const used = (await encryptionRows()).find(([kid]) => kid === oldKid);
    expect(used?.[3]).toBe('revoked');
    expect(Date.parse(used?.[7] ?? '')).toBeGreaterThan(Date.now() - 600_000);
  });

  it('takes a kid that starts with "-" as a kid (a base64url thumbprint may), not an option', async () => {
    const env = cliEnv({ TESSERA_DATA_DIR: join(cwd, 'data'), TESSERA_SIGNING_ALG: 'ES256' });
    const result = await runCli(['keys', 'revoke', '-sGLNBi3mFq0TNky'], { cwd, env });
    expect(result.stderr).toBe('tessera: no key -sGLNBi3mFq0TNky\n');
    expect(result.code).toBe(1);
  });

  it('refuses keys commands when tokens are signed with HS256', async () => {
    const result = await runCli(['keys', 'list'], {
      cwd,
      env: cliEnv({ TESSERA_DATA_DIR: join(cwd, 'data'), TESSERA_SIGNING_ALG: 'HS256' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tessera: tokens are signed with HS256/);
  });
});
