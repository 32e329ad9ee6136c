import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { encodeBase64url, isCanonicalBase64url } from './base64url.js';
import type { EncryptionKey, EncryptionKeySet } from './encryption-keys.js';
import { TokenVerificationError } from './errors.js';
import { parseJsonObject } from './json-object.js';

/**
 * Compact JWE for nested access tokens (RFC 7516 §7.1, RFC 7519 §5.2): key management `dir`, content
 * encryption `A256GCM`, the signed token as plaintext. Five segments; the encrypted key is empty
 * (`dir`), the IV 96 bits, the tag 128 bits.
 */
const COMPACT_DIR_JWE = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** 12 bytes are 16 base64url characters; 16 bytes are 22. */
const IV_LENGTH = 16;
const TAG_LENGTH = 22;

/** The header members Tessera writes, and the only ones it reads: no `zip`, `crit`, `jku`, `jwk`, `epk`… */
const HEADER_MEMBERS: ReadonlySet<string> = new Set(['alg', 'enc', 'kid', 'cty']);

/** `b64u({"alg":"dir","enc":"A256GCM","kid":…,"cty":"JWT"})`: the protected header of `key`'s tokens. */
function protectedHeaderOf(key: EncryptionKey): string {
  return encodeBase64url(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: key.kid, cty: 'JWT' }));
}

const headerCache = new WeakMap<EncryptionKey, string>();

function issuedHeaderOf(key: EncryptionKey): string {
  let segment = headerCache.get(key);
  if (segment === undefined) {
    segment = protectedHeaderOf(key);
    headerCache.set(key, segment);
  }
  return segment;
}

/**
 * Encrypts `plaintext` (a compact JWS, ASCII) for `key`: a fresh random 96-bit IV per token, the
 * protected header as additional authenticated data. Random IVs keep the collision chance below
 * 2⁻³² for up to 2³² tokens per key; rotating keys keeps every key far below that.
 */
export function encryptCompactJwe(key: EncryptionKey, plaintext: string): string {
  const header = issuedHeaderOf(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(header, 'latin1'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'latin1'), cipher.final()]);
  return `${header}..${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher
    .getAuthTag()
    .toString('base64url')}`;
}

/**
 * The content layer of `A256GCM` (RFC 7516 §5.2 steps 14–16): AES-256-GCM with the ASCII bytes of
 * the protected header segment as AAD. Returns `undefined` unless the 16-byte tag verifies; never
 * throws for token data.
 */
export function openA256Gcm(
  cek: EncryptionKey['key'],
  protectedSegment: string,
  {
    iv,
    ciphertext,
    tag,
  }: { readonly iv: Buffer; readonly ciphertext: Buffer; readonly tag: Buffer },
): Buffer | undefined {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(protectedSegment, 'latin1'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function readJweHeader(segment: string, keys: EncryptionKeySet): EncryptionKey {
  const header = parseJsonObject(Buffer.from(segment, 'base64url'));
  if (header === undefined) throw new TokenVerificationError('malformed');
  for (const name of Object.keys(header)) {
    if (!HEADER_MEMBERS.has(name)) throw new TokenVerificationError('header');
  }
  if (header['alg'] !== 'dir' || header['enc'] !== 'A256GCM') {
    throw new TokenVerificationError('algorithm');
  }
  if (header['cty'] !== 'JWT') throw new TokenVerificationError('type');
  const kid = header['kid'];
  const key = typeof kid === 'string' ? keys.find(kid) : undefined;
  if (key === undefined) throw new TokenVerificationError('header');
  return key;
}

/**
 * Opens a compact JWE made by {@link encryptCompactJwe} and returns its plaintext (the nested
 * JWS, still to be verified) and the kid that opened it, in this order:
 * 1. five segments with an empty encrypted key, each canonical base64url → `malformed`;
 * 2. header: strict JSON object of `alg`, `enc`, `kid`, `cty` only → `malformed`, `header`;
 *    `dir` + `A256GCM` → `algorithm`; `cty: "JWT"` → `type`; a `kid` of `keys` → `header`;
 * 3. a 96-bit IV, a 128-bit tag, and AES-256-GCM with the header as AAD → `decryption`.
 *
 * The caller checks the byte cap first. Nothing of the plaintext is used before the tag verifies.
 *
 * @throws {@link TokenVerificationError}
 */
export function decryptCompactJwe(
  token: string,
  keys: EncryptionKeySet,
): { readonly kid: string; readonly plaintext: string } {
  if (!COMPACT_DIR_JWE.test(token)) throw new TokenVerificationError('malformed');
  const [headerSegment, , ivSegment, ciphertextSegment, tagSegment] = token.split('.') as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (
    !isCanonicalBase64url(headerSegment) ||
    !isCanonicalBase64url(ivSegment) ||
    !isCanonicalBase64url(ciphertextSegment) ||
    !isCanonicalBase64url(tagSegment)
  ) {
    throw new TokenVerificationError('malformed');
  }
  const key = readJweHeader(headerSegment, keys);
  if (ivSegment.length !== IV_LENGTH || tagSegment.length !== TAG_LENGTH) {
    throw new TokenVerificationError('decryption');
  }
  const plaintext = openA256Gcm(key.key, headerSegment, {
    iv: Buffer.from(ivSegment, 'base64url'),
    ciphertext: Buffer.from(ciphertextSegment, 'base64url'),
    tag: Buffer.from(tagSegment, 'base64url'),
  });
  if (plaintext === undefined) throw new TokenVerificationError('decryption');
  return { kid: key.kid, plaintext: plaintext.toString('latin1') };
}
