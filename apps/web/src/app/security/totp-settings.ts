import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  output,
  signal,
  viewChild,
  type ElementRef,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TESSERA_CLIENT } from '@tessera/angular';
import type { MfaStatus, TotpEnrolment } from '@tessera/client';
import { firstValueFrom } from 'rxjs';
import { Notifier } from '../core/notifier';
import {
  PasswordDialog,
  type PasswordDialogData,
  type PasswordProof,
} from '../core/password-dialog';
import { required } from '../core/validators';
import { RecoveryCodes } from './recovery-codes';
import { TotpQr } from './totp-qr';

/**
 * The authenticator app (TOTP) of the signed-in user: set it up (password, then the QR code or
 * the secret, then a code to confirm), see the recovery codes once, regenerate them, turn it off.
 */
@Component({
  selector: 'app-totp-settings',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    RecoveryCodes,
    TotpQr,
  ],
  templateUrl: './totp-settings.html',
  styleUrl: './settings-section.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TotpSettings {
  /** Emitted after a change, so the page reloads the status. */
  readonly changed = output();
  /** The user's second factors; null while loading. */
  readonly status = input.required<MfaStatus | null>();
  private readonly client = inject(TESSERA_CLIENT);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly sectionTitle = viewChild<ElementRef<HTMLElement>>('sectionTitle');
  private readonly enrolTitle = viewChild<ElementRef<HTMLElement>>('enrolTitle');
  protected readonly busy = signal(false);
  protected readonly enrolment = signal<TotpEnrolment | null>(null);
  protected readonly codes = signal<readonly string[] | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [required, Validators.pattern(/^\s*\d{6}\s*$/)]],
  });

  protected async start(): Promise<void> {
    const proof = await this.askProof({
      title: 'Set up an authenticator app',
      message: 'Enter your password to continue.',
      confirm: 'Continue',
    });
    if (proof === undefined || !('currentPassword' in proof)) return;
    await this.run(async () => {
      this.enrolment.set(await this.client.startTotpEnrolment(proof.currentPassword));
      this.form.reset();
      this.focusLater(this.enrolTitle);
    });
  }

  protected async confirm(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    await this.run(async () => {
      const { recovery_codes } = await this.client.confirmTotp(this.form.getRawValue().code.trim());
      this.enrolment.set(null);
      this.codes.set(recovery_codes);
      this.notifier.info('Two-step verification is on');
      this.changed.emit();
    });
  }

  /** The key in groups of four, easier to type (the app ignores the spaces). */
  protected grouped(secret: string): string {
    return secret.replace(/(.{4})(?=.)/g, '$1 ');
  }

  protected cancel(): void {
    this.enrolment.set(null);
    this.focusLater(this.sectionTitle);
  }

  protected async regenerate(): Promise<void> {
    const proof = await this.askProof({
      title: 'New recovery codes',
      message: 'Your old recovery codes will stop working. Enter your password to continue.',
      confirm: 'Get new codes',
    });
    if (proof === undefined || !('currentPassword' in proof)) return;
    await this.run(async () => {
      const { recovery_codes } = await this.client.regenerateRecoveryCodes(proof.currentPassword);
      this.codes.set(recovery_codes);
      this.changed.emit();
    });
  }

  protected async disable(): Promise<void> {
    const proof = await this.askProof({
      title: 'Turn off the authenticator app',
      message:
        'Signing in will no longer ask for its codes, and your recovery codes will stop working.',
      confirm: 'Turn off',
      allowCode: true,
    });
    if (proof === undefined) return;
    await this.run(async () => {
      await this.client.disableTotp(proof);
      this.notifier.info('The authenticator app is turned off');
      this.changed.emit();
    });
  }

  protected saved(): void {
    this.codes.set(null);
    this.focusLater(this.sectionTitle);
  }

  /** The panel that had the focus is gone: the focus goes to what replaced it, once rendered. */
  private focusLater(target: () => ElementRef<HTMLElement> | undefined): void {
    setTimeout(() => target()?.nativeElement.focus());
  }

  private askProof(data: PasswordDialogData): Promise<PasswordProof | undefined> {
    const ref = this.dialog.open<PasswordDialog, PasswordDialogData, PasswordProof>(
      PasswordDialog,
      { data, width: '28rem' },
    );
    return firstValueFrom(ref.afterClosed());
  }

  private async run(step: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    try {
      await step();
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }
}
