export { buildApp, BODY_LIMIT } from './app.js';
export type { BuildAppOptions } from './app.js';
export { ARGON2_PARAMETERS, PasswordHasher } from './auth/password-hasher.js';
export { assertAcceptablePassword } from './auth/password-policy.js';
export * from './config/index.js';
export { migrateToLatest, openDatabase } from './db/index.js';
export type { Database } from './db/index.js';
export { TesseraError } from './errors/tessera-error.js';
export { currentAuth, readBearerCredentials, REALM } from './guard/index.js';
export type { AuthContext } from './guard/index.js';
export type { TesseraServices } from './services.js';
export type { SessionEndReason, SessionRecord } from './sessions/session-record.js';
export type { IssuedSession, RefreshOutcome, Sessions } from './sessions/sessions.js';
export { TokenService, TokenVerificationError } from './token/index.js';
export { createUserStore, UserStoreError } from './users/user-store.js';
export type {
  NewUser,
  UpdateOptions,
  UserPatch,
  UserRecord,
  UserStore,
} from './users/user-store.js';
export { toUserDto } from './users/user-dto.js';
