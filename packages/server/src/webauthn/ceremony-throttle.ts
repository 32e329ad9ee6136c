import type { FailureStore } from '../auth/failure-store.js';
import { TesseraError } from '../errors/tessera-error.js';

/** Passkey options a client address may ask for per window, on the public routes. */
export interface CeremonyLimits {
  readonly perIp: number;
  readonly windowSeconds: number;
}

/** 60 ceremonies in 5 minutes (a challenge's life): a page reloaded often still fits. */
export const DEFAULT_CEREMONY_LIMITS: CeremonyLimits = { perIp: 60, windowSeconds: 5 * 60 };

/**
 * Bounds the challenge rows anyone can create without a password: the public options routes
 * (passwordless login, a login's second step) count each request per client address in the
 * login throttle's store (memory, or Redis shared by the instances); over the limit → 429
 * `rate_limited` with `Retry-After`. Off with `TESSERA_LOGIN_THROTTLE=false`, like the others.
 */
export class CeremonyThrottle {
  constructor(
    private readonly store: FailureStore,
    private readonly clock: () => number,
    private readonly options: { readonly enabled: boolean; readonly limits: CeremonyLimits },
  ) {}

  /**
   * Counts one request from `ip` (passkey options, or the start of a sign-in by provider: one
   * budget for the public routes that store a row). @throws TesseraError `rate_limited` over
   * the limit, with `detail` as its text.
   */
  async request(ip: string, detail = 'Too many passkey requests, try again later'): Promise<void> {
    if (!this.options.enabled) return;
    const { perIp, windowSeconds } = this.options.limits;
    const now = this.clock();
    const counted = await this.store.bump('ceremony_ip', ip, now, windowSeconds);
    if (counted.count <= perIp) return;
    const retryAfter = Math.max(1, Math.ceil(counted.first + windowSeconds - now));
    throw new TesseraError('rate_limited', detail, {
      'retry-after': String(retryAfter),
    });
  }
}
