import type { UserDto } from '@tessera/protocol';

// The account flags of a user (issue #14), read defensively: a server without them sends
// neither, and the app then shows nothing about them.

/** Whether the user's address was proven by a mailed link (`true` when the server does not say). */
export function isEmailVerified(user: UserDto): boolean {
  return Reflect.get(user, 'is_email_verified') !== false;
}

/** What the users table says of an account: invited, unverified, or nothing to report. */
export function accountStatus(user: UserDto): string {
  if (hasPendingInvitation(user)) return 'Invitation pending';
  return isEmailVerified(user) ? 'Active' : 'Email not verified';
}

/** Whether the user was invited and has not set a password yet. */
export function hasPendingInvitation(user: UserDto): boolean {
  return Reflect.get(user, 'pending_invitation') === true;
}
