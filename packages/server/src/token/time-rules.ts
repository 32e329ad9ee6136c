import { TokenVerificationError } from './errors.js';

/** The time policy, fixed at construction. */
export interface TimeRules {
  /** Clock tolerance in seconds (0–60). */
  readonly leewaySeconds: number;
  /** Largest `exp − iat` accepted: the access-token lifetime plus the leeway (C05, C08). */
  readonly maxAgeSeconds: number;
}

/** The time claims, already type-checked as NumericDates. */
export interface TimeClaims {
  readonly iat: number;
  readonly exp: number;
  readonly nbf?: number;
}

/**
 * Applies the time rules at `now` (seconds), in this order:
 * `iat > now + leeway` → `issued_in_future`; `nbf > now + leeway` → `not_yet_valid`;
 * `exp − iat > ttl + leeway` → `too_old`; `now ≥ exp + leeway` → `expired` (the only reason with
 * code `token_expired`, RFC 7519 §4.1.4 "on or after").
 *
 * Every test is written as "reject unless the good case holds", so a clock that returns `NaN`
 * rejects every token instead of accepting it.
 *
 * @throws {@link TokenVerificationError}
 */
export function checkTimes(claims: TimeClaims, now: number, rules: TimeRules): void {
  const latestStart = now + rules.leewaySeconds;
  if (!(claims.iat <= latestStart)) throw new TokenVerificationError('issued_in_future', 'iat');
  if (claims.nbf !== undefined && !(claims.nbf <= latestStart)) {
    throw new TokenVerificationError('not_yet_valid', 'nbf');
  }
  if (!(claims.exp - claims.iat <= rules.maxAgeSeconds)) {
    throw new TokenVerificationError('too_old', 'iat');
  }
  if (!(now < claims.exp + rules.leewaySeconds)) throw new TokenVerificationError('expired', 'exp');
}
