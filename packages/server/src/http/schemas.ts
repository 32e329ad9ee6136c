import type { RoleName } from '../access/access-options.js';

/** JSON schemas shared by routes (responses are serialized through them). */
export const userSchema = {
  $id: 'User',
  type: 'object',
  required: [
    'id',
    'email',
    'name',
    'is_enabled',
    'is_email_verified',
    'pending_invitation',
    'role',
    'created_at',
    'updated_at',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    is_enabled: { type: 'boolean' },
    is_email_verified: {
      type: 'boolean',
      description: 'The address was proven by a link mailed to it.',
    },
    pending_invitation: {
      type: 'boolean',
      description: 'Created without a password; the invitation is not accepted yet.',
    },
    role: { $ref: 'Role#' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

/** The problem body, its `code` one of the registered codes (Tessera's and the app's). */
export function problemSchema(codes: readonly string[]): object {
  return {
    $id: 'Problem',
    type: 'object',
    description: 'RFC 9457 problem details with the stable `message` and `code` (docs/errors.md).',
    required: ['type', 'title', 'status', 'detail', 'message', 'code'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      message: { type: 'string' },
      code: { type: 'string', enum: [...codes] },
      request_id: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: { path: { type: 'string' }, message: { type: 'string' } },
        },
      },
      mfa_token: {
        type: 'string',
        description: '`mfa_required` only: the opaque, single-use token of the second step.',
      },
      methods: {
        type: 'array',
        description: '`mfa_required` only: the methods the second step accepts.',
        items: { type: 'string', enum: ['totp', 'recovery_code', 'webauthn'] },
      },
    },
  };
}

/** The token responses' flag of a session that lacks the second factor its role requires. */
export const MFA_ENROLMENT_REQUIRED_PROPERTY = {
  type: 'boolean',
  description:
    'Present (true) when the role requires a second factor this session lacks: only the profile, MFA enrolment and logout answer until the user enrols one and logs in with it.',
} as const;

export const tokenResponseSchema = {
  $id: 'TokenResponse',
  type: 'object',
  required: ['token', 'access_token', 'token_type', 'expires_in', 'scope'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', description: "The tutorial's field; equal to access_token." },
    access_token: { type: 'string' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
    scope: { type: 'string' },
    mfa_enrolment_required: MFA_ENROLMENT_REQUIRED_PROPERTY,
  },
} as const;

/** Emails: printable ASCII only, so no Unicode look-alike can duplicate an account (P13). */
export const emailSchema = {
  type: 'string',
  minLength: 3,
  maxLength: 254,
  pattern: '^[!-~]+@[!-~]+$',
} as const;

/** Passwords are length-checked in the handler (`password_too_long` without hashing). */
export const passwordSchema = { type: 'string', minLength: 1 } as const;

/**
 * Free text that reaches the database (names, the login email, the search term) must not hold
 * U+0000: PostgreSQL cannot store or compare it and would fail the query (a 500, G1).
 */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

export const nameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: NO_NUL_PATTERN,
} as const;

/** A path id: a positive decimal integer without sign, leading zero or exponent (U05). */
export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } },
} as const;

/** The 4xx responses every protected route may give, for the OpenAPI document. */
export const protectedErrorResponses = {
  400: { $ref: 'Problem#' },
  401: { $ref: 'Problem#' },
  403: { $ref: 'Problem#' },
} as const;

/** The roles a user may have: Tessera's and the application's. */
export function roleSchema(roles: readonly RoleName[]): object {
  return { $id: 'Role', type: 'string', enum: [...roles] };
}

/**
 * The schemas every route may `$ref` (`User#`, `Role#`, `Problem#`, `TokenResponse#`), for the
 * roles and error codes registered when the app is built.
 */
export function sharedSchemas(roles: readonly RoleName[], codes: readonly string[]): object[] {
  return [userSchema, roleSchema(roles), problemSchema(codes), tokenResponseSchema];
}
