import type { RoleName } from '../access/access-options.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { startEmailChange } from '../accounts/email-change.js';
import { unusablePasswordHash } from '../accounts/unusable-password.js';
import { assertAcceptablePassword, isOverlongPassword } from '../auth/password-policy.js';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth, type AuthContext } from '../guard/auth-context.js';
import type { TesseraServices } from '../services.js';
import { toUserDto } from '../users/user-dto.js';
import { canonicalEmail } from '../users/user-store-email.js';
import {
  UserStoreError,
  type UpdateOptions,
  type UserPatch,
  type UserRecord,
  type UserSortField,
} from '../users/user-store.js';
import {
  createUserSchema,
  deleteUserSchema,
  listUsersSchema,
  readUserSchema,
  updateUserSchema,
} from './users-schemas.js';

interface ListQuery {
  page?: string;
  per_page?: string;
  q?: string;
  sort?: UserSortField;
  order?: 'asc' | 'desc';
}
interface CreateBody {
  email: string;
  name: string;
  /** Absent: an invitation to choose one is mailed (issue #14). */
  password?: string;
  role?: RoleName;
  is_enabled?: boolean;
}
interface PatchBody {
  email?: string;
  name?: string;
  password?: string;
  role?: RoleName;
  is_enabled?: boolean;
  current_password?: string;
}
interface IdParams {
  id: string;
}

const DEFAULT_PER_PAGE = 20;

function canManageUsers(services: TesseraServices, auth: AuthContext): boolean {
  return services.access.isGranted('users:write', auth.user.role, auth.claims.scope);
}

function storeErrorToHttp(error: unknown): never {
  if (error instanceof UserStoreError) throw new TesseraError(error.code);
  throw error;
}

/**
 * The tutorial's users resource, complete: list (paged, searched, sorted), create, read,
 * update, delete. Admins manage everyone; a plain user sees and edits only their own record
 * (other ids answer 404, so existence does not leak) and never their role.
 */
export function usersRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { users, hasher } = services;

  /** The id of the target user, if the caller may see that user; 404 otherwise (U04). */
  const visibleId = (request: FastifyRequest<{ Params: IdParams }>): number => {
    const auth = currentAuth(request);
    const id = Number(request.params.id);
    const allowed =
      id === auth.user.id ||
      services.access.isGranted('users:read', auth.user.role, auth.claims.scope);
    if (!allowed || !Number.isSafeInteger(id)) throw new TesseraError('not_found');
    return id;
  };
  const found = <T>(user: T | undefined): T => {
    if (user === undefined) throw new TesseraError('not_found');
    return user;
  };
  const visibleUser = async (request: FastifyRequest<{ Params: IdParams }>) =>
    found(await users.findById(visibleId(request)));

  app.get<{ Querystring: ListQuery }>(
    '/api/users',
    { schema: listUsersSchema, config: { scope: 'users:read' } },
    async (request) => {
      const page = Number(request.query.page ?? 1);
      const perPage = Number(request.query.per_page ?? DEFAULT_PER_PAGE);
      const result = await users.list({
        page,
        perPage,
        ...(request.query.q ? { search: request.query.q } : {}),
        sort: request.query.sort ?? 'id',
        order: request.query.order ?? 'asc',
      });
      return { users: result.users.map(toUserDto), total: result.total, page, per_page: perPage };
    },
  );

  app.post<{ Body: CreateBody }>(
    '/api/users',
    { schema: createUserSchema, config: { scope: 'users:write' } },
    async (request, reply) => {
      const { password } = request.body;
      if (password !== undefined) assertAcceptablePassword(password);
      const invited = password === undefined;
      const created = await users
        .create({
          email: request.body.email,
          name: request.body.name,
          passwordHash:
            password === undefined
              ? await unusablePasswordHash(hasher)
              : await hasher.hash(password),
          role: request.body.role ?? 'user',
          isEnabled: request.body.is_enabled ?? true,
          pendingInvitation: invited,
        })
        .catch(storeErrorToHttp);
      // A user created disabled gets the invitation when an admin sends it again (which enables).
      if (invited && created.isEnabled) await services.accountMailer.sendInvitation(created);
      request.log.info(
        { event: 'user_created', user_id: created.id, by: currentAuth(request).user.id, invited },
        'user created',
      );
      return reply.code(201).send(toUserDto(created));
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/users/:id',
    { schema: readUserSchema, config: { scope: 'profile:read' } },
    async (request) => toUserDto(found(await users.findSummaryById(visibleId(request)))),
  );

  app.patch<{ Params: IdParams; Body: PatchBody }>(
    '/api/users/:id',
    { schema: updateUserSchema, config: { scope: 'profile:write' } },
    async (request) => {
      const auth = currentAuth(request);
      const target = await visibleUser(request);
      const isSelf = target.id === auth.user.id;
      if (!isSelf && !canManageUsers(services, auth)) throw new TesseraError('not_found');
      const { patch, pendingEmail } = emailRule(
        await buildPatch(request.body, { auth, target, isSelf, services }),
        target,
        isSelf,
      );
      if (pendingEmail !== undefined)
        await startEmailChange(services, request, target, pendingEmail);
      const updated =
        Object.keys(patch).length === 0
          ? target
          : await users
              .update(target.id, patch, sessionsEndedBy(patch, isSelf, auth))
              .catch(storeErrorToHttp);
      if (updated === undefined) throw new TesseraError('not_found');
      if (patch.email !== undefined && patch.isEmailVerified === false) {
        await emailChangedByAdmin(services, target, updated);
      }
      request.log.info(
        { event: 'user_updated', user_id: target.id, by: auth.user.id, fields: Object.keys(patch) },
        'user updated',
      );
      return toUserDto(updated);
    },
  );

  app.delete<{ Params: IdParams }>(
    '/api/users/:id',
    { schema: deleteUserSchema, config: { scope: 'users:write' } },
    async (request, reply) => {
      const auth = currentAuth(request);
      const target = await visibleUser(request);
      if (target.id === auth.user.id) throw new TesseraError('cannot_delete_self');
      const deleted = await users.delete(target.id).catch(storeErrorToHttp);
      if (!deleted) throw new TesseraError('not_found');
      request.log.info(
        { event: 'user_deleted', user_id: target.id, by: auth.user.id },
        'user deleted',
      );
      return reply.code(204).send();
    },
  );
}

/**
 * Who may move an address at once (issue #14): your own new address stays pending until the
 * link mailed to it is used (`pendingEmail`; so an unproven address never logs in or gets a
 * reset link); an admin changing someone else's address applies it at once, unverified (the
 * admin vouches for it, as when creating a user), and a verification link goes to it. A change
 * of letter case only is the same mailbox: applied as it is.
 */
function emailRule(
  patch: UserPatch,
  target: UserRecord,
  isSelf: boolean,
): { patch: UserPatch; pendingEmail?: string } {
  const { email, ...rest } = patch;
  if (email === undefined || canonicalEmail(email) === canonicalEmail(target.email)) {
    return { patch };
  }
  if (isSelf) return { patch: rest, pendingEmail: email };
  return { patch: { ...rest, email, isEmailVerified: false } };
}

/**
 * After an admin moved a user's address: every link mailed to the old one voids (reset,
 * verification, invitation) and the old address is told; the new one gets a verification link,
 * or, for a user who has not accepted their invitation yet, a new invitation.
 */
async function emailChangedByAdmin(
  services: TesseraServices,
  former: UserRecord,
  updated: UserRecord,
): Promise<void> {
  await services.accountTokens.voidAll(updated.id, ['reset', 'verify_email', 'invitation']);
  services.accountMailer.notifyEmailChangedByAdmin(former, updated.email);
  if (updated.pendingInvitation && updated.isEnabled) {
    await services.accountMailer.sendInvitation(updated);
  } else {
    await services.accountMailer.sendVerification(updated);
  }
}

/**
 * A new password ends the user's other sessions: all but the caller's own when they change
 * their own password, all of them when an admin sets it (L03). A disable ends all of them in the
 * store itself (L02).
 */
function sessionsEndedBy(patch: UserPatch, isSelf: boolean, auth: AuthContext): UpdateOptions {
  if (patch.passwordHash === undefined) return {};
  const sid = auth.claims.sid;
  return { endSessions: isSelf && sid !== undefined ? { except: sid } : 'all' };
}

interface PatchContext {
  auth: AuthContext;
  target: UserRecord;
  isSelf: boolean;
  services: TesseraServices;
}

/**
 * Turns a PATCH body into a store patch, enforcing who may change what: `role` and `is_enabled`
 * only by an admin (U02); your own email or password only with `current_password` (U08, U09).
 */
async function buildPatch(body: PatchBody, context: PatchContext): Promise<UserPatch> {
  const { auth, target, isSelf, services } = context;
  if (Object.keys(body).every((field) => field === 'current_password')) {
    throw new TesseraError('validation_failed', 'The body names no field to change');
  }
  const isAdmin = canManageUsers(services, auth);
  if (!isAdmin && (body.role !== undefined || body.is_enabled !== undefined)) {
    throw new TesseraError('forbidden', 'Only an admin can change a role or enable a user');
  }
  // Cheap checks first: a new password is checked, and an overlong current one refused, before
  // any argon2 work (SECURITY.md P10: above the maximum, 400 with no hashing).
  if (body.password !== undefined) assertAcceptablePassword(body.password);
  const changesCredentials =
    (body.email !== undefined && body.email !== target.email) || body.password !== undefined;
  if (isSelf && changesCredentials) {
    const current = body.current_password;
    if (current === undefined) {
      throw new TesseraError(
        'validation_failed',
        'current_password is required to change your email or password',
      );
    }
    if (isOverlongPassword(current)) throw new TesseraError('password_too_long');
    if (!(await services.hasher.verify(target.passwordHash, current))) {
      throw new TesseraError('invalid_credentials', 'The current password is not correct');
    }
  }
  return {
    ...(body.email === undefined ? {} : { email: body.email }),
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.password === undefined
      ? {}
      : { passwordHash: await services.hasher.hash(body.password) }),
    ...(body.role === undefined ? {} : { role: body.role }),
    ...(body.is_enabled === undefined ? {} : { isEnabled: body.is_enabled }),
  };
}
