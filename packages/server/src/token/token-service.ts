import { createHmac, randomUUID } from 'node:crypto';
import { encodeBase64url } from './base64url.js';
import {
  checkMethods,
  MAX_IDENTIFIER_LENGTH,
  readAccessClaims,
  type ClaimRules,
  type TesseraAccessClaims,
} from './claims.js';
import { signAsymmetric } from './asymmetric-keys.js';
import { exceedsCap, verifyJws, type JwsPolicy } from './compact-jws.js';
import { decryptCompactJwe, encryptCompactJwe } from './compact-jwe.js';
import type { EncryptionKeySet } from './encryption-keys.js';
import type { KeySet } from './key-set.js';
import { TokenVerificationError } from './errors.js';
import { parseJsonObject } from './json-object.js';
import { ISSUED_HEADER_SEGMENT } from './jws-header.js';
import { resolveTokenSettings, type TokenServiceOptions, type TokenSettings } from './options.js';
import { checkTimes, type TimeRules } from './time-rules.js';

/** What {@link TokenService.issue} signs for. */
export interface IssueInput {
  /** The user id, a non-empty string of at most 255 characters. */
  readonly sub: string;
  /** Space-separated granted scopes. */
  readonly scope: string;
  /** The session id, when the token belongs to a session (revocation, L03/L08). */
  readonly sid?: string;
  /** How the session's login was authenticated (RFC 8176 method names), when known. */
  readonly amr?: readonly string[];
}

/** An issued access token, its claims and its lifetime in seconds (`expires_in`). */
export interface IssuedAccessToken {
  readonly token: string;
  readonly claims: TesseraAccessClaims;
  readonly expiresIn: number;
}

function checkIdentifier(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDENTIFIER_LENGTH) {
    throw new TypeError(
      `${name} must be a non-empty string of at most ${MAX_IDENTIFIER_LENGTH} characters`,
    );
  }
  return value;
}

/**
 * Issues and verifies Tessera access tokens: compact JWS, `typ: at+jwt` (RFC 9068), with
 * `node:crypto` only: HS256 with one secret, or EdDSA / ES256 with a {@link KeySet} (tokens carry
 * the signing key's `kid`). With `encryption` (an {@link EncryptionKeySet}) the signed token is
 * then encrypted: a nested JWT in a compact JWE (`dir` + `A256GCM`), opened before any of the
 * checks below; the answers for a bad token are the same. Every policy is built once, in the
 * constructor.
 *
 * `verify` runs in the safe order: byte cap → compact syntax → canonical base64url → header
 * allowlist, `alg`, `typ` → constant-time HMAC → and only then the payload: strict UTF-8 JSON
 * object → claim types → time rules. Only an authentic token can be reported as expired (C06).
 *
 * @example
 * ```ts
 * const tokens = new TokenService({ secret, issuer: 'urn:tessera', audience: 'urn:tessera', accessTtlSeconds: 900 });
 * const { token, expiresIn } = tokens.issue({ sub: '1', scope: 'profile:read profile:write' });
 * const claims = tokens.verify(token); // throws TokenVerificationError
 * ```
 */
export class TokenService {
  readonly #settings: TokenSettings;
  readonly #jws: JwsPolicy;
  readonly #claims: ClaimRules;
  readonly #times: TimeRules;

  /** @throws TypeError for invalid options (short or weak secret, bad TTL, leeway, cap or clock). */
  constructor(options: TokenServiceOptions) {
    const settings = resolveTokenSettings(options);
    this.#settings = settings;
    this.#jws = { keys: settings.keys, maxTokenBytes: settings.maxTokenBytes, typ: 'at+jwt' };
    this.#claims = { issuer: settings.issuer, audience: settings.audience };
    this.#times = {
      leewaySeconds: settings.leewaySeconds,
      maxAgeSeconds: settings.accessTtlSeconds + settings.leewaySeconds,
    };
  }

  /** The key set of an EdDSA or ES256 service (undefined with one HS256 secret). */
  get keySet(): KeySet | undefined {
    return this.#settings.keys.kind === 'set' ? this.#settings.keys.set : undefined;
  }

  /** The encryption keys when tokens are encrypted (JWE), else undefined. */
  get encryptionKeys(): EncryptionKeySet | undefined {
    return this.#settings.encryption;
  }

  /**
   * Calls `listener` whenever a key ring this service uses changes: the signing keys or the
   * encryption keys (what remembers verified tokens must then forget them).
   */
  onKeysChange(listener: () => void): void {
    this.keySet?.onChange(listener);
    this.#settings.encryption?.onChange(listener);
  }

  /**
   * Signs a new access token: header `{"alg":"HS256","typ":"at+jwt"}` (or the key set's current
   * `alg` and its `kid`); claims `iss`, `aud`, `sub`,
   * `iat` (whole seconds), `exp = iat + accessTtlSeconds`, a random `jti`, `scope`, and `sid`
   * when given.
   *
   * @throws TypeError for a bad input, a clock returning a non-finite value, or a token that would
   * exceed `maxTokenBytes` (it could never verify).
   */
  issue(input: IssueInput): IssuedAccessToken {
    const { issuer, audience, accessTtlSeconds, clock, keys, maxTokenBytes } = this.#settings;
    const sub = checkIdentifier(input.sub, 'sub');
    if (typeof input.scope !== 'string') throw new TypeError('scope must be a string');
    const sid = input.sid === undefined ? undefined : checkIdentifier(input.sid, 'sid');
    const now = clock();
    if (!Number.isFinite(now) || now < 0) throw new TypeError('clock must return finite seconds');

    const iat = Math.floor(now);
    const claims: { -readonly [K in keyof TesseraAccessClaims]: TesseraAccessClaims[K] } = {
      iss: issuer,
      aud: audience,
      sub,
      iat,
      exp: iat + accessTtlSeconds,
      jti: randomUUID(),
      scope: input.scope,
    };
    if (sid !== undefined) claims.sid = sid;
    if (input.amr !== undefined) claims.amr = checkMethods(input.amr);

    const payloadSegment = encodeBase64url(JSON.stringify(claims));
    let token: string;
    if (keys.kind === 'hmac') {
      const signingInput = `${ISSUED_HEADER_SEGMENT}.${payloadSegment}`;
      const mac = createHmac('sha256', keys.key).update(signingInput, 'latin1').digest('base64url');
      token = `${signingInput}.${mac}`;
    } else {
      const signingInput = `${keys.set.issuedHeaderSegment}.${payloadSegment}`;
      token = `${signingInput}.${signAsymmetric(keys.set.current, signingInput)}`;
    }
    const { encryption, onKeyUse } = this.#settings;
    if (encryption !== undefined) token = encryptCompactJwe(encryption.current, token);
    if (token.length > maxTokenBytes) throw new TypeError('token would exceed maxTokenBytes');
    if (onKeyUse !== undefined) {
      if (keys.kind === 'set') onKeyUse('sig', keys.set.current.kid);
      if (encryption !== undefined) onKeyUse('enc', encryption.current.kid);
    }
    return { token, claims, expiresIn: accessTtlSeconds };
  }

  /**
   * Verifies an access token and returns its claims (only the claims Tessera uses). Duplicate
   * member names resolve as in `JSON.parse` (last wins); authorise on the returned object only.
   *
   * @throws {@link TokenVerificationError} with `code` `token_expired` for an authentic but
   * expired token, else `token_invalid`; `reason` says which rule failed.
   */
  verify(token: string): TesseraAccessClaims {
    const { encryption, onKeyUse } = this.#settings;
    const opened = encryption === undefined ? undefined : this.#decrypt(token, encryption);
    const { header, payloadBytes } = verifyJws(opened?.plaintext ?? token, this.#jws);
    // With one HS256 secret Tessera issues no `kid`: a token naming a key is foreign (H07, H21).
    // With a key set the JWS layer already required a `kid` of the set.
    if (this.#settings.keys.kind === 'hmac' && header.kid !== undefined) {
      throw new TokenVerificationError('header');
    }
    const payload = parseJsonObject(payloadBytes);
    if (payload === undefined) throw new TokenVerificationError('claims');
    const claims = readAccessClaims(payload, this.#claims);
    checkTimes(claims, this.#settings.clock(), this.#times);
    if (onKeyUse !== undefined) {
      if (header.kid !== undefined) onKeyUse('sig', header.kid);
      if (opened !== undefined) onKeyUse('enc', opened.kid);
    }
    return claims;
  }

  /** The nested signed token of an encrypted one: byte cap first, then the JWE layer. */
  #decrypt(token: unknown, encryption: EncryptionKeySet): ReturnType<typeof decryptCompactJwe> {
    if (typeof token !== 'string') throw new TokenVerificationError('malformed');
    if (exceedsCap(token, this.#jws.maxTokenBytes)) throw new TokenVerificationError('too_large');
    return decryptCompactJwe(token, encryption);
  }
}
