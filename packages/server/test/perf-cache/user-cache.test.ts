/**
 * UserCache (issue #6): bounded, least recently used first out; entries expire after the TTL or
 * when the clock goes back; an invalidation or a commit seen through `dataVersion` drops
 * entries, and a read that was in flight meanwhile is not kept.
 */
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/users/user-store.js';
import { UserCache } from '../../src/users/user-store.js';

function record(id: number, isEnabled = true): UserRecord {
  return {
    id,
    email: `u${id}@example.com`,
    name: `U${id}`,
    role: 'user',
    isEnabled,
    isEmailVerified: false,
    pendingInvitation: false,
    tokenVersion: 0,
    passwordHash: '$argon2id$…',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A fake store whose rows the test changes, counting reads. */
function fakeStore() {
  const rows = new Map<number, UserRecord>();
  let reads = 0;
  return {
    rows,
    reads: () => reads,
    read: (id: number) => {
      reads += 1;
      return Promise.resolve(rows.get(id));
    },
  };
}

describe('UserCache', () => {
  it('serves a loaded user from memory until the TTL has passed', async () => {
    const store = fakeStore();
    store.rows.set(1, record(1));
    let now = 100;
    const cache = new UserCache(store.read, { ttlSeconds: 1, clock: () => now });
    expect(cache.peek(1)).toBeUndefined();
    expect(await cache.load(1)).toMatchObject({ id: 1 });
    now += 0.999;
    expect(cache.peek(1)).toMatchObject({ id: 1 });
    now += 0.001;
    expect(cache.peek(1)).toBeUndefined();
    expect(store.reads()).toBe(1);
  });

  it('reads again when the clock went back', async () => {
    const store = fakeStore();
    store.rows.set(1, record(1));
    let now = 100;
    const cache = new UserCache(store.read, { ttlSeconds: 10, clock: () => now });
    await cache.load(1);
    now -= 5;
    expect(cache.peek(1)).toBeUndefined();
  });

  it('is bounded: beyond maxEntries the least recently used goes', async () => {
    const store = fakeStore();
    for (let id = 1; id <= 50; id += 1) store.rows.set(id, record(id));
    const cache = new UserCache(store.read, { ttlSeconds: 60, maxEntries: 3 });
    await cache.load(1);
    await cache.load(2);
    await cache.load(3);
    cache.peek(1); // 1 is now the most recently used
    await cache.load(4); // evicts 2
    expect(cache.size).toBe(3);
    expect(cache.peek(2)).toBeUndefined();
    expect(cache.peek(1)).toBeDefined();
    expect(cache.peek(3)).toBeDefined();
    expect(cache.peek(4)).toBeDefined();
    for (let id = 5; id <= 50; id += 1) await cache.load(id);
    expect(cache.size).toBe(3);
    expect(cache.maxEntries).toBe(3);
  });

  it('does not cache users that do not exist', async () => {
    const store = fakeStore();
    const cache = new UserCache(store.read, { ttlSeconds: 60 });
    expect(await cache.load(7)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a user on invalidate, and every user on clear', async () => {
    const store = fakeStore();
    store.rows.set(1, record(1));
    store.rows.set(2, record(2));
    const cache = new UserCache(store.read, { ttlSeconds: 60 });
    await cache.load(1);
    await cache.load(2);
    cache.invalidate(1);
    expect(cache.peek(1)).toBeUndefined();
    expect(cache.peek(2)).toBeDefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('does not keep a read that was in flight when the user was invalidated', async () => {
    let release: (user: UserRecord) => void = () => undefined;
    const cache = new UserCache(() => new Promise<UserRecord>((resolve) => (release = resolve)), {
      ttlSeconds: 60,
    });
    const loading = cache.load(1);
    cache.invalidate(1); // a write committed while the old row was being read
    release(record(1, true));
    expect(await loading).toMatchObject({ isEnabled: true }); // used for its own request only
    expect(cache.peek(1)).toBeUndefined();
  });

  it('drops everything when dataVersion changes (another process committed)', async () => {
    const store = fakeStore();
    store.rows.set(1, record(1));
    let version = 1;
    const cache = new UserCache(store.read, { ttlSeconds: 60, dataVersion: () => version });
    await cache.load(1);
    expect(cache.peek(1)).toBeDefined();
    version = 2;
    expect(cache.peek(1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep a read during which dataVersion changed', async () => {
    let version = 1;
    const cache = new UserCache(
      (id) => {
        version += 1; // another process commits while this read runs
        return Promise.resolve(record(id));
      },
      { ttlSeconds: 60, dataVersion: () => version },
    );
    await cache.load(1);
    expect(cache.peek(1)).toBeUndefined();
  });

  it('keeps nothing with a TTL of 0', async () => {
    const store = fakeStore();
    store.rows.set(1, record(1));
    const cache = new UserCache(store.read, { ttlSeconds: 0 });
    expect(await cache.load(1)).toMatchObject({ id: 1 });
    expect(cache.peek(1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('hands out frozen copies', async () => {
    const store = fakeStore();
    store.rows.set(1, record(1));
    const cache = new UserCache(store.read, { ttlSeconds: 60 });
    const user = await cache.load(1);
    expect(Object.isFrozen(user)).toBe(true);
    expect(user).not.toBe(store.rows.get(1));
  });

  it.each([
    [{ ttlSeconds: -1 }],
    [{ ttlSeconds: Number.NaN }],
    [{ ttlSeconds: 1, maxEntries: 0 }],
    [{ ttlSeconds: 1, maxEntries: 1.5 }],
  ])('refuses the options %j', (options) => {
    expect(() => new UserCache(() => Promise.resolve(undefined), options)).toThrow(TypeError);
  });
});
