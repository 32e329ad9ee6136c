import type { UserDto } from '@tessera/protocol';

// The account flags of a user (issue #14), read defensively: a server without them sends
// neither, and the app then shows nothing about them.

/** Whether the user's address was proven by a mailed link. */
export function isEmailVerified(user: UserDto): boolean {
  return Reflect.get(user, 'is_email_verified') === true;
}

/** Whether the user was invited and has not set a password yet. */
export function hasPendingInvitation(user: UserDto): boolean {
  return Reflect.get(user, 'pending_invitation') === true;
}
