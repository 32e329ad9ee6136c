import type { ElementRef } from '@angular/core';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { TesseraAuth } from '@tessera/angular';
import {
  TesseraHttpError,
  TesseraPopupClosedError,
  type LinkedIdentity,
  type OidcProvider,
} from '@tessera/client';
import { filter, firstValueFrom } from 'rxjs';
import { ConfirmDialog, type ConfirmData } from '../core/confirm-dialog';
import { Notifier } from '../core/notifier';
import { formatDate } from '../core/format-date';
import { problemCode } from '../core/problem-code';
import { askCurrentPassword } from '../core/recent-login';

/** What a call that is not there says (a server without provider sign-in): nothing to show. */
function absent(error: unknown): boolean {
  return error instanceof TesseraHttpError && error.status === 404;
}

/**
 * "Linked accounts" of the security page: the provider identities that sign the user in, a
 * "Link <provider>" button per configured provider not linked yet (in a popup; the password is
 * asked when the login is not recent), and "Unlink" after a confirmation. Shown only when a
 * provider is configured or an identity is linked.
 */
@Component({
  selector: 'app-linked-accounts',
  imports: [MatButtonModule, MatCardModule],
  templateUrl: './linked-accounts.html',
  styleUrls: ['./settings-section.scss', './passkey-settings.scss', './linked-accounts.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LinkedAccounts {
  private readonly auth = inject(TesseraAuth);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly sectionTitle = viewChild<ElementRef<HTMLElement>>('sectionTitle');
  protected readonly providers = signal<readonly OidcProvider[]>([]);
  protected readonly identities = signal<readonly LinkedIdentity[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly formatDate = formatDate;
  /** The configured providers the user has no identity of yet. */
  protected readonly linkable = computed(() => {
    const linked = new Set((this.identities() ?? []).map((identity) => identity.provider));
    return this.providers().filter((provider) => !linked.has(provider.name));
  });
  protected readonly visible = computed(
    () => this.providers().length > 0 || (this.identities()?.length ?? 0) > 0,
  );

  constructor() {
    void this.load();
  }

  /** In the click itself: the popup opens before any await, so the browser lets it through. */
  protected async link(provider: OidcProvider): Promise<void> {
    await this.run(async () => {
      try {
        await this.linkWithProof(provider);
      } catch (error) {
        if (!(error instanceof TesseraPopupClosedError)) throw error;
        this.notifier.info(`${provider.label} was not linked`);
        return;
      }
      this.notifier.info(`Linked ${provider.label}`);
      await this.reloadIdentities();
    });
  }

  protected async unlink(identity: LinkedIdentity): Promise<void> {
    const who = identity.email === null ? '' : ` (${identity.email})`;
    const data: ConfirmData = {
      title: `Unlink ${identity.label}`,
      message: `Unlink ${identity.label}${who}? It will no longer sign you in.`,
      confirm: 'Unlink',
    };
    const ref = this.dialog.open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data });
    const confirmed = await firstValueFrom(ref.afterClosed().pipe(filter(Boolean)), {
      defaultValue: false,
    });
    if (!confirmed) return;
    await this.run(async () => {
      // 409 oidc_last_sign_in_method (the only way in left) is shown by the notifier.
      await this.auth.unlink(identity.id);
      this.notifier.info(`Unlinked ${identity.label}`);
      await this.reloadIdentities();
      // Its Unlink button, where the dialog would give the focus back, is gone.
      this.sectionTitle()?.nativeElement.focus();
    });
  }

  /**
   * Links; a session that logged in more than 5 minutes ago is asked for the password first
   * (403 `recent_login_required`), then the link runs again with it. Closing that dialog counts
   * as a closed popup.
   */
  private async linkWithProof(provider: OidcProvider): Promise<void> {
    try {
      await this.auth.link(provider.name, { mode: 'popup', returnTo: '/security' });
    } catch (error) {
      if (problemCode(error) !== 'recent_login_required') throw error;
      const currentPassword = await askCurrentPassword(
        this.dialog,
        `Enter your password to link ${provider.label}.`,
      );
      if (currentPassword === undefined) throw new TesseraPopupClosedError();
      await this.auth.link(provider.name, {
        mode: 'popup',
        returnTo: '/security',
        currentPassword,
      });
    }
  }

  private async load(): Promise<void> {
    try {
      this.providers.set(await this.auth.providers());
    } catch (error) {
      if (!absent(error)) this.notifier.error(error);
    }
    await this.reloadIdentities();
  }

  private async reloadIdentities(): Promise<void> {
    try {
      this.identities.set(await this.auth.identities());
    } catch (error) {
      this.identities.set([]);
      if (!absent(error)) this.notifier.error(error);
    }
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
