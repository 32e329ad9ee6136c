import type { ElementRef } from '@angular/core';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { takeFragmentToken } from '../core/fragment-token';
import { Notifier } from '../core/notifier';
import { problemCode } from '../core/problem-code';

type Outcome = 'ready' | 'verified' | 'invalid';

/**
 * `/verify-email#token=…`: the page of a verification link. The address is verified by a click,
 * not on load, so that a mail scanner opening the link does not spend it.
 */
@Component({
  selector: 'app-verify-email',
  imports: [RouterLink, MatButtonModule, MatCardModule],
  templateUrl: './verify-email.html',
  styleUrl: '../core/panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VerifyEmail {
  protected readonly auth = inject(TesseraAuth);
  private readonly notifier = inject(Notifier);
  private readonly resultHeading = viewChild<ElementRef<HTMLElement>>('resultHeading');
  private readonly token = takeFragmentToken();
  protected readonly busy = signal(false);
  protected readonly outcome = signal<Outcome>(this.token === null ? 'invalid' : 'ready');
  protected readonly email = signal<string | null>(null);

  protected async verify(): Promise<void> {
    if (this.token === null) return;
    this.busy.set(true);
    try {
      const user = await this.auth.verifyEmail(this.token);
      this.email.set(user.email);
      this.show('verified');
    } catch (error) {
      if (problemCode(error) === 'verification_token_invalid') this.show('invalid');
      else this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }

  private show(outcome: Outcome): void {
    this.outcome.set(outcome);
    setTimeout(() => this.resultHeading()?.nativeElement.focus());
  }
}
