/**
 * SessionCache (issue #4, SECURITY.md D7): the guard's view of sessions answers from memory
 * only while the answer is current, learns of a revocation in this process synchronously, and
 * never lets a read that raced a revocation resurrect the session.
 */
import { describe, expect, it } from 'vitest';
import { SessionCache, type StoredSessionState } from '../../src/sessions/session-cache.js';

interface Harness {
  readonly cache: SessionCache;
  readonly rows: Map<string, StoredSessionState>;
  reads: number;
  now: number;
  version: number;
  /** Holds every read until `release()` (a read in flight). */
  hold(): () => void;
}

function harness(
  options: { ttlSeconds?: number; maxEntries?: number; dataVersion?: boolean } = {},
): Harness {
  let gate: Promise<void> | undefined;
  const h: Harness = {
    rows: new Map(),
    reads: 0,
    now: 1000,
    version: 1,
    cache: undefined as unknown as SessionCache,
    hold() {
      let release = (): void => undefined;
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
  };
  const cache = new SessionCache(
    async (id) => {
      h.reads += 1;
      const row = h.rows.get(id);
      if (gate !== undefined) await gate;
      return row;
    },
    {
      ttlSeconds: options.ttlSeconds ?? 1,
      endedRetentionSeconds: 960,
      ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
      clock: () => h.now,
      ...(options.dataVersion === true ? { dataVersion: () => h.version } : {}),
    },
  );
  return Object.assign(h, { cache });
}

describe('SessionCache', () => {
  it('reads an unknown session once, then answers from memory within the TTL', async () => {
    const h = harness();
    h.rows.set('s1', { userId: 7, ended: false });
    expect(h.cache.peek('s1')).toBeUndefined();
    expect(await h.cache.load('s1')).toEqual({ userId: 7, active: true });
    expect(h.cache.peek('s1')).toEqual({ userId: 7, active: true });
    h.now += 0.999;
    expect(h.cache.peek('s1')).toEqual({ userId: 7, active: true });
    h.now += 0.001;
    expect(h.cache.peek('s1')).toBeUndefined();
    expect(h.reads).toBe(1);
  });

  it('a missing or ended session reads as ended, and is remembered (a replayed token costs no read)', async () => {
    const h = harness();
    h.rows.set('gone', { userId: 7, ended: true });
    expect(await h.cache.load('missing')).toEqual({ userId: 0, active: false });
    expect(await h.cache.load('gone')).toEqual({ userId: 0, active: false });
    h.now += 900;
    expect(h.cache.peek('missing')?.active).toBe(false);
    expect(h.cache.peek('gone')?.active).toBe(false);
    expect(h.reads).toBe(2);
  });

  it('markEnded answers "ended" from the next lookup on, even over a cached active entry', async () => {
    const h = harness();
    h.rows.set('s1', { userId: 7, ended: false });
    await h.cache.load('s1');
    h.cache.markEnded('s1');
    expect(h.cache.peek('s1')).toEqual({ userId: 0, active: false });
  });

  it('keeps an ended session for the longest access-token life, then asks again', () => {
    const h = harness();
    h.cache.markEnded('s1');
    h.now += 959;
    expect(h.cache.peek('s1')?.active).toBe(false);
    h.now += 1;
    expect(h.cache.peek('s1')).toBeUndefined();
  });

  it('a read in flight when its own session is ended answers "ended" and keeps nothing active', async () => {
    const h = harness();
    h.rows.set('s1', { userId: 7, ended: false });
    const release = h.hold();
    const loading = h.cache.load('s1');
    h.cache.markEnded('s1');
    release();
    expect(await loading).toEqual({ userId: 0, active: false });
    expect(h.cache.peek('s1')?.active).toBe(false);
  });

  it('a read in flight when another session is ended answers for its own request but is not kept', async () => {
    const h = harness();
    h.rows.set('s1', { userId: 7, ended: false });
    const release = h.hold();
    const loading = h.cache.load('s1');
    h.cache.markEnded('other');
    release();
    expect(await loading).toEqual({ userId: 7, active: true });
    expect(h.cache.peek('s1')).toBeUndefined();
  });

  it('a commit by another process (data_version) drops every active entry, never an ended one', async () => {
    const h = harness({ dataVersion: true });
    h.rows.set('s1', { userId: 7, ended: false });
    await h.cache.load('s1');
    h.cache.markEnded('s2');
    h.version += 1;
    expect(h.cache.peek('s1')).toBeUndefined();
    expect(h.cache.peek('s2')?.active).toBe(false);
  });

  it('a commit by another process during a read keeps that read out of the cache', async () => {
    const h = harness({ dataVersion: true });
    h.rows.set('s1', { userId: 7, ended: false });
    const release = h.hold();
    const loading = h.cache.load('s1');
    h.version += 1;
    release();
    await loading;
    expect(h.cache.peek('s1')).toBeUndefined();
  });

  it('with a TTL of 0 keeps no active session (but still remembers ended ones)', async () => {
    const h = harness({ ttlSeconds: 0 });
    h.rows.set('s1', { userId: 7, ended: false });
    await h.cache.load('s1');
    expect(h.cache.peek('s1')).toBeUndefined();
    h.cache.markEnded('s1');
    expect(h.cache.peek('s1')?.active).toBe(false);
  });

  it('a clock that went back reads again', async () => {
    const h = harness();
    h.rows.set('s1', { userId: 7, ended: false });
    await h.cache.load('s1');
    h.now -= 1;
    expect(h.cache.peek('s1')).toBeUndefined();
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const h = harness({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) h.rows.set(id, { userId: 1, ended: false });
    await h.cache.load('a');
    await h.cache.load('b');
    h.cache.peek('a');
    await h.cache.load('c');
    expect(h.cache.size).toBe(2);
    expect(h.cache.peek('b')).toBeUndefined();
    expect(h.cache.peek('a')).toBeDefined();
    for (let i = 0; i < 100; i += 1) h.cache.markEnded(`x${i}`);
    expect(h.cache.size).toBe(2);
  });

  it.each([
    ['a negative TTL', { ttlSeconds: -1, endedRetentionSeconds: 1 }],
    ['a TTL of NaN', { ttlSeconds: Number.NaN, endedRetentionSeconds: 1 }],
    ['no ended retention', { ttlSeconds: 1, endedRetentionSeconds: 0 }],
    ['0 entries', { ttlSeconds: 1, endedRetentionSeconds: 1, maxEntries: 0 }],
  ])('refuses %s at construction', (_label, options) => {
    expect(() => new SessionCache(() => Promise.resolve(undefined), options)).toThrow(TypeError);
  });
});
