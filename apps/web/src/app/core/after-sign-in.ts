import { inject } from '@angular/core';
import { Router } from '@angular/router';
import type { TokenResponse } from '@tessera/protocol';
import { Notifier } from './notifier';

/** Said when a role requires a second factor the user has not set up yet. */
export const ENROL_MESSAGE = 'Your role requires two-step verification: set it up to continue';

/**
 * Where a fresh sign-in goes: home, or `/security` when the server says the user's role
 * requires a second factor this session lacks (`mfa_enrolment_required`: until one is set up
 * and used, only the profile and the MFA settings answer). Call it in an injection context;
 * the returned function takes the token response, and where to go instead of home (a
 * same-origin path, such as a provider callback's `returnTo`).
 */
export function afterSignIn(): (response: TokenResponse, home?: string) => Promise<void> {
  const router = inject(Router);
  const notifier = inject(Notifier);
  return async (response, home = '/') => {
    if (response.mfa_enrolment_required !== true) {
      await router.navigateByUrl(home);
      return;
    }
    notifier.info(ENROL_MESSAGE);
    await router.navigateByUrl('/security');
  };
}
