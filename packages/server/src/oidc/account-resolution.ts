import type { PasswordHasher } from '../auth/password-hasher.js';
import { unusablePasswordHash } from '../accounts/unusable-password.js';
import type { OidcProviderConfig } from '../config/oidc-config.js';
import { isoAt } from '../sessions/session-record.js';
import type { UserRecord, UserStore } from '../users/user-store.js';
import { UserStoreError } from '../users/user-store-error.js';
import type { IdentityRecord, IdentityStore } from './identity-store.js';
import { OidcFailure } from './oidc-failure.js';
import type { ProviderProfile } from './provider-client.js';

/** What account resolution works with. */
export interface AccountResolutionDeps {
  readonly users: Pick<UserStore, 'findById' | 'findByEmail' | 'create'>;
  readonly identities: IdentityStore;
  readonly hasher: PasswordHasher;
  readonly clock: () => number;
  /** `TESSERA_OIDC_SIGNUP`. */
  readonly signup: boolean;
}

/** How the user was found: their linked identity, an automatic link, or a new account. */
export type Resolution = 'identity' | 'auto_linked' | 'signed_up';

/** Longest user name kept from a provider. */
const MAX_NAME = 200;

function nameFor(profile: ProviderProfile, email: string): string {
  // eslint-disable-next-line no-control-regex -- a provider's name may hold anything
  const clean = (profile.name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean === '' ? (email.split('@')[0] ?? email) : clean).slice(0, MAX_NAME);
}

/**
 * Who a provider's sign-in is (login intent), in this order:
 * 1. the identity (issuer, subject) is linked → its user (disabled → `oidc_account_disabled`);
 * 2. a user has the provider's address → linked automatically only when the provider says
 *    `email_verified` and the user verified theirs (O08, O09), else `oidc_account_not_linked`;
 * 3. nobody → a new user (role `user`, no usable password) when sign-up by provider is on and
 *    the address is verified (`oidc_email_unverified` otherwise), else `oidc_signup_disabled`
 *    (O10).
 */
export async function resolveAccount(
  deps: AccountResolutionDeps,
  provider: OidcProviderConfig,
  profile: ProviderProfile,
): Promise<{ user: UserRecord; identity: IdentityRecord; resolution: Resolution }> {
  const at = isoAt(deps.clock());
  const known = await deps.identities.find(profile.issuer, profile.subject);
  if (known !== undefined) {
    const user = await deps.users.findById(known.userId);
    if (user === undefined)
      throw new OidcFailure('oidc_account_not_linked', 'identity_without_user');
    if (!user.isEnabled) throw new OidcFailure('oidc_account_disabled', 'disabled', user.id);
    await deps.identities.recordUse(known.id, profile.email, at);
    return { user, identity: known, resolution: 'identity' };
  }
  const newIdentity = (userId: number) => ({
    userId,
    provider: provider.name,
    issuer: profile.issuer,
    subject: profile.subject,
    email: profile.email,
  });
  const existing = profile.email === null ? undefined : await deps.users.findByEmail(profile.email);
  if (existing !== undefined) {
    if (!existing.isEnabled)
      throw new OidcFailure('oidc_account_disabled', 'disabled', existing.id);
    if (!profile.emailVerified || !existing.isEmailVerified) {
      const reason = profile.emailVerified ? 'local_email_unverified' : 'provider_email_unverified';
      throw new OidcFailure('oidc_account_not_linked', reason, existing.id);
    }
    const { identity } = await deps.identities.link(newIdentity(existing.id), at);
    if (identity.userId !== existing.id) {
      throw new OidcFailure('oidc_identity_taken', 'linked_concurrently', existing.id);
    }
    return { user: existing, identity, resolution: 'auto_linked' };
  }
  if (!deps.signup) throw new OidcFailure('oidc_signup_disabled', 'signup_disabled');
  if (profile.email === null || !profile.emailVerified) {
    throw new OidcFailure('oidc_email_unverified', 'signup_email_unverified');
  }
  let user: UserRecord;
  try {
    user = await deps.users.create({
      email: profile.email,
      name: nameFor(profile, profile.email),
      passwordHash: await unusablePasswordHash(deps.hasher),
      role: 'user',
      isEnabled: true,
      isEmailVerified: true,
      hasPassword: false,
    });
  } catch (error) {
    if (error instanceof UserStoreError && error.code === 'email_taken') {
      throw new OidcFailure('oidc_account_not_linked', 'signup_email_taken');
    }
    throw error;
  }
  const { identity } = await deps.identities.link(newIdentity(user.id), at);
  return { user, identity, resolution: 'signed_up' };
}

/**
 * Links a provider's identity to `userId` (link intent): refused with `oidc_identity_taken`
 * when it belongs to another user (O18); linking it again to the same user is fine.
 */
export async function linkIdentity(
  deps: Pick<AccountResolutionDeps, 'identities' | 'clock'>,
  provider: OidcProviderConfig,
  profile: ProviderProfile,
  userId: number,
): Promise<{ identity: IdentityRecord; created: boolean }> {
  const at = isoAt(deps.clock());
  const { identity, created } = await deps.identities.link(
    {
      userId,
      provider: provider.name,
      issuer: profile.issuer,
      subject: profile.subject,
      email: profile.email,
    },
    at,
  );
  if (identity.userId !== userId) {
    throw new OidcFailure('oidc_identity_taken', 'identity_of_another_user', userId);
  }
  if (!created) await deps.identities.recordUse(identity.id, profile.email, at);
  return { identity, created };
}
