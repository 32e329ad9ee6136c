import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { required } from './validators';

/** What {@link PasswordDialog} asks. */
export interface PasswordDialogData {
  readonly title: string;
  readonly message: string;
  readonly confirm: string;
  /** Offer "Use a code instead" (a current code of the authenticator app). */
  readonly allowCode?: boolean;
}

/** The proof the dialog closes with. */
export type PasswordProof = { readonly currentPassword: string } | { readonly code: string };

/**
 * Asks the signed-in user to prove it is them before a sensitive change: the current password,
 * or (when allowed) a code of the authenticator app. Closes with the proof, or nothing.
 */
@Component({
  selector: 'app-password-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p>{{ data.message }}</p>
        @if (withCode()) {
          <mat-form-field appearance="outline">
            <mat-label>Authentication code</mat-label>
            <input
              matInput
              formControlName="secret"
              inputmode="numeric"
              autocomplete="one-time-code"
              required
              cdkFocusInitial
            />
            @if (form.controls.secret.hasError('required')) {
              <mat-error>Enter the code</mat-error>
            }
          </mat-form-field>
        } @else {
          <mat-form-field appearance="outline">
            <mat-label>Current password</mat-label>
            <input
              matInput
              formControlName="secret"
              type="password"
              autocomplete="current-password"
              required
              cdkFocusInitial
            />
            @if (form.controls.secret.hasError('required')) {
              <mat-error>Current password is required</mat-error>
            }
          </mat-form-field>
        }
        @if (data.allowCode) {
          <button mat-button type="button" (click)="toggle()">
            {{ withCode() ? 'Use your password instead' : 'Use a code instead' }}
          </button>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit">{{ data.confirm }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordDialog {
  protected readonly data = inject<PasswordDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<PasswordDialog, PasswordProof>>(MatDialogRef);
  protected readonly withCode = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({ secret: ['', required] });

  protected toggle(): void {
    this.withCode.update((value) => !value);
    this.form.reset();
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const secret = this.form.getRawValue().secret;
    this.dialogRef.close(
      this.withCode() ? { code: secret.replace(/\s+/g, '') } : { currentPassword: secret },
    );
  }
}
