import {
  ChangeDetectionStrategy,
  Component,
  inject,
  output,
  signal,
  viewChild,
  type ElementRef,
} from '@angular/core';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TESSERA_CLIENT } from '@tessera/angular';
import type { Passkey } from '@tessera/client';
import { filter, firstValueFrom } from 'rxjs';
import { ConfirmDialog, type ConfirmData } from '../core/confirm-dialog';
import { Notifier } from '../core/notifier';
import { formatDate } from '../core/format-date';
import { problemCode } from '../core/problem-code';
import { askCurrentPassword } from '../core/recent-login';
import { required } from '../core/validators';
import { passkeyCancelled, webAuthnAvailable } from '../core/webauthn-support';
import { RenamePasskeyDialog } from './rename-passkey-dialog';

/** The signed-in user's passkeys: add one (named), rename, remove. */
@Component({
  selector: 'app-passkey-settings',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  templateUrl: './passkey-settings.html',
  styleUrls: ['./settings-section.scss', './passkey-settings.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasskeySettings {
  /** Emitted after a change, so the page reloads the status. */
  readonly changed = output();
  private readonly client = inject(TESSERA_CLIENT);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly formDirective = viewChild(FormGroupDirective);
  private readonly sectionTitle = viewChild.required<ElementRef<HTMLElement>>('sectionTitle');
  protected readonly supported = webAuthnAvailable();
  protected readonly passkeys = signal<readonly Passkey[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly formatDate = formatDate;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [required, Validators.maxLength(64)]],
  });

  constructor() {
    void this.reload();
  }

  protected async add(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const name = this.form.getRawValue().name.trim();
    await this.run(async () => {
      try {
        await this.register(name);
      } catch (error) {
        if (!passkeyCancelled(error)) throw error;
        this.notifier.info('No passkey was created');
        return;
      }
      // resetForm, not reset: the emptied field is not an error of a submitted form.
      this.formDirective()?.resetForm();
      this.notifier.info('Passkey added');
      await this.reload();
      this.changed.emit();
    });
  }

  protected async rename(passkey: Passkey): Promise<void> {
    const ref = this.dialog.open<RenamePasskeyDialog, Passkey, string>(RenamePasskeyDialog, {
      data: passkey,
      width: '28rem',
    });
    const name = await firstValueFrom(ref.afterClosed());
    if (name === undefined || name === passkey.name) return;
    await this.run(async () => {
      await this.client.renamePasskey(passkey.id, name);
      this.notifier.info('Passkey renamed');
      await this.reload();
    });
  }

  protected async remove(passkey: Passkey): Promise<void> {
    const data: ConfirmData = {
      title: 'Remove passkey',
      message: `Remove “${passkey.name}”? It will no longer sign you in. The copy on your device stays until you delete it there.`,
      confirm: 'Remove',
    };
    const ref = this.dialog.open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data });
    const confirmed = await firstValueFrom(ref.afterClosed().pipe(filter(Boolean)), {
      defaultValue: false,
    });
    if (!confirmed) return;
    await this.run(async () => {
      await this.client.removePasskey(passkey.id);
      this.notifier.info('Passkey removed');
      await this.reload();
      // Its Remove button, where the dialog would give the focus back, is gone.
      this.sectionTitle().nativeElement.focus();
      this.changed.emit();
    });
  }

  /**
   * Registers the passkey; a session that logged in more than 5 minutes ago is asked for the
   * password first (403 `recent_login_required`), then the registration runs again with it.
   * Closing that dialog counts as a cancelled ceremony (an `AbortError`).
   */
  private async register(name: string): Promise<void> {
    try {
      await this.client.registerPasskey(name);
    } catch (error) {
      if (problemCode(error) !== 'recent_login_required') throw error;
      const currentPassword = await askCurrentPassword(
        this.dialog,
        'Enter your password to add a passkey.',
      );
      if (currentPassword === undefined) throw new DOMException('', 'AbortError');
      await this.client.registerPasskey(name, currentPassword);
    }
  }

  private async reload(): Promise<void> {
    try {
      this.passkeys.set(await this.client.listPasskeys());
    } catch (error) {
      this.notifier.error(error);
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
