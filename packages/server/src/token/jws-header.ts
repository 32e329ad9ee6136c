import { JWS_ALGORITHMS, MAX_KID_LENGTH, type AsymmetricAlgorithm } from './asymmetric-keys.js';
import { encodeBase64url } from './base64url.js';
import { TokenVerificationError } from './errors.js';
import { parseJsonObject } from './json-object.js';

/** The protected header of a verified token: a known `alg`; nothing outside `{alg, typ, kid}`. */
export interface JwsHeader {
  readonly alg: 'HS256' | AsymmetricAlgorithm;
  readonly typ?: string;
  readonly kid?: string;
}

/**
 * How `typ` is checked: `'at+jwt'` requires it (RFC 9068 §4), `'any'` lets it be absent or any
 * string (JWS-only checks such as the Wycheproof vectors).
 */
export type TypPolicy = 'at+jwt' | 'any';

/** The header Tessera issues, byte for byte. */
export const ISSUED_HEADER: JwsHeader = Object.freeze({ alg: 'HS256', typ: 'at+jwt' });

/** `b64u('{"alg":"HS256","typ":"at+jwt"}')`: every token Tessera issues starts with this segment. */
export const ISSUED_HEADER_SEGMENT = encodeBase64url(JSON.stringify(ISSUED_HEADER));

/**
 * RFC 9068 §4: `at+jwt` or `application/at+jwt`, compared as a media type (ASCII case-insensitive,
 * RFC 7515 §4.1.9). Without the `u` flag, `i` never folds a non-ASCII character onto an ASCII
 * one (e.g. the Kelvin sign is not `k`). No trimming: `"at+jwt "` fails.
 */
const ACCESS_TOKEN_TYP = /^(?:application\/)?at\+jwt$/i;

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

function checkTyp(typ: unknown, policy: TypPolicy): void {
  if (policy === 'at+jwt') {
    if (typeof typ !== 'string' || !ACCESS_TOKEN_TYP.test(typ)) {
      throw new TokenVerificationError('type');
    }
  } else if (typ !== undefined && typeof typ !== 'string') {
    throw new TokenVerificationError('type');
  }
}

function checkKid(kid: unknown): void {
  if (kid === undefined) return;
  if (typeof kid !== 'string' || kid.length > MAX_KID_LENGTH || hasControlCharacter(kid)) {
    throw new TokenVerificationError('header');
  }
}

/**
 * Decodes and checks the protected header segment (alphabet and canonical form already checked):
 * strict UTF-8 JSON object → only `alg`, `typ`, `kid` (so `crit`, `b64`, `jku`, `jwk`, `x5u`,
 * `x5c`, `cty`, `zip`, `enc`… are refused, H12–H21) → `alg` one of `HS256`, `EdDSA`, `ES256`
 * (whether it is the right one for the key is the verifier's next step) → `typ` per policy →
 * `kid` a short string without control characters; it selects a key only from the verifier's
 * own key set and never reaches I/O (H08–H11).
 *
 * The segment Tessera itself issues is recognised by string equality and skips the parse: the same
 * bytes always give the same header.
 *
 * @throws {@link TokenVerificationError} `malformed`, `header`, `algorithm` or `type`.
 */
export function readJwsHeader(segment: string, policy: TypPolicy): JwsHeader {
  if (segment === ISSUED_HEADER_SEGMENT) return ISSUED_HEADER;
  const header = parseJsonObject(Buffer.from(segment, 'base64url'));
  if (header === undefined) throw new TokenVerificationError('malformed');
  for (const name of Object.keys(header)) {
    if (name !== 'alg' && name !== 'typ' && name !== 'kid') {
      throw new TokenVerificationError('header');
    }
  }
  const alg = header['alg'];
  if (typeof alg !== 'string' || !JWS_ALGORITHMS.has(alg)) {
    throw new TokenVerificationError('algorithm');
  }
  checkTyp(header['typ'], policy);
  checkKid(header['kid']);
  return header as unknown as JwsHeader;
}
