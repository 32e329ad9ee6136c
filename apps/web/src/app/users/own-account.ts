import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { TESSERA_CLIENT, TesseraAuth } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import type { UserDialogResult } from './user-dialog';

/** Shown after a change of one's own password or role, which revokes the current token. */
export const RELOGIN_MESSAGE = 'Your account changed, please log in again';

/** What follows a change of the signed-in user's own record. */
@Injectable({ providedIn: 'root' })
export class OwnAccount {
  private readonly client = inject(TESSERA_CLIENT);
  private readonly auth = inject(TesseraAuth);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  /**
   * A new password or role revokes the token in use (the server bumps the user's token
   * version): sign out here and ask to log in again. Otherwise reload the user for the toolbar.
   * Returns true when the session ended.
   */
  changed(result: UserDialogResult): boolean {
    if (result.endsSession) {
      this.client.removeToken();
      this.notifier.info(RELOGIN_MESSAGE);
      void this.router.navigateByUrl('/login');
      return true;
    }
    void this.auth.reloadUser();
    return false;
  }
}
