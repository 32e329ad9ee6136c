import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TESSERA_CLIENT, TesseraAuth } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import { required } from '../core/validators';

/** The password policy of the server: 8 characters at least. */
const PASSWORD_MIN = 8;

/**
 * `/account/password`: the signed-in user changes their password (`POST /api/auth/password`).
 * This session goes on with the new token the server returns; every other session ends.
 */
@Component({
  selector: 'app-change-password',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  templateUrl: './change-password.html',
  styleUrl: './change-password.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePassword {
  private readonly client = inject(TESSERA_CLIENT);
  private readonly notifier = inject(Notifier);
  private readonly formDirective = viewChild.required(FormGroupDirective);
  protected readonly busy = signal(false);
  private readonly auth = inject(TesseraAuth);
  protected readonly email = computed(() => this.auth.user()?.email ?? '');
  protected readonly form = inject(NonNullableFormBuilder).group({
    current: ['', required],
    password: ['', [required, Validators.minLength(PASSWORD_MIN)]],
    confirm: ['', [required, (control: AbstractControl) => this.matches(control)]],
  });

  constructor() {
    this.form.controls.password.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.form.controls.confirm.updateValueAndValidity({ emitEvent: false }));
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { current, password } = this.form.getRawValue();
    this.busy.set(true);
    try {
      await this.client.changePassword({ current_password: current, new_password: password });
      this.formDirective().resetForm();
      this.notifier.info('Password changed');
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }

  /** The confirmation must repeat the new password (checked once both are typed). */
  private matches(control: AbstractControl): ValidationErrors | null {
    const password: unknown = control.parent?.get('password')?.value;
    const value: unknown = control.value;
    return value === '' || value === password ? null : { mismatch: true };
  }
}
