import type { RefreshTransport } from '@tessera/protocol';
import {
  MFA_ENROLMENT_REQUIRED_PROPERTY,
  passwordSchema,
  protectedErrorResponses,
} from '../http/schemas.js';
import { MAX_REFRESH_TOKEN_LENGTH } from '../sessions/refresh-token.js';

/** The token response of `body` transport: `TokenResponse` plus the refresh token. */
export const bodyTokenResponseSchema = {
  $id: 'BodyTransportTokenResponse',
  type: 'object',
  required: [
    'token',
    'access_token',
    'token_type',
    'expires_in',
    'scope',
    'refresh_token',
    'refresh_expires_in',
  ],
  additionalProperties: false,
  properties: {
    token: { type: 'string', description: "The tutorial's field; equal to access_token." },
    access_token: { type: 'string' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
    scope: { type: 'string' },
    mfa_enrolment_required: MFA_ENROLMENT_REQUIRED_PROPERTY,
    refresh_token: { type: 'string', description: 'Opaque, single use: rotate it on refresh.' },
    refresh_expires_in: {
      type: 'integer',
      description: 'Seconds until the session reaches its absolute lifetime.',
    },
  },
} as const;

export const sessionSchema = {
  $id: 'Session',
  type: 'object',
  required: ['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'current'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    last_used_at: { type: 'string', format: 'date-time' },
    expires_at: { type: 'string', format: 'date-time' },
    user_agent: { type: ['string', 'null'] },
    current: { type: 'boolean' },
  },
} as const;

/** Schemas the session routes refer to by `$id`; added to the app before any route. */
export const SESSION_SCHEMAS = [bodyTokenResponseSchema, sessionSchema] as const;

/** The `$ref` of the token response in the configured transport. */
export function tokenResponseRef(transport: RefreshTransport): { $ref: string } {
  return { $ref: transport === 'body' ? 'BodyTransportTokenResponse#' : 'TokenResponse#' };
}

const refreshTokenSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_REFRESH_TOKEN_LENGTH,
} as const;

/** `POST /api/auth/refresh` body: `{}` with the cookie, `{"refresh_token"}` in body transport. */
export function refreshBodySchema(transport: RefreshTransport): object {
  return transport === 'body'
    ? {
        type: 'object',
        required: ['refresh_token'],
        additionalProperties: false,
        properties: { refresh_token: refreshTokenSchema },
      }
    : { type: 'object', additionalProperties: false, properties: {} };
}

/** `POST /api/auth/logout` body (optional): `{}`, or `{"refresh_token"}` in body transport. */
export function logoutBodySchema(transport: RefreshTransport): object {
  return transport === 'body'
    ? {
        type: 'object',
        additionalProperties: false,
        properties: { refresh_token: refreshTokenSchema },
      }
    : { type: 'object', additionalProperties: false, properties: {} };
}

export const changePasswordBodySchema = {
  type: 'object',
  required: ['current_password', 'new_password'],
  additionalProperties: false,
  properties: { current_password: passwordSchema, new_password: passwordSchema },
} as const;

export const sessionIdParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[0-9a-f-]+$' } },
} as const;

export const sessionsListSchema = {
  tags: ['sessions'],
  summary: "The current user's open sessions",
  security: [{ bearer: [] }],
  response: {
    200: {
      type: 'object',
      required: ['sessions'],
      additionalProperties: false,
      properties: { sessions: { type: 'array', items: { $ref: 'Session#' } } },
    },
    ...protectedErrorResponses,
  },
} as const;
