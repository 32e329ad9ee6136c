/**
 * ID-token forgeries for the OpenID Connect attack tests (O05–O07): an ID token the test
 * provider issued, re-signed with changed claims, by the provider's own key or by a foreign one.
 * Use with `TestProvider.forgeNext`.
 *
 * @example
 * ```ts
 * op.forgeNext(forgeIdToken(op.signingKey, { nonce: 'not-the-one-sent' }));
 * op.forgeNext(forgeIdToken(await foreignKey(), {}));
 * ```
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
} from 'jose';
import type { IdTokenForger } from './oidc-provider.js';

/**
 * Re-signs the ID token with `key` (a private JWK; its `kid` goes in the header) after applying
 * `changes` to its claims; a change of `undefined` removes the claim.
 */
export function forgeIdToken(key: JWK, changes: Readonly<Record<string, unknown>>): IdTokenForger {
  return async (idToken) => {
    const claims: Record<string, unknown> = { ...decodeJwt(idToken) };
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    const header = decodeProtectedHeader(idToken);
    const alg = key.alg ?? header.alg ?? 'RS256';
    return await new SignJWT(claims)
      .setProtectedHeader({
        alg,
        ...(header.typ === undefined ? {} : { typ: header.typ }),
        ...(key.kid === undefined ? {} : { kid: key.kid }),
      })
      .sign(await importJWK(key, alg));
  };
}

/**
 * A fresh RS256 private key that is not the provider's. With `kid` equal to the provider's
 * (`test-op-1`) the forged token names the provider's key but is not signed by it.
 */
export async function foreignKey(kid = 'test-op-1'): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
}
