import type {
  LinkedIdentitiesResponse,
  OidcLinkRequest,
  OidcLinkResponse,
} from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import { protectedErrorResponses } from '../http/schemas.js';
import { setFlowCookie } from '../oidc/flow-cookie.js';
import { safeReturnTo } from '../oidc/return-to.js';
import type { TesseraServices } from '../services.js';
import { confirmRecentLogin } from '../webauthn/recent-login.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import {
  identitiesResponseSchema,
  identityParamsSchema,
  linkBodySchema,
  providerParamsSchema,
} from './oidc-schemas.js';

/**
 * The signed-in user's provider identities (issue #15): link one (after a recent login or
 * the current password, as for adding a passkey: O17), list them, unlink one (never the last
 * way in: O12). Linking and unlinking mail the owner a notice.
 */
export function oidcIdentityRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { oidc } = services;
  const tags = ['oidc'];
  const security = [{ bearer: [] }];

  app.post<{ Params: { name: string }; Body: OidcLinkRequest | undefined }>(
    '/api/auth/oidc/:name/link',
    {
      schema: {
        tags,
        summary: 'Start linking a provider account to yours',
        description:
          'Needs `current_password` unless the session logged in during the last 5 minutes (403 `recent_login_required`). Sets the flow cookie and answers the provider’s authorization URL: navigate (or point a popup) there; the callback links the identity and goes to `/oidc/callback#linked=<name>`.',
        security,
        params: providerParamsSchema,
        body: linkBodySchema,
        response: {
          200: {
            type: 'object',
            required: ['authorization_url'],
            additionalProperties: false,
            properties: { authorization_url: { type: 'string' } },
          },
          ...protectedErrorResponses,
          404: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
          429: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
      config: { scope: 'profile:write' },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      const auth = currentAuth(request);
      const { name } = request.params;
      oidc.client(name);
      const body = request.body ?? {};
      await confirmRecentLogin(services, request, auth, body.current_password);
      const { secret, url } = await oidc.start(name, {
        mode: body.mode ?? 'redirect',
        returnTo: safeReturnTo(body.return_to),
        userId: auth.user.id,
      });
      setFlowCookie(reply, secret);
      const answer: OidcLinkResponse = { authorization_url: url.href };
      return reply.headers({ 'cache-control': 'no-store' }).send(answer);
    },
  );

  app.get(
    '/api/auth/identities',
    {
      schema: {
        tags,
        summary: 'Your linked provider accounts',
        security,
        response: { 200: identitiesResponseSchema, ...protectedErrorResponses },
      },
      config: { scope: 'profile:read' },
    },
    async (request) => {
      const { user } = currentAuth(request);
      const identities = await oidc.identities.listByUser(user.id);
      const body: LinkedIdentitiesResponse = {
        identities: identities.map((identity) => ({
          id: identity.id,
          provider: identity.provider,
          label: oidc.labelOf(identity.provider),
          email: identity.email,
          created_at: identity.createdAt,
          last_used_at: identity.lastUsedAt,
        })),
      };
      return body;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/auth/identities/:id',
    {
      schema: {
        tags,
        summary: 'Unlink one of your provider accounts',
        description:
          'Refused with 409 `oidc_last_sign_in_method` when it is your only way in (no password of your own, no passkey, no other linked account).',
        security,
        params: identityParamsSchema,
        response: {
          204: { type: 'null' },
          ...protectedErrorResponses,
          404: { $ref: 'Problem#' },
          409: { $ref: 'Problem#' },
        },
      },
      config: { scope: 'profile:write' },
    },
    async (request, reply) => {
      const { user } = currentAuth(request);
      const identity = (await oidc.identities.listByUser(user.id)).find(
        (candidate) => candidate.id === request.params.id,
      );
      const outcome =
        identity === undefined
          ? 'not_found'
          : await oidc.identities.removeKeepingAWayIn(user.id, identity.id);
      if (outcome === 'not_found' || identity === undefined) throw new TesseraError('not_found');
      if (outcome === 'last') throw new TesseraError('oidc_last_sign_in_method');
      request.log.info(
        { event: 'oidc_identity_unlinked', user_id: user.id, identity_id: identity.id },
        'provider identity unlinked',
      );
      services.accountMailer.notifyIdentityUnlinked(user, oidc.labelOf(identity.provider));
      return reply.code(204).send();
    },
  );
}
