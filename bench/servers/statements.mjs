// The SQL Tessera runs for each benchmarked route, on each engine, exactly as Kysely compiles it.
// The database peers run these same statements (same text, same parameters), so a ratio compares
// the same database work; scripts/test/bench-statements.test.ts fails when Tessera's SQL drifts
// from this file.

/** The columns of the API's user view (Tessera's USER_SUMMARY_COLUMNS). */
const SUMMARY =
  '"id", "email", "name", "role", "is_enabled", "is_email_verified", "pending_invitation", "created_at", "updated_at"';
const SEARCH_SQLITE = '(lower(email) like lower(?) escape ? or lower(name) like lower(?) escape ?)';
const SEARCH_PG = '(lower(email) like lower($1) escape $2 or lower(name) like lower($3) escape $4)';

export const STATEMENTS = {
  sqlite: {
    /** GET /api/users?page=1&per_page=20 — params [limit, offset], then the count. */
    usersPage: `select ${SUMMARY} from "users" order by "id" asc limit ? offset ?`,
    usersCount: 'select count(*) as "total" from "users"',
    /** With ?q=term — params [pattern, '\\', pattern, '\\', limit, offset] (pattern: %term% with \ % _ escaped). */
    usersSearchPage: `select ${SUMMARY} from "users" where ${SEARCH_SQLITE} order by "id" asc limit ? offset ?`,
    usersSearchCount: `select count(*) as "total" from "users" where ${SEARCH_SQLITE}`,
    /** GET /api/users/:id — params [id]. */
    userById: `select ${SUMMARY} from "users" where "id" = ?`,
    /** POST /api/login — the user by canonical (lower-cased, trimmed) email, then one transaction. */
    loginUser: 'select * from "users" where "email_key" = ?',
    /** The user's second factors (TOTP, passkeys): a user with one logs in in two steps. */
    loginTotp: 'select * from "mfa_totp" where "user_id" = ?',
    loginPasskeys: 'select count(*) as "n" from "webauthn_credentials" where "user_id" = ?',
    loginPrune:
      'delete from "sessions" where "user_id" = ? and ("ended_at" < ? or "idle_expires_at" < ?)',
    loginSession:
      'insert into "sessions" ("id", "user_id", "created_at", "last_used_at", "expires_at", "idle_expires_at", "ended_at", "ended_reason", "user_agent", "amr") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    insertRefreshToken:
      'insert into "refresh_tokens" ("hash", "session_id", "created_at", "consumed_at") values (?, ?, ?, ?)',
    /** POST /api/auth/refresh — one transaction (BEGIN IMMEDIATE … COMMIT). */
    refreshConsume:
      'update "refresh_tokens" set "consumed_at" = ? where "hash" = ? and "consumed_at" is null',
    refreshSession:
      'select "sessions".* from "refresh_tokens" inner join "sessions" on "sessions"."id" = "refresh_tokens"."session_id" where "refresh_tokens"."hash" = ?',
    refreshUser: 'select * from "users" where "id" = ?',
    refreshTouch:
      'update "sessions" set "last_used_at" = ?, "idle_expires_at" = ? where "id" = ? and "ended_at" is null returning *',
    /**
     * SQLite transactions: the write lock at the start; the text better-sqlite3's
     * `transaction().immediate()` runs, as Tessera's `Database.transactSynchronously` does.
     */
    begin: 'BEGIN IMMEDIATE',
    commit: 'COMMIT',
  },
  postgres: {
    usersPage: `select ${SUMMARY} from "users" order by "id" asc limit $1 offset $2`,
    usersCount: 'select count(*) as "total" from "users"',
    usersSearchPage: `select ${SUMMARY} from "users" where ${SEARCH_PG} order by "id" asc limit $5 offset $6`,
    usersSearchCount: `select count(*) as "total" from "users" where ${SEARCH_PG}`,
    userById: `select ${SUMMARY} from "users" where "id" = $1`,
    loginUser: 'select * from "users" where "email_key" = $1',
    loginTotp: 'select * from "mfa_totp" where "user_id" = $1',
    loginPasskeys: 'select count(*) as "n" from "webauthn_credentials" where "user_id" = $1',
    loginPrune:
      'delete from "sessions" where "user_id" = $1 and ("ended_at" < $2 or "idle_expires_at" < $3)',
    loginSession:
      'insert into "sessions" ("id", "user_id", "created_at", "last_used_at", "expires_at", "idle_expires_at", "ended_at", "ended_reason", "user_agent", "amr") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    insertRefreshToken:
      'insert into "refresh_tokens" ("hash", "session_id", "created_at", "consumed_at") values ($1, $2, $3, $4)',
    refreshConsume:
      'update "refresh_tokens" set "consumed_at" = $1 where "hash" = $2 and "consumed_at" is null',
    refreshSession:
      'select "sessions".* from "refresh_tokens" inner join "sessions" on "sessions"."id" = "refresh_tokens"."session_id" where "refresh_tokens"."hash" = $1',
    refreshUser: 'select * from "users" where "id" = $1',
    refreshTouch:
      'update "sessions" set "last_used_at" = $1, "idle_expires_at" = $2 where "id" = $3 and "ended_at" is null returning *',
    begin: 'begin',
    commit: 'commit',
  },
};
