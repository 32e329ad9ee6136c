import type { SatellizerCodeRequest } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { readFlowCookie, setFlowCookie } from '../oidc/flow-cookie.js';
import { OidcFailure } from '../oidc/oidc-failure.js';
import { sameSecret } from '../oidc/oidc-service.js';
import { PROVIDER_RETRY_AFTER_SECONDS } from '../oidc/provider-client.js';
import type { TesseraServices } from '../services.js';
import { sessionResponseContext } from '../sessions/session-response.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import { providerParamsSchema, satellizerBodySchema } from './oidc-schemas.js';
import { logOidcFailure, sendProviderSession } from './oidc-sign-in.js';
import { tokenResponseRef } from './session-schemas.js';

/**
 * Satellizer's popup contract (issue #15): `$auth.authenticate('<name>')` opens the popup on
 * `GET /api/auth/oidc/<name>/start?redirect_uri=…` (its `authorizationEndpoint`), reads the
 * code the provider returns to its own page, and posts `{code, clientId, redirectUri, state}`
 * here (`/auth/<name>`, the tutorial's URL, or `/api/auth/oidc/<name>`), with the flow cookie.
 * The answer is the login's token response (`token` included, which Satellizer keeps).
 */
export function oidcSatellizerRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { oidc } = services;
  const context = sessionResponseContext(services);
  for (const url of ['/auth/:name', '/api/auth/oidc/:name']) {
    app.post<{ Params: { name: string }; Body: SatellizerCodeRequest }>(
      url,
      {
        schema: {
          tags: ['oidc'],
          summary:
            url === '/auth/:name'
              ? 'Satellizer’s code exchange (the tutorial’s URL)'
              : 'Satellizer’s code exchange',
          description:
            'Needs the flow cookie of a `start` in Satellizer mode; `redirectUri` must be the one the flow started with, `clientId` (if sent) the provider’s, `state` (if sent) the flow’s. Members other than `code`, `clientId`, `redirectUri`, `state` and `iss` are ignored.',
          params: providerParamsSchema,
          body: satellizerBodySchema,
          response: {
            200: tokenResponseRef(context.transport),
            400: { $ref: 'Problem#' },
            401: { $ref: 'Problem#' },
            403: { $ref: 'Problem#' },
            404: { $ref: 'Problem#' },
            409: { $ref: 'Problem#' },
            413: { $ref: 'Problem#' },
            415: { $ref: 'Problem#' },
            503: { $ref: 'Problem#' },
          },
        },
        config: { public: true },
        bodyLimit: AUTH_BODY_LIMIT,
      },
      async (request, reply) => {
        const { name } = request.params;
        const { provider } = oidc.client(name);
        const body = request.body;
        setFlowCookie(reply, undefined);
        try {
          if (body.clientId !== undefined && body.clientId !== provider.clientId) {
            throw new OidcFailure('oidc_flow_invalid', 'client_id_mismatch');
          }
          const { profile } = await oidc.finish(
            name,
            readFlowCookie(request),
            (flow) => {
              if (body.redirectUri !== flow.redirectUri) {
                throw new OidcFailure('oidc_redirect_uri_invalid', 'redirect_uri_mismatch');
              }
              if (body.state !== undefined && !sameSecret(body.state, flow.state)) {
                throw new OidcFailure('oidc_state_mismatch', 'state_mismatch');
              }
              const params = new URLSearchParams({ code: body.code, state: flow.state });
              const iss = body.iss ?? (provider.kind === 'oidc' ? provider.issuer : undefined);
              if (iss !== undefined) params.set('iss', iss);
              return params;
            },
            { mode: 'satellizer' },
          );
          const { user, resolution } = await oidc.resolve(name, profile);
          if (resolution === 'auto_linked') {
            services.accountMailer.notifyIdentityLinked(user, oidc.labelOf(name));
          }
          return await sendProviderSession(services, request, reply, user);
        } catch (error) {
          if (!(error instanceof OidcFailure)) throw error;
          logOidcFailure(request, name, error);
          const retry =
            error.code === 'oidc_provider_unavailable'
              ? { 'retry-after': String(PROVIDER_RETRY_AFTER_SECONDS) }
              : {};
          throw new TesseraError(error.code, undefined, retry);
        }
      },
    );
  }
}
