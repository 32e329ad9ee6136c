import type { ElementRef } from '@angular/core';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TesseraAuth } from '@tessera/angular';
import type { TesseraMfaRequiredError } from '@tessera/client';
import type { TokenResponse } from '@tessera/protocol';
import { Notifier } from '../core/notifier';
import { problemCode } from '../core/problem-code';
import { required } from '../core/validators';
import { passkeyCancelled, webAuthnAvailable } from '../core/webauthn-support';

/** What the second step answers with. */
type CodeMethod = 'totp' | 'recovery_code';

/**
 * The second step of a login (after the password, or a password reset): a code of the
 * authenticator app, a recovery code, or a passkey, whichever the account has. Emits `signedIn`
 * once the token is stored, `restart` when the step expired (back to the password).
 */
@Component({
  selector: 'app-mfa-step',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  templateUrl: './mfa-step.html',
  styleUrl: './mfa-step.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MfaStep {
  readonly challenge = input.required<Pick<TesseraMfaRequiredError, 'mfaToken' | 'methods'>>();
  /** The token response of the second step. */
  readonly signedIn = output<TokenResponse>();
  readonly restart = output();
  private readonly auth = inject(TesseraAuth);
  private readonly notifier = inject(Notifier);
  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly canUseTotp = computed(() => this.challenge().methods.includes('totp'));
  protected readonly canUseRecovery = computed(() =>
    this.challenge().methods.includes('recovery_code'),
  );
  protected readonly canUsePasskey = computed(
    () => this.challenge().methods.includes('webauthn') && webAuthnAvailable(),
  );
  private readonly chosen = signal<CodeMethod | null>(null);
  /** The code asked for: the one chosen, else the app's code when the account has one. */
  protected readonly method = computed<CodeMethod | null>(
    () =>
      this.chosen() ??
      (this.canUseTotp() ? 'totp' : this.canUseRecovery() ? 'recovery_code' : null),
  );
  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [required, Validators.maxLength(64)]],
  });

  constructor() {
    // The step replaces the password form: the focus follows, to the code or to the heading.
    afterNextRender(() => (this.codeInput() ?? this.heading())?.nativeElement.focus());
  }

  protected use(method: CodeMethod): void {
    this.chosen.set(method);
    this.form.reset();
    this.problem.set(null);
    setTimeout(() => this.codeInput()?.nativeElement.focus());
  }

  protected async submit(): Promise<void> {
    const method = this.method();
    if (this.form.invalid || method === null) {
      this.form.markAllAsTouched();
      return;
    }
    const code = this.form.getRawValue().code.replace(/\s+/g, '');
    await this.run(() => this.auth.completeMfa({ mfaToken: this.mfaToken(), method, code }));
  }

  protected async usePasskey(): Promise<void> {
    await this.run(() => this.auth.completeMfaWithPasskey(this.mfaToken()));
  }

  private mfaToken(): string {
    return this.challenge().mfaToken;
  }

  private async run(step: () => Promise<TokenResponse>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.signedIn.emit(await step());
    } catch (error) {
      this.failed(error);
    } finally {
      this.busy.set(false);
    }
  }

  private failed(error: unknown): void {
    const code = problemCode(error);
    if (code === 'mfa_token_invalid') {
      this.notifier.info('The sign-in step expired, enter your password again');
      this.restart.emit();
      return;
    }
    if (passkeyCancelled(error)) {
      this.problem.set('The passkey was not used. Try again, or use a code.');
      return;
    }
    if (code === 'invalid_credentials') {
      this.problem.set(
        this.method() === 'recovery_code'
          ? 'That recovery code is not valid, or was used already'
          : 'That code is not valid. Enter the current code of your authenticator app',
      );
      this.form.reset();
      this.codeInput()?.nativeElement.focus();
      return;
    }
    this.notifier.error(error);
  }
}
