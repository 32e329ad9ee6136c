import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { TESSERA_CLIENT, TESSERA_OPTIONS } from './tessera-options.js';

/**
 * Lets a signed-in user through; sends anyone else to the login page (the tutorial's
 * `loginRequired`). It asks the client, which checks the token's `exp` at that moment.
 *
 * @example
 * ```ts
 * const routes: Routes = [{ path: '', component: Users, canActivate: [authGuard] }];
 * ```
 */
export const authGuard: CanActivateFn = () => {
  const client = inject(TESSERA_CLIENT);
  return client.isAuthenticated() || inject(Router).parseUrl(inject(TESSERA_OPTIONS).loginPath);
};

/**
 * Lets a signed-out user through; sends a signed-in one home (the tutorial's `skipIfLoggedIn`),
 * so the login page is skipped once logged in.
 *
 * @example
 * ```ts
 * const routes: Routes = [{ path: 'login', component: Login, canActivate: [guestGuard] }];
 * ```
 */
export const guestGuard: CanActivateFn = () => {
  const client = inject(TESSERA_CLIENT);
  return !client.isAuthenticated() || inject(Router).parseUrl(inject(TESSERA_OPTIONS).homePath);
};
