import { Validators, type ValidatorFn } from '@angular/forms';

// Angular's static validators, as plain functions (typescript-eslint's unbound-method would
// flag `Validators.required` passed by reference).

/** The value must not be empty. */
export const required: ValidatorFn = (control) => Validators.required(control);

/** The value must look like an email address. */
export const email: ValidatorFn = (control) => Validators.email(control);
