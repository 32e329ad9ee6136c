/**
 * Tokens made with a test app's own keys (issue #12), so the HTTP attack tests run for every
 * signing algorithm the server supports: any header and payload, signed as the server signs
 * (HS256 with the secret `K`, EdDSA and ES256 with the current key of its key store), so that only
 * the rule under test can stop a forged token. "Another key" is another secret (HS256) or another
 * private key of the same algorithm under the same `kid`: the best an attacker without the key
 * can do.
 */
import type { KeyObject } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { SigningAlgorithm, TokenFormat } from '../../src/config/config.js';
import type { DatabaseEngine } from '../../src/db/index.js';
import { signAsymmetric } from '../../src/token/asymmetric-keys.js';
import { signingKey as signingKeyOf, type EncryptionKey } from '../../src/token/index.js';
import { keyPair } from '../token/algorithms.js';
import { encryptWith } from '../token/jwe-support.js';
import { encodePart, K, mac, type Part } from '../token/support.js';
import { testEngines } from './engines.js';
import type { TestApp } from './test-app.js';

/** Every signing algorithm the server supports (`TESSERA_SIGNING_ALG`). */
export const SIGNING_ALGORITHMS = [
  'HS256',
  'EdDSA',
  'ES256',
] as const satisfies readonly SigningAlgorithm[];

/**
 * `[engine, alg]` for every test engine and every signing algorithm.
 *
 * @example
 * ```ts
 * describe.each(await signingConfigurations())('guard: claims (C) on %s, %s', (engine, alg) => {
 *   const t = useTestApp(engine, { config: { signingAlg: alg } });
 *   const f = useForger(t, alg);
 *   it('C01 …', async () => { await expectTokenRefused(t(), f().token(claimsFor(t().alice))); });
 * });
 * ```
 */
export async function signingConfigurations(): Promise<
  (readonly [DatabaseEngine, SigningAlgorithm])[]
> {
  return (await testEngines()).flatMap((engine) =>
    SIGNING_ALGORITHMS.map((alg) => [engine, alg] as const),
  );
}

/**
 * `[engine, alg, format]` for every test engine, signing algorithm and token format
 * (`TESSERA_TOKEN_FORMAT`): every token configuration the server supports.
 *
 * @example
 * ```ts
 * describe.each(await tokenConfigurations())('contract on %s, %s, %s', (engine, alg, format) => {
 *   const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
 * });
 * ```
 */
export async function tokenConfigurations(): Promise<
  (readonly [DatabaseEngine, SigningAlgorithm, TokenFormat])[]
> {
  return (await signingConfigurations()).flatMap(([engine, alg]) =>
    (['jws', 'jwe'] as const).map((format) => [engine, alg, format] as const),
  );
}

/** Whose key signs: the server's own, or another one of the same kind (and `kid`). */
export type Signer = 'own' | 'other';

const OTHER_SECRET = 'another HS256 secret of 32+ bytes!';

/** Makes tokens with the server's own keys: any header and payload, signed, then wrapped. */
export interface Forger {
  readonly alg: SigningAlgorithm;
  /** The header the server issues: `alg`, `typ: "at+jwt"` and, with EdDSA and ES256, its `kid`. */
  readonly header: Readonly<Record<string, string>>;
  /** The public half of the server's signing key (EdDSA, ES256); `undefined` with HS256. */
  readonly publicKey: KeyObject | undefined;
  /** The base64url signature of `signingInput` (segments taken verbatim, as the server signs). */
  signature(signingInput: string, by?: Signer): string;
  /** `b64u(header).b64u(payload).signature`. */
  sign(header: Part, payload: Part, by?: Signer): string;
  /**
   * A token with the server's {@link header} changed by `overrides` (a member set to `undefined`
   * is left out) and `payload`.
   */
  token(payload: Part, overrides?: Readonly<Record<string, unknown>>, by?: Signer): string;
  /** The encrypted form of `jws` under the server's current encryption key (identity with `jws`). */
  wrap(jws: string): string;
}

/**
 * Reads the keys of `t` (its key store: the signing key of EdDSA and ES256, the encryption key
 * of `jwe`) and returns a {@link Forger} for them. `alg` and `format` are the app's configuration.
 */
export async function forger(
  t: TestApp,
  alg: SigningAlgorithm,
  format: TokenFormat = 'jws',
): Promise<Forger> {
  const store = t.app.tessera.tokenKeys.store;
  const encryption: EncryptionKey | undefined =
    format === 'jwe' ? (await store!.loadEncryption()).current : undefined;
  const signingKey = alg === 'HS256' ? undefined : (await store!.load()).current;
  if (signingKey !== undefined && signingKey.alg !== alg) {
    throw new Error(`forger: the server signs with ${signingKey.alg}, not ${alg}`);
  }
  // The same kid and algorithm, another private key: the best an attacker without the key can do.
  const otherKey =
    signingKey === undefined
      ? undefined
      : signingKeyOf({
          kid: signingKey.kid,
          alg: signingKey.alg,
          privateKey: keyPair(signingKey.alg),
        });
  const header: Record<string, string> =
    signingKey === undefined
      ? { alg: 'HS256', typ: 'at+jwt' }
      : { alg, typ: 'at+jwt', kid: signingKey.kid };
  const signature = (input: string, by: Signer = 'own') =>
    signingKey === undefined
      ? mac(input, by === 'own' ? K : OTHER_SECRET)
      : signAsymmetric(by === 'own' ? signingKey : otherKey!, input);
  const sign = (h: Part, payload: Part, by: Signer = 'own') => {
    const input = `${encodePart(h)}.${encodePart(payload)}`;
    return `${input}.${signature(input, by)}`;
  };
  return {
    alg,
    header,
    publicKey: signingKey?.publicKey,
    signature,
    sign,
    token: (payload, overrides = {}, by = 'own') => sign({ ...header, ...overrides }, payload, by),
    wrap: (jws) =>
      encryption === undefined
        ? jws
        : encryptWith(
            jws,
            { alg: 'dir', enc: 'A256GCM', kid: encryption.kid, cty: 'JWT' },
            encryption,
          ),
  };
}

/**
 * Registers a `beforeAll` (after {@link useTestApp}'s, which starts the app) that reads the keys
 * of the enclosing `describe`'s app, and returns a getter for its {@link Forger}. The getter
 * throws if the app was replaced since, so a test never signs with the keys of another app.
 */
export function useForger(
  t: () => TestApp,
  alg: SigningAlgorithm,
  format: TokenFormat = 'jws',
): () => Forger {
  let made: { readonly app: TestApp; readonly forger: Forger } | undefined;
  beforeAll(async () => {
    made = { app: t(), forger: await forger(t(), alg, format) };
  });
  return () => {
    if (made === undefined) throw new Error('useForger: the keys are not read yet');
    if (made.app !== t()) throw new Error('useForger: the app changed after its keys were read');
    return made.forger;
  };
}
