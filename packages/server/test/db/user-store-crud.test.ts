import { describe, expect, it } from 'vitest';
import { canonicalEmail, createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { manualClock, newUser } from './user-fixtures.js';

describe('canonicalEmail', () => {
  it('lower-cases and NFC-normalises', () => {
    expect(canonicalEmail('Ada@Example.COM')).toBe('ada@example.com');
    expect(canonicalEmail('Re\u0301my@example.com')).toBe('r\u00e9my@example.com');
  });
});

describe.each(await testEngines())('user store CRUD on %s', (engine) => {
  const fixture = useTestDatabase(engine);
  const setup = () => {
    const clock = manualClock();
    return { clock, store: createUserStore(fixture().database, { clock }) };
  };

  it('creates a user and reads the same record back by id and by email', async () => {
    const { store } = setup();
    const created = await store.create(newUser({ email: 'Ada@Example.com', name: 'Ada' }));
    expect(created).toEqual({
      id: 1,
      email: 'Ada@Example.com',
      name: 'Ada',
      role: 'user',
      isEnabled: true,
      isEmailVerified: false,
      pendingInvitation: false,
      tokenVersion: 0,
      passwordHash: newUser().passwordHash,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(await store.findById(created.id)).toEqual(created);
    expect(await store.findByEmail('ada@example.com')).toEqual(created);
    expect(await store.findByEmail('ADA@EXAMPLE.COM')).toEqual(created);
    expect(await store.count()).toBe(1);
  });

  it('stores role and enabled flag as given', async () => {
    const { store } = setup();
    const admin = await store.create(newUser({ email: 'a@x.io', role: 'admin', isEnabled: false }));
    expect(await store.findById(admin.id)).toMatchObject({ role: 'admin', isEnabled: false });
  });

  it('uses the real clock by default, as ISO 8601 UTC with milliseconds', async () => {
    const store = createUserStore(fixture().database);
    const before = Date.now();
    const created = await store.create(newUser());
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(created.updatedAt).toBe(created.createdAt);
  });

  it('finds nothing for unknown or impossible ids and unknown emails', async () => {
    const { store } = setup();
    await store.create(newUser());
    for (const id of [2, 0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER, 2 ** 31]) {
      expect(await store.findById(id)).toBeUndefined();
    }
    expect(await store.findByEmail('nobody@example.com')).toBeUndefined();
    expect(await store.findByEmail('')).toBeUndefined();
  });

  it.each(["' OR 1=1 --", "user@example.com' OR '1'='1", '%', '_', '%@%', 'user@example.co_'])(
    'treats the email %j as a plain value, never as SQL or a pattern',
    async (email) => {
      const { store } = setup();
      await store.create(newUser());
      expect(await store.findByEmail(email)).toBeUndefined();
      expect(await store.count()).toBe(1);
    },
  );

  it('stores quotes and SQL-looking text verbatim', async () => {
    const { store } = setup();
    const name = "Robert'); DROP TABLE users; --";
    const created = await store.create(newUser({ email: "o'brien@example.com", name }));
    expect(await store.findByEmail("O'Brien@example.com")).toEqual(created);
    expect((await store.findById(created.id))?.name).toBe(name);
    expect(await store.count()).toBe(1);
  });

  it('deletes a user once, then reports that there is none', async () => {
    const { store } = setup();
    const keep = await store.create(newUser({ email: 'keep@example.com' }));
    const gone = await store.create(newUser({ email: 'gone@example.com' }));
    expect(await store.delete(gone.id)).toBe(true);
    expect(await store.delete(gone.id)).toBe(false);
    expect(await store.delete(0)).toBe(false);
    expect(await store.findById(gone.id)).toBeUndefined();
    expect(await store.findById(keep.id)).toEqual(keep);
    expect(await store.count()).toBe(1);
  });
});
