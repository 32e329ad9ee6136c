import type { JsonWebKey, KeyObject } from 'node:crypto';

/** The members a public EdDSA or ES256 JWK needs, and nothing else (never `d`). */
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y'] as const;

/** `key`'s public JWK members: `kty`, `crv`, `x` and, for ES256, `y`. */
export function publicJwk(key: KeyObject): JsonWebKey {
  const full = key.export({ format: 'jwk' });
  return Object.fromEntries(
    PUBLIC_MEMBERS.flatMap((name) => (full[name] === undefined ? [] : [[name, full[name]]])),
  );
}
