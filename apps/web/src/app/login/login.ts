import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDividerModule } from '@angular/material/divider';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import {
  TesseraMfaRequiredError,
  TesseraPopupClosedError,
  type OidcProvider,
} from '@tessera/client';
import type { TokenResponse } from '@tessera/protocol';
import { afterSignIn } from '../core/after-sign-in';
import { Notifier } from '../core/notifier';
import { email, required } from '../core/validators';
import { passkeyCancelled, webAuthnAvailable } from '../core/webauthn-support';
import { MfaStep } from './mfa-step';

/**
 * The login page (the tutorial's): email, password, Login; then the users list. An account with
 * a second factor gets the second step in place; "Sign in with a passkey" skips the password;
 * "Sign in with <provider>" (one per configured provider) signs in through a popup.
 */
@Component({
  selector: 'app-login',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatDividerModule,
    MatFormFieldModule,
    MatInputModule,
    MfaStep,
  ],
  templateUrl: './login.html',
  styleUrl: './login.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Login {
  private readonly auth = inject(TesseraAuth);
  private readonly goOn = afterSignIn();
  private readonly notifier = inject(Notifier);
  protected readonly busy = signal(false);
  /** The second step due after the password, or null while the password is asked. */
  protected readonly challenge = signal<TesseraMfaRequiredError | null>(null);
  protected readonly passkeys = webAuthnAvailable();
  /** The configured sign-in providers; none (no buttons) until loaded, or when that fails. */
  protected readonly providers = signal<readonly OidcProvider[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required, email]],
    password: ['', required],
  });

  constructor() {
    // No provider buttons is the right page for a server without providers (or unreachable).
    this.auth.providers().then(
      (providers) => this.providers.set(providers),
      () => this.providers.set([]),
    );
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    await this.run(() => this.auth.login(this.form.getRawValue()));
  }

  protected async withPasskey(): Promise<void> {
    await this.run(() => this.auth.loginWithPasskey());
  }

  /** In the click itself: the popup opens before any await, so the browser lets it through. */
  protected async withProvider(provider: OidcProvider): Promise<void> {
    await this.run(() => this.auth.authenticate(provider.name, { mode: 'popup' }));
  }

  protected async signedIn(response: TokenResponse): Promise<void> {
    await this.goOn(response);
  }

  protected restart(): void {
    this.challenge.set(null);
    this.form.controls.password.reset();
  }

  private async run(signIn: () => Promise<TokenResponse>): Promise<void> {
    this.busy.set(true);
    try {
      await this.signedIn(await signIn());
    } catch (error) {
      if (error instanceof TesseraMfaRequiredError) this.challenge.set(error);
      else if (passkeyCancelled(error)) this.notifier.info('The passkey was not used');
      else if (error instanceof TesseraPopupClosedError)
        this.notifier.info('Sign-in was cancelled');
      else this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }
}
