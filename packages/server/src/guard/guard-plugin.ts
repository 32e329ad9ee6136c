import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import fp from 'fastify-plugin';
import { TesseraError } from '../errors/tessera-error.js';
import type { MfaPolicy } from '../mfa/mfa-policy.js';
import type { TesseraAccessClaims, TokenService } from '../token/index.js';
import { TokenVerificationError } from '../token/index.js';
import type { SessionCache, SessionState } from '../sessions/session-cache.js';
import type { UserCache, UserRecord, UserStore } from '../users/user-store.js';
import type { AccessPolicy } from '../access/access-policy.js';
import { isPublicRoute, type AuthContext } from './auth-context.js';
import { authorizationValues, readBearerCredentials } from './bearer-credentials.js';
import { insufficientScope, invalidRequest, unauthorized } from './challenge.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface GuardOptions {
  readonly tokens: TokenService;
  /** Which role holds which scope. */
  readonly access: AccessPolicy;
  /** `'all'`: every route unless `public: true`; `'marked'`: routes with `auth` or `scope`. */
  readonly protect: 'all' | 'marked';
  /**
   * Where the guard reads the caller's current state: the app's {@link UserCache} (no database
   * read while the state is known to be current), or any store (a read on every request).
   */
  readonly users: Pick<UserCache, 'peek' | 'load'> | Pick<UserStore, 'findById'>;
  /**
   * The sessions' view ({@link SessionCache}): a token is accepted only while the session its
   * `sid` names is open, and a token without `sid` never is.
   */
  readonly sessions: Pick<SessionCache, 'peek' | 'load'>;
  /** The token service's clock (seconds since the epoch), for {@link verifiedTokens}. */
  readonly clock?: (() => number) | undefined;
  /**
   * Tokens already verified, reused until their `exp` (see {@link VerifiedTokens}); default: a
   * new cache of 10 000 entries. `false` verifies every request.
   */
  readonly verifiedTokens?: VerifiedTokens | false | undefined;
  /**
   * The MFA role policy: a session whose role requires a second factor it was not signed in
   * with reaches only routes marked `mfaEnrolment: true` (403 `mfa_enrolment_required`).
   */
  readonly mfa?: Pick<MfaPolicy, 'lacksRequiredFactor'> | undefined;
}

const systemClock = (): number => Date.now() / 1000;

/** How the guard reads users: a synchronous cache hit when there is one, else a read. */
interface UserLookup {
  peek(id: number): UserRecord | undefined;
  load(id: number): Promise<UserRecord | undefined>;
}

function userLookup(users: GuardOptions['users']): UserLookup {
  if ('peek' in users) return users;
  return { peek: () => undefined, load: (id) => users.findById(id) };
}

const USER_ID = /^[1-9][0-9]{0,15}$/;

function userIdOf(sub: string): number | undefined {
  if (!USER_ID.test(sub)) return undefined;
  const id = Number(sub);
  return Number.isSafeInteger(id) ? id : undefined;
}

function hasQueryToken(request: FastifyRequest): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return query !== undefined && query !== null && 'access_token' in query;
}

/** Logs one `token rejected` line with the reason (never the token, SECURITY.md G6) and returns `error`. */
function rejected(request: FastifyRequest, reason: string, error: TesseraError): TesseraError {
  request.log.info({ code: error.code, reason }, 'token rejected');
  return error;
}

/**
 * Checks the request's credentials, the session's and the user's current state. Synchronous
 * when both states are held in memory (the common case), so a request that needs no database
 * read awaits nothing.
 */
function authenticate(
  request: FastifyRequest,
  guard: GuardState,
): AuthContext | Promise<AuthContext> {
  const credentials = readBearerCredentials(authorizationValues(request.raw.rawHeaders));
  if (credentials.kind === 'duplicate') throw rejected(request, 'duplicate', invalidRequest());
  if (credentials.kind === 'missing') {
    throw rejected(request, 'missing', unauthorized('token_missing', { withError: false }));
  }
  if (credentials.kind === 'other-scheme') {
    throw rejected(request, 'other_scheme', unauthorized('token_invalid', { withError: false }));
  }
  if (hasQueryToken(request)) throw rejected(request, 'two_methods', invalidRequest());
  if (credentials.kind === 'malformed') {
    throw rejected(request, 'malformed_header', unauthorized('token_invalid', { withError: true }));
  }
  const claims = verifyToken(request, guard, credentials.token);
  const id = userIdOf(claims.sub);
  const sid = claims.sid;
  if (id === undefined) return admit(request, undefined, undefined, claims);
  // Every access token belongs to a session; one without `sid` is not Tessera's (or predates it).
  if (sid === undefined) {
    throw rejected(request, 'no_session', unauthorized('token_invalid', { withError: true }));
  }
  // The user lookup comes first: it is where a commit by another process is noticed, and it
  // drops the session view too (UserCacheOptions.onExternalChange).
  const user = guard.users.peek(id);
  const session = guard.sessions.peek(sid);
  if (session !== undefined && user !== undefined) return admit(request, session, user, claims);
  return Promise.all([session ?? guard.sessions.load(sid), user ?? guard.users.load(id)]).then(
    ([loadedSession, loadedUser]) => admit(request, loadedSession, loadedUser, claims),
  );
}

/** What the guard works with, resolved once when it is registered. */
interface GuardState {
  readonly tokens: TokenService;
  readonly access: AccessPolicy;
  readonly users: UserLookup;
  readonly sessions: Pick<SessionCache, 'peek' | 'load'>;
  readonly clock: () => number;
  readonly verified: VerifiedTokens | undefined;
  readonly mfa: Pick<MfaPolicy, 'lacksRequiredFactor'> | undefined;
}

/** The claims of an authentic, current token (remembered, or verified now); 401 otherwise. */
function verifyToken(
  request: FastifyRequest,
  guard: GuardState,
  token: string,
): TesseraAccessClaims {
  const now = guard.verified === undefined ? Number.NaN : guard.clock();
  const known = guard.verified?.get(token, now);
  if (known !== undefined) return known;
  let claims;
  try {
    claims = guard.tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenVerificationError) {
      throw rejected(request, error.reason, unauthorized(error.code, { withError: true }));
    }
    throw error;
  }
  return guard.verified === undefined ? claims : guard.verified.remember(token, claims, now);
}

/**
 * The context of an open session of an existing, enabled user; `token_invalid` otherwise (a
 * session ended by logout, reuse, a password change or an admin: L03, L05, L06, L08).
 */
function admit(
  request: FastifyRequest,
  session: SessionState | undefined,
  user: UserRecord | undefined,
  claims: TesseraAccessClaims,
): AuthContext {
  if (user === undefined || !user.isEnabled) {
    throw rejected(request, 'user', unauthorized('token_invalid', { withError: true }));
  }
  if (!(session?.active === true && session.userId === user.id)) {
    throw rejected(request, 'session', unauthorized('token_invalid', { withError: true }));
  }
  return { user, claims };
}

/** The MFA role policy, the route's scope check, then `request.auth`. */
function authorize(
  request: FastifyRequest,
  config: FastifyContextConfig,
  auth: AuthContext,
  guard: GuardState,
): void {
  const { access, mfa } = guard;
  if (
    config.mfaEnrolment !== true &&
    mfa?.lacksRequiredFactor(auth.user.role, auth.claims.amr) === true
  ) {
    request.log.info({ code: 'mfa_enrolment_required' }, 'second factor required by the role');
    throw new TesseraError('mfa_enrolment_required');
  }
  const scope = config.scope;
  if (scope !== undefined && !access.isGranted(scope, auth.user.role, auth.claims.scope)) {
    request.log.info({ code: 'insufficient_scope', scope }, 'scope refused');
    throw insufficientScope(scope);
  }
  request.auth = auth;
}

/**
 * The tutorial's `login_required`, applied to every route of the context it is registered in:
 * a route is protected unless its config says `public: true` (secure by default), or, with
 * `protect: 'marked'`, when its config has `auth: true` or a `scope`. A token is accepted only while the session
 * its `sid` names is open (revocation keyed on the session id, never on the token bytes) and
 * its user exists and is enabled; both are answered from memory while known to be current.
 * On success `request.auth` holds the user as stored now and the claims; a route's `scope` is
 * checked against the user's current role.
 */
export const guardPlugin = fp(
  (app: FastifyInstance, options: GuardOptions) => {
    const guard: GuardState = {
      tokens: options.tokens,
      access: options.access,
      users: userLookup(options.users),
      sessions: options.sessions,
      clock: options.clock ?? systemClock,
      verified:
        options.verifiedTokens === false
          ? undefined
          : (options.verifiedTokens ?? new VerifiedTokens()),
      mfa: options.mfa,
    };
    // A token remembered as verified is forgotten when the signing or encryption keys change
    // (a revoked key's tokens are refused from the next request on).
    const verified = guard.verified;
    if (verified !== undefined) options.tokens.onKeysChange(() => verified.clear());
    app.decorateRequest('auth', null);
    // A callback hook rather than an async one: a cached user answers without a promise.
    // A synchronous throw reaches Fastify's error handling exactly as `done(error)` would.
    app.addHook('onRequest', (request, _reply, done: HookHandlerDoneFunction) => {
      // `routeOptions` is a getter that builds a new object: read once per request.
      const config = request.routeOptions.config;
      if (request.is404 || isPublicRoute(config, options.protect)) {
        done();
        return;
      }
      const auth = authenticate(request, guard);
      if (auth instanceof Promise) {
        auth.then((context) => {
          try {
            authorize(request, config, context, guard);
          } catch (error) {
            done(error as Error);
            return;
          }
          done();
        }, done);
        return;
      }
      authorize(request, config, auth, guard);
      done();
    });
  },
  { name: 'tessera-guard', fastify: '5.x' },
);
