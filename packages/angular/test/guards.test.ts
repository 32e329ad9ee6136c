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
import { describe, expect, it, vi } from 'vitest';
import { authGuard, guestGuard, provideTessera, type TesseraAngularOptions } from '../src/index.js';
import { expiredToken, jsonResponse, validToken } from './support/tokens.js';

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
async function run(guard: CanActivateFn): Promise<true | string> {
  const result: unknown = await TestBed.runInInjectionContext(() =>
    guard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
  );
  if (result === true) return true;
  if (result instanceof UrlTree) return TestBed.inject(Router).serializeUrl(result);
  throw new Error('the guard answered neither true nor a UrlTree');
}

describe('authGuard (loginRequired)', () => {
  it('sends a signed-out user to /login with a UrlTree', async () => {
    setup(null);
    expect(await run(authGuard)).toBe('/login');
  });

  it('treats an expired token as signed out', async () => {
    setup(expiredToken());
    expect(await run(authGuard)).toBe('/login');
  });

  it('lets a signed-in user through', async () => {
    setup(validToken());
    expect(await run(authGuard)).toBe(true);
  });

  it('uses the configured loginPath', async () => {
    setup(null, { loginPath: '/sign-in' });
    expect(await run(authGuard)).toBe('/sign-in');
  });

  it('redirects a navigation to a protected route', async () => {
    const { router } = setup(null);
    await router.navigateByUrl('/');
    expect(router.url).toBe('/login');
  });
});

describe('guestGuard (skipIfLoggedIn)', () => {
  it('sends a signed-in user home with a UrlTree', async () => {
    setup(validToken());
    expect(await run(guestGuard)).toBe('/');
  });

  it('lets a signed-out user through', async () => {
    setup(null);
    expect(await run(guestGuard)).toBe(true);
  });

  it('uses the configured homePath', async () => {
    setup(validToken(), { homePath: '/home' });
    expect(await run(guestGuard)).toBe('/home');
  });

  it('skips the login page once signed in', async () => {
    const { router } = setup(validToken());
    await router.navigateByUrl('/login');
    expect(router.url).toBe('/');
  });
});

describe('the guards with refresh', () => {
  /** A client with cookie refresh whose refresh endpoint answers `answer`. */
  function setupRefresh(token: string | null, answer: () => Promise<Response>) {
    const fetch = vi.fn(answer);
    const client = new TesseraClient({
      baseUrl: 'https://api.example.test',
      fetch,
      refresh: { transport: 'cookie', crossTab: false },
    });
    if (token !== null) client.setToken(token);
    TestBed.configureTestingModule({
      providers: [
        provideTessera({ client }),
        provideRouter([
          { path: '', pathMatch: 'full', canActivate: [authGuard], children: [] },
          { path: 'login', canActivate: [guestGuard], children: [] },
        ]),
      ],
    });
    return { client, fetch };
  }
  const renewed = () => Promise.resolve(jsonResponse(200, { access_token: validToken('1') }));

  it('answers at once, without a refresh, for a fresh token or none', () => {
    const { fetch } = setupRefresh(validToken(), renewed);
    const answer = TestBed.runInInjectionContext(() =>
      authGuard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
    );
    expect(answer).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refreshes a stale token first and lets the user through (a tab that slept)', async () => {
    const { client, fetch } = setupRefresh(expiredToken(), renewed);
    expect(await run(authGuard)).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(client.isAuthenticated()).toBe(true);
  });

  it('skips the login page after refreshing a stale token', async () => {
    setupRefresh(expiredToken(), renewed);
    expect(await run(guestGuard)).toBe('/');
  });

  it('sends to /login when the refresh says the session is over', async () => {
    const { client } = setupRefresh(expiredToken(), () =>
      Promise.resolve(jsonResponse(401, { message: 'Token is invalid', code: 'token_invalid' })),
    );
    expect(await run(authGuard)).toBe('/login');
    expect(client.getToken()).toBeNull();
  });

  it('sends to /login, keeping the token, when the server cannot be reached', async () => {
    const stale = expiredToken();
    const { client } = setupRefresh(stale, () => Promise.reject(new TypeError('offline')));
    expect(await run(authGuard)).toBe('/login');
    expect(client.getToken()).toBe(stale);
  });

  it('does not refresh for a signed-out user', async () => {
    const { fetch } = setupRefresh(null, renewed);
    expect(await run(authGuard)).toBe('/login');
    expect(fetch).not.toHaveBeenCalled();
  });
});
