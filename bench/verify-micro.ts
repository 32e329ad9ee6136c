/**
 * Micro-benchmark of access-token verification: `npx tsx bench/verify-micro.ts`.
 *
 * One HS256 `at+jwt` token from `TokenService.issue` (and one EdDSA and one ES256 token from the
 * same service with a key set), verified N times per implementation per
 * round; rounds are interleaved so drift (turbo, GC, other load) hits every implementation alike.
 * Prints the median µs per verify over the rounds and the ratio to the raw `node:crypto` baseline.
 * Bounded: a few seconds in total.
 */
import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  timingSafeEqual,
  webcrypto,
} from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import { jwtVerify } from 'jose';
import {
  KeySet,
  signingKey,
  TokenService,
  type AsymmetricAlgorithm,
} from '../packages/server/src/token/index.js';

const ITERATIONS = 10_000;
const ROUNDS = 7;
const ISSUER = 'urn:tessera:bench';
const TTL_SECONDS = 900;
const LEEWAY_SECONDS = 30;

const secret = randomBytes(32);
const service = new TokenService({
  secret,
  issuer: ISSUER,
  audience: ISSUER,
  accessTtlSeconds: TTL_SECONDS,
  leewaySeconds: LEEWAY_SECONDS,
});
const { token } = service.issue({ sub: '1', scope: 'profile:read profile:write', sid: 's-1' });

/** The floor: HMAC, decode and compare the signature, decode and JSON.parse the payload. No other check. */
const rawKey = createSecretKey(secret);
function rawVerify(jwt: string): unknown {
  const first = jwt.indexOf('.');
  const second = jwt.indexOf('.', first + 1);
  const mac = createHmac('sha256', rawKey).update(jwt.slice(0, second)).digest();
  if (!timingSafeEqual(mac, Buffer.from(jwt.slice(second + 1), 'base64url')))
    throw new Error('mac');
  return JSON.parse(Buffer.from(jwt.slice(first + 1, second), 'base64url').toString('utf8'));
}

const fastJwtOptions = {
  key: secret,
  algorithms: ['HS256' as const],
  allowedIss: ISSUER,
  allowedAud: ISSUER,
  requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', 'jti'],
  checkTyp: 'at+jwt',
  clockTolerance: LEEWAY_SECONDS * 1000,
  maxAge: (TTL_SECONDS + LEEWAY_SECONDS) * 1000,
};
const fastJwtNoCache = createVerifier({ ...fastJwtOptions, cache: false });
const fastJwtCache = createVerifier({ ...fastJwtOptions, cache: true });

const joseKey = await webcrypto.subtle.importKey(
  'raw',
  secret,
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
);
const joseOptions = {
  algorithms: ['HS256'],
  issuer: ISSUER,
  audience: ISSUER,
  typ: 'at+jwt',
  clockTolerance: LEEWAY_SECONDS,
  maxTokenAge: TTL_SECONDS + LEEWAY_SECONDS,
  requiredClaims: ['sub', 'iat', 'exp', 'jti'],
};

type Case = { name: string; run: (n: number) => Promise<number> | number };

function syncCase(name: string, verify: (jwt: string) => unknown, jwt = token): Case {
  return {
    name,
    run(n) {
      let sink = 0;
      for (let i = 0; i < n; i++) sink += verify(jwt) === undefined ? 0 : 1;
      return sink;
    },
  };
}

/** The same service and token with an asymmetric key (issue #12): what a verified-token miss costs. */
function asymmetric(alg: AsymmetricAlgorithm) {
  const privateKey =
    alg === 'EdDSA'
      ? generateKeyPairSync('ed25519').privateKey
      : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const key = signingKey({ kid: `bench-${alg}`, alg, privateKey });
  const keyed = new TokenService({
    keys: new KeySet(key),
    issuer: ISSUER,
    audience: ISSUER,
    accessTtlSeconds: TTL_SECONDS,
    leewaySeconds: LEEWAY_SECONDS,
  });
  const issued = keyed.issue({ sub: '1', scope: 'profile:read profile:write', sid: 's-1' }).token;
  return { keyed, issued, publicKey: key.publicKey };
}
const eddsa = asymmetric('EdDSA');
const es256 = asymmetric('ES256');

const cases: Case[] = [
  syncCase('raw node:crypto baseline', rawVerify),
  syncCase('Tessera TokenService.verify', (jwt) => service.verify(jwt)),
  syncCase('Tessera TokenService.verify, EdDSA', (jwt) => eddsa.keyed.verify(jwt), eddsa.issued),
  syncCase('Tessera TokenService.verify, ES256', (jwt) => es256.keyed.verify(jwt), es256.issued),
  syncCase('fast-jwt (cache: false)', (jwt) => fastJwtNoCache(jwt)),
  syncCase('fast-jwt (cache: true)', (jwt) => fastJwtCache(jwt)),
  {
    name: 'jose jwtVerify, EdDSA (async)',
    async run(n) {
      let sink = 0;
      for (let i = 0; i < n; i++)
        sink +=
          (
            await jwtVerify(eddsa.issued, eddsa.publicKey, {
              ...joseOptions,
              algorithms: ['EdDSA'],
            })
          ).payload.exp ?? 0;
      return sink;
    },
  },
  {
    name: 'jose jwtVerify (async)',
    async run(n) {
      let sink = 0;
      for (let i = 0; i < n; i++)
        sink += (await jwtVerify(token, joseKey, joseOptions)).payload.exp ?? 0;
      return sink;
    },
  },
];

async function timeOnce(benchCase: Case, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  const sink = await benchCase.run(n);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e3;
  if (sink === 0) throw new Error(`${benchCase.name} verified nothing`);
  return elapsed / n;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

for (const benchCase of cases) await timeOnce(benchCase, ITERATIONS / 2); // warm-up and sanity check
const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const benchCase of round % 2 === 0 ? cases : [...cases].reverse()) {
    samples.get(benchCase.name)?.push(await timeOnce(benchCase, ITERATIONS));
  }
}

const baseline = median(samples.get(cases[0]?.name ?? '') ?? []);
console.log(
  `node ${process.version}, ${ITERATIONS} verifies x ${ROUNDS} interleaved rounds, median`,
);
console.log(`token: ${token.length} bytes`);
for (const benchCase of cases) {
  const us = median(samples.get(benchCase.name) ?? []);
  const ratio = (us / baseline).toFixed(2);
  console.log(`${benchCase.name.padEnd(30)} ${us.toFixed(3).padStart(8)} µs/verify  ${ratio}x`);
}
