import { inject, Injectable } from '@angular/core';
import { TESSERA_CLIENT, TesseraAuth } from '@tessera/angular';
import type { UserDialogResult } from './user-dialog';

/** What follows a change of the signed-in user's own record. */
@Injectable({ providedIn: 'root' })
export class OwnAccount {
  private readonly client = inject(TESSERA_CLIENT);
  private readonly auth = inject(TesseraAuth);

  /**
   * A new password ends the user's other sessions and keeps this one; a new role or a disable
   * changes what this one may do, or ends it. So the token is renewed now: it then carries the
   * new role's scopes, and a session the server ended goes to the login page (the session
   * watcher reports `session-ended`). Then the user is loaded again for the toolbar.
   */
  changed(result: UserDialogResult): void {
    if (!result.changesSession) {
      void this.auth.reloadUser();
      return;
    }
    void this.client.refresh().then(
      (open) => (open ? this.auth.reloadUser() : null),
      () => this.auth.reloadUser(), // Unreachable: the next request renews the token.
    );
  }
}
