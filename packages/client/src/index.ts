/**
 * `@tessera/client`: the framework-agnostic, fetch-based Tessera auth client.
 *
 * @example
 * ```ts
 * import { TesseraClient } from '@tessera/client';
 * const auth = new TesseraClient({ baseUrl: 'https://api.example.com' });
 * ```
 * @packageDocumentation
 */
export { TesseraClient } from './tessera-client.js';
export { TesseraHttpError } from './tessera-http-error.js';
export { TesseraNetworkError } from './tessera-network-error.js';
export { TesseraMfaRequiredError, type MfaMethod } from './mfa-required-error.js';
export { TesseraPopupClosedError } from './popup-closed-error.js';
export { oidcCallbackError } from './oidc-callback.js';
export type {
  LinkedIdentity,
  MfaCode,
  MfaStatus,
  OidcAuthenticateOptions,
  OidcCallbackResult,
  OidcLinkOptions,
  OidcMode,
  OidcProvider,
  Passkey,
  RecoveryCodes,
  TotpDisableProof,
  TotpEnrolment,
} from './account-types.js';
export { decodeTokenPayload } from './decode-token-payload.js';
export { isAllowedOrigin } from './origin-allowlist.js';
export type {
  AuthEvent,
  AuthListener,
  AuthState,
  BodyTransportTokenResponse,
  ChangePasswordRequest,
  RefreshOptions,
  RefreshTransport,
  RequestAuthorization,
  SessionDto,
  SessionsResponse,
  StorageType,
  TesseraClientOptions,
  TokenPayload,
} from './types.js';
