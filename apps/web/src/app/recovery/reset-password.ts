import type { ElementRef } from '@angular/core';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { TesseraMfaRequiredError } from '@tessera/client';
import type { TokenResponse } from '@tessera/protocol';
import { takeFragmentToken } from '../core/fragment-token';
import { newPasswordForm } from '../core/new-password-form';
import { afterSignIn } from '../core/after-sign-in';
import { Notifier } from '../core/notifier';
import { problemCode } from '../core/problem-code';
import { MfaStep } from '../login/mfa-step';

/**
 * `/reset-password#token=…`: the page of a reset link. A new password, typed twice; then the
 * user is signed in (every other session ended by the server). An account with a second factor
 * gets the second step first. A used, expired or unknown link says so and offers a new one.
 */
@Component({
  selector: 'app-reset-password',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MfaStep,
  ],
  templateUrl: './reset-password.html',
  styleUrl: '../core/panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPassword {
  private readonly auth = inject(TesseraAuth);
  private readonly router = inject(Router);
  private readonly goOn = afterSignIn();
  private readonly notifier = inject(Notifier);
  private readonly problemHeading = viewChild<ElementRef<HTMLElement>>('problemHeading');
  protected readonly token = takeFragmentToken();
  protected readonly busy = signal(false);
  /** The link cannot be used (any more). */
  protected readonly invalid = signal(this.token === null);
  protected readonly challenge = signal<TesseraMfaRequiredError | null>(null);
  protected readonly form = newPasswordForm();

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.token === null) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    try {
      await this.signedIn(
        await this.auth.resetPassword(this.token, this.form.getRawValue().password),
      );
    } catch (error) {
      this.failed(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected async signedIn(response: TokenResponse): Promise<void> {
    this.notifier.info('Password changed. You are signed in, and signed out everywhere else');
    await this.goOn(response);
  }

  protected restart(): void {
    // The password changed with the first step (the link is spent): log in with it.
    this.notifier.info('Your new password is set: log in with it');
    void this.router.navigateByUrl('/login');
  }

  private failed(error: unknown): void {
    if (error instanceof TesseraMfaRequiredError) {
      this.challenge.set(error);
    } else if (problemCode(error) === 'reset_token_invalid') {
      this.invalid.set(true);
      setTimeout(() => this.problemHeading()?.nativeElement.focus());
    } else {
      this.notifier.error(error);
    }
  }
}
