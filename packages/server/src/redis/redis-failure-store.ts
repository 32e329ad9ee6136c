import { createHash } from 'node:crypto';
import type { FailureKind, Failures, FailureStore } from '../auth/failure-store.js';

/**
 * Counts one failure atomically: a window that is over (or none) starts again at `now`; the key
 * expires when its window ends. Returns count, first, last.
 */
const BUMP = `
local first = tonumber(redis.call('HGET', KEYS[1], 'first'))
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if first == nil or now - first >= window then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'count', 1, 'first', ARGV[1], 'last', ARGV[1])
  redis.call('EXPIRE', KEYS[1], math.ceil(window))
  return {1, ARGV[1], ARGV[1]}
end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
return {count, tostring(redis.call('HGET', KEYS[1], 'first')), ARGV[1]}
`;

function failuresOf(count: unknown, first: unknown, last: unknown): Failures | undefined {
  const values = [Number(count), Number(first), Number(last)];
  if (!values.every(Number.isFinite)) return undefined;
  const [c = 0, f = 0, l = 0] = values;
  return { count: c, first: f, last: l };
}

/**
 * The commands the shared counters and the revocation bus send (an ioredis client has them);
 * declared here so that Tessera's public types do not depend on ioredis's.
 */
export interface RedisCommandClient {
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  eval(script: string, numberOfKeys: number, ...args: string[]): Promise<unknown>;
  del(key: string): Promise<number>;
  publish(channel: string, message: string): Promise<number>;
}

/** The one with more failures (either may be missing). */
function larger(a: Failures | undefined, b: Failures | undefined): Failures | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.count > a.count ? b : a;
}

/**
 * Failures counted in Redis, shared by every instance: one hash per kind and key, named after
 * a SHA-256 of the key (no email address or IP in Redis), bumped by one Lua script, expiring
 * with its window. Commands fail fast when Redis is away (see `openRedisLink`); wrap it in a
 * {@link FallbackFailureStore} to keep counting in memory then.
 *
 * @example
 * ```ts
 * const store = new RedisFailureStore(client, 'tessera:');
 * await store.bump('account', 'ada@example.com', now, 900);
 * ```
 */
export class RedisFailureStore implements FailureStore {
  readonly #client: RedisCommandClient;
  readonly #prefix: string;

  constructor(client: RedisCommandClient, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async get(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Promise<Failures | undefined> {
    const [count, first, last] = await this.#client.hmget(
      this.#key(kind, key),
      'count',
      'first',
      'last',
    );
    const failures = failuresOf(count, first, last);
    if (failures === undefined || now - failures.first >= windowSeconds) return undefined;
    return failures;
  }

  async bump(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Promise<Failures> {
    const reply = (await this.#client.eval(
      BUMP,
      1,
      this.#key(kind, key),
      String(now),
      String(windowSeconds),
    )) as unknown[];
    const failures = failuresOf(reply[0], reply[1], reply[2]);
    if (failures === undefined) throw new Error('unexpected reply from the failure counter');
    return failures;
  }

  async clear(kind: FailureKind, key: string): Promise<void> {
    await this.#client.del(this.#key(kind, key));
  }

  #key(kind: FailureKind, key: string): string {
    const digest = createHash('sha256').update(key).digest('base64url');
    return `${this.#prefix}failures:${kind}:${digest}`;
  }
}

/**
 * Redis shared by every instance, with this process's memory beside it: every failure is counted
 * in both, and the larger count answers. When Redis fails (unreachable, or stalled past the
 * command timeout) memory alone answers, so counting never stops and never throws; during an
 * outage each instance counts its own (the limits then hold per instance, as without Redis),
 * starting from what it saw, and after one nothing this instance counted is lost.
 *
 * @example
 * ```ts
 * const store = new FallbackFailureStore(new RedisFailureStore(client, prefix), new MemoryFailureStore());
 * ```
 */
export class FallbackFailureStore implements FailureStore {
  readonly #shared: FailureStore;
  readonly #local: FailureStore;

  constructor(shared: FailureStore, local: FailureStore) {
    this.#shared = shared;
    this.#local = local;
  }

  async get(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Promise<Failures | undefined> {
    const local = await this.#local.get(kind, key, now, windowSeconds);
    try {
      return larger(await this.#shared.get(kind, key, now, windowSeconds), local);
    } catch {
      return local;
    }
  }

  async bump(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Promise<Failures> {
    const local = await this.#local.bump(kind, key, now, windowSeconds);
    try {
      return larger(await this.#shared.bump(kind, key, now, windowSeconds), local) ?? local;
    } catch {
      return local;
    }
  }

  async clear(kind: FailureKind, key: string): Promise<void> {
    await this.#local.clear(kind, key);
    try {
      await this.#shared.clear(kind, key);
    } catch {
      // Redis is away: its count expires with its window.
    }
  }
}
