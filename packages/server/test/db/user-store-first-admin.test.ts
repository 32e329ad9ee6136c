import { describe, expect, it } from 'vitest';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { manualClock, newUser, warmUp } from './user-fixtures.js';

const admin = (n: number) => ({
  email: `admin${n}@example.com`,
  name: `Admin ${n}`,
  passwordHash: 'h',
});

describe.each(await testEngines())('createFirstAdmin on %s', (engine) => {
  const fixture = useTestDatabase(engine);

  it('creates an enabled admin in an empty table', async () => {
    const store = createUserStore(fixture().database, { clock: manualClock() });
    const created = await store.createFirstAdmin(admin(1));
    expect(created).toEqual({
      id: 1,
      email: 'admin1@example.com',
      name: 'Admin 1',
      passwordHash: 'h',
      role: 'admin',
      isEnabled: true,
      isEmailVerified: false,
      pendingInvitation: false,
      tokenVersion: 0,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(await store.findByEmail('ADMIN1@example.com')).toEqual(created);
  });

  it('does nothing once any user exists, even a plain user', async () => {
    const store = createUserStore(fixture().database);
    const user = await store.create(newUser());
    expect(await store.createFirstAdmin(admin(1))).toBeUndefined();
    expect(await store.count()).toBe(1);
    expect(await store.findById(user.id)).toEqual(user);
  });

  it.each([1, 2, 3])('of five parallel calls, exactly one creates a user (round %i)', async () => {
    const store = createUserStore(fixture().database);
    await warmUp(fixture().database, 5);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => store.createFirstAdmin(admin(n))));
    const created = results.filter((result) => result !== undefined);
    expect(created).toHaveLength(1);
    expect(await store.count()).toBe(1);
    expect(await store.findById(created[0]!.id)).toEqual(created[0]);
  });

  it('races a plain create: the table never gets an admin next to an earlier user', async () => {
    const store = createUserStore(fixture().database);
    await warmUp(fixture().database, 2);
    const [first, user] = await Promise.all([
      store.createFirstAdmin(admin(1)),
      store.create(newUser()),
    ]);
    const all = await store.list({ page: 1, perPage: 10, sort: 'id', order: 'asc' });
    expect(all.users).toContainEqual(await store.findSummaryById(user.id));
    expect(all.total).toBe(first === undefined ? 1 : 2);
    if (first !== undefined) expect(first.id).toBeLessThan(user.id);
  });
});
