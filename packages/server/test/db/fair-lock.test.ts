/**
 * The SQLite connection is handed out in arrival order: a waiter is never overtaken by a later
 * caller (Kysely's own lock let newcomers win again and again: the p99 of GET /api/users).
 */
import { describe, expect, it } from 'vitest';
import { FairLock } from '../../src/db/fair-lock.js';

describe('FairLock', () => {
  it('hands the lock to waiters in arrival order, never to a later caller first', async () => {
    const lock = new FairLock();
    const order: number[] = [];
    await lock.acquire();
    const waiters = [1, 2, 3].map((n) => lock.acquire().then(() => order.push(n)));
    lock.release();
    await Promise.resolve();
    // A newcomer arriving while 2 and 3 still wait queues behind them.
    const late = lock.acquire().then(() => order.push(4));
    for (let turn = 0; turn < 3; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      lock.release();
    }
    await Promise.all([...waiters, late]);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('is free again once every holder released it', async () => {
    const lock = new FairLock();
    await lock.acquire();
    lock.release();
    let acquired = false;
    void lock.acquire().then(() => (acquired = true));
    await Promise.resolve();
    expect(acquired).toBe(true);
  });

  it('serves 50 concurrent queries of one SQLite store in the order they were asked', async () => {
    const lock = new FairLock();
    const served: number[] = [];
    const query = async (n: number) => {
      await lock.acquire();
      try {
        await Promise.resolve(); // the driver's await between taking the connection and the rows
        served.push(n);
      } finally {
        lock.release();
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, n) => query(n)));
    expect(served).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });
});
