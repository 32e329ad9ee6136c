import type { ElementRef } from '@angular/core';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TESSERA_CLIENT } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import { email, required } from '../core/validators';

/**
 * `/forgot-password`: asks for a reset link by mail. The answer is the same whether or not the
 * address has an account, so the page says so in words that do not reveal it either.
 */
@Component({
  selector: 'app-forgot-password',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  templateUrl: './forgot-password.html',
  styleUrl: '../core/panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPassword {
  private readonly client = inject(TESSERA_CLIENT);
  private readonly notifier = inject(Notifier);
  private readonly sentHeading = viewChild<ElementRef<HTMLElement>>('sentHeading');
  protected readonly busy = signal(false);
  /** The address the link was asked for, once the server took the request. */
  protected readonly sentTo = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required, email]],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const address = this.form.getRawValue().email.trim();
    this.busy.set(true);
    try {
      await this.client.forgotPassword(address);
      this.sentTo.set(address);
      // The form is gone: the focus goes to the confirmation, which a screen reader then reads.
      setTimeout(() => this.sentHeading()?.nativeElement.focus());
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected again(): void {
    this.sentTo.set(null);
  }
}
