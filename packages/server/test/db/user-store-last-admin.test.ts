import { describe, expect, it } from 'vitest';
import type { UserPatch } from '../../src/users/user-store.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { newUser, warmUp } from './user-fixtures.js';

const lastAdmin = { name: 'UserStoreError', code: 'last_admin' };
const DEMOTIONS: [string, UserPatch][] = [
  ['demote', { role: 'user' }],
  ['disable', { isEnabled: false }],
  ['demote and disable', { role: 'user', isEnabled: false }],
];

describe.each(await testEngines())('last enabled admin on %s', (engine) => {
  const fixture = useTestDatabase(engine);
  const setup = () => createUserStore(fixture().database);
  const enabledAdmins = async () => {
    const page = await setup().list({ page: 1, perPage: 100, sort: 'id', order: 'asc' });
    return page.users.filter((user) => user.role === 'admin' && user.isEnabled).map((u) => u.id);
  };

  it.each(DEMOTIONS)(
    'refuses to %s the only enabled admin, and changes nothing',
    async (_l, patch) => {
      const store = setup();
      const admin = await store.create(newUser({ email: 'admin@example.com', role: 'admin' }));
      await store.create(newUser({ email: 'off@example.com', role: 'admin', isEnabled: false }));
      await expect(store.update(admin.id, { ...patch, name: 'Changed' })).rejects.toMatchObject(
        lastAdmin,
      );
      expect(await store.findById(admin.id)).toEqual(admin);
    },
  );

  it('refuses to delete the only enabled admin', async () => {
    const store = setup();
    const admin = await store.create(newUser({ email: 'admin@example.com', role: 'admin' }));
    await expect(store.delete(admin.id)).rejects.toMatchObject(lastAdmin);
    expect(await store.findById(admin.id)).toEqual(admin);
  });

  it.each(DEMOTIONS)(
    'allows to %s an admin while another enabled admin remains',
    async (_l, patch) => {
      const store = setup();
      const a = await store.create(newUser({ email: 'a@example.com', role: 'admin' }));
      const b = await store.create(newUser({ email: 'b@example.com', role: 'admin' }));
      expect(await store.update(a.id, patch)).toMatchObject(patch);
      expect(await enabledAdmins()).toEqual([b.id]);
    },
  );

  it('allows changes that keep the admin, and any change to disabled admins and users', async () => {
    const store = setup();
    const admin = await store.create(newUser({ email: 'a@example.com', role: 'admin' }));
    const off = await store.create(
      newUser({ email: 'o@example.com', role: 'admin', isEnabled: false }),
    );
    const user = await store.create(newUser({ email: 'u@example.com' }));
    await store.update(admin.id, { name: 'Still admin', role: 'admin', isEnabled: true });
    await store.update(off.id, { role: 'user' });
    await store.update(user.id, { isEnabled: false });
    expect(await store.delete(off.id)).toBe(true);
    expect(await store.delete(user.id)).toBe(true);
    expect(await enabledAdmins()).toEqual([admin.id]);
  });

  const rounds = [1, 2, 3, 4, 5];

  it.each(rounds)(
    'of two admins demoting each other at once, one succeeds (round %i)',
    async () => {
      const store = setup();
      const a = await store.create(newUser({ email: 'a@example.com', role: 'admin' }));
      const b = await store.create(newUser({ email: 'b@example.com', role: 'admin' }));
      await warmUp(fixture().database, 2);
      const results = await Promise.allSettled([
        store.update(b.id, { role: 'user' }),
        store.update(a.id, { isEnabled: false }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((result) => result.status === 'rejected')?.reason).toMatchObject(
        lastAdmin,
      );
      expect(await enabledAdmins()).toHaveLength(1);
    },
  );

  it.each(rounds)(
    'of two admins deleting each other at once, one succeeds (round %i)',
    async () => {
      const store = setup();
      const a = await store.create(newUser({ email: 'a@example.com', role: 'admin' }));
      const b = await store.create(newUser({ email: 'b@example.com', role: 'admin' }));
      await warmUp(fixture().database, 2);
      const results = await Promise.allSettled([store.delete(a.id), store.delete(b.id)]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((result) => result.status === 'rejected')?.reason).toMatchObject(
        lastAdmin,
      );
      expect(await store.count()).toBe(1);
      expect(await enabledAdmins()).toHaveLength(1);
    },
  );

  it('of three admins removed at once (delete, demote, disable), exactly two go', async () => {
    const store = setup();
    const ids: number[] = [];
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      ids.push((await store.create(newUser({ email, role: 'admin' }))).id);
    }
    const [a = 0, b = 0, c = 0] = ids;
    await warmUp(fixture().database, 3);
    const results = await Promise.allSettled([
      store.delete(a),
      store.update(b, { role: 'user' }),
      store.update(c, { isEnabled: false }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    expect(results.find((result) => result.status === 'rejected')?.reason).toMatchObject(lastAdmin);
    expect(await enabledAdmins()).toHaveLength(1);
  });
});
