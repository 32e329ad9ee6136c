import { describe, expect, it } from 'vitest';
import type { UserPatch } from '../../src/users/user-store.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { manualClock, newUser, warmUp } from './user-fixtures.js';

describe.each(await testEngines())('user store update on %s', (engine) => {
  const fixture = useTestDatabase(engine);
  const setup = async () => {
    const clock = manualClock();
    const store = createUserStore(fixture().database, { clock });
    // An enabled admin besides the subject, so demoting the subject is allowed.
    await store.create(newUser({ email: 'root@example.com', role: 'admin' }));
    const user = await store.create(newUser({ email: 'ada@example.com', name: 'Ada' }));
    clock.advance(60_000);
    return { clock, store, user };
  };

  it('changes only the given fields and bumps updatedAt, as re-read from the database', async () => {
    const { store, user } = await setup();
    const updated = await store.update(user.id, { name: 'Ada L.', email: 'Ada.L@Example.com' });
    const expected = {
      ...user,
      name: 'Ada L.',
      email: 'Ada.L@Example.com',
      updatedAt: '2025-01-01T00:01:00.000Z',
    };
    expect(updated).toEqual(expected);
    expect(await store.findById(user.id)).toEqual(expected);
    expect(await store.findByEmail('ada.l@example.com')).toEqual(expected);
    expect(await store.findByEmail('ada@example.com')).toBeUndefined();
  });

  it('lets a user keep their own email in another case', async () => {
    const { store, user } = await setup();
    expect(await store.update(user.id, { email: 'ADA@example.com' })).toMatchObject({
      email: 'ADA@example.com',
    });
  });

  it('bumps updatedAt even for an empty patch, and returns undefined for no such user', async () => {
    const { store, user } = await setup();
    expect(await store.update(user.id, {})).toEqual({
      ...user,
      updatedAt: '2025-01-01T00:01:00.000Z',
    });
    expect(await store.update(999, { name: 'x' })).toBeUndefined();
    expect(await store.update(-1, { name: 'x' })).toBeUndefined();
    expect(await store.count()).toBe(2);
  });

  it.each<[string, UserPatch, number]>([
    ['a new password', { passwordHash: 'new-hash' }, 1],
    ['a disable', { isEnabled: false }, 1],
    ['a role change', { role: 'admin' }, 1],
    ['the same role', { role: 'user' }, 0],
    ['an enable', { isEnabled: true }, 0],
    ['a name and email change', { name: 'N', email: 'n@example.com' }, 0],
  ])('token version after %s: +%i', async (_label, patch, bump) => {
    const { store, user } = await setup();
    await store.update(user.id, patch);
    const reread = await store.findById(user.id);
    expect(reread).toMatchObject({ ...patch, tokenVersion: user.tokenVersion + bump });
  });

  it('counts every revoking change (no lost increments under parallel updates)', async () => {
    const { store, user } = await setup();
    await warmUp(fixture().database, 5);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.update(user.id, { passwordHash: `hash-${i}` })),
    );
    expect((await store.findById(user.id))?.tokenVersion).toBe(5);
  });

  it('re-enabling after a disable keeps the bumped version', async () => {
    const { store, user } = await setup();
    await store.update(user.id, { isEnabled: false });
    await store.update(user.id, { isEnabled: true });
    expect(await store.findById(user.id)).toMatchObject({ isEnabled: true, tokenVersion: 1 });
  });
});
