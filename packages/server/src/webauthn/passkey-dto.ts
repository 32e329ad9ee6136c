import type { PasskeyDto } from '@tessera/protocol';
import type { PasskeyRecord } from './passkey-store.js';

/** The API's view of a passkey: never its credential ID, key or counter. */
export function toPasskeyDto(passkey: PasskeyRecord): PasskeyDto {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: passkey.createdAt,
    last_used_at: passkey.lastUsedAt,
    backed_up: passkey.backedUp,
  };
}
