import { TesseraError } from '../errors/tessera-error.js';
import { isCommonPassword } from './common-passwords.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-hasher.js';

/**
 * Checks a new password (ASVS 6.2.1, 6.2.4, 6.2.9): 8 to 1024 characters (code points), any
 * content, nothing trimmed, not one of the 10 000 most common passwords. Throws
 * `password_too_long`, `validation_failed` or `password_too_common`.
 */
export function assertAcceptablePassword(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length > PASSWORD_MAX_LENGTH) {
    throw new TesseraError('password_too_long');
  }
  if (length < PASSWORD_MIN_LENGTH) {
    throw new TesseraError(
      'validation_failed',
      `${field} must be at least ${PASSWORD_MIN_LENGTH} characters`,
    );
  }
  if (isCommonPassword(password)) throw new TesseraError('password_too_common');
}

/** True when a password is too long to be worth hashing at login. */
export function isOverlongPassword(password: string): boolean {
  return password.length > PASSWORD_MAX_LENGTH * 2 || [...password].length > PASSWORD_MAX_LENGTH;
}
