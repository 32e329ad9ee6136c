import type { ErrorCode } from '@tessera/protocol';

/**
 * Why an access token was rejected. The list is closed: the HTTP layer maps only the
 * {@link TokenVerificationError.code}, and logs record the reason.
 *
 * - `too_large`: over the byte cap, rejected before any decoding (S19).
 * - `malformed`: not a canonical compact JWS, or a header that is not strict UTF-8 JSON (S02–S17).
 * - `header`: a header that is not a plain object, or names a parameter outside `{alg, typ, kid}` (H07–H21).
 * - `algorithm`: `alg` is not exactly `HS256` (H01–H05).
 * - `type`: `typ` is not `at+jwt` / `application/at+jwt` (H19).
 * - `signature`: the MAC or signature does not verify (K01–K06).
 * - `decryption`: an encrypted token whose IV or tag has the wrong size, or whose AES-GCM tag does
 *   not verify (E01–E08; `TESSERA_TOKEN_FORMAT=jwe`).
 * - `claims`: the payload is not a JSON object, or a claim is missing or of the wrong type (C01–C13).
 * - `not_yet_valid`, `issued_in_future`, `too_old`, `expired`: time rules (C02–C08).
 */
export type TokenFailureReason =
  | 'too_large'
  | 'malformed'
  | 'header'
  | 'algorithm'
  | 'type'
  | 'signature'
  | 'decryption'
  | 'claims'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'too_old'
  | 'expired';

/** The two registry codes a token failure maps to (see `ERROR_CODES` in `@tessera/protocol`). */
export type TokenErrorCode = Extract<ErrorCode, 'token_invalid' | 'token_expired'>;

const MESSAGES: Readonly<Record<TokenFailureReason, string>> = {
  too_large: 'Access token exceeds the size limit',
  malformed: 'Access token is not a canonical compact JWS or JWE',
  header: 'Access token header is not allowed',
  algorithm: 'Access token algorithm is not allowed',
  type: 'Access token type is not at+jwt',
  signature: 'Access token signature is invalid',
  decryption: 'Access token could not be decrypted',
  claims: 'Access token claim is invalid',
  not_yet_valid: 'Access token is not valid yet',
  issued_in_future: 'Access token was issued in the future',
  too_old: 'Access token lifetime exceeds the maximum age',
  expired: 'Access token has expired',
};

/**
 * A rejected access token. `code` is what the HTTP layer maps (`token_expired` only for
 * `reason: 'expired'`, which is reached only after the signature verified; every other reason is
 * `token_invalid`). `claim` names the offending claim when there is one.
 *
 * The message names the reason and the claim, and never contains any byte of the token. No
 * `cause` is attached either: V8's `JSON.parse` errors quote their input.
 *
 * @example
 * ```ts
 * try {
 *   service.verify(token);
 * } catch (error) {
 *   if (error instanceof TokenVerificationError) log.info({ reason: error.reason, claim: error.claim });
 * }
 * ```
 */
export class TokenVerificationError extends Error {
  override readonly name = 'TokenVerificationError';
  /** The registry code: `token_expired` for an expired token, else `token_invalid`. */
  readonly code: TokenErrorCode;
  /** The precise failure, for logs and tests. */
  readonly reason: TokenFailureReason;
  /** The claim at fault (`exp`, `sub`, …), when the failure concerns one; absent (not `undefined`) otherwise. */
  declare readonly claim?: string;

  constructor(reason: TokenFailureReason, claim?: string) {
    super(claim === undefined ? MESSAGES[reason] : `${MESSAGES[reason]} ("${claim}")`);
    this.code = reason === 'expired' ? 'token_expired' : 'token_invalid';
    this.reason = reason;
    if (claim !== undefined) this.claim = claim;
  }
}
