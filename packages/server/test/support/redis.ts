import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The Redis the tests share (`TESSERA_TEST_REDIS_URL`); each test uses its own key prefix. */
export const REDIS_URL = process.env['TESSERA_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

let available: Promise<boolean> | undefined;

async function ping(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function probe(): Promise<boolean> {
  let problem: string | undefined;
  try {
    await ping(REDIS_URL);
  } catch (error) {
    problem = `${REDIS_URL} is unreachable (${String(error)})`;
  }
  if (problem === undefined && !hasRedisServer()) problem = 'redis-server is not installed';
  if (problem === undefined) return true;
  const start =
    'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';
  if (process.env['CI'] === 'true') {
    throw new Error(`Redis is required when CI=true but ${problem}. Start it: ${start}`);
  }
  console.warn(`\n!! ${problem}: the Redis tests are left out (CI=true fails instead)\n`);
  return false;
}

/**
 * Whether the Redis tests can run: the shared Redis answers and `redis-server` is installed (the
 * outage tests start their own). Under `CI=true` it rejects instead of answering `false`, so a
 * test file that needs Redis fails, never skips; elsewhere it warns and the file's suites skip.
 *
 * @example
 * ```ts
 * const redis = await redisReady();
 * describe.runIf(redis)('shared over Redis', () => { … });
 * ```
 */
export function redisReady(): Promise<boolean> {
  available ??= probe();
  return available;
}

/**
 * A client as Tessera opens one (fails fast: no offline queue, one attempt, 250 ms timeout),
 * reconnecting every 50 ms; the caller disconnects it.
 */
export function fastFailingClient(url = REDIS_URL): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 250,
    retryStrategy: () => 50,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** A key prefix of its own, so tests on the shared Redis never hear each other. */
export function uniquePrefix(): string {
  return `tessera-test:${randomUUID()}:`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A `redis-server` of the test's own, to stop and start (never the shared one). */
export interface PrivateRedis {
  readonly url: string;
  /** Kills the server at once (SIGKILL): connections drop, nothing is flushed. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  resume(): void;
}

/**
 * Starts a private `redis-server` on a free loopback port (nothing kept on disk).
 *
 * @example
 * ```ts
 * const redis = await startPrivateRedis();
 * await redis.kill(); // an outage
 * await redis.start(); // and back
 * await redis.kill();
 * ```
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await ping(url);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    kill,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}
