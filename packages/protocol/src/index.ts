export { ERROR_CODES, ERROR_CODE_LIST, isErrorCode } from './error-codes.js';
export type { ErrorCode, ErrorSpec } from './error-codes.js';
export { PROBLEM_CONTENT_TYPE, problemType } from './problem.js';
export type { ProblemDetails } from './problem.js';
export {
  CSRF_HEADER,
  REFRESH_COOKIE_NAME,
  REFRESH_COOKIE_PATH,
  ROLES,
  ROLE_SCOPES,
  SECURE_REFRESH_COOKIE_NAME,
} from './wire.js';
export type {
  AccessTokenClaims,
  BodyTransportTokenResponse,
  ChangePasswordRequest,
  MfaMethod,
  MfaRequiredMembers,
  MfaStatus,
  MfaVerifyRequest,
  RecoveryCodes,
  RefreshRequest,
  RefreshTransport,
  Role,
  Scope,
  SessionDto,
  SessionsResponse,
  TokenResponse,
  TotpEnrolment,
  UserDto,
  UsersPage,
} from './wire.js';
export type {
  AcceptedResponse,
  AcceptInvitationRequest,
  ChangeEmailRequest,
  ForgotPasswordRequest,
  ResetPasswordRequest,
  VerifyEmailRequest,
} from './account-requests.js';
export type {
  PasskeyDto,
  PasskeyLoginOptions,
  PasskeyLoginRequest,
  RegisterPasskeyRequest,
  RenamePasskeyRequest,
  WebAuthnCredentialJson,
} from './passkeys.js';
export type {
  LinkedIdentitiesResponse,
  LinkedIdentity,
  OidcCallbackResult,
  OidcCompleteRequest,
  OidcLinkRequest,
  OidcLinkResponse,
  OidcMode,
  OidcProvider,
  OidcProvidersResponse,
  SatellizerCodeRequest,
} from './oidc.js';
