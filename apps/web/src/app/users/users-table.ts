import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { TesseraAuth } from '@tessera/angular';
import type { UserDto } from '@tessera/protocol';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';
import { Notifier } from '../core/notifier';
import { ConfirmDialog, type ConfirmData } from '../core/confirm-dialog';
import { accountStatus } from '../core/user-flags';
import { OwnAccount } from './own-account';
import {
  savedMessage,
  UserDialog,
  type UserDialogData,
  type UserDialogResult,
} from './user-dialog';
import { UsersApi, type UserQuery, type UserSortField } from './users-api';

const SORTABLE: readonly string[] = ['id', 'email', 'name', 'role', 'is_enabled'];

/** The admin's users list: search, sort and pages served by the API; create, edit, delete. */
@Component({
  selector: 'app-users-table',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSortModule,
    MatTableModule,
  ],
  templateUrl: './users-table.html',
  styleUrl: './users-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersTable {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly ownAccount = inject(OwnAccount);
  private readonly auth = inject(TesseraAuth);
  // An encrypted token has no readable `sub`: then the signed-in user's id.
  protected readonly selfId = computed(() =>
    Number(this.auth.payload()?.sub ?? this.auth.user()?.id),
  );
  protected readonly columns = ['id', 'email', 'status', 'name', 'is_enabled', 'role', 'actions'];
  protected readonly pageSizes = [10, 20, 50, 100];
  protected readonly status = accountStatus;
  protected readonly search = new FormControl('', { nonNullable: true });
  private readonly query = signal<UserQuery>({
    q: '',
    sort: 'id',
    order: 'asc',
    page: 1,
    perPage: 20,
  });
  private readonly reloads = signal(0);
  protected readonly users = signal<readonly UserDto[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(true);
  protected readonly pageIndex = computed(() => this.query().page - 1);
  protected readonly pageSize = computed(() => this.query().perPage);

  constructor() {
    this.search.valueChanges
      .pipe(
        debounceTime(300),
        map((text) => text.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((q) => this.query.update((query) => ({ ...query, q, page: 1 })));
    toObservable(computed(() => ({ query: this.query(), reload: this.reloads() })))
      .pipe(
        switchMap(({ query }) => {
          this.loading.set(true);
          return this.api.list(query).pipe(
            catchError((error: unknown) => {
              this.notifier.error(error);
              return of(null);
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.loading.set(false);
        if (page === null) return;
        if (page.users.length === 0 && page.page > 1) {
          this.query.update((query) => ({ ...query, page: query.page - 1 }));
          return;
        }
        this.users.set(page.users);
        this.total.set(page.total);
      });
  }

  protected sortBy(sort: Sort): void {
    const active = SORTABLE.includes(sort.active) && sort.direction !== '';
    this.query.update((query) => ({
      ...query,
      sort: active ? (sort.active as UserSortField) : 'id',
      order: active ? (sort.direction as 'asc' | 'desc') : 'asc',
      page: 1,
    }));
  }

  protected changePage(event: PageEvent): void {
    this.query.update((query) => ({
      ...query,
      page: event.pageIndex + 1,
      perPage: event.pageSize,
    }));
  }

  protected create(): void {
    this.openUserDialog({ user: null, canManage: true, isSelf: false }, ({ user }) =>
      user.pending_invitation ? `Invitation sent to ${user.email}` : 'User created',
    );
  }

  protected edit(user: UserDto): void {
    this.openUserDialog({ user, canManage: true, isSelf: user.id === this.selfId() }, (result) =>
      savedMessage(result, 'User saved'),
    );
  }

  protected remove(user: UserDto): void {
    const data: ConfirmData = {
      title: 'Delete user',
      message: `Delete ${user.email}? This cannot be undone.`,
      confirm: 'Delete',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.api.remove(user.id)),
      )
      .subscribe({
        next: () => {
          this.notifier.info('User deleted');
          this.reload();
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  protected resendInvitation(user: UserDto): void {
    this.api.resendInvitation(user.id).subscribe({
      next: () => this.notifier.info(`New invitation sent to ${user.email}`),
      error: (error: unknown) => this.notifier.error(error),
    });
  }

  protected revokeInvitation(user: UserDto): void {
    const data: ConfirmData = {
      title: 'Revoke invitation',
      message: `Revoke the invitation of ${user.email}? Its link will stop working.`,
      confirm: 'Revoke',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.api.revokeInvitation(user.id)),
      )
      .subscribe({
        next: () => {
          this.notifier.info('Invitation revoked');
          this.reload();
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  protected removeSecondFactor(user: UserDto): void {
    const data: ConfirmData = {
      title: 'Remove authenticator app',
      message: `Remove the authenticator app and recovery codes of ${user.email}? Their sessions end; they log in with their password alone until they set up a new one.`,
      confirm: 'Remove',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.api.removeSecondFactor(user.id)),
      )
      .subscribe({
        next: () => this.notifier.info(`Authenticator app of ${user.email} removed`),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  private openUserDialog(data: UserDialogData, done: (result: UserDialogResult) => string): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserDialogResult>(UserDialog, { data, width: '32rem' })
      .afterClosed()
      .subscribe((result) => {
        if (result === undefined) return;
        if (data.isSelf) this.ownAccount.changed(result);
        this.notifier.info(done(result));
        this.reload();
      });
  }

  private reload(): void {
    this.reloads.update((count) => count + 1);
  }
}
