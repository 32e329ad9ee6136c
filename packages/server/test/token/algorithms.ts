/**
 * The three signing algorithms as test fixtures (issue #12): each gives the header its service
 * issues, a way to sign any header and payload with the service's key (or with another key of
 * the same algorithm), and the service itself, so one hostile suite runs for HS256, EdDSA and
 * ES256 alike.
 */
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signAsymmetric } from '../../src/token/asymmetric-keys.js';
import {
  KeySet,
  signingKey,
  TokenService,
  type AsymmetricAlgorithm,
  type SigningKey,
  type TokenServiceOptions,
} from '../../src/token/index.js';
import { AUD, b64u, ISS, K, NOW, TTL, type Part } from './support.js';

export type TestAlgorithm = 'HS256' | AsymmetricAlgorithm;

export interface AlgorithmFixture {
  readonly alg: TestAlgorithm;
  /** The header the fixture's service issues (with its `kid` for EdDSA and ES256). */
  readonly header: Readonly<Record<string, string>>;
  /** The service's signing key, for EdDSA and ES256. */
  readonly key: SigningKey | undefined;
  /** Signature of `signingInput` with the service's key, or with another key of the same kind. */
  sign(signingInput: string, by?: 'own' | 'other'): string;
  /** `b64u(header).b64u(payload).signature`. */
  token(header: Part, payload: Part, by?: 'own' | 'other'): string;
  /** A service with the fixture's key, the pinned clock and `overrides`. */
  service(overrides?: Partial<TokenServiceOptions>, now?: number): TokenService;
}

function encode(part: Part): string {
  return typeof part === 'string' || part instanceof Uint8Array
    ? b64u(part)
    : b64u(JSON.stringify(part));
}

function baseOptions(now: number): Omit<TokenServiceOptions, 'secret' | 'keys'> {
  return { issuer: ISS, audience: AUD, accessTtlSeconds: TTL, clock: () => now };
}

const OTHER_SECRET = Buffer.from('another 32-byte HS256 test secret!!', 'utf8');

function hs256(): AlgorithmFixture {
  const sign = (input: string, by: 'own' | 'other' = 'own') =>
    createHmac('sha256', by === 'own' ? K : OTHER_SECRET)
      .update(input)
      .digest('base64url');
  return {
    alg: 'HS256',
    header: { alg: 'HS256', typ: 'at+jwt' },
    key: undefined,
    sign,
    token(header, payload, by) {
      const input = `${encode(header)}.${encode(payload)}`;
      return `${input}.${sign(input, by)}`;
    },
    service: (overrides = {}, now = NOW) =>
      new TokenService({ ...baseOptions(now), secret: K, ...overrides }),
  };
}

/** A new private key of `alg`'s type. */
export function keyPair(alg: AsymmetricAlgorithm): KeyObject {
  return alg === 'EdDSA'
    ? generateKeyPairSync('ed25519').privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

function asymmetric(alg: AsymmetricAlgorithm): AlgorithmFixture {
  const own = signingKey({ kid: `test-${alg.toLowerCase()}-1`, alg, privateKey: keyPair(alg) });
  // Same kid, another private key: what an attacker without the key could produce at best.
  const other = signingKey({ kid: own.kid, alg, privateKey: keyPair(alg) });
  const sign = (input: string, by: 'own' | 'other' = 'own') =>
    signAsymmetric(by === 'own' ? own : other, input);
  return {
    alg,
    header: { alg, typ: 'at+jwt', kid: own.kid },
    key: own,
    sign,
    token(header, payload, by) {
      const input = `${encode(header)}.${encode(payload)}`;
      return `${input}.${sign(input, by)}`;
    },
    service: (overrides = {}, now = NOW) =>
      new TokenService({ ...baseOptions(now), keys: new KeySet(own), ...overrides }),
  };
}

export const ALGORITHM_FIXTURES: readonly AlgorithmFixture[] = [
  hs256(),
  asymmetric('EdDSA'),
  asymmetric('ES256'),
];
