import { loadOrCreateKeyEncryptionKey, seal, unseal } from '../keys/key-encryption.js';

/**
 * Seals TOTP secrets at rest with the key-encryption key that seals the signing keys
 * (`TESSERA_KEY_ENCRYPTION_KEY`, else the data folder's `key-encryption-key`), AES-256-GCM
 * bound to the user id: a sealed secret copied to another user's row does not open. The key
 * is read (or created) on first use, so a deployment without MFA never needs one.
 */
export class TotpSecretBox {
  #kek: Promise<Buffer> | undefined;

  constructor(
    private readonly config: {
      readonly dataDir: string;
      readonly keyEncryptionKey?: string | undefined;
    },
  ) {}

  async seal(userId: number, secret: string): Promise<string> {
    return seal(await this.#key(), boundTo(userId), Buffer.from(secret, 'utf8'));
  }

  /** @throws `KeyDecryptionError` when the key-encryption key changed or the row was altered. */
  async open(userId: number, sealed: string): Promise<string> {
    return unseal(await this.#key(), boundTo(userId), sealed).toString('utf8');
  }

  #key(): Promise<Buffer> {
    this.#kek ??= loadOrCreateKeyEncryptionKey(this.config.dataDir, this.config.keyEncryptionKey);
    // A failed read is tried again at the next use rather than remembered.
    this.#kek.catch(() => {
      this.#kek = undefined;
    });
    return this.#kek;
  }
}

/** The name the ciphertext is bound to (the "kid" of the key-encryption format). */
const boundTo = (userId: number): string => `mfa-totp:${userId}`;
