import { Location } from '@angular/common';
import type { ElementRef } from '@angular/core';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TesseraAuth } from '@tessera/angular';
import { oidcCallbackError, TesseraMfaRequiredError } from '@tessera/client';
import type { TokenResponse } from '@tessera/protocol';
import { afterSignIn } from '../core/after-sign-in';
import { errorMessage } from '../core/error-message';
import { Notifier } from '../core/notifier';
import { MfaStep } from '../login/mfa-step';

/** Said when the page has nothing it can use (no fragment, or a mangled one). */
const UNUSABLE = 'This sign-in link cannot be used. Start again from the login page.';

/**
 * Whether this window is a popup this app opened (its opener is on this origin): then the
 * opener reads the fragment and closes the window, and this page does nothing.
 */
export function openedByThisApp(): boolean {
  try {
    const opener: unknown = Reflect.get(globalThis, 'opener');
    if (typeof opener !== 'object' || opener === null || opener === globalThis) return false;
    const origin: unknown = Reflect.get(Reflect.get(opener, 'location') as object, 'origin');
    return origin === globalThis.location.origin;
  } catch {
    return false; // another origin's opener: reading its location throws
  }
}

/**
 * `/oidc/callback#…`: where the server sends the browser back from a provider. In a popup it
 * only says "Finishing sign-in…" (the opener finishes). After a redirect it finishes here: a
 * ticket signs in (with the second step when the account has one) and goes to `return_to`; a
 * linked provider is announced, then `return_to`; an error is shown with a way back.
 */
@Component({
  selector: 'app-oidc-callback',
  imports: [RouterLink, MatButtonModule, MatCardModule, MfaStep],
  templateUrl: './oidc-callback.html',
  styleUrl: '../core/panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OidcCallback {
  protected readonly auth = inject(TesseraAuth);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly goOn = afterSignIn();
  private readonly problemHeading = viewChild<ElementRef<HTMLElement>>('problemHeading');
  protected readonly inPopup = openedByThisApp();
  protected readonly challenge = signal<TesseraMfaRequiredError | null>(null);
  protected readonly failure = signal<string | null>(null);
  /** Where to go once done (a same-origin path; the client checked it). */
  protected readonly returnTo = signal('/');

  constructor() {
    if (this.inPopup) return;
    const fragment = inject(ActivatedRoute).snapshot.fragment ?? '';
    // The one-time ticket leaves the address bar and the history at once.
    const location = inject(Location);
    if (fragment !== '') location.replaceState(location.path(false));
    void this.finish(`#${fragment}`);
  }

  protected async signedIn(response: TokenResponse): Promise<void> {
    await this.goOn(response, this.returnTo());
  }

  protected goBack(): void {
    void this.router.navigateByUrl(this.returnTo());
  }

  protected restart(): void {
    void this.router.navigateByUrl('/login');
  }

  private async finish(hash: string): Promise<void> {
    const result = this.auth.oidcCallbackResult(hash);
    if (result === null) {
      this.fail(UNUSABLE);
      return;
    }
    this.returnTo.set(result.returnTo);
    if ('error' in result) {
      this.fail(errorMessage(oidcCallbackError(result.error)) ?? UNUSABLE);
    } else if ('linked' in result) {
      await this.linked(result.linked);
    } else {
      await this.complete(result.ticket);
    }
  }

  private async complete(ticket: string): Promise<void> {
    try {
      await this.signedIn(await this.auth.completeOidc(ticket));
    } catch (error) {
      if (error instanceof TesseraMfaRequiredError) this.challenge.set(error);
      else this.fail(errorMessage(error) ?? UNUSABLE);
    }
  }

  private async linked(name: string): Promise<void> {
    const providers = await this.auth.providers().catch(() => []);
    const label = providers.find((provider) => provider.name === name)?.label ?? name;
    this.notifier.info(`Linked ${label}`);
    await this.router.navigateByUrl(this.returnTo());
  }

  private fail(message: string): void {
    this.failure.set(message);
    setTimeout(() => this.problemHeading()?.nativeElement.focus());
  }
}
