/**
 * The uniqueness key of an email: Unicode NFC, then lower case (locale-independent). The API
 * accepts ASCII emails only, so this is a plain case fold in practice; NFC keeps the key stable
 * should that ever change.
 *
 * @example
 * ```ts
 * canonicalEmail('Ada@Example.COM'); // 'ada@example.com'
 * ```
 */
export function canonicalEmail(email: string): string {
  return email.normalize('NFC').toLowerCase();
}
