/**
 * Shared failure counters (login throttling, the rejected-token limit) on a real Redis: fixed
 * windows from the first failure, atomic counts from several clients, no email address or IP in
 * Redis, expiry with the window; and the fallback to memory when Redis is killed (a private
 * redis-server), which never throws and keeps the larger count.
 */
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryFailureStore } from '../../src/auth/failure-store.js';
import { FallbackFailureStore, RedisFailureStore } from '../../src/redis/redis-failure-store.js';
import * as redisSupport from '../support/redis.js';

const redis = await redisSupport.redisReady();
const WINDOW = 900;
const NOW = 1_800_000_000;
const clients: Redis[] = [];
const servers: redisSupport.PrivateRedis[] = [];

function client(url = redisSupport.REDIS_URL): Redis {
  const redis = redisSupport.fastFailingClient(url);
  clients.push(redis);
  return redis;
}

async function ready(redis: Redis): Promise<Redis> {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

afterEach(async () => {
  for (const redis of clients.splice(0)) redis.disconnect();
  for (const server of servers.splice(0)) await server.kill();
});

describe.runIf(redis)('RedisFailureStore', () => {
  it('counts in a window that starts at the first failure and starts again once it is over', async () => {
    const store = new RedisFailureStore(await ready(client()), redisSupport.uniquePrefix());
    expect(await store.get('account', 'ada@example.com', NOW, WINDOW)).toBeUndefined();
    expect(await store.bump('account', 'ada@example.com', NOW, WINDOW)).toEqual({
      count: 1,
      first: NOW,
      last: NOW,
    });
    expect(await store.bump('account', 'ada@example.com', NOW + 10.5, WINDOW)).toEqual({
      count: 2,
      first: NOW,
      last: NOW + 10.5,
    });
    expect(await store.get('account', 'ada@example.com', NOW + WINDOW - 1, WINDOW)).toMatchObject({
      count: 2,
    });
    expect(await store.get('account', 'ada@example.com', NOW + WINDOW, WINDOW)).toBeUndefined();
    expect(await store.bump('account', 'ada@example.com', NOW + WINDOW, WINDOW)).toEqual({
      count: 1,
      first: NOW + WINDOW,
      last: NOW + WINDOW,
    });
    await store.clear('account', 'ada@example.com');
    expect(await store.get('account', 'ada@example.com', NOW + WINDOW, WINDOW)).toBeUndefined();
  });

  it('keeps kinds and keys apart, and counts every bump of many clients at once', async () => {
    const prefix = redisSupport.uniquePrefix();
    const stores = await Promise.all(
      [1, 2, 3].map(async () => new RedisFailureStore(await ready(client()), prefix)),
    );
    await Promise.all(
      Array.from({ length: 90 }, (_, index) =>
        stores[index % 3]!.bump('ip', '203.0.113.7', NOW, WINDOW),
      ),
    );
    expect(await stores[0]?.get('ip', '203.0.113.7', NOW, WINDOW)).toMatchObject({ count: 90 });
    expect(await stores[1]?.get('token', '203.0.113.7', NOW, WINDOW)).toBeUndefined();
    expect(await stores[2]?.get('ip', '203.0.113.8', NOW, WINDOW)).toBeUndefined();
  });

  it('stores no email address or IP, and lets each key expire with its window', async () => {
    const redis = await ready(client());
    const prefix = redisSupport.uniquePrefix();
    const store = new RedisFailureStore(redis, prefix);
    await store.bump('account', 'ada@example.com', NOW, WINDOW);
    await store.bump('ip', '203.0.113.7', NOW, 60);
    const keys = (await redis.keys(`${prefix}*`)).sort();
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toMatch(/ada|example|203\.0/);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(key.includes(':ip:') ? 60 : WINDOW);
    }
  });
});

describe.runIf(redis)('FallbackFailureStore', () => {
  it('keeps counting in memory while Redis is killed, and never throws', async () => {
    const redis = await redisSupport.startPrivateRedis();
    servers.push(redis);
    const store = new FallbackFailureStore(
      new RedisFailureStore(await ready(client(redis.url)), redisSupport.uniquePrefix()),
      new MemoryFailureStore(),
    );
    await store.bump('account', 'ada@example.com', NOW, WINDOW);
    await redis.kill();
    const started = performance.now();
    expect(await store.bump('account', 'ada@example.com', NOW + 1, WINDOW)).toMatchObject({
      count: 2,
    });
    expect(await store.get('account', 'ada@example.com', NOW + 2, WINDOW)).toMatchObject({
      count: 2,
    });
    await store.clear('account', 'ada@example.com');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await store.get('account', 'ada@example.com', NOW + 3, WINDOW)).toBeUndefined();
  });

  it('answers the larger of the shared and the local count', async () => {
    const prefix = redisSupport.uniquePrefix();
    const shared = new RedisFailureStore(await ready(client()), prefix);
    const local = new MemoryFailureStore();
    const store = new FallbackFailureStore(shared, local);
    for (let i = 0; i < 3; i += 1) await shared.bump('ip', 'a', NOW, WINDOW); // other instances
    expect(await store.bump('ip', 'a', NOW, WINDOW)).toMatchObject({ count: 4 });
    for (let i = 0; i < 6; i += 1) await local.bump('ip', 'b', NOW, WINDOW); // seen in an outage
    expect(await store.get('ip', 'b', NOW, WINDOW)).toMatchObject({ count: 6 });
  });
});
