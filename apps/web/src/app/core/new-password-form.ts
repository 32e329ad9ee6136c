import { DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { PASSWORD_MIN, sameAs } from './password-rules';
import { required } from './validators';

/**
 * The form of a new password typed twice (`password`, `confirm`), the confirmation checked again
 * whenever the password changes. Call it in an injection context.
 */
export function newPasswordForm() {
  const form = inject(NonNullableFormBuilder).group({
    password: ['', [required, Validators.minLength(PASSWORD_MIN)]],
    confirm: ['', [required, sameAs('password')]],
  });
  form.controls.password.valueChanges
    .pipe(takeUntilDestroyed(inject(DestroyRef)))
    .subscribe(() => form.controls.confirm.updateValueAndValidity({ emitEvent: false }));
  return form;
}
