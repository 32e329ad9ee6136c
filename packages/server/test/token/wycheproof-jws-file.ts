/** The shape of Wycheproof's JSON Web Signature vector file (vendored in ../vectors/). */
import type { JsonWebKey } from 'node:crypto';

export interface JwsVectorCase {
  readonly tcId: number;
  readonly comment: string;
  readonly jws: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
  readonly flags?: readonly string[];
}

export interface JwsVectorGroup {
  readonly comment: string;
  /** The key the group's tokens were made with (secret groups). */
  readonly private?: { readonly kty?: string; readonly alg?: string; readonly k?: string };
  /** The public key of asymmetric groups. */
  readonly public?: JsonWebKey & { readonly alg?: string };
  readonly tests: readonly JwsVectorCase[];
}

export interface JwsVectorFile {
  readonly numberOfTests: number;
  readonly testGroups: readonly JwsVectorGroup[];
}
