import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from '../auth/password-hasher.js';

/**
 * The password hash of an invited user before they choose one: the argon2id hash of 256 random
 * bits nobody keeps. No password matches it, and a login attempt costs the same work as for
 * any other account (no timing tells an invited account apart).
 */
export async function unusablePasswordHash(hasher: PasswordHasher): Promise<string> {
  return await hasher.hash(randomBytes(32).toString('base64url'));
}
