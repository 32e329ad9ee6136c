import { DestroyRef, inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { TESSERA_CLIENT, TesseraAuth } from '@tessera/angular';
import { Notifier } from './notifier';

/** Shown when the session ended without the user asking (revoked, expired, ended elsewhere). */
export const SESSION_ENDED_MESSAGE = 'Your session has ended, please log in again';

/**
 * Follows the session for the whole app, started once by the app shell:
 *
 * - `session-ended` (the refresh endpoint said the session is over: ended from another device,
 *   by a password change, or expired) and `unauthorized` (the API refused the token): to the
 *   login page, with {@link SESSION_ENDED_MESSAGE};
 * - `logout` (here, or in another tab): to the login page, without a message;
 * - `login` in another tab (or a slow start-up restore that lands late) while this one shows
 *   the login page: home;
 * - `token` with a token that just went stale: no longer the end of the session, it is
 *   refreshed now (the client's timer normally does it earlier; a sleeping tab may miss it).
 */
@Injectable({ providedIn: 'root' })
export class SessionWatch {
  private readonly auth = inject(TesseraAuth);
  private readonly client = inject(TESSERA_CLIENT);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    let hadToken = this.auth.token() !== null;
    const subscription = this.auth.events.subscribe((event) => {
      const had = hadToken;
      hadToken = this.auth.token() !== null;
      switch (event.type) {
        case 'session-ended':
        case 'unauthorized':
          this.notifier.info(SESSION_ENDED_MESSAGE);
          void this.router.navigateByUrl('/login');
          return;
        case 'logout':
          if (had) void this.router.navigateByUrl('/login');
          return;
        case 'login':
          this.leaveLoginPage();
          return;
        case 'token': {
          const fresh = this.auth.isAuthenticated();
          if (!had && fresh) this.leaveLoginPage();
          // A token that just went stale: renew it (an unreachable server keeps the session).
          if (hadToken && !fresh) this.client.refresh().catch(() => undefined);
          return;
        }
      }
    });
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
  }

  private leaveLoginPage(): void {
    if (this.router.url.startsWith('/login')) void this.router.navigateByUrl('/');
  }
}
