import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { readOrCreateKeptSecret } from '../config/kept-secret-file.js';

/** File in the data folder that keeps the generated key-encryption key (mode 0600). */
export const KEY_ENCRYPTION_KEY_FILE = 'key-encryption-key';

const KEK_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 'v1';

/**
 * Reads a key-encryption key: 32 random bytes, base64url (`tessera secret generate` prints one).
 *
 * @throws {@link ConfigError} naming `source` for anything else (the value is never echoed).
 */
export function parseKeyEncryptionKey(value: string, source: string): Buffer {
  const bytes = Buffer.from(value.trim(), 'base64url');
  if (bytes.length !== KEK_BYTES || bytes.toString('base64url') !== value.trim()) {
    throw new ConfigError(`${source} must be 32 random bytes in base64url (43 characters)`, source);
  }
  if (new Set(bytes).size < 16) {
    throw new ConfigError(`${source} has too little entropy; generate a random one`, source);
  }
  return bytes;
}

/**
 * The key that encrypts signing keys at rest: `TESSERA_KEY_ENCRYPTION_KEY` when set, else
 * `<dataDir>/key-encryption-key`, created with 32 CSPRNG bytes (mode 0600) on first use.
 */
export async function loadOrCreateKeyEncryptionKey(
  dataDir: string,
  configured: string | undefined,
): Promise<Buffer> {
  if (configured !== undefined)
    return parseKeyEncryptionKey(configured, 'TESSERA_KEY_ENCRYPTION_KEY');
  const path = join(dataDir, KEY_ENCRYPTION_KEY_FILE);
  const generate = () => randomBytes(KEK_BYTES).toString('base64url');
  return parseKeyEncryptionKey(await readOrCreateKeptSecret(path, generate), path);
}

/** The key id bound into the ciphertext: a sealed key cannot be moved to another row. */
const aad = (kid: string): Buffer => Buffer.from(`tessera-signing-key:${kid}`, 'utf8');

/** AES-256-GCM of `plaintext` under `kek`, bound to `kid`: `v1.<iv>.<ciphertext>.<tag>`. */
export function seal(kek: Buffer, kid: string, plaintext: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(aad(kid));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [FORMAT, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Thrown when a sealed key does not open: another key-encryption key, or a changed row. */
export class KeyDecryptionError extends Error {
  constructor(kid: string) {
    super(
      `signing key ${kid} cannot be decrypted: TESSERA_KEY_ENCRYPTION_KEY (or the data folder's key-encryption-key) is not the one it was encrypted with`,
    );
    this.name = 'KeyDecryptionError';
  }
}

/** Opens what {@link seal} made for `kid`. @throws {@link KeyDecryptionError} */
export function unseal(kek: Buffer, kid: string, sealed: string): Buffer {
  const [format, iv, ciphertext, tag] = sealed.split('.');
  if (format !== FORMAT || iv === undefined || ciphertext === undefined || tag === undefined) {
    throw new KeyDecryptionError(kid);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'))
      .setAAD(aad(kid))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch {
    throw new KeyDecryptionError(kid);
  }
}
