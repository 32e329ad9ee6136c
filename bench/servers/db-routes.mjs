// The database routes of the Fastify peers, answering Tessera's JSON from the statements Tessera
// runs (statements.mjs): the users page (with `q`), a user by id, the caller, and — with a
// signer (the @fastify/jwt peer) — refresh and login. The ceiling (no signer, no token) reads
// user 1 for /api/auth/me.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { pageSchema } from './common.mjs';

const userSchema = pageSchema.properties.users.items;
const ACCESS_TTL = 900; // Tessera's defaults: access 15 min, session 30 days, idle 7 days
const ABSOLUTE_TTL = 30 * 86_400;
const IDLE_TTL = 7 * 86_400;
const RETENTION = ACCESS_TTL + 60; // a login prunes sessions that ended or idled out before this

const toDto = (row) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  is_enabled: Boolean(row.is_enabled),
  is_email_verified: Boolean(row.is_email_verified),
  pending_invitation: Boolean(row.pending_invitation),
  role: row.role,
  created_at: row.created_at,
  updated_at: row.updated_at,
});
const iso = (seconds) => new Date(Math.round(seconds * 1000)).toISOString();
const secondsOf = (text) => Date.parse(text) / 1000;
const hashToken = (token) => createHash('sha256').update(token, 'utf8').digest('base64url');
const escapeLike = (term) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Registers the routes on `app`. `sign(claims)` (the jwt peer) enables refresh and login;
 * `verifyPassword(hash, password)` is argon2id's verify; `scopes` maps a role to its scope string.
 */
export function registerDbRoutes(app, store, { sign, verifyPassword, scopes, issuer, audience }) {
  const notFound = (reply) => reply.code(404).send({ message: 'Not found' });
  app.get('/api/users', { schema: { response: { 200: pageSchema } } }, async (request) => {
    const page = Number(request.query.page ?? 1);
    const perPage = Number(request.query.per_page ?? 20);
    const term = typeof request.query.q === 'string' ? request.query.q.trim() : '';
    const offset = (page - 1) * perPage;
    const { rows, total } =
      term === ''
        ? await store.usersPage(perPage, offset)
        : await store.usersSearch(escapeLike(term), perPage, offset);
    return { users: rows.map(toDto), total, page, per_page: perPage };
  });
  app.get('/api/users/:id', { schema: { response: { 200: userSchema } } }, async (req, reply) => {
    const row = await store.userById(Number(req.params.id));
    return row === undefined ? notFound(reply) : toDto(row);
  });
  app.get('/api/auth/me', { schema: { response: { 200: userSchema } } }, async (req, reply) => {
    const row = await store.userById(req.user === undefined ? 1 : Number(req.user.sub));
    return row === undefined ? notFound(reply) : toDto(row);
  });
  if (sign === undefined) return;

  const tokens = (user, session, refreshToken, now) => {
    const scope = scopes[user.role] ?? '';
    const iat = Math.floor(now);
    const token = sign({
      iss: issuer,
      aud: audience,
      sub: String(user.id),
      iat,
      exp: iat + ACCESS_TTL,
      jti: randomUUID(),
      scope,
      sid: session.id,
    });
    return {
      token,
      access_token: token,
      token_type: 'Bearer',
      expires_in: ACCESS_TTL,
      scope,
      refresh_token: refreshToken,
      refresh_expires_in: Math.max(0, Math.floor(secondsOf(session.expires_at) - now)),
    };
  };
  const refused = (reply) => reply.code(401).send({ message: 'Token is invalid' });

  app.post('/api/auth/refresh', { config: { public: true } }, async (request, reply) => {
    const presented = request.body?.refresh_token;
    if (typeof presented !== 'string') return refused(reply);
    const now = Date.now() / 1000;
    const at = iso(now);
    const hash = hashToken(presented);
    const next = randomBytes(32).toString('base64url');
    const grant = await store.transaction(async (tx) => {
      if ((await tx.changes('refreshConsume', at, hash)) === 0) return undefined;
      const session = await tx.get('refreshSession', hash);
      if (session === undefined || session.ended_at !== null) return undefined;
      if (!(now < secondsOf(session.expires_at) && now < secondsOf(session.idle_expires_at)))
        return undefined;
      const user = await tx.get('refreshUser', session.user_id);
      if (user === undefined || !user.is_enabled) return undefined;
      const idle = iso(Math.min(now + IDLE_TTL, secondsOf(session.expires_at)));
      const touched = await tx.get('refreshTouch', at, idle, session.id);
      if (touched === undefined) return undefined;
      await tx.changes('insertRefreshToken', hashToken(next), session.id, at, null);
      return { user, session: touched };
    });
    if (grant === undefined) return refused(reply);
    reply.header('cache-control', 'no-store');
    return tokens(grant.user, grant.session, next, now);
  });

  app.post('/api/login', { config: { public: true } }, async (request, reply) => {
    const { email, password } = request.body ?? {};
    if (typeof email !== 'string' || typeof password !== 'string')
      return reply.code(400).send({ message: 'Bad request' });
    const user = await store.loginUser(email.trim().toLowerCase());
    if (
      user === undefined ||
      !user.is_enabled ||
      !(await verifyPassword(user.password_hash, password))
    )
      return reply.code(401).send({ message: 'Invalid credentials' });
    // Tessera asks a user with a second factor for it; these peers have none to offer.
    if (await store.hasSecondFactor(user.id))
      return reply.code(401).send({ message: 'Second factor required' });
    const now = Date.now() / 1000;
    const at = iso(now);
    const session = {
      id: randomUUID(),
      user_id: user.id,
      created_at: at,
      last_used_at: at,
      expires_at: iso(now + ABSOLUTE_TTL),
      idle_expires_at: iso(now + IDLE_TTL),
    };
    const refreshToken = randomBytes(32).toString('base64url');
    const before = iso(now - RETENTION);
    await store.transaction(async (tx) => {
      await tx.changes('loginPrune', user.id, before, before);
      await tx.changes(
        'loginSession',
        session.id,
        user.id,
        at,
        at,
        session.expires_at,
        session.idle_expires_at,
        null,
        null,
        request.headers['user-agent'] ?? null,
        'pwd',
      );
      await tx.changes('insertRefreshToken', hashToken(refreshToken), session.id, at, null);
    });
    reply.header('cache-control', 'no-store');
    return tokens(user, session, refreshToken, now);
  });
}

/** The store named by the environment: BENCH_SQLITE_FILE or BENCH_DATABASE_URL, else none. */
export async function storeFromEnv() {
  if (process.env.BENCH_SQLITE_FILE) {
    const { openSqliteStore } = await import('./db-sqlite.mjs');
    return openSqliteStore(process.env.BENCH_SQLITE_FILE);
  }
  if (process.env.BENCH_DATABASE_URL) {
    const { openPgStore } = await import('./db-pg.mjs');
    return openPgStore(process.env.BENCH_DATABASE_URL);
  }
  return undefined;
}
