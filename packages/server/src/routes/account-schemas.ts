import type { RefreshTransport } from '@tessera/protocol';
import { MAX_ACCOUNT_TOKEN_LENGTH } from '../accounts/account-token.js';
import {
  emailSchema,
  NO_NUL_PATTERN,
  passwordSchema,
  protectedErrorResponses,
} from '../http/schemas.js';
import { tokenResponseRef } from './session-schemas.js';

const tokenSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_ACCOUNT_TOKEN_LENGTH,
  description: 'The token of the mailed link (its `#token=` fragment).',
} as const;

/** The 202 body of the routes that send mail. */
export const acceptedSchema = {
  type: 'object',
  required: ['message'],
  additionalProperties: false,
  properties: { message: { type: 'string' } },
} as const;

const publicErrors = {
  400: { $ref: 'Problem#' },
  413: { $ref: 'Problem#' },
  415: { $ref: 'Problem#' },
} as const;

const security = [{ bearer: [] }];

export const forgotPasswordSchema = {
  tags: ['auth'],
  summary: 'Ask for a password-reset link by mail',
  description:
    'Always 202 with the same body, whether or not an account uses the address (or is disabled); the mail, if any, leaves after the answer. Throttled per address and per client (429 for unknown addresses alike).',
  body: {
    type: 'object',
    required: ['email'],
    additionalProperties: false,
    properties: {
      email: { type: 'string', maxLength: emailSchema.maxLength, pattern: NO_NUL_PATTERN },
    },
  },
  response: { 202: acceptedSchema, ...publicErrors, 429: { $ref: 'Problem#' } },
} as const;

export function resetPasswordSchema(transport: RefreshTransport): object {
  return {
    tags: ['auth'],
    summary: 'Set a new password with a reset link; signs in and ends every other session',
    body: {
      type: 'object',
      required: ['token', 'new_password'],
      additionalProperties: false,
      properties: { token: tokenSchema, new_password: passwordSchema },
    },
    response: { 200: tokenResponseRef(transport), ...publicErrors, 503: { $ref: 'Problem#' } },
  };
}

export const verifyEmailSchema = {
  tags: ['auth'],
  summary: 'Verify an address with its mailed link (an email change takes effect now)',
  body: {
    type: 'object',
    required: ['token'],
    additionalProperties: false,
    properties: { token: tokenSchema },
  },
  response: { 200: { $ref: 'User#' }, ...publicErrors, 409: { $ref: 'Problem#' } },
} as const;

export const resendVerificationSchema = {
  tags: ['auth'],
  summary: 'Mail a new verification link to your own unverified address',
  security,
  response: {
    202: acceptedSchema,
    ...protectedErrorResponses,
    409: { $ref: 'Problem#' },
    429: { $ref: 'Problem#' },
  },
} as const;

export const changeEmailSchema = {
  tags: ['auth'],
  summary: 'Change your email address: a link to the new one, a notice to the old one',
  description:
    'The address changes only when the link mailed to the new address is used; until then the old one is used to log in and to reset the password.',
  security,
  body: {
    type: 'object',
    required: ['new_email', 'current_password'],
    additionalProperties: false,
    properties: { new_email: emailSchema, current_password: passwordSchema },
  },
  response: {
    202: acceptedSchema,
    ...protectedErrorResponses,
    409: { $ref: 'Problem#' },
    413: { $ref: 'Problem#' },
    415: { $ref: 'Problem#' },
    429: { $ref: 'Problem#' },
  },
} as const;

export function acceptInvitationSchema(transport: RefreshTransport): object {
  return {
    tags: ['auth'],
    summary: 'Accept an invitation: set your password and sign in',
    body: {
      type: 'object',
      required: ['token', 'password'],
      additionalProperties: false,
      properties: { token: tokenSchema, password: passwordSchema },
    },
    response: { 200: tokenResponseRef(transport), ...publicErrors, 503: { $ref: 'Problem#' } },
  };
}
