import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { TESSERA_CLIENT } from '@tessera/angular';
import type { MfaStatus } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { EmailSettings } from './email-settings';
import { LinkedAccounts } from './linked-accounts';
import { PasskeySettings } from './passkey-settings';
import { TotpSettings } from './totp-settings';

/**
 * `/security`: the signed-in user's email (verification, change), authenticator app and
 * recovery codes, passkeys, and the accounts of sign-in providers linked to it.
 */
@Component({
  selector: 'app-security-page',
  imports: [MatCardModule, EmailSettings, LinkedAccounts, PasskeySettings, TotpSettings],
  template: `
    <div class="page">
      <h1>Security</h1>
      <mat-card appearance="outlined"
        ><mat-card-content><app-email-settings /></mat-card-content
      ></mat-card>
      <mat-card appearance="outlined"
        ><mat-card-content
          ><app-totp-settings [status]="status()" (changed)="reload()" /></mat-card-content
      ></mat-card>
      <mat-card appearance="outlined"
        ><mat-card-content><app-passkey-settings (changed)="reload()" /></mat-card-content
      ></mat-card>
      <app-linked-accounts />
    </div>
  `,
  styles: `
    .page {
      display: flex;
      flex-direction: column;
      gap: 1rem;
      max-width: 44rem;
      margin: 2rem auto;
      padding: 0 1rem;
    }

    @media (max-width: 30rem) {
      .page {
        margin-top: 1rem;
        padding: 0 0.5rem;
      }
    }

    h1 {
      margin: 0;
      font: var(--mat-sys-headline-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPage {
  private readonly client = inject(TESSERA_CLIENT);
  private readonly notifier = inject(Notifier);
  protected readonly status = signal<MfaStatus | null>(null);

  constructor() {
    // Leaving the page (a logout, a session that ended) closes the dialogs it opened.
    const dialog = inject(MatDialog);
    inject(DestroyRef).onDestroy(() => dialog.closeAll());
    void this.reload();
  }

  protected async reload(): Promise<void> {
    try {
      this.status.set(await this.client.mfaStatus());
    } catch (error) {
      this.notifier.error(error);
    }
  }
}
