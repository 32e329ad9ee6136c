import type { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { PasswordDialog, type PasswordDialogData, type PasswordProof } from './password-dialog';

/**
 * Asks for the current password when the server answered 403 `recent_login_required` (the
 * session logged in more than 5 minutes ago): "Confirm it is you" with `message`. Resolves with
 * the password, or `undefined` when the user closed the dialog.
 */
export async function askCurrentPassword(
  dialog: MatDialog,
  message: string,
): Promise<string | undefined> {
  const proof = await firstValueFrom(
    dialog
      .open<PasswordDialog, PasswordDialogData, PasswordProof>(PasswordDialog, {
        data: { title: 'Confirm it is you', message, confirm: 'Continue' },
        width: '28rem',
      })
      .afterClosed(),
  );
  return proof !== undefined && 'currentPassword' in proof ? proof.currentPassword : undefined;
}
