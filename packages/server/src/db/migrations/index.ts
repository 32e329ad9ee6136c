import type { TesseraMigration } from './migration.js';
import { usersMigration } from './0001-users.js';
import { sessionsMigration } from './0002-sessions.js';
import { openRolesMigration } from './0003-open-roles.js';
import { signingKeysMigration } from './0004-signing-keys.js';
import { encryptionKeysMigration } from './0005-encryption-keys.js';
import { sessionAmrMigration } from './0006-session-amr.js';
import { accountTokensMigration } from './0007-account-tokens.js';
import { mfaMigration } from './0008-mfa.js';
import { passkeysMigration } from './0009-passkeys.js';
import { oidcMigration } from './0010-oidc.js';
import { sessionPruneIndexMigration } from './0011-session-prune-index.js';

export type { TesseraMigration } from './migration.js';

/**
 * Every migration, by name, in the order they apply. Listed in code (no folder scan) so the
 * same list works from `src` and from `dist`. Never rename or edit a released entry: add one.
 *
 * @example
 * ```ts
 * Object.keys(MIGRATIONS); // ['0001-users', '0002-sessions', '0003-open-roles']
 * ```
 */
export const MIGRATIONS: Readonly<Record<string, TesseraMigration>> = {
  '0001-users': usersMigration,
  '0002-sessions': sessionsMigration,
  '0003-open-roles': openRolesMigration,
  '0004-signing-keys': signingKeysMigration,
  '0005-encryption-keys': encryptionKeysMigration,
  '0006-session-amr': sessionAmrMigration,
  '0007-account-tokens': accountTokensMigration,
  '0008-mfa': mfaMigration,
  '0009-passkeys': passkeysMigration,
  '0010-oidc': oidcMigration,
  '0011-session-prune-index': sessionPruneIndexMigration,
};
