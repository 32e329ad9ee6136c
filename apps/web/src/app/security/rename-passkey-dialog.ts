import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Passkey } from '@tessera/client';
import { required } from '../core/validators';

/** Renames a passkey; closes with the new name, or nothing. */
@Component({
  selector: 'app-rename-passkey-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h2 mat-dialog-title>Rename passkey</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline">
          <mat-label>Passkey name</mat-label>
          <input matInput formControlName="name" autocomplete="off" required cdkFocusInitial />
          @if (form.controls.name.hasError('required')) {
            <mat-error>Name the passkey</mat-error>
          } @else if (form.controls.name.hasError('maxlength')) {
            <mat-error>At most 64 characters</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit">Rename</button>
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
export class RenamePasskeyDialog {
  private readonly passkey = inject<Passkey>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<RenamePasskeyDialog, string>>(MatDialogRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.passkey.name, [required, Validators.maxLength(64)]],
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.dialogRef.close(this.form.getRawValue().name.trim());
  }
}
