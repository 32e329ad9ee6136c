import type { ElementRef } from '@angular/core';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { takeFragmentToken } from '../core/fragment-token';
import { newPasswordForm } from '../core/new-password-form';
import { afterSignIn } from '../core/after-sign-in';
import { Notifier } from '../core/notifier';
import { problemCode } from '../core/problem-code';

/**
 * `/accept-invitation#token=…`: the page of an invitation link. The new user chooses a password,
 * typed twice, and is signed in (the address is verified by the link). A used, expired, revoked
 * or unknown link says so.
 */
@Component({
  selector: 'app-accept-invitation',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  templateUrl: './accept-invitation.html',
  styleUrl: '../core/panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AcceptInvitation {
  private readonly auth = inject(TesseraAuth);
  private readonly goOn = afterSignIn();
  private readonly notifier = inject(Notifier);
  private readonly problemHeading = viewChild<ElementRef<HTMLElement>>('problemHeading');
  protected readonly token = takeFragmentToken();
  protected readonly busy = signal(false);
  protected readonly invalid = signal(this.token === null);
  protected readonly form = newPasswordForm();

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.token === null) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    try {
      const response = await this.auth.acceptInvitation(
        this.token,
        this.form.getRawValue().password,
      );
      this.notifier.info('Welcome! Your account is ready');
      await this.goOn(response);
    } catch (error) {
      if (problemCode(error) === 'invitation_token_invalid') {
        this.invalid.set(true);
        setTimeout(() => this.problemHeading()?.nativeElement.focus());
      } else {
        this.notifier.error(error);
      }
    } finally {
      this.busy.set(false);
    }
  }
}
