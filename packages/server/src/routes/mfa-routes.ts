import type {
  MfaMethod,
  MfaStatus,
  MfaVerifyRequest,
  RecoveryCodes,
  TotpEnrolment,
} from '@tessera/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentAuth } from '../guard/auth-context.js';
import type { FactorCheck } from '../mfa/mfa-login.js';
import { wrongCode } from '../mfa/totp-factor.js';
import { passkeyFactorCheck } from '../webauthn/passkey-factor-check.js';
import type { AuthenticationMethod } from '../sessions/session-record.js';
import { userAgentOf } from '../sessions/session-record.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import type { TesseraServices } from '../services.js';
import type { UserRecord } from '../users/user-record.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import {
  confirmTotpSchema,
  disableTotpSchema,
  mfaStatusSchema,
  regenerateRecoveryCodesSchema,
  startTotpSchema,
  verifyMfaBodySchema,
} from './mfa-schemas.js';
import { tokenResponseRef } from './session-schemas.js';

/** The `amr` entry of a second-step method (RFC 8176). */
const AMR_OF: Readonly<Record<MfaMethod, AuthenticationMethod>> = {
  totp: 'otp',
  recovery_code: 'otp',
  webauthn: 'webauthn',
};

/**
 * MFA (issue #14): `GET /api/auth/mfa` (status), TOTP enrolment (`POST /api/auth/mfa/totp`
 * with the current password, then `…/totp/confirm` with a code: 10 recovery codes, shown
 * once), `…/totp/disable` (the password or a code), `…/recovery-codes` (new ones, the old
 * void), and the second step of a login, `POST /api/auth/mfa/verify`. Every password and code
 * check goes through the login throttle of the account.
 */
export function mfaRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { passwords, sessions, mfa } = services;
  const context = sessionResponseContext(services);

  /** Confirms a code of the signed-in user under the account's throttle (401 when wrong). */
  const confirmCode = (request: FastifyRequest, user: UserRecord, code: string): Promise<void> =>
    passwords.throttled(request, user.email, async () => {
      const right =
        (await mfa.totp.check(user.id, 'totp', code, true)) ||
        (await mfa.totp.check(user.id, 'recovery_code', code, true));
      if (!right) throw wrongCode();
    });

  app.get(
    '/api/auth/mfa',
    { schema: mfaStatusSchema, config: { scope: 'profile:read', mfaEnrolment: true } },
    async (request): Promise<MfaStatus> => {
      const { user } = currentAuth(request);
      const summary = await mfa.factors.summaryOf(user.id);
      return {
        totp: summary.totp,
        recovery_codes_remaining: summary.recoveryCodes,
        passkeys: summary.passkeys,
        required: mfa.policy.requires(user.role),
      };
    },
  );

  app.post<{ Body: { current_password: string } }>(
    '/api/auth/mfa/totp',
    {
      schema: startTotpSchema,
      config: { scope: 'profile:write', mfaEnrolment: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request): Promise<TotpEnrolment> => {
      const { user } = currentAuth(request);
      await passwords.confirm(request, user, request.body.current_password);
      const pending = await mfa.totp.start(user);
      request.log.info({ event: 'mfa_totp_started', user_id: user.id }, 'TOTP enrolment started');
      return { secret: pending.secret, otpauth_uri: pending.otpauthUri, qr_svg: pending.qrSvg };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/auth/mfa/totp/confirm',
    {
      schema: confirmTotpSchema,
      config: { scope: 'profile:write', mfaEnrolment: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request): Promise<RecoveryCodes> => {
      const { user } = currentAuth(request);
      const codes = await passwords.throttled(request, user.email, () =>
        mfa.totp.confirm(user, request.body.code),
      );
      request.log.info({ event: 'mfa_totp_enabled', user_id: user.id }, 'TOTP turned on');
      return { recovery_codes: codes };
    },
  );

  app.post<{ Body: { current_password?: string; code?: string } }>(
    '/api/auth/mfa/totp/disable',
    { schema: disableTotpSchema, config: { scope: 'profile:write' }, bodyLimit: AUTH_BODY_LIMIT },
    async (request, reply) => {
      const { user } = currentAuth(request);
      const { current_password: password, code } = request.body;
      if (!(await mfa.totp.isEnabled(user.id))) {
        // A pending enrolment is simply dropped; there is nothing to protect yet.
        await mfa.totp.remove(user.id);
        return reply.code(204).send();
      }
      if (password !== undefined) await passwords.confirm(request, user, password);
      else await confirmCode(request, user, code ?? '');
      await mfa.totp.remove(user.id);
      request.log.info({ event: 'mfa_totp_disabled', user_id: user.id }, 'TOTP turned off');
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { current_password: string } }>(
    '/api/auth/mfa/recovery-codes',
    {
      schema: regenerateRecoveryCodesSchema,
      config: { scope: 'profile:write' },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request): Promise<RecoveryCodes> => {
      const { user } = currentAuth(request);
      await passwords.confirm(request, user, request.body.current_password);
      const codes = await mfa.totp.regenerateRecoveryCodes(user.id);
      request.log.info(
        { event: 'mfa_recovery_codes_regenerated', user_id: user.id },
        'recovery codes regenerated',
      );
      return { recovery_codes: codes };
    },
  );

  app.post<{ Body: MfaVerifyRequest }>(
    '/api/auth/mfa/verify',
    {
      schema: {
        tags: ['mfa'],
        summary: 'Second step of a login: a TOTP or recovery code, or a passkey',
        description:
          'With the `mfa_token` of the 401 `mfa_required` a login answered, and `code` (totp, recovery_code) or `response` (webauthn: the assertion over `POST /api/auth/mfa/webauthn/options`). A wrong code or passkey, a wrong password at the first step and a disabled account all answer 401 `invalid_credentials`; an unknown, expired (5 min), used or exhausted (5 codes) token 401 `mfa_token_invalid`; attempts are throttled per account and address like passwords (429).',
        body: verifyMfaBodySchema,
        response: {
          200: tokenResponseRef(context.transport),
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
          429: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      const body = request.body;
      const check: FactorCheck =
        body.method === 'webauthn'
          ? passkeyFactorCheck(services.passkeys.authentication, body.response, request.log)
          : (candidate, commit) => mfa.totp.check(candidate.id, body.method, body.code, commit);
      const { method } = body;
      const { user, firstFactor } = await mfa.login.completeLogin(
        request,
        body.mfa_token,
        method,
        check,
      );
      const amr: AuthenticationMethod[] = [firstFactor, AMR_OF[method]];
      const issued = await sessions.start(user.id, userAgentOf(request.headers['user-agent']), amr);
      request.log.info(
        { event: 'login', user_id: user.id, session_id: issued.session.id, amr },
        'login succeeded',
      );
      if (method === 'recovery_code') {
        const { recoveryCodes: remaining } = await mfa.factors.summaryOf(user.id);
        services.accountMailer.notifyRecoveryCodeUsed(user, remaining);
      }
      return sendSessionTokens(reply, context, { user, ...issued });
    },
  );
}
