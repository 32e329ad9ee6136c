import { DestroyRef, inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { Notifier } from './notifier';

/** Shown when the API ended the session (a 401), or the token expired. */
export const SESSION_ENDED_MESSAGE = 'Your session has ended, please log in again';

/**
 * Sends a signed-in user back to the login page when the session ends without them asking: a
 * 401 from the API (`unauthorized`) or the token's expiry (`token`, the token still held but no
 * longer valid), with a message; a logout in another tab, without one. Started once by the
 * app shell.
 */
@Injectable({ providedIn: 'root' })
export class SessionWatch {
  private readonly auth = inject(TesseraAuth);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    let signedIn = this.auth.isAuthenticated();
    const subscription = this.auth.events.subscribe((event) => {
      const wasSignedIn = signedIn;
      signedIn = this.auth.isAuthenticated();
      if (!wasSignedIn || signedIn) return;
      const ended =
        event.type === 'unauthorized' || (event.type === 'token' && this.auth.token() !== null);
      if (ended) this.notifier.info(SESSION_ENDED_MESSAGE);
      if (ended || event.type === 'logout') void this.router.navigateByUrl('/login');
    });
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
  }
}
