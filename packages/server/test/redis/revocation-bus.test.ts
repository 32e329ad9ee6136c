/**
 * The revocation bus on a real Redis: what one instance publishes, every other applies (never
 * its own, never a malformed message); its state follows the link, including a Redis that is
 * killed, frozen, and started again (a private redis-server, never the shared one).
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RevocationBus, type BusState, type Revocation } from '../../src/redis/revocation-bus.js';
import {
  fastFailingClient,
  REDIS_URL,
  redisReady,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from '../support/redis.js';

const HEARTBEAT_MS = 100;
const opened: Redis[] = [];
const buses: RevocationBus[] = [];
const servers: PrivateRedis[] = [];

function client(url: string): Redis {
  const redis = fastFailingClient(url);
  opened.push(redis);
  return redis;
}

/** One instance's bus: what it applied, and the states it went through. */
async function instance(url: string, channel: string) {
  const applied: Revocation[] = [];
  const states: BusState[] = [];
  const publisher = client(url);
  const bus = new RevocationBus({
    channel,
    publisher,
    subscriber: client(url),
    heartbeatMs: HEARTBEAT_MS,
    apply: (revocation) => applied.push(revocation),
    onStateChange: (state) => states.push(state),
  });
  buses.push(bus);
  await bus.start();
  return { bus, applied, states, publisher };
}

async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

afterEach(async () => {
  for (const bus of buses.splice(0)) bus.stop();
  for (const redis of opened.splice(0)) redis.disconnect();
  for (const server of servers.splice(0)) await server.kill();
});

describe.runIf(await redisReady())('the revocation bus', () => {
  it('is up once it hears itself, and every other instance applies what one publishes', async () => {
    const channel = `${uniquePrefix()}revocations`;
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => instance(REDIS_URL, channel)));
    for (const each of [a, b, c]) expect(each?.bus.state).toBe('up');
    a?.bus.publish({ users: [7], sessions: ['s-1', 's-2'] });
    await eventually(() => {
      expect(b?.applied).toEqual([{ users: [7], sessions: ['s-1', 's-2'] }]);
      expect(c?.applied).toEqual([{ users: [7], sessions: ['s-1', 's-2'] }]);
    });
    expect(a?.applied).toEqual([]);
  });

  it('splits long lists into messages of at most 500 ids, and loses none', async () => {
    const channel = `${uniquePrefix()}revocations`;
    const [a, b] = await Promise.all([instance(REDIS_URL, channel), instance(REDIS_URL, channel)]);
    const sessions = Array.from({ length: 1234 }, (_, index) => `s-${index}`);
    a.bus.publish({ users: [], sessions });
    await eventually(() => expect(b.applied.flatMap((each) => each.sessions)).toEqual(sessions));
    expect(b.applied.map((each) => each.sessions.length)).toEqual([500, 500, 234]);
  });

  it('ignores malformed messages and keeps only well-typed ids', async () => {
    const channel = `${uniquePrefix()}revocations`;
    const b = await instance(REDIS_URL, channel);
    const raw = new Redis(REDIS_URL);
    opened.push(raw);
    for (const text of ['not json', '[]', 'null', '{"users":[1]}', '{"from":7}']) {
      await raw.publish(channel, text);
    }
    await raw.publish(
      channel,
      JSON.stringify({ from: 'other', users: [1, '2', 1.5, null], sessions: ['s', 3] }),
    );
    // One channel delivers in order: the malformed ones came first, and none was applied.
    await eventually(() => expect(b.applied).toHaveLength(1));
    expect(b.applied).toEqual([{ users: [1], sessions: ['s'] }]);
  });

  it('goes down when Redis is killed or frozen, and up again when it is back', async () => {
    const redis = await startPrivateRedis();
    servers.push(redis);
    const channel = `${uniquePrefix()}revocations`;
    const a = await instance(redis.url, channel);
    expect(a.bus.state).toBe('up');

    await redis.kill();
    await eventually(() => expect(a.bus.state).toBe('down'));
    await redis.start();
    await eventually(() => expect(a.bus.state).toBe('up'), 5000);

    redis.pause(); // the connection stays open; only the missing heartbeat tells
    await eventually(() => expect(a.bus.state).toBe('down'));
    redis.resume();
    await eventually(() => expect(a.bus.state).toBe('up'), 5000);
    expect(a.states).toEqual(['up', 'down', 'up', 'down', 'up']);

    const b = await instance(redis.url, channel);
    a.bus.publish({ users: [3], sessions: [] });
    await eventually(() => expect(b.applied).toEqual([{ users: [3], sessions: [] }]));
  });

  it('starts down, without waiting long, when Redis is unreachable, and comes up when it answers', async () => {
    const redis = await startPrivateRedis();
    servers.push(redis);
    await redis.kill();
    const started = performance.now();
    const a = await instance(redis.url, `${uniquePrefix()}revocations`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(a.bus.state).toBe('down');
    await redis.start();
    await eventually(() => expect(a.bus.state).toBe('up'), 5000);
  });
});
