import { inject } from '@angular/core';
import { Router, type CanActivateFn, type UrlTree } from '@angular/router';
import type { TesseraClient } from '@tessera/client';
import { TESSERA_CLIENT, TESSERA_OPTIONS } from './tessera-options.js';

/**
 * Whether the user is signed in, answered at once when the client knows (a fresh token, or
 * none), else after a refresh of the stale token it holds (with `refresh` configured; without
 * it the answer is `false`). A refresh that cannot reach the server counts as signed out here,
 * without ending the session.
 */
function signedIn(client: TesseraClient): boolean | Promise<boolean> {
  if (client.isAuthenticated() || client.getToken() === null) return client.isAuthenticated();
  return client.refresh().then(
    () => client.isAuthenticated(),
    () => false,
  );
}

function decide(
  answer: boolean | Promise<boolean>,
  pass: (signedIn: boolean) => true | UrlTree,
): true | UrlTree | Promise<true | UrlTree> {
  return typeof answer === 'boolean' ? pass(answer) : answer.then(pass);
}

/**
 * Lets a signed-in user through; sends anyone else to the login page (the tutorial's
 * `loginRequired`). It asks the client, which checks the token's `exp` at that moment; with
 * `refresh`, a stale token is refreshed first (a tab that slept past the token's expiry stays
 * signed in). Restore the session at start-up with `provideAppInitializer` so the first
 * navigation waits for it.
 *
 * @example
 * ```ts
 * const routes: Routes = [{ path: '', component: Users, canActivate: [authGuard] }];
 * ```
 */
export const authGuard: CanActivateFn = () => {
  const client = inject(TESSERA_CLIENT);
  const login = inject(Router).parseUrl(inject(TESSERA_OPTIONS).loginPath);
  return decide(signedIn(client), (yes) => yes || login);
};

/**
 * Lets a signed-out user through; sends a signed-in one home (the tutorial's `skipIfLoggedIn`),
 * so the login page is skipped once logged in (after refreshing a stale token, as
 * {@link authGuard}).
 *
 * @example
 * ```ts
 * const routes: Routes = [{ path: 'login', component: Login, canActivate: [guestGuard] }];
 * ```
 */
export const guestGuard: CanActivateFn = () => {
  const client = inject(TESSERA_CLIENT);
  const home = inject(Router).parseUrl(inject(TESSERA_OPTIONS).homePath);
  return decide(signedIn(client), (yes) => !yes || home);
};
