/**
 * The resource service, a separate process that holds no secret, checks Tessera's EdDSA tokens
 * with jose and Tessera's JWKS alone (issue #12 part 5), on SQLite and PostgreSQL: it checks
 * `iss`, `aud`, `typ` and the scope; it keeps accepting tokens across a rotation; it refuses a
 * revoked key's tokens once its JWKS cache has expired (1 s here; Tessera's `max-age=300` by
 * default: the bound documented in the README).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildApp, PasswordHasher, resolveConfig, type DatabaseEngine } from '@tessera/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTarget, testEngines } from '../../../packages/server/test/support/engines.js';
import { eventually, loginOverHttp } from '../../../packages/server/test/support/over-http.js';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const PASSWORD = 'a long enough passphrase';
const CACHE_MS = 1000;

function startResourceService(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', TSX, SERVER], {
    env: { PATH: process.env['PATH'], ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(seen);
      if (match?.[1] !== undefined) resolve({ child, base: match[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`resource service exited ${String(code)}: ${seen}`)),
    );
  });
}

describe.each(await testEngines())(
  'resource service with Tessera on %s (EdDSA)',
  (engine: DatabaseEngine) => {
    let tessera: FastifyInstance;
    let tesseraBase: string;
    let service: { child: ChildProcess; base: string };
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const target = await createTestTarget(engine);
      tessera = await buildApp({
        config: resolveConfig({
          dataDir: target.dataDir,
          databaseUrl: target.databaseUrl,
          signingAlg: 'EdDSA',
          loginThrottle: false,
          logLevel: 'silent',
        }),
      });
      const hasher = new PasswordHasher({ concurrency: 1, queueLimit: 0 });
      await tessera.tessera.users.create({
        email: 'reader@example.com',
        name: 'Reader',
        role: 'user',
        isEnabled: true,
        passwordHash: await hasher.hash(PASSWORD),
      });
      tesseraBase = await tessera.listen({ host: '127.0.0.1', port: 0 });
      service = await startResourceService({
        TESSERA_JWKS_URL: `${tesseraBase}/.well-known/jwks.json`,
        TESSERA_ISSUER: tessera.tessera.config.issuer,
        TESSERA_AUDIENCE: tessera.tessera.config.audience,
        JWKS_CACHE_MS: String(CACHE_MS),
      });
      dispose = async () => {
        service.child.kill('SIGTERM');
        await tessera.close();
        await target.dispose();
      };
    });
    afterAll(() => dispose());

    const login = () => loginOverHttp(tesseraBase, 'reader@example.com', PASSWORD);
    const reports = async (authorization?: string) => {
      const response = await fetch(`${service.base}/api/reports`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('accepts a Tessera token and refuses none, a forged one and one for another audience', async () => {
      const token = await login();
      const accepted = await reports(`Bearer ${token}`);
      expect(accepted).toEqual({
        status: 200,
        body: { reports: [], for: expect.any(String) as string },
      });
      expect((await reports()).body['code']).toBe('token_missing');
      const [h, p] = token.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ sub: '1', scope: 'profile:read' })).toString('base64url')}.${token.split('.')[2]}`;
      expect(await reports(`Bearer ${forged}`)).toMatchObject({
        status: 401,
        body: { code: 'token_invalid' },
      });
      const hs256 = `${Buffer.from('{"alg":"HS256","typ":"at+jwt"}').toString('base64url')}.${p}.AAAA`;
      expect((await reports(`Bearer ${hs256}`)).status).toBe(401);
    });

    it('keeps accepting tokens across a rotation, and refuses a revoked key’s tokens once its cache expired', async () => {
      const { store, reload } = tessera.tessera.tokenKeys;
      const old = await login();
      expect((await reports(`Bearer ${old}`)).status).toBe(200);
      const oldKid = (
        JSON.parse(Buffer.from(old.split('.')[0]!, 'base64url').toString()) as { kid: string }
      ).kid;

      await store!.rotate('EdDSA');
      await reload();
      const fresh = await login();
      expect(fresh.split('.')[0]).not.toBe(old.split('.')[0]);
      expect((await reports(`Bearer ${fresh}`)).status).toBe(200);
      expect((await reports(`Bearer ${old}`)).status).toBe(200);

      await store!.revoke(oldKid, 'EdDSA');
      await reload();
      expect(await eventually(async () => (await reports(`Bearer ${old}`)).status === 401)).toBe(
        true,
      );
      expect((await reports(`Bearer ${fresh}`)).status).toBe(200);
    });
  },
);
