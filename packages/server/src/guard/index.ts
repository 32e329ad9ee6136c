export { currentAuth, currentUser, isPublicRoute } from './auth-context.js';
export type { AuthContext } from './auth-context.js';
export { readBearerCredentials } from './bearer-credentials.js';
export type { BearerCredentials } from './bearer-credentials.js';
export { REALM } from './challenge.js';
export { guardPlugin } from './guard-plugin.js';
export type { GuardOptions } from './guard-plugin.js';
export { DEFAULT_VERIFIED_TOKENS, VerifiedTokens } from './verified-tokens.js';
