import type { UserDto } from '@tessera/protocol';
import type { UserRecord } from './user-record.js';

/** The API view of a user: never the password hash or the token version. */
export function toUserDto(user: UserRecord): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_enabled: user.isEnabled,
    role: user.role,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}
