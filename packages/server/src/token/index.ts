/**
 * Access tokens for `@tessera/server`: a strict `at+jwt` signer/verifier on `node:crypto`, HS256
 * with one secret or EdDSA / ES256 with a key set.
 *
 * @example
 * ```ts
 * import { TokenService, TokenVerificationError } from './token/index.js';
 * ```
 */
export { TokenService } from './token-service.js';
export type { IssueInput, IssuedAccessToken } from './token-service.js';
export type { TokenServiceOptions } from './options.js';
export { MAX_LEEWAY_SECONDS } from './options.js';
export type { TesseraAccessClaims } from './claims.js';
export { TokenVerificationError } from './errors.js';
export type { TokenErrorCode, TokenFailureReason } from './errors.js';
export { verifyCompactAsymmetric, verifyCompactHs256 } from './verify-compact.js';
export { KeySet } from './key-set.js';
export { KeyRing } from './key-ring.js';
export { EncryptionKeySet, encryptionKey, ENCRYPTION_KEY_BYTES } from './encryption-keys.js';
export type { EncryptionKey } from './encryption-keys.js';
export { signingKey, verificationKey } from './asymmetric-keys.js';
export type { AsymmetricAlgorithm, SigningKey, VerificationKey } from './asymmetric-keys.js';
export type { CompactJwsOptions } from './verify-compact.js';
export type { CompactJwsResult } from './compact-jws.js';
export type { JwsHeader, TypPolicy } from './jws-header.js';
export { MIN_HMAC_KEY_BYTES } from './hmac-key.js';
