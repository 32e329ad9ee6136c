/** Why a passkey answer was refused (logged; the caller only sees one generic answer). */
export type RejectionReason =
  | 'malformed'
  | 'challenge_invalid'
  | 'unknown_credential'
  | 'other_user'
  | 'user_handle_mismatch'
  | 'origin_mismatch'
  | 'rp_id_mismatch'
  | 'user_presence_missing'
  | 'user_verification_missing'
  | 'counter_regression'
  | 'bad_signature'
  | 'concurrent_use'
  | 'disabled'
  | 'verification_failed';

/** A refused passkey answer, with its reason for the log. */
export class PasskeyRejection extends Error {
  override readonly name = 'PasskeyRejection';

  constructor(
    readonly reason: RejectionReason,
    readonly userId?: number,
  ) {
    super(`passkey refused: ${reason}`);
  }
}

/**
 * The reason behind an error of `verifyAuthenticationResponse`, from its message (which itself
 * is never logged: it quotes the challenge and the origin the browser sent).
 */
export function reasonOfVerifyError(error: unknown): RejectionReason {
  const message = error instanceof Error ? error.message : '';
  if (/counter/i.test(message)) return 'counter_regression';
  if (/origin/i.test(message)) return 'origin_mismatch';
  if (/RP ID/i.test(message)) return 'rp_id_mismatch';
  if (/user verification/i.test(message)) return 'user_verification_missing';
  if (/not present/i.test(message)) return 'user_presence_missing';
  return 'verification_failed';
}
