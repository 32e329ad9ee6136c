import { inject, Injectable, Injector } from '@angular/core';
import type { MatSnackBar, MatSnackBarConfig } from '@angular/material/snack-bar';
import { errorMessage } from './error-message';

/**
 * Messages for the user as Material snack bars, one at a time: a new one replaces the one
 * shown. The snack bar (and the CDK overlay under it) is loaded on the first message, which
 * keeps it out of the initial bundle.
 */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly injector = inject(Injector);
  private snackBar: Promise<MatSnackBar> | undefined;

  /** Shows a short confirmation or notice. */
  info(message: string): void {
    this.show(message, { duration: 4000 });
  }

  /** Shows the readable text of a failed call (nothing for a 401 that ended the session). */
  error(error: unknown): void {
    const message = errorMessage(error);
    if (message !== null) this.show(message, { duration: 8000, politeness: 'assertive' });
  }

  private show(message: string, config: MatSnackBarConfig): void {
    this.snackBar ??= import('@angular/material/snack-bar').then((module) =>
      this.injector.get(module.MatSnackBar),
    );
    void this.snackBar.then((snackBar) => snackBar.open(message, 'Dismiss', config));
  }
}
