import type { Role } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import { resolveConfig, type TesseraConfig } from '../../src/config/config.js';
import type { DatabaseEngine } from '../../src/db/index.js';
import { currentAuth } from '../../src/guard/auth-context.js';
import type { UserRecord } from '../../src/users/user-store.js';
import { AUD, ISS, K, NOW, TTL } from '../token/support.js';
import { createTestTarget, type TestDatabaseTarget } from './engines.js';
import { LogCapture } from './log-capture.js';

/** A fixture user: its record, its password and its fixture session. */
export interface TestUser {
  readonly record: UserRecord;
  readonly id: number;
  readonly email: string;
  readonly password: string;
  /**
   * The id of a session started for the user when the fixture created them: every access token
   * needs the `sid` of an open session. {@link TestApp.renewSession} replaces it.
   */
  readonly sessionId: string;
}

/** A running (not listening) Tessera app on one engine, with the catalogue's users. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly engine: DatabaseEngine;
  readonly logs: LogCapture;
  /** alice (role user), bob (role user), admin (role admin): SECURITY.md §2 conventions. */
  readonly alice: TestUser;
  readonly bob: TestUser;
  readonly admin: TestUser;
  /** Times the protected probe route `GET /api/probe` ran its handler (G2). */
  readonly probeHits: () => number;
  /** A valid access token for a user (in their fixture session), issued by the app's token service. */
  tokenFor(user: TestUser): string;
  /** Starts a new fixture session for `user` (after a test ended theirs); returns its id. */
  renewSession(user: TestUser): Promise<string>;
  /** Creates another user straight in the store. */
  createUser(email: string, role?: Role, password?: string): Promise<TestUser>;
  /**
   * Closes this app and builds a new one on the same database with `config` changed (a
   * restart, L16); alice, bob and admin are the same users, with new fixture sessions.
   * Dispose the returned app (which removes the database) instead of this one.
   */
  restart(config: Partial<TesseraConfig>): Promise<TestApp>;
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  /** Server clock in seconds; defaults to the pinned `NOW` of the token fixtures. */
  readonly clock?: () => number;
  readonly config?: Partial<TesseraConfig>;
  /** The per-address limit on rejected tokens; off unless a test sets it (auth-failure-limit). */
  readonly authFailureLimit?: { readonly maxFailures: number; readonly windowSeconds: number };
  /** Scopes, roles and migrations of an application's resources (see `BuildAppOptions.plugin`). */
  readonly plugin?: BuildAppOptions['plugin'];
  /** Adds an application's routes after the app is built (before it is ready). */
  readonly routes?: (app: FastifyInstance) => void;
}

export const PASSWORD = 'correct horse battery staple';

/** The configuration of the catalogue: issuer and audience `urn:app:api`, secret `K`. */
export function testConfig(dataDir: string, databaseUrl: string | undefined): TesseraConfig {
  return resolveConfig({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl,
    jwtSecret: new Uint8Array(K),
    issuer: ISS,
    audience: AUD,
    accessTtlSeconds: TTL,
    publicUrl: 'http://127.0.0.1:3000',
    logLevel: 'info',
    logRequests: true,
    hashConcurrency: 2,
    hashQueueLimit: 32,
    webDir: undefined,
    // Throttling has its own tests (login-throttle-*.test.ts); the catalogue fixtures log in
    // and fail many times from one address.
    loginThrottle: false,
  });
}

/** Builds the app on a fresh database of `engine`, with the probe route and the three users. */
export async function startTestApp(
  engine: DatabaseEngine,
  options: TestAppOptions = {},
): Promise<TestApp> {
  return await openTestApp(await createTestTarget(engine), options, false);
}

async function openTestApp(
  target: TestDatabaseTarget,
  options: TestAppOptions,
  restarted: boolean,
): Promise<TestApp> {
  const { engine } = target;
  const logs = new LogCapture();
  const app = await buildApp({
    config: { ...testConfig(target.dataDir, target.databaseUrl), ...options.config },
    logStream: logs,
    clock: options.clock ?? (() => NOW),
    authFailureLimit: options.authFailureLimit ?? {
      maxFailures: Number.MAX_SAFE_INTEGER,
      windowSeconds: 60,
    },
    ...(options.plugin === undefined ? {} : { plugin: options.plugin }),
  });
  options.routes?.(app);
  let hits = 0;
  app.get('/api/probe', { config: { scope: 'profile:read' } }, (request) => {
    hits += 1;
    return { ok: true, user_id: currentAuth(request).user.id };
  });
  await app.ready();
  const { users, hasher, tokens, sessions } = app.tessera;
  const sessionOf = new Map<number, string>();
  const startSession = async (id: number): Promise<string> => {
    const { session } = await sessions.start(id, 'tessera-test-fixture');
    sessionOf.set(id, session.id);
    return session.id;
  };
  const createUser = async (
    email: string,
    role: Role = 'user',
    password = PASSWORD,
  ): Promise<TestUser> => {
    const existing = restarted ? await users.findByEmail(email) : undefined;
    const record =
      existing ??
      (await users.create({
        email,
        name: email.split('@')[0] ?? email,
        role,
        isEnabled: true,
        passwordHash: await hasher.hash(password),
      }));
    await startSession(record.id);
    return {
      record,
      id: record.id,
      email,
      password,
      get sessionId() {
        return sessionOf.get(record.id) ?? '';
      },
    };
  };
  const alice = await createUser('alice@example.com');
  const bob = await createUser('bob@example.com');
  const admin = await createUser('admin@example.com', 'admin');
  return {
    app,
    engine,
    logs,
    alice,
    bob,
    admin,
    probeHits: () => hits,
    tokenFor: (user) =>
      tokens.issue({
        sub: String(user.id),
        sid: user.sessionId,
        scope: app.tessera.access.scopeStringFor(user.record.role),
      }).token,
    renewSession: (user) => startSession(user.id),
    createUser,
    restart: async (config) => {
      await app.close();
      return await openTestApp(
        target,
        { ...options, config: { ...options.config, ...config } },
        true,
      );
    },
    dispose: async () => {
      await app.close();
      await target.dispose();
    },
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start one {@link TestApp} for the enclosing
 * `describe`, and returns a getter for it.
 *
 * @example
 * ```ts
 * describe.each(await testEngines())('guard on %s', (engine) => {
 *   const t = useTestApp(engine);
 *   it('A01 …', async () => { const res = await t().app.inject({ url: '/api/probe' }); … });
 * });
 * ```
 */
export function useTestApp(engine: DatabaseEngine, options: TestAppOptions = {}): () => TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(engine, options);
  });
  afterAll(async () => {
    await current?.dispose();
  });
  return () => {
    if (current === undefined) throw new Error('useTestApp: the app is not started');
    return current;
  };
}
