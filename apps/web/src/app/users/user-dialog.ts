import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UserDto } from '@tessera/protocol';
import type { Observable } from 'rxjs';
import { Notifier } from '../core/notifier';
import { email, required } from '../core/validators';
import { UsersApi, type UserChanges } from './users-api';

/** What the user dialog edits: a new user (`user: null`) or an existing one. */
export interface UserDialogData {
  readonly user: UserDto | null;
  /** An admin: role and enabled can be set. */
  readonly canManage: boolean;
  /** The signed-in user's own record: an email or password change needs the current password. */
  readonly isSelf: boolean;
}

/** What the dialog closes with after a save. */
export interface UserDialogResult {
  readonly user: UserDto;
  /**
   * The change affects the signed-in user's session: their own password (the server ends their
   * other sessions), role or enabled.
   */
  readonly changesSession: boolean;
  /**
   * The signed-in user's own new address, not in use yet: the server mailed it a link, and the
   * address changes when the link is opened. `null` otherwise.
   */
  readonly pendingEmail: string | null;
}

/**
 * The notice after a save: `saved`, or, for one's own new address, that it waits for the link
 * mailed to it.
 */
export function savedMessage({ pendingEmail }: UserDialogResult, saved: string): string {
  return pendingEmail === null
    ? saved
    : `Saved. A link was sent to ${pendingEmail}: your address changes when you open it`;
}

/** The password policy of the server: 8 characters at least. */
const PASSWORD_MIN = 8;

/** Creates a user, or edits one (name, email, role, enabled, an optional new password). */
@Component({
  selector: 'app-user-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  templateUrl: './user-dialog.html',
  styleUrl: './user-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog {
  protected readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<UserDialog, UserDialogResult>>(MatDialogRef);
  private readonly api = inject(UsersApi);
  private readonly notifier = inject(Notifier);
  protected readonly creating = this.data.user === null;
  protected readonly title = this.creating
    ? 'Create user'
    : this.data.canManage
      ? 'Edit user'
      : 'Edit profile';
  protected readonly busy = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: [this.data.user?.email ?? '', [required, email]],
    name: [this.data.user?.name ?? '', [required, Validators.maxLength(200)]],
    // Creating without a password sends an invitation to set one.
    password: ['', [Validators.minLength(PASSWORD_MIN)]],
    role: [this.data.user?.role ?? 'user'],
    is_enabled: [this.data.user?.is_enabled ?? true],
    current_password: [''],
  });
  private readonly value = toSignal(this.form.valueChanges, {
    initialValue: this.form.getRawValue(),
  });
  /** A new user without a password: the server mails them an invitation. */
  protected readonly invites = computed(
    () => this.creating && (this.value().password ?? '') === '',
  );
  /** Own email or password change: the server asks for the current password. */
  protected readonly needsCurrentPassword = computed(() => {
    const value = this.value();
    return (
      this.data.isSelf &&
      ((value.password ?? '') !== '' || (value.email ?? '') !== this.data.user?.email)
    );
  });

  protected save(): void {
    const current = this.form.controls.current_password;
    if (this.needsCurrentPassword() && current.value === '') {
      current.setErrors({ required: true });
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const request = this.request();
    if (request === null) {
      this.dialogRef.close();
      return;
    }
    this.busy.set(true);
    request.subscribe({
      next: (user) =>
        this.dialogRef.close({
          user,
          changesSession: this.changesSession(),
          pendingEmail: this.pendingEmail(user),
        }),
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.error(error);
      },
    });
  }

  /** The create or PATCH call, or null when nothing changed. */
  private request(): Observable<UserDto> | null {
    const value = this.form.getRawValue();
    const original = this.data.user;
    if (original === null) {
      return this.api.create({
        email: value.email,
        name: value.name,
        ...(value.password === '' ? {} : { password: value.password }),
        role: value.role,
        is_enabled: value.is_enabled,
      });
    }
    const changes: UserChanges = {};
    if (value.email !== original.email) changes.email = value.email;
    if (value.name !== original.name) changes.name = value.name;
    if (value.password !== '') changes.password = value.password;
    if (this.data.canManage && value.role !== original.role) changes.role = value.role;
    if (this.data.canManage && value.is_enabled !== original.is_enabled) {
      changes.is_enabled = value.is_enabled;
    }
    if (Object.keys(changes).length === 0) return null;
    if (this.needsCurrentPassword()) changes.current_password = value.current_password;
    return this.api.update(original.id, changes);
  }

  /** The own address asked for, when the saved user does not carry it yet. */
  private pendingEmail(saved: UserDto): string | null {
    const asked = this.form.getRawValue().email;
    const original = this.data.user;
    return this.data.isSelf &&
      original !== null &&
      asked !== original.email &&
      saved.email !== asked
      ? asked
      : null;
  }

  private changesSession(): boolean {
    const value = this.form.getRawValue();
    const original = this.data.user;
    return (
      this.data.isSelf &&
      original !== null &&
      (value.password !== '' ||
        (this.data.canManage &&
          (value.role !== original.role || value.is_enabled !== original.is_enabled)))
    );
  }
}
