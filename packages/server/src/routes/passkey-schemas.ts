/** JSON schemas of the passkey routes (WebAuthn, issue #14). */

import { passwordSchema } from '../http/schemas.js';

export const passkeySchema = {
  $id: 'Passkey',
  type: 'object',
  required: ['id', 'name', 'created_at', 'last_used_at', 'backed_up'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: 'Opaque id of the passkey (not its credential ID).' },
    name: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    last_used_at: { type: ['string', 'null'], format: 'date-time' },
    backed_up: {
      type: 'boolean',
      description: 'The authenticator said the passkey is backed up (synced).',
    },
  },
} as const;

/** Schemas the passkey routes refer to by `$id`; added to the app before any route. */
export const PASSKEY_SCHEMAS = [passkeySchema] as const;

/** A passkey's name: 1 to 64 characters, not only spaces, no control character. */
export const passkeyNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^(?!\\s*$)[^\\u0000-\\u001f\\u007f]+$',
} as const;

const base64url = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$' }) as const;

/** The JSON of a `PublicKeyCredential` (what `@simplewebauthn/browser` returns). */
function credentialSchema(kind: 'registration' | 'assertion'): object {
  const response =
    kind === 'registration'
      ? {
          type: 'object',
          required: ['clientDataJSON', 'attestationObject'],
          properties: {
            clientDataJSON: base64url(8192),
            attestationObject: base64url(49_152),
            transports: {
              type: 'array',
              maxItems: 16,
              items: { type: 'string', maxLength: 32 },
            },
          },
        }
      : {
          type: 'object',
          required: ['clientDataJSON', 'authenticatorData', 'signature'],
          properties: {
            clientDataJSON: base64url(8192),
            authenticatorData: base64url(8192),
            signature: base64url(2048),
            userHandle: { anyOf: [base64url(128), { type: 'null' }] },
          },
        };
  return {
    type: 'object',
    required: ['id', 'rawId', 'type', 'response'],
    properties: {
      id: base64url(1400),
      rawId: base64url(1400),
      type: { type: 'string', enum: ['public-key'] },
      response,
      clientExtensionResults: { type: 'object' },
      authenticatorAttachment: { type: ['string', 'null'], maxLength: 32 },
    },
  };
}

export const registrationCredentialSchema = credentialSchema('registration');
export const assertionCredentialSchema = credentialSchema('assertion');

/** `PublicKeyCredentialCreationOptionsJSON` / `…RequestOptionsJSON`, documented loosely. */
export const ceremonyOptionsSchema = {
  type: 'object',
  description:
    'WebAuthn options for `navigator.credentials` (through `@simplewebauthn/browser`), as JSON: `challenge` is base64url.',
  required: ['challenge'],
  additionalProperties: true,
  properties: { challenge: { type: 'string' }, timeout: { type: 'integer' } },
} as const;

/** An optional empty body (`{}` or none). */
/** `{}` or `{ current_password }`: a proof of presence for adding a way into the account. */
export const reauthenticationBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { current_password: passwordSchema },
} as const;

export const emptyBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const;
