/** JSON schemas of the sign-in-by-provider routes (issue #15). */

/** `:name`: a provider's name (an unknown one is a 404, not a validation error). */
export const providerParamsSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const urlText = { type: 'string', maxLength: 2048 } as const;

/**
 * `GET /api/auth/oidc/:name/start`: `mode` and `return_to`; Satellizer's authorization
 * parameters (`redirect_uri`, `client_id`, `response_type`, `state`, and `scope` / `display`,
 * which are ignored: the provider's configured scopes apply).
 */
export const startQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: ['redirect', 'popup'] },
    return_to: urlText,
    redirect_uri: urlText,
    client_id: { type: 'string', maxLength: 512 },
    response_type: { type: 'string', maxLength: 64 },
    state: { type: 'string', maxLength: 1024 },
    scope: { type: 'string', maxLength: 1024 },
    display: { type: 'string', maxLength: 64 },
  },
} as const;

/**
 * `GET /api/auth/oidc/:name/callback`: the authorization response (RFC 6749 §4.1.2, RFC 9207
 * `iss`), or its error. Other parameters are allowed and ignored: providers add their own
 * (Google's `scope`, `authuser`, `prompt`, `hd`; Keycloak's and Entra ID's `session_state`), and
 * RFC 6749 §4.1.2 says a client must ignore unrecognised response parameters.
 */
export const callbackQuerySchema = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 2048 },
  properties: {
    code: urlText,
    state: urlText,
    iss: urlText,
    error: { type: 'string', maxLength: 256 },
    error_description: urlText,
    error_uri: urlText,
    session_state: urlText,
    scope: urlText,
    authuser: { type: 'string', maxLength: 64 },
    prompt: { type: 'string', maxLength: 256 },
    hd: { type: 'string', maxLength: 256 },
  },
} as const;

/** A one-time ticket: 256 random bits, base64url. */
export const TICKET_PATTERN = '^[A-Za-z0-9_-]{43}$';

export const completeBodySchema = {
  type: 'object',
  required: ['ticket'],
  additionalProperties: false,
  properties: { ticket: { type: 'string', pattern: TICKET_PATTERN } },
} as const;

/** Satellizer's body: what its config lists is sent, so other members are allowed (ignored). */
export const satellizerBodySchema = {
  type: 'object',
  required: ['code', 'redirectUri'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 2048 },
    clientId: { type: 'string', maxLength: 512 },
    redirectUri: urlText,
    state: { type: 'string', maxLength: 1024 },
    iss: urlText,
  },
} as const;

export const linkBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    current_password: { type: 'string', minLength: 1 },
    mode: { type: 'string', enum: ['redirect', 'popup'] },
    return_to: urlText,
  },
} as const;

export const identityParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } },
} as const;

export const providersResponseSchema = {
  type: 'object',
  required: ['providers'],
  additionalProperties: false,
  properties: {
    providers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'label'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, label: { type: 'string' } },
      },
    },
  },
} as const;

export const identitiesResponseSchema = {
  type: 'object',
  required: ['identities'],
  additionalProperties: false,
  properties: {
    identities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'provider', 'label', 'email', 'created_at', 'last_used_at'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          provider: { type: 'string' },
          label: { type: 'string' },
          email: { type: ['string', 'null'] },
          created_at: { type: 'string' },
          last_used_at: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;
