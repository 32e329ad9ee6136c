import type { UserDto } from '@tessera/protocol';
import type { UserSummary } from './user-record.js';

/** The API view of a user: never the password hash or the token version. */
export function toUserDto(user: UserSummary): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_enabled: user.isEnabled,
    is_email_verified: user.isEmailVerified,
    pending_invitation: user.pendingInvitation,
    role: user.role,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}
