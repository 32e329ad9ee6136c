import { NO_NUL_PATTERN, passwordSchema, protectedErrorResponses } from '../http/schemas.js';
import { assertionCredentialSchema } from './passkey-schemas.js';

/** A typed code: TOTP (6 digits) or recovery code (`xxxx-xxxx-xxxx`, read generously). */
const codeSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: NO_NUL_PATTERN,
} as const;

const recoveryCodesSchema = {
  type: 'object',
  required: ['recovery_codes'],
  additionalProperties: false,
  properties: {
    recovery_codes: {
      type: 'array',
      description: 'Ten single-use codes, shown this once (only their hashes are kept).',
      items: { type: 'string' },
    },
  },
} as const;

const errors = {
  ...protectedErrorResponses,
  409: { $ref: 'Problem#' },
  413: { $ref: 'Problem#' },
  415: { $ref: 'Problem#' },
  429: { $ref: 'Problem#' },
  503: { $ref: 'Problem#' },
} as const;

const security = [{ bearer: [] }];

export const mfaStatusSchema = {
  tags: ['mfa'],
  summary: 'Your second factors',
  security,
  response: {
    200: {
      type: 'object',
      required: ['totp', 'recovery_codes_remaining', 'passkeys', 'required'],
      additionalProperties: false,
      properties: {
        totp: { type: 'boolean', description: 'A confirmed TOTP factor.' },
        recovery_codes_remaining: { type: 'integer' },
        passkeys: { type: 'integer' },
        required: {
          type: 'boolean',
          description: 'Your role requires a second factor (TESSERA_MFA_REQUIRED_ROLES).',
        },
      },
    },
    ...protectedErrorResponses,
  },
} as const;

const currentPasswordBody = {
  type: 'object',
  required: ['current_password'],
  additionalProperties: false,
  properties: { current_password: passwordSchema },
} as const;

export const startTotpSchema = {
  tags: ['mfa'],
  summary: 'Start a TOTP enrolment (pending until confirmed with a code)',
  description:
    'Needs the current password. Any earlier pending enrolment is replaced; 409 `mfa_already_enabled` when a confirmed factor exists.',
  security,
  body: currentPasswordBody,
  response: {
    200: {
      type: 'object',
      required: ['secret', 'otpauth_uri', 'qr_svg'],
      additionalProperties: false,
      properties: {
        secret: { type: 'string', description: 'Base32, to type into an authenticator app.' },
        otpauth_uri: { type: 'string' },
        qr_svg: { type: 'string', description: 'The otpauth URI as an SVG QR code.' },
      },
    },
    ...errors,
  },
} as const;

export const confirmTotpSchema = {
  tags: ['mfa'],
  summary: 'Confirm the pending TOTP factor with a code; returns 10 recovery codes (once)',
  security,
  body: {
    type: 'object',
    required: ['code'],
    additionalProperties: false,
    properties: { code: codeSchema },
  },
  response: { 200: recoveryCodesSchema, ...errors },
} as const;

export const disableTotpSchema = {
  tags: ['mfa'],
  summary: 'Turn TOTP off (and void the recovery codes)',
  description: 'Needs the current password, or a TOTP or recovery code (one of the two).',
  security,
  body: {
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: false,
    properties: { current_password: passwordSchema, code: codeSchema },
  },
  response: { 204: { type: 'null' }, ...errors },
} as const;

export const regenerateRecoveryCodesSchema = {
  tags: ['mfa'],
  summary: 'New recovery codes (every older one void)',
  security,
  body: currentPasswordBody,
  response: { 200: recoveryCodesSchema, ...errors },
} as const;

/** The methods `POST /api/auth/mfa/verify` accepts here (passkeys add theirs). */
export const CODE_METHODS = ['totp', 'recovery_code'] as const;

export const verifyMfaBodySchema = {
  type: 'object',
  required: ['mfa_token', 'method'],
  properties: { method: { type: 'string', enum: [...CODE_METHODS, 'webauthn'] } },
  // A code for `totp` / `recovery_code`, a passkey's assertion (`response`) for `webauthn`.
  oneOf: [
    {
      required: ['code'],
      additionalProperties: false,
      properties: {
        mfa_token: { type: 'string', maxLength: 512 },
        method: { type: 'string', enum: [...CODE_METHODS] },
        code: codeSchema,
      },
    },
    {
      required: ['response'],
      additionalProperties: false,
      properties: {
        mfa_token: { type: 'string', maxLength: 512 },
        method: { type: 'string', const: 'webauthn' },
        response: assertionCredentialSchema,
      },
    },
  ],
} as const;
