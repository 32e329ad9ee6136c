import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { fakeApi, jsonResponse, sessionToken } from '../testing/fake-api';
import { Notifier } from './notifier';
import { SESSION_ENDED_MESSAGE, SessionWatch } from './session-watch';

function setup(refresh: () => Response) {
  const api = fakeApi({
    'POST /api/auth/refresh': refresh,
    'POST /api/auth/login': () => jsonResponse(200, { access_token: sessionToken() }),
    'POST /api/auth/logout': () => jsonResponse(204),
  });
  const client = new TesseraClient({
    fetch: api.fetch,
    refresh: { transport: 'cookie', crossTab: false },
  });
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([
        { path: 'login', children: [] },
        { path: '', pathMatch: 'full', children: [] },
      ]),
      provideTessera({ client, meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const router = TestBed.inject(Router);
  const navigate = vi.spyOn(router, 'navigateByUrl');
  const start = () => TestBed.inject(SessionWatch).start();
  return { client, api, notifier, router, navigate, start };
}

const renewed = () => jsonResponse(200, { access_token: sessionToken() });
const refused = () => jsonResponse(401, { message: 'Token is invalid', code: 'token_invalid' });

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionWatch', () => {
  it('a session that ended (refresh refused) goes to /login with the message', async () => {
    const { client, notifier, navigate, start } = setup(refused);
    client.setToken(sessionToken());
    start();
    expect(await client.refresh()).toBe(false);
    expect(notifier.info).toHaveBeenCalledWith(SESSION_ENDED_MESSAGE);
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  it('a token the API refused goes to /login with the message', () => {
    const { client, notifier, navigate, start } = setup(renewed);
    client.setToken(sessionToken());
    start();
    client.handleUnauthorized({ status: 401, code: 'token_invalid', url: '/api/users' });
    expect(notifier.info).toHaveBeenCalledWith(SESSION_ENDED_MESSAGE);
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  it('a logout goes to /login without a message', async () => {
    const { client, notifier, navigate, start } = setup(renewed);
    client.setToken(sessionToken());
    start();
    await client.logout();
    expect(navigate).toHaveBeenCalledWith('/login');
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('a refresh is not the end of the session', async () => {
    const { client, notifier, navigate, start } = setup(renewed);
    client.setToken(sessionToken());
    start();
    expect(await client.refresh()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('a token that goes stale is refreshed at once, without leaving the page', async () => {
    vi.useFakeTimers();
    const { client, api, navigate, start } = setup(renewed);
    // Stale 30 s before exp (the client's clock skew): in 20 s, before the client's own timer.
    client.setToken(sessionToken('s1', 50));
    start();
    await vi.advanceTimersByTimeAsync(21_000);
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /api/auth/refresh',
    ]);
    expect(client.isAuthenticated()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
    client.dispose();
  });

  it('a restore that lands after the start, while on the login page, goes home', async () => {
    const { client, router, start } = setup(renewed);
    await router.navigateByUrl('/login');
    start();
    expect(await client.restore()).toBe(true);
    await vi.waitFor(() => expect(router.url).toBe('/'));
  });

  it('a login (from another tab) while on the login page goes home', async () => {
    const { client, router, start } = setup(renewed);
    await router.navigateByUrl('/login');
    start();
    await client.login({ email: 'ada@example.com', password: 'correct horse battery' });
    await vi.waitFor(() => expect(router.url).toBe('/'));
  });
});
