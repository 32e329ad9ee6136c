import { randomUUID } from 'node:crypto';
import { revocationChannel, revocationMessages, type Revocation } from './revocation-bus.js';

/** Tells running instances about revocations made outside them (the CLI). */
export interface RevocationPublisher {
  /** Publishes and waits for Redis to take it; rejects when Redis cannot be reached. */
  publish(revocation: Revocation): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to the deployment's Redis (`TESSERA_REDIS_URL`, `TESSERA_REDIS_PREFIX`) to publish
 * revocations made by a short-lived process, such as `tessera user disable`, on the channel the
 * running instances listen to: they apply them at once, as if one of them had made them.
 * Rejects when Redis cannot be reached within about a second.
 *
 * @example
 * ```ts
 * const publisher = await openRevocationPublisher(config.redisUrl, config.redisPrefix);
 * await publisher.publish({ users: [7], sessions: [] });
 * await publisher.close();
 * ```
 */
export async function openRevocationPublisher(
  url: string,
  prefix: string,
): Promise<RevocationPublisher> {
  const { Redis } = await import('ioredis'); // loaded only when Redis is configured
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  const from = `cli-${randomUUID()}`;
  const channel = revocationChannel(prefix);
  return {
    publish: async (revocation) => {
      for (const message of revocationMessages(from, revocation)) {
        await client.publish(channel, message);
      }
    },
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
