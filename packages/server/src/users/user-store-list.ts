import { sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../db/database.js';
import { compileTemplate, type QueryTemplate } from '../db/query-template.js';
import { toUserSummary, USER_SUMMARY_COLUMNS, type UserSummaryRow } from './user-record-row.js';
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

interface PageValues {
  pattern: string;
  escape: string;
  limit: number;
  offset: number;
}
type CountValues = Pick<PageValues, 'pattern' | 'escape'>;

/** Reads one page of users and the total matching the search (see {@link ListUsersQuery}). */
export type ListUsers = (query: ListUsersQuery) => Promise<UserPage>;

/**
 * The user list on `database`: each of its query shapes (sort field × order × with or without a
 * search: 24 pages and 2 counts) is compiled by Kysely once, on first use, and then only bound
 * to new values, and both are read with `QueryTemplate.read` (on SQLite, at once on the read
 * connection). The page reads only the columns of the API view, never the password hash. The
 * returned function throws a `TypeError` for a page or size that is not a positive integer,
 * or an unknown sort field or order.
 *
 * @example
 * ```ts
 * const list = createUserList(database);
 * await list({ page: 2, perPage: 10, sort: 'email', order: 'asc' });
 * ```
 */
export function createUserList(database: Database): ListUsers {
  const { db } = database;
  const pages = new Map<string, QueryTemplate<UserSummaryRow, PageValues>>();
  const counts = new Map<
    boolean,
    QueryTemplate<{ total: number | bigint | string }, CountValues>
  >();

  const pageTemplate = (sort: UserSortField, order: 'asc' | 'desc', searched: boolean) => {
    const key = `${sort} ${order} ${searched}`;
    let template = pages.get(key);
    if (template === undefined) {
      template = compileTemplate<PageValues, UserSummaryRow>((p) => {
        let query = db.selectFrom('users').select(USER_SUMMARY_COLUMNS);
        if (searched) query = query.where(searchFilter(p));
        query = query.orderBy(SORT_EXPRESSIONS[sort], order);
        // Ties broken by id, so pages never overlap (id is unique: no tie to break there).
        if (sort !== 'id') query = query.orderBy('id', order);
        return query.limit(p.limit).offset(p.offset);
      });
      pages.set(key, template);
    }
    return template;
  };
  const countTemplate = (searched: boolean) => {
    let template = counts.get(searched);
    if (template === undefined) {
      template = compileTemplate<CountValues, { total: number | bigint | string }>((p) => {
        let query = db.selectFrom('users');
        if (searched) query = query.where(searchFilter(p));
        return query.select((eb) => eb.fn.countAll<number>().as('total'));
      });
      counts.set(searched, template);
    }
    return template;
  };

  return async (query) => {
    const { page, perPage, sort, order } = query;
    if (!Number.isSafeInteger(page) || page < 1) {
      throw new TypeError('page must be an integer of at least 1');
    }
    if (!Number.isSafeInteger(perPage) || perPage < 1) {
      throw new TypeError('perPage must be an integer of at least 1');
    }
    if (!Object.hasOwn(SORT_EXPRESSIONS, sort)) throw new TypeError('sort is not a sortable field');
    if (order !== 'asc' && order !== 'desc') throw new TypeError("order must be 'asc' or 'desc'");

    const term = query.search?.trim() ?? '';
    const searched = term !== '';
    const pattern = searched ? `%${escapeLike(term)}%` : '';
    const values = { pattern, escape: LIKE_ESCAPE, limit: perPage, offset: (page - 1) * perPage };
    const rows = await pageTemplate(sort, order, searched).read(database, values);
    const [counted] = await countTemplate(searched).read(database, values);
    return { users: rows.map(toUserSummary), total: Number(counted?.total ?? 0) };
  };
}

function searchFilter(p: Pick<PageValues, 'pattern' | 'escape'>): Expression<SqlBool> {
  return sql<SqlBool>`(lower(email) like lower(${p.pattern}) escape ${p.escape} or lower(name) like lower(${p.pattern}) escape ${p.escape})`;
}
