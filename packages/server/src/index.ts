/**
 * `@tessera/server`: JWT authentication for Fastify 5 — the `tessera` plugin for your own app,
 * and `buildApp`, the complete Tessera server built on it.
 *
 * @packageDocumentation
 */
export { tessera } from './plugin/tessera-plugin.js';
export { AccountTokens } from './accounts/account-tokens.js';
export type { AccountTokenGrant, AccountTokenPurpose } from './accounts/account-tokens.js';
export { AccountMailer } from './accounts/account-mailer.js';
export { MailService } from './mail/mail-service.js';
export type { MailContext } from './mail/mail-service.js';
export type { Mailer, MailMessage } from './mail/mailer.js';
export { accountLink, linkBase } from './mail/links.js';
export type { LinkPage } from './mail/links.js';
export type { AuthFailureLimitSettings, TesseraPluginOptions } from './plugin/plugin-options.js';
export { buildApp, BODY_LIMIT } from './app.js';
export type { BuildAppOptions } from './app.js';
export { AccessPolicy } from './access/access-policy.js';
export type {
  AccessOptions,
  RoleName,
  RouteScope,
  TesseraScopes,
} from './access/access-options.js';
export { PasswordCheck } from './auth/password-check.js';
export { ARGON2_PARAMETERS, PasswordHasher } from './auth/password-hasher.js';
export { assertAcceptablePassword } from './auth/password-policy.js';
export * from './config/index.js';
export { isForeignKeyViolation, migrateToLatest, openDatabase } from './db/index.js';
export type {
  Database,
  DatabaseEngine,
  MigrateOptions,
  MigrationReport,
  TesseraMigration,
} from './db/index.js';
export {
  defineErrorCodes,
  errorSpecOf,
  notFoundPlugin,
  problemErrorHandler,
  registeredErrorCodes,
  renderErrorTable,
  sendProblem,
  TesseraError,
} from './errors/index.js';
export type { AnyErrorCode, TesseraErrorCodes } from './errors/index.js';
export { currentAuth, currentUser, readBearerCredentials, REALM } from './guard/index.js';
export type { AuthContext } from './guard/index.js';
export { loggerOptions } from './http/logger.js';
export { tesseraOpenApiOptions, TESSERA_SECURITY_SCHEMES } from './http/openapi.js';
export type { TesseraApi, TesseraServices } from './services.js';
export { OidcService } from './oidc/oidc-service.js';
export type { OidcServiceDeps, StartOptions } from './oidc/oidc-service.js';
export { IdentityStore } from './oidc/identity-store.js';
export type { IdentityRecord, NewIdentity } from './oidc/identity-store.js';
export { FlowStore, FLOW_TTL_SECONDS, TICKET_TTL_SECONDS } from './oidc/flow-store.js';
export type { FlowRecord, NewFlow } from './oidc/flow-store.js';
export { ProviderClient, PROVIDER_RETRY_AFTER_SECONDS } from './oidc/provider-client.js';
export type { ProviderProfile } from './oidc/provider-client.js';
export { OidcFailure } from './oidc/oidc-failure.js';
export type { OidcFailureCode } from './oidc/oidc-failure.js';
export type { Resolution } from './oidc/account-resolution.js';
export { FLOW_COOKIE_NAME } from './oidc/flow-cookie.js';
export { safeReturnTo } from './oidc/return-to.js';
export type {
  AuthenticationMethod,
  SessionEndReason,
  SessionRecord,
} from './sessions/session-record.js';
export type { IssuedSession, RefreshOutcome, Sessions } from './sessions/sessions.js';
export { KeyDecryptionError, loadOrCreateKeyEncryptionKey } from './keys/key-encryption.js';
export { KeyStoreError, TokenKeyStore } from './keys/key-store.js';
export { resolveSigningAlg } from './keys/signing-alg.js';
export { keyStoreUses, openTokenKeyStore } from './keys/create-token-service.js';
export type { KeyStoreUses } from './keys/create-token-service.js';
export { KEY_USE_FLUSH_SECONDS } from './keys/key-usage.js';
export type {
  KeyRecord,
  KeyState,
  KeyUse,
  LoadedEncryptionKeys,
  LoadedKeys,
} from './keys/key-store.js';
export { JWKS_MAX_AGE_SECONDS } from './routes/jwks-routes.js';
export {
  EncryptionKeySet,
  encryptionKey,
  KeySet,
  signingKey,
  TokenService,
  TokenVerificationError,
  verificationKey,
} from './token/index.js';
export type {
  AsymmetricAlgorithm,
  EncryptionKey,
  SigningKey,
  TokenServiceOptions,
  VerificationKey,
} from './token/index.js';
export { openRevocationPublisher } from './redis/revocation-publisher.js';
export type { RevocationPublisher } from './redis/revocation-publisher.js';
export type { Revocation } from './redis/revocation-bus.js';
export type { RedisLink } from './redis/redis-link.js';
export { createUserStore, UserStoreError } from './users/user-store.js';
export type {
  NewUser,
  UpdateOptions,
  UserPatch,
  UserRecord,
  UserStore,
  UserSummary,
} from './users/user-store.js';
export { toUserDto } from './users/user-dto.js';
