import type { Redis } from 'ioredis';
import type { RedisCommandClient } from './redis-failure-store.js';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionCache } from '../sessions/session-cache.js';
import type { UserCache } from '../users/user-cache.js';
import {
  RevocationBus,
  revocationChannel,
  type BusState,
  type Revocation,
} from './revocation-bus.js';

/** Longest wait for a Redis command, ms: a stalled Redis must not hold a request. */
const COMMAND_TIMEOUT_MS = 250;
/** Longest wait for a connection, ms. */
const CONNECT_TIMEOUT_MS = 1000;
/** Longest pause between reconnection attempts, ms. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * A connection to Redis that fails fast: no offline queue (a command while disconnected fails
 * at once instead of waiting for the connection to return), one attempt per command, a command
 * timeout, and reconnection every 50 ms → 1 s for as long as it takes.
 */
async function openClient(url: string, name: string): Promise<Redis> {
  // Loaded only when Redis is configured: the library costs about 125 ms of start-up.
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  // Connection errors are reported through the link's state; ioredis would print them otherwise.
  client.on('error', () => undefined);
  return client;
}

/** What {@link openRedisLink} wires the link to. */
export interface RedisLinkOptions {
  readonly url: string;
  /** What every channel and key starts with (`TESSERA_REDIS_PREFIX`). */
  readonly prefix: string;
  readonly userCache: UserCache;
  readonly sessionCache: SessionCache;
  readonly log: FastifyBaseLogger;
  /** The bus's heartbeat, ms (tests shorten it). */
  readonly heartbeatMs?: number;
}

/**
 * Tessera's link to Redis (`TESSERA_REDIS_URL`): the revocation bus between instances, and its
 * state for `/api/health`.
 */
export interface RedisLink {
  /** `up` while revocations from other instances are heard; `down` while they may be missed. */
  readonly state: BusState;
  /** The command connection (fails fast while Redis is away), for shared counters. */
  readonly client: RedisCommandClient;
  /** Tells the other instances what this one revoked (never throws). */
  publish(revocation: Revocation): void;
  close(): Promise<void>;
}

/**
 * Connects to Redis and starts the revocation bus. While the bus is down (Redis unreachable,
 * stalled, or the subscription lost) the guard's user and session views are suspended, so
 * every request reads the database and no revocation is missed; when it is back they are
 * emptied and used again. One `warn` line per outage, one `info` line when it ends. A Redis
 * that is unreachable at start does not stop the start: the server runs as during an outage
 * until Redis answers.
 *
 * @example
 * ```ts
 * const link = await openRedisLink({ url, prefix: 'tessera:', userCache, sessionCache, log });
 * link.publish({ users: [7], sessions: [] });
 * await link.close();
 * ```
 */
export async function openRedisLink(options: RedisLinkOptions): Promise<RedisLink> {
  const { userCache, sessionCache, log } = options;
  const publisher = await openClient(options.url, 'tessera-publisher');
  const subscriber = await openClient(options.url, 'tessera-subscriber');
  const suspend = (suspended: boolean): void => {
    userCache.suspend(suspended);
    sessionCache.suspend(suspended);
  };
  let wasUp = false;
  const bus = new RevocationBus({
    channel: revocationChannel(options.prefix),
    publisher,
    subscriber,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    apply: ({ users, sessions }) => {
      for (const id of users) userCache.invalidate(id);
      for (const id of sessions) sessionCache.markEnded(id);
    },
    onStateChange: (state) => {
      suspend(state === 'down');
      if (state === 'down') {
        log.warn(
          { event: 'redis_unavailable' },
          'Redis is unreachable: revocations from other instances may be missed, so user and session state is read from the database on every request until it is back',
        );
      } else {
        log.info(
          { event: wasUp ? 'redis_restored' : 'redis_connected' },
          wasUp ? 'Redis is back: revocations are shared again' : 'Redis connected',
        );
        wasUp = true;
      }
    },
  });
  suspend(true);
  for (const client of [publisher, subscriber]) client.connect().catch(() => undefined);
  await bus.start();
  if (bus.state === 'down') {
    log.warn(
      { event: 'redis_unavailable' },
      'Redis is unreachable at start: user and session state is read from the database on every request until it answers',
    );
  }
  return {
    get state() {
      return bus.state;
    },
    client: publisher,
    publish: (revocation) => bus.publish(revocation),
    close: () => {
      bus.stop();
      publisher.disconnect();
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}
