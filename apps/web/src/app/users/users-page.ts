import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { TesseraAuth } from '@tessera/angular';
import { OwnProfile } from './own-profile';
import { UsersTable } from './users-table';

/** `/`: the users list for an admin (scope `users:read`), one's own record for anyone else. */
@Component({
  selector: 'app-users-page',
  imports: [OwnProfile, UsersTable],
  template: `
    @if (canListUsers()) {
      <app-users-table />
    } @else {
      <app-own-profile />
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly auth = inject(TesseraAuth);
  protected readonly canListUsers = computed(() => this.auth.scopes().includes('users:read'));

  constructor() {
    // Leaving the page (a logout, a session that ended) closes the dialogs it opened.
    const dialog = inject(MatDialog);
    inject(DestroyRef).onDestroy(() => dialog.closeAll());
  }
}
