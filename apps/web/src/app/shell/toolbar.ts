import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import { RESOURCE_NAV } from '../resources/resources';

/**
 * The app bar: the app's name and, while signed in, the user's email, the Sessions and Change
 * password links, and a Logout button (which ends the session on the server and in every tab);
 * after the name, a link to each scaffolded resource's list (`RESOURCE_NAV`).
 */
@Component({
  selector: 'app-toolbar',
  imports: [MatToolbarModule, MatButtonModule, RouterLink, RouterLinkActive],
  templateUrl: './toolbar.html',
  styleUrl: './toolbar.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Toolbar {
  protected readonly auth = inject(TesseraAuth);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  protected readonly busy = signal(false);
  protected readonly resources = RESOURCE_NAV;

  protected async logout(): Promise<void> {
    this.busy.set(true);
    this.notifier.info('Logging out');
    try {
      await this.auth.logout();
    } catch {
      // The token is dropped locally whatever the server answered.
    } finally {
      this.busy.set(false);
    }
    await this.router.navigateByUrl('/login');
  }
}
