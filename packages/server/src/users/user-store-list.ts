import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { toUserRecord } from './user-record-row.js';
import type { ListUsersQuery, UserPage, UserSortField } from './user-record.js';

/** The `LIKE … ESCAPE` character; sent as a parameter like the pattern. */
const LIKE_ESCAPE = '\\';

/** Each sortable field and the SQL it sorts by: a fixed allowlist, never caller text. */
const SORT_EXPRESSIONS: Readonly<Record<UserSortField, Expression<unknown>>> = {
  id: sql.ref('id'),
  email: sql.ref('email_key'),
  name: sql`lower(name)`,
  role: sql.ref('role'),
  is_enabled: sql.ref('is_enabled'),
  created_at: sql.ref('created_at'),
};

/**
 * Escapes `\`, `%` and `_` so `text` matches literally inside a `LIKE … ESCAPE '\'` pattern.
 *
 * @example
 * ```ts
 * escapeLike('50%_off'); // '50\\%\\_off'
 * ```
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `${LIKE_ESCAPE}${character}`);
}

/**
 * Reads one page of users and the total matching the search (see {@link ListUsersQuery}).
 * Throws a `TypeError` for a page or size that is not a positive integer, or an unknown sort
 * field or order.
 *
 * @example
 * ```ts
 * await listUsers(db, { page: 2, perPage: 10, sort: 'email', order: 'asc' });
 * ```
 */
export async function listUsers(
  db: Kysely<DatabaseSchema>,
  query: ListUsersQuery,
): Promise<UserPage> {
  const { page, perPage, sort, order } = query;
  if (!Number.isSafeInteger(page) || page < 1) {
    throw new TypeError('page must be an integer of at least 1');
  }
  if (!Number.isSafeInteger(perPage) || perPage < 1) {
    throw new TypeError('perPage must be an integer of at least 1');
  }
  if (!Object.hasOwn(SORT_EXPRESSIONS, sort)) throw new TypeError('sort is not a sortable field');
  if (order !== 'asc' && order !== 'desc') throw new TypeError("order must be 'asc' or 'desc'");

  const filter = searchFilter(query.search);
  let base = db.selectFrom('users');
  if (filter !== undefined) base = base.where(filter);
  const rows = await base
    .selectAll()
    .orderBy(SORT_EXPRESSIONS[sort], order)
    .orderBy('id', order)
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  const counted = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
  return { users: rows.map(toUserRecord), total: Number(counted?.total ?? 0) };
}

function searchFilter(search: string | undefined): Expression<SqlBool> | undefined {
  const term = search?.trim() ?? '';
  if (term === '') return undefined;
  const pattern = `%${escapeLike(term)}%`;
  return sql<SqlBool>`(lower(email) like lower(${pattern}) escape ${LIKE_ESCAPE} or lower(name) like lower(${pattern}) escape ${LIKE_ESCAPE})`;
}
