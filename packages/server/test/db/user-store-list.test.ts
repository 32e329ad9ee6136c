import { describe, expect, it } from 'vitest';
import type { ListUsersQuery, UserSortField } from '../../src/users/user-store.js';
import { createUserStore, USER_SORT_FIELDS } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { manualClock, newUser } from './user-fixtures.js';

// Created in this order, one minute apart: ids 1..6.
const PEOPLE = [
  { email: 'carol@example.com', name: 'Carol', role: 'admin', isEnabled: true },
  { email: 'Alice@Example.com', name: 'alice', role: 'user', isEnabled: false },
  { email: 'bob@example.com', name: 'Bob', role: 'user', isEnabled: true },
  { email: 'dan_99@example.com', name: '100% Dan', role: 'user', isEnabled: true },
  { email: 'eve@example.org', name: 'Eve \\ Backslash', role: 'admin', isEnabled: true },
  { email: 'bobby@example.com', name: 'Bob', role: 'user', isEnabled: true },
] as const;

describe.each(await testEngines())('user store list on %s', (engine) => {
  const fixture = useTestDatabase(engine);
  const setup = async () => {
    const clock = manualClock();
    const store = createUserStore(fixture().database, { clock });
    for (const person of PEOPLE) {
      await store.create(newUser(person));
      clock.advance(60_000);
    }
    const list = async (query: Partial<ListUsersQuery>) => {
      const page = await store.list({ page: 1, perPage: 50, sort: 'id', order: 'asc', ...query });
      return { ids: page.users.map((user) => user.id), total: page.total };
    };
    return { store, list };
  };

  it('returns summaries (never the hash or token version), paged, with the total of all pages', async () => {
    const { store, list } = await setup();
    const first = await store.list({ page: 1, perPage: 4, sort: 'id', order: 'asc' });
    expect(first.total).toBe(6);
    expect(first.users[0]).toEqual(await store.findSummaryById(1));
    expect(first.users[0]).not.toHaveProperty('passwordHash');
    expect(first.users[0]).not.toHaveProperty('tokenVersion');
    expect(first.users.map((user) => user.id)).toEqual([1, 2, 3, 4]);
    expect(await list({ page: 2, perPage: 4 })).toEqual({ ids: [5, 6], total: 6 });
    expect(await list({ page: 3, perPage: 4 })).toEqual({ ids: [], total: 6 });
  });

  it.each<[UserSortField, number[]]>([
    ['id', [1, 2, 3, 4, 5, 6]],
    ['email', [2, 3, 6, 1, 4, 5]],
    ['name', [4, 2, 3, 6, 1, 5]],
    ['role', [1, 5, 2, 3, 4, 6]],
    ['is_enabled', [2, 1, 3, 4, 5, 6]],
    ['created_at', [1, 2, 3, 4, 5, 6]],
  ])('sorts by %s case-insensitively, ties by id, and reverses for desc', async (sort, ids) => {
    const { list } = await setup();
    expect((await list({ sort, order: 'asc' })).ids).toEqual(ids);
    expect((await list({ sort, order: 'desc' })).ids).toEqual([...ids].reverse());
  });

  it('sorts every allowed field (the allowlist is complete)', () => {
    expect([...USER_SORT_FIELDS].sort()).toEqual(
      ['created_at', 'email', 'id', 'is_enabled', 'name', 'role'].sort(),
    );
  });

  it.each([
    ['bob', [3, 6]],
    ['BOB', [3, 6]],
    ['alice@example', [2]],
    ['ALICE', [2]],
    ['example.org', [5]],
    ['  carol  ', [1]],
    ['', [1, 2, 3, 4, 5, 6]],
    ['   ', [1, 2, 3, 4, 5, 6]],
  ])('finds %j case-insensitively in email or name', async (search, ids) => {
    const { list } = await setup();
    expect(await list({ search })).toEqual({ ids, total: ids.length });
  });

  it.each([
    ['%', [4]],
    ['_', [4]],
    ['\\', [5]],
    ['100%', [4]],
    ['n_9', [4]],
    ['b_b', []],
    ['%bob%', []],
    ["' OR 1=1 --", []],
    ["bob' OR '1'='1", []],
    ['"; DROP TABLE users; --', []],
  ])('takes %j literally: no wildcard, no SQL', async (search, ids) => {
    const { list, store } = await setup();
    expect(await list({ search })).toEqual({ ids, total: ids.length });
    expect(await store.count()).toBe(6);
  });

  it('pages search results, with the total of the matches', async () => {
    const { list } = await setup();
    expect(await list({ search: 'example.com', perPage: 2, page: 2 })).toEqual({
      ids: [3, 4],
      total: 5,
    });
  });

  it.each<[string, Partial<ListUsersQuery>]>([
    ['page 0', { page: 0 }],
    ['a fractional page', { page: 1.5 }],
    ['perPage 0', { perPage: 0 }],
    ['a NaN perPage', { perPage: Number.NaN }],
    ['an unknown sort field', { sort: 'password_hash' as UserSortField }],
    ['a sort field that is SQL', { sort: 'id; drop table users' as UserSortField }],
    ['an inherited property as sort field', { sort: 'toString' as UserSortField }],
    ['an unknown order', { order: 'up' as 'asc' }],
  ])('rejects %s with a TypeError', async (_label, query) => {
    const { list, store } = await setup();
    await expect(list(query)).rejects.toBeInstanceOf(TypeError);
    expect(await store.count()).toBe(6);
  });
});
