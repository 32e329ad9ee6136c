import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { FormGroupDirective } from '@angular/forms';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TESSERA_CLIENT, TesseraAuth } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import { email, required } from '../core/validators';

/**
 * The signed-in user's address: whether it is verified (with "send the link again"), and a
 * change, which takes effect when the link sent to the new address is opened.
 */
@Component({
  selector: 'app-email-settings',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  templateUrl: './email-settings.html',
  styleUrl: './settings-section.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmailSettings {
  private readonly auth = inject(TesseraAuth);
  private readonly client = inject(TESSERA_CLIENT);
  private readonly notifier = inject(Notifier);
  protected readonly user = this.auth.user;
  protected readonly verified = computed(() => this.user()?.is_email_verified === true);
  protected readonly busy = signal(false);
  /** The address a change link was last sent to. */
  protected readonly pending = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required, email]],
    current: ['', required],
  });

  protected async resend(): Promise<void> {
    await this.run(async () => {
      await this.client.resendVerification();
      this.notifier.info(`Verification link sent to ${this.user()?.email ?? 'your address'}`);
    });
  }

  protected async change(form: FormGroupDirective): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email: next, current } = this.form.getRawValue();
    await this.run(async () => {
      await this.client.changeEmail(next.trim(), current);
      this.pending.set(next.trim());
      form.resetForm();
    });
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
