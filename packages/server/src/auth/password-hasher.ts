import { randomUUID } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { BoundedQueue } from './bounded-queue.js';

/**
 * argon2id parameters, pinned (OWASP Password Storage Cheat Sheet; SECURITY.md D9): m=19456 KiB,
 * t=2, p=1. Changing them makes {@link PasswordHasher.needsRehash} true for older hashes.
 */
export const ARGON2_PARAMETERS = {
  algorithm: 2 as Algorithm.Argon2id, // a const enum upstream: 2 is Argon2id
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

const PHC_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=${ARGON2_PARAMETERS.parallelism}$`;

/** Shortest and longest password accepted (characters); longer ones are never hashed. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * Passwords are compared exactly as typed except for Unicode NFC normalisation, applied the same
 * way when hashing and verifying (SECURITY.md §1.F item 37): no trimming, no case folding.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * Hashes and verifies passwords with argon2id on libuv's thread pool (never on the event loop),
 * through a {@link BoundedQueue} so memory use stays bounded under a login flood.
 */
export class PasswordHasher {
  readonly #queue: BoundedQueue;
  #dummyHash: Promise<string> | undefined;

  constructor(options: { concurrency: number; queueLimit: number }) {
    this.#queue = new BoundedQueue(options.concurrency, options.queueLimit);
  }

  hash(password: string): Promise<string> {
    return this.#queue.run(() => hash(normalizePassword(password), ARGON2_PARAMETERS));
  }

  /** True when `password` matches `passwordHash`; false for any mismatch or unreadable hash. */
  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.#queue.run(() =>
      verify(passwordHash, normalizePassword(password)).catch(() => false),
    );
  }

  /**
   * Spends the same work as {@link verify} against a hash of a random value, so an unknown
   * email or a disabled account costs as much time as a wrong password (SECURITY.md P05).
   */
  async verifyDummy(password: string): Promise<false> {
    this.#dummyHash ??= this.hash(randomUUID());
    await this.verify(await this.#dummyHash, password);
    return false;
  }

  /** Computes the dummy hash ahead of the first failed login (called at start). */
  async warmUp(): Promise<void> {
    this.#dummyHash ??= this.hash(randomUUID());
    await this.#dummyHash;
  }

  /** True when a stored hash was made with other parameters and should be replaced at login. */
  needsRehash(passwordHash: string): boolean {
    return !passwordHash.startsWith(PHC_PREFIX);
  }
}
