import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { UserDto } from '@tessera/protocol';
import { Notifier } from '../core/notifier';
import { OwnAccount } from './own-account';
import {
  savedMessage,
  UserDialog,
  type UserDialogData,
  type UserDialogResult,
} from './user-dialog';
import { UsersApi } from './users-api';

/** A plain user's page: their own record (`GET /api/auth/me`) and an Edit of name, email, password. */
@Component({
  selector: 'app-own-profile',
  imports: [MatButtonModule, MatCardModule, MatProgressBarModule],
  templateUrl: './own-profile.html',
  styleUrl: './own-profile.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OwnProfile {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly ownAccount = inject(OwnAccount);
  protected readonly user = signal<UserDto | null>(null);

  constructor() {
    this.api
      .me()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (user) => this.user.set(user),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  protected edit(user: UserDto): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserDialogResult>(UserDialog, {
        data: { user, canManage: false, isSelf: true },
        width: '32rem',
      })
      .afterClosed()
      .subscribe((result) => {
        if (result === undefined) return;
        this.ownAccount.changed(result);
        this.user.set(result.user);
        this.notifier.info(savedMessage(result, 'Profile saved'));
      });
  }
}
