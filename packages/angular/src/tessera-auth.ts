import { computed, DestroyRef, inject, signal, type Signal } from '@angular/core';
import type {
  AuthEvent,
  AuthState,
  MfaCode,
  OidcAuthenticateOptions,
  OidcLinkOptions,
  TesseraClient,
  TokenPayload,
} from '@tessera/client';
import type { UserDto } from '@tessera/protocol';
import { Subject, type Observable } from 'rxjs';
import { TESSERA_CLIENT, TESSERA_OPTIONS } from './tessera-options.js';

/**
 * The auth state of the application as signals, kept in step with the {@link TesseraClient}
 * (its store is subscribed once and unsubscribed when the injector is destroyed). Provided by
 * `provideTessera`.
 *
 * @example
 * ```ts
 * export class Toolbar {
 *   protected readonly auth = inject(TesseraAuth);
 *   // template: @if (auth.user(); as user) { {{ user.email }} <button (click)="auth.logout()">Logout</button> }
 * }
 * ```
 */
export class TesseraAuth {
  private readonly client: TesseraClient = inject(TESSERA_CLIENT);
  private readonly meUrl = inject(TESSERA_OPTIONS).meUrl;
  private readonly state = signal<AuthState>(this.client.getState());
  private readonly currentUser = signal<UserDto | null>(null);
  private readonly last = signal<AuthEvent | null>(null);
  private readonly stream = new Subject<AuthEvent>();
  private userRequest = 0;
  /** The token the user was last loaded for (a token without a readable `sub`). */
  private userToken: string | null = null;

  /** True while a token is held (its `exp` is checked by the client when it changes). */
  readonly isAuthenticated: Signal<boolean> = computed(() => this.state().isAuthenticated);
  /** The decoded claims of the token, or null (always null for an encrypted token). */
  readonly payload: Signal<TokenPayload | null> = computed(() => this.state().payload);
  /** The access token, or null. */
  readonly token: Signal<string | null> = computed(() => this.state().token);
  /** The scopes granted by the token (its `scope` claim, or its login response's). */
  readonly scopes: Signal<readonly string[]> = computed(() => {
    const scope = this.state().scope;
    return scope === null ? [] : scope.split(' ').filter(Boolean);
  });
  /** The signed-in user as `meUrl` returns it, or null (signed out, or not loaded yet). */
  readonly user: Signal<UserDto | null> = this.currentUser.asReadonly();
  /** The last event of the client's store. */
  readonly lastEvent: Signal<AuthEvent | null> = this.last.asReadonly();
  /** Every event of the client's store (login, logout, token, unauthorized, session-ended). */
  readonly events: Observable<AuthEvent> = this.stream.asObservable();

  constructor() {
    const unsubscribe = this.client.subscribe((state, event) => {
      this.state.set(state);
      this.last.set(event);
      this.stream.next(event);
      this.syncUser(state);
    });
    inject(DestroyRef).onDestroy(() => {
      unsubscribe();
      this.stream.complete();
    });
    this.syncUser(this.state());
  }

  /** Logs in through the client; the signals follow. */
  login(credentials: { email: string; password: string }): ReturnType<TesseraClient['login']> {
    return this.client.login(credentials);
  }

  /**
   * The second step of a login (after `TesseraMfaRequiredError`) with a TOTP or recovery code;
   * the signals follow.
   */
  completeMfa(step: MfaCode): ReturnType<TesseraClient['completeMfa']> {
    return this.client.completeMfa(step);
  }

  /** The second step of a login with a passkey; the signals follow. */
  completeMfaWithPasskey(mfaToken: string): ReturnType<TesseraClient['completeMfaWithPasskey']> {
    return this.client.completeMfaWithPasskey(mfaToken);
  }

  /** Signs in with a passkey alone; the signals follow. */
  loginWithPasskey(): ReturnType<TesseraClient['loginWithPasskey']> {
    return this.client.loginWithPasskey();
  }

  /** The sign-in providers the server has configured (one button each). */
  providers(): ReturnType<TesseraClient['providers']> {
    return this.client.providers();
  }

  /**
   * Signs in with a provider (popup by default: call it in the click handler, before any
   * `await`); the signals follow. Rejects with `TesseraPopupClosedError` when the user closes
   * the popup, `TesseraMfaRequiredError` when a second factor is due.
   */
  authenticate(
    provider: string,
    options?: OidcAuthenticateOptions,
  ): ReturnType<TesseraClient['authenticate']> {
    return this.client.authenticate(provider, options);
  }

  /** Finishes a redirect sign-in with the callback fragment's ticket; the signals follow. */
  completeOidc(ticket: string): ReturnType<TesseraClient['completeOidc']> {
    return this.client.completeOidc(ticket);
  }

  /** What the `/oidc/callback` page's fragment says (default: `location.hash`), or null. */
  oidcCallbackResult(hash?: string): ReturnType<TesseraClient['oidcCallbackResult']> {
    return this.client.oidcCallbackResult(hash);
  }

  /** Links a provider identity to the signed-in user (popup by default); resolves with its name. */
  link(provider: string, options?: OidcLinkOptions): ReturnType<TesseraClient['link']> {
    return this.client.link(provider, options);
  }

  /** Unlinks one of the signed-in user's provider identities. */
  unlink(identityId: string): ReturnType<TesseraClient['unlink']> {
    return this.client.unlink(identityId);
  }

  /** The provider identities linked to the signed-in user. */
  identities(): ReturnType<TesseraClient['identities']> {
    return this.client.identities();
  }

  /** Sets a new password with a reset link's token and signs in; the signals follow. */
  resetPassword(token: string, newPassword: string): ReturnType<TesseraClient['resetPassword']> {
    return this.client.resetPassword(token, newPassword);
  }

  /** Sets the password of an invitation and signs in; the signals follow. */
  acceptInvitation(token: string, password: string): ReturnType<TesseraClient['acceptInvitation']> {
    return this.client.acceptInvitation(token, password);
  }

  /**
   * Verifies an email address with a link's token; when signed in, {@link user} is loaded again
   * (the address may have changed).
   */
  async verifyEmail(token: string): ReturnType<TesseraClient['verifyEmail']> {
    const user = await this.client.verifyEmail(token);
    if (this.client.isAuthenticated()) await this.reloadUser();
    return user;
  }

  /**
   * Logs out through the client (with `refresh`: at once here and in every tab, then on the
   * server, best-effort); the signals follow.
   */
  logout(): Promise<void> {
    return this.client.logout();
  }

  /** True when the token grants `scope`. */
  hasScope(scope: string): boolean {
    return this.scopes().includes(scope);
  }

  /** Loads the current user again (after they edited their profile, say). */
  async reloadUser(): Promise<UserDto | null> {
    const request = ++this.userRequest;
    if (this.meUrl === null || !this.client.isAuthenticated()) {
      this.currentUser.set(null);
      return null;
    }
    try {
      const user = await this.client.request<UserDto>(this.meUrl);
      if (request === this.userRequest) this.currentUser.set(user);
      return user;
    } catch {
      if (request === this.userRequest) this.currentUser.set(null);
      return null;
    }
  }

  private syncUser(state: AuthState): void {
    if (!state.isAuthenticated) {
      this.userRequest++;
      this.currentUser.set(null);
      return;
    }
    const sub = state.payload?.sub;
    if (sub === undefined) {
      // An encrypted token names no user the client can read: load the user once per token.
      if (this.userToken === state.token && this.currentUser() !== null) return;
      this.userToken = state.token;
      void this.reloadUser();
      return;
    }
    if (String(this.currentUser()?.id) !== String(sub)) void this.reloadUser();
  }
}
