import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { TesseraConfig } from '../../src/config/config.js';
import type { LogCapture } from './log-capture.js';
import { testConfig, type TestApp } from './test-app.js';

/** What a sibling instance takes besides the first one's database and Redis. */
export interface SiblingOptions {
  readonly logs: LogCapture;
  readonly clock: () => number;
  /** Settings that differ from the catalogue's (cache TTL, throttling, …). */
  readonly config?: Partial<TesseraConfig>;
  readonly authFailureLimit?: { readonly maxFailures: number; readonly windowSeconds: number };
}

/**
 * A second instance on the same database, Redis URL and Redis prefix as `t` (issue #13): what
 * another `tessera serve` behind the same proxy would be, in this process.
 *
 * @example
 * ```ts
 * const b = await siblingInstance(t(), { logs: new LogCapture(), clock: () => NOW });
 * await b.inject({ url: '/api/health' });
 * await b.close();
 * ```
 */
export async function siblingInstance(
  t: TestApp,
  options: SiblingOptions,
): Promise<FastifyInstance> {
  const { dataDir, databaseUrl, redisUrl, redisPrefix } = t.app.tessera.config;
  const app = await buildApp({
    config: {
      ...testConfig(dataDir, databaseUrl),
      redisUrl,
      redisPrefix,
      ...options.config,
    },
    logStream: options.logs,
    clock: options.clock,
    authFailureLimit: options.authFailureLimit ?? {
      maxFailures: Number.MAX_SAFE_INTEGER,
      windowSeconds: 60,
    },
  });
  await app.ready();
  return app;
}
