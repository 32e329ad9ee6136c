// @vitest-environment jsdom
import './support/test-bed.js';
import { TestBed } from '@angular/core/testing';
import {
  provideRouter,
  Router,
  UrlTree,
  type ActivatedRouteSnapshot,
  type CanActivateFn,
  type RouterStateSnapshot,
} from '@angular/router';
import { TesseraClient } from '@tessera/client';
import { describe, expect, it } from 'vitest';
import { authGuard, guestGuard, provideTessera, type TesseraAngularOptions } from '../src/index.js';
import { expiredToken, validToken } from './support/tokens.js';

function setup(token: string | null, options: TesseraAngularOptions = {}) {
  const client = new TesseraClient({ baseUrl: 'https://api.example.test' });
  if (token !== null) client.setToken(token);
  TestBed.configureTestingModule({
    providers: [
      provideTessera({ client, ...options }),
      // Component-less routes: the guards decide, nothing is rendered.
      provideRouter([
        { path: '', pathMatch: 'full', canActivate: [authGuard], children: [] },
        { path: 'login', canActivate: [guestGuard], children: [] },
        { path: 'sign-in', children: [] },
        { path: 'home', children: [] },
      ]),
    ],
  });
  return { client, router: TestBed.inject(Router) };
}

/** Runs a guard as the router would, and serializes a UrlTree answer. */
function run(guard: CanActivateFn): true | string {
  const result = TestBed.runInInjectionContext(() =>
    guard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
  );
  if (result === true) return true;
  if (result instanceof UrlTree) return TestBed.inject(Router).serializeUrl(result);
  throw new Error('the guard answered neither true nor a UrlTree');
}

describe('authGuard (loginRequired)', () => {
  it('sends a signed-out user to /login with a UrlTree', () => {
    setup(null);
    expect(run(authGuard)).toBe('/login');
  });

  it('treats an expired token as signed out', () => {
    setup(expiredToken());
    expect(run(authGuard)).toBe('/login');
  });

  it('lets a signed-in user through', () => {
    setup(validToken());
    expect(run(authGuard)).toBe(true);
  });

  it('uses the configured loginPath', () => {
    setup(null, { loginPath: '/sign-in' });
    expect(run(authGuard)).toBe('/sign-in');
  });

  it('redirects a navigation to a protected route', async () => {
    const { router } = setup(null);
    await router.navigateByUrl('/');
    expect(router.url).toBe('/login');
  });
});

describe('guestGuard (skipIfLoggedIn)', () => {
  it('sends a signed-in user home with a UrlTree', () => {
    setup(validToken());
    expect(run(guestGuard)).toBe('/');
  });

  it('lets a signed-out user through', () => {
    setup(null);
    expect(run(guestGuard)).toBe(true);
  });

  it('uses the configured homePath', () => {
    setup(validToken(), { homePath: '/home' });
    expect(run(guestGuard)).toBe('/home');
  });

  it('skips the login page once signed in', async () => {
    const { router } = setup(validToken());
    await router.navigateByUrl('/login');
    expect(router.url).toBe('/');
  });
});
