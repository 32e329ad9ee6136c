import type { UserDto } from '@tessera/protocol';

/** What the users table says of an account: invited, address not verified yet, or active. */
export function accountStatus(user: UserDto): string {
  if (user.pending_invitation) return 'Invitation pending';
  return user.is_email_verified ? 'Active' : 'Email not verified';
}
