import type { OidcCompleteRequest, OidcProvidersResponse } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { callbackLocation, failureLocation } from '../oidc/callback-fragment.js';
import { readFlowCookie, setFlowCookie } from '../oidc/flow-cookie.js';
import { OidcFailure } from '../oidc/oidc-failure.js';
import { SATELLIZER_STATE } from '../oidc/oidc-service.js';
import { safeReturnTo } from '../oidc/return-to.js';
import type { TesseraServices } from '../services.js';
import { sessionResponseContext } from '../sessions/session-response.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import {
  callbackQuerySchema,
  completeBodySchema,
  providerParamsSchema,
  providersResponseSchema,
  startQuerySchema,
} from './oidc-schemas.js';
import { logOidcFailure, sendProviderSession } from './oidc-sign-in.js';
import { tokenResponseRef } from './session-schemas.js';

interface StartQuery {
  mode?: 'redirect' | 'popup';
  return_to?: string;
  redirect_uri?: string;
  client_id?: string;
  response_type?: string;
  state?: string;
}

const NAVIGATION_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * Sign-in by provider (issue #15), the public part: the provider list, the start of a flow
 * (redirect, popup, or Satellizer's popup contract), the provider's callback (which answers
 * only with a 303 to the app's `/oidc/callback` page and the outcome in the fragment), and
 * `complete`, which turns the callback's one-time ticket into a session like a password login.
 */
export function oidcRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { oidc } = services;
  const context = sessionResponseContext(services);
  const tags = ['oidc'];

  app.get(
    '/api/auth/providers',
    {
      schema: {
        tags,
        summary: 'The sign-in providers configured (name and label, never a secret)',
        response: { 200: providersResponseSchema },
      },
      config: { public: true },
    },
    (_request, reply) => {
      const body: OidcProvidersResponse = {
        providers: oidc.providers.map(({ name, label }) => ({ name, label })),
      };
      return reply.headers({ 'cache-control': 'no-store' }).send(body);
    },
  );

  app.get<{ Params: { name: string }; Querystring: StartQuery }>(
    '/api/auth/oidc/:name/start',
    {
      schema: {
        tags,
        summary: 'Start a sign-in with a provider (redirects to it)',
        description:
          'Sets the HttpOnly flow cookie and answers 302 to the provider (PKCE S256, state, nonce). `mode` is `redirect` (default) or `popup`; `return_to` a same-origin path (else `/`). With `redirect_uri` (Satellizer’s popup, whose `authorizationEndpoint` points here) it must be one of the provider’s `TESSERA_OIDC_<NAME>_REDIRECT_URIS`; Satellizer’s `state` is kept when it is 22–512 URL-safe characters.',
        params: providerParamsSchema,
        querystring: startQuerySchema,
        response: {
          302: { type: 'null', description: 'To the provider' },
          400: { $ref: 'Problem#' },
          404: { $ref: 'Problem#' },
          429: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { query } = request;
      const { provider } = oidc.client(name);
      await services.passkeys.throttle.request(
        request.ip,
        'Too many sign-in attempts, try again later',
      );
      let satellizer: { redirectUri: string; state: string | undefined } | undefined;
      if (query.redirect_uri !== undefined) {
        if (!provider.redirectUris.includes(query.redirect_uri)) {
          request.log.info(
            { event: 'oidc_login_failed', provider: name, reason: 'redirect_uri_not_allowed' },
            'sign-in by provider refused',
          );
          throw new TesseraError('oidc_redirect_uri_invalid');
        }
        if (query.client_id !== undefined && query.client_id !== provider.clientId) {
          throw new TesseraError('validation_failed', 'client_id is not this provider’s client');
        }
        if (query.response_type !== undefined && query.response_type !== 'code') {
          throw new TesseraError('validation_failed', 'response_type must be code');
        }
        const state = query.state;
        satellizer = {
          redirectUri: query.redirect_uri,
          state: state !== undefined && SATELLIZER_STATE.test(state) ? state : undefined,
        };
      }
      const { secret, url } = await oidc.start(name, {
        mode: satellizer === undefined ? (query.mode ?? 'redirect') : 'satellizer',
        returnTo: safeReturnTo(query.return_to),
        redirectUri: satellizer?.redirectUri,
        state: satellizer?.state,
      });
      setFlowCookie(reply, secret);
      return reply.code(302).headers(NAVIGATION_HEADERS).header('location', url.href).send();
    },
  );

  app.get<{ Params: { name: string }; Querystring: Record<string, string> }>(
    '/api/auth/oidc/:name/callback',
    {
      schema: {
        tags,
        summary: 'Where the provider sends the browser back (answers 303 to /oidc/callback)',
        description:
          'Consumes the flow bound to the browser’s cookie (once), checks `state`, exchanges the code (PKCE) and verifies the ID token (signature by the provider’s JWKS, `iss`, `aud`, `exp`, `nonce`), then resolves the account. Always 303 to the app’s `/oidc/callback` with a fragment: `ticket` (for `POST /api/auth/oidc/complete`) or `linked` or `error` (an error code), and `return_to`.',
        params: providerParamsSchema,
        querystring: callbackQuerySchema,
        response: { 303: { type: 'null', description: 'To /oidc/callback#…' } },
      },
      config: { public: true },
    },
    async (request, reply) => {
      const { name } = request.params;
      let location: string;
      try {
        location = await callback(name, readFlowCookie(request), request.query);
      } catch (error) {
        if (!(error instanceof OidcFailure)) throw error;
        logOidcFailure(request, name, error);
        location = failureLocation(error);
      }
      setFlowCookie(reply, undefined);
      return reply.code(303).headers(NAVIGATION_HEADERS).header('location', location).send();

      async function callback(
        provider: string,
        secret: string | undefined,
        query: Record<string, string>,
      ): Promise<string> {
        try {
          oidc.client(provider);
        } catch {
          throw new OidcFailure('oidc_provider_unknown', 'provider_unknown');
        }
        const { flow, profile } = await oidc.finish(provider, secret, new URLSearchParams(query), {
          mode: 'callback',
        });
        try {
          if (flow.intent === 'link' && flow.userId !== null) {
            const owner = await services.users.findById(flow.userId);
            if (owner === undefined || !owner.isEnabled) {
              throw new OidcFailure('oidc_account_disabled', 'link_owner_disabled', flow.userId);
            }
            const { identity, created } = await oidc.link(provider, profile, owner.id);
            await oidc.flows.remove(flow.id);
            request.log.info(
              {
                event: 'oidc_identity_linked',
                provider,
                user_id: owner.id,
                identity_id: identity.id,
              },
              'provider identity linked',
            );
            if (created) services.accountMailer.notifyIdentityLinked(owner, oidc.labelOf(provider));
            return callbackLocation({ linked: provider }, flow.returnTo);
          }
          const { user, identity, resolution } = await oidc.resolve(provider, profile);
          if (resolution === 'auto_linked') {
            services.accountMailer.notifyIdentityLinked(user, oidc.labelOf(provider));
          }
          request.log.info(
            {
              event: 'oidc_callback',
              provider,
              user_id: user.id,
              identity_id: identity.id,
              resolution,
            },
            'provider sign-in verified',
          );
          const ticket = await oidc.issueTicket(flow, user.id);
          return callbackLocation({ ticket }, flow.returnTo);
        } catch (error) {
          await oidc.flows.remove(flow.id);
          throw error instanceof OidcFailure ? error.withReturnTo(flow.returnTo) : error;
        }
      }
    },
  );

  app.post<{ Body: OidcCompleteRequest }>(
    '/api/auth/oidc/complete',
    {
      schema: {
        tags,
        summary: 'Finish a sign-in by provider with the callback’s one-time ticket',
        description:
          'Answers like a password login: the token response (refresh cookie or body per transport), or 401 `mfa_required` for a user with a second factor. The ticket works once, for 60 seconds (else 400 `oidc_ticket_invalid`).',
        body: completeBodySchema,
        response: {
          200: tokenResponseRef(context.transport),
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          403: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      const userId = await oidc.flows.redeemTicket(request.body.ticket);
      const user = userId === undefined ? undefined : await services.users.findById(userId);
      if (user === undefined) {
        request.log.info(
          { event: 'oidc_login_failed', code: 'oidc_ticket_invalid', reason: 'ticket_unknown' },
          'sign-in by provider failed',
        );
        throw new TesseraError('oidc_ticket_invalid');
      }
      return await sendProviderSession(services, request, reply, user);
    },
  );
}
