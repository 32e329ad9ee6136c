import { describe, expect, it } from 'vitest';
import { createUserStore, UserStoreError } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { newUser, warmUp } from './user-fixtures.js';

const emailTaken = { name: 'UserStoreError', code: 'email_taken' };

describe.each(await testEngines())('user store email uniqueness on %s', (engine) => {
  const fixture = useTestDatabase(engine);
  const setup = () => createUserStore(fixture().database);

  it.each(['ada@example.com', 'ADA@EXAMPLE.COM', 'Ada@Example.com'])(
    'refuses to create %j next to ada@example.com',
    async (email) => {
      const store = setup();
      const first = await store.create(newUser({ email: 'ada@example.com' }));
      const attempt = store.create(newUser({ email, name: 'Other' }));
      await expect(attempt).rejects.toBeInstanceOf(UserStoreError);
      await expect(attempt).rejects.toMatchObject(emailTaken);
      expect(await store.count()).toBe(1);
      expect(await store.findByEmail(email)).toEqual(first);
    },
  );

  it('treats NFC and NFD spellings of an email as the same', async () => {
    const store = setup();
    await store.create(newUser({ email: 'r\u00e9my@example.com' }));
    await expect(store.create(newUser({ email: 'Re\u0301my@example.com' }))).rejects.toMatchObject(
      emailTaken,
    );
  });

  it("refuses to change an email to another user's, and keeps both rows", async () => {
    const store = setup();
    const ada = await store.create(newUser({ email: 'ada@example.com' }));
    const bob = await store.create(newUser({ email: 'bob@example.com' }));
    await expect(
      store.update(bob.id, { email: 'ADA@example.com', name: 'B' }),
    ).rejects.toMatchObject(emailTaken);
    expect(await store.findById(bob.id)).toEqual(bob);
    expect(await store.findById(ada.id)).toEqual(ada);
  });

  it('lets exactly one of five parallel creates of one email win (unique index backs the check)', async () => {
    const store = setup();
    await warmUp(fixture().database, 5);
    const results = await Promise.allSettled(
      ['x@example.com', 'X@example.com', 'x@EXAMPLE.com', 'X@EXAMPLE.COM', 'x@example.com'].map(
        (email) => store.create(newUser({ email })),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const reason of lost) expect(reason).toMatchObject(emailTaken);
    expect(await store.count()).toBe(1);
  });

  it('lets exactly one of two parallel renames to one email win', async () => {
    const store = setup();
    const a = await store.create(newUser({ email: 'a@example.com' }));
    const b = await store.create(newUser({ email: 'b@example.com' }));
    await warmUp(fixture().database, 2);
    const results = await Promise.allSettled([
      store.update(a.id, { email: 'same@example.com' }),
      store.update(b.id, { email: 'SAME@example.com' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toMatchObject(emailTaken);
    const page = await store.list({
      page: 1,
      perPage: 10,
      search: 'same@',
      sort: 'id',
      order: 'asc',
    });
    expect(page.total).toBe(1);
  });
});
