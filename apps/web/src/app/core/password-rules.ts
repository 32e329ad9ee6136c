import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The password policy of the server: 8 characters at least. */
export const PASSWORD_MIN = 8;

/**
 * The confirmation must repeat the sibling control `name` (checked once both are typed);
 * `{ mismatch: true }` otherwise. Re-run it when the other control changes.
 */
export function sameAs(name: string): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const other: unknown = control.parent?.get(name)?.value;
    const value: unknown = control.value;
    return value === '' || value === other ? null : { mismatch: true };
  };
}
