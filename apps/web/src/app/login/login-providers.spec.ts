import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient, TesseraHttpError } from '@tessera/client';
import { errorMessage } from '../core/error-message';
import { Notifier } from '../core/notifier';
import { buttonNamed, settle } from '../testing/dom';
import { fakeApi, jsonResponse, sessionToken, type ApiCall } from '../testing/fake-api';
import { popupOpener } from '../testing/fake-popup';
import { Login } from './login';

const PROVIDERS = [
  { name: 'google', label: 'Google' },
  { name: 'local', label: 'Company SSO' },
];

async function setup(routes: Record<string, (call: ApiCall) => Response>) {
  const api = fakeApi(routes);
  const client = new TesseraClient({ fetch: api.fetch });
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client, meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  const fixture = TestBed.createComponent(Login);
  fixture.detectChanges();
  await settle(fixture);
  const element = fixture.nativeElement as HTMLElement;
  return { api, client, notifier, navigate, fixture, element };
}

/** Stubs `window.open` with a spy giving fake popups. */
function stubPopups() {
  const opener = popupOpener();
  const open = vi.fn(opener.open);
  vi.stubGlobal('open', open);
  return { popups: opener.popups, open };
}

afterEach(() => vi.unstubAllGlobals());

describe('Login: sign-in providers (issue #15)', () => {
  it('shows one "Sign in with <label>" button per configured provider, in a labelled group', async () => {
    const { element } = await setup({
      'GET /api/auth/providers': () => jsonResponse(200, { providers: PROVIDERS }),
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Sign in with Google'));
    const group = element.querySelector('[role=group]');
    expect(group?.getAttribute('aria-label')).toBe('Other ways to sign in');
    expect(
      [...(group?.querySelectorAll('button') ?? [])].map((b) => b.textContent?.trim()),
    ).toEqual(['Sign in with Google', 'Sign in with Company SSO']);
  });

  it('shows no provider button when none is configured, or the list cannot be read', async () => {
    const none = await setup({
      'GET /api/auth/providers': () => jsonResponse(200, { providers: [] }),
    });
    expect(none.element.querySelector('[role=group]')).toBeNull();
    TestBed.resetTestingModule();
    const failing = await setup({});
    expect(failing.element.textContent).not.toContain('Sign in with Google');
    expect(failing.notifier.error).not.toHaveBeenCalled();
  });

  it('signs in through the popup, then goes where a password login goes', async () => {
    const { popups, open } = stubPopups();
    const token = sessionToken();
    const { api, element, fixture, navigate, client } = await setup({
      'GET /api/auth/providers': () => jsonResponse(200, { providers: PROVIDERS }),
      'POST /api/auth/oidc/complete': () => jsonResponse(200, { access_token: token }),
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Sign in with Google'));
    await settle(fixture);
    buttonNamed(element, 'Sign in with Google').click();
    // Opened in the click itself (the browser's popup blocker counts on that).
    expect(open).toHaveBeenCalledTimes(1);
    expect(popups[0]?.visited[0]).toMatch(/\/api\/auth\/oidc\/google\/start\?mode=popup$/);
    popups[0]?.backTo('#ticket=t-1&return_to=%2F');
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));
    expect(popups[0]?.closed).toBe(true);
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({ ticket: 't-1' });
    expect(client.getToken()).toBe(token);
  });

  it('an account with a second factor gets the same second step as a password login', async () => {
    const { popups } = stubPopups();
    const { element, fixture } = await setup({
      'GET /api/auth/providers': () => jsonResponse(200, { providers: PROVIDERS }),
      'POST /api/auth/oidc/complete': () =>
        jsonResponse(401, {
          message: 'A second factor is required',
          code: 'mfa_required',
          mfa_token: 'mfa-1',
          methods: ['totp'],
        }),
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Sign in with Google'));
    await settle(fixture);
    buttonNamed(element, 'Sign in with Google').click();
    popups[0]?.backTo('#ticket=t-1');
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(element.textContent).toContain('Two-step verification');
    });
  });

  it("shows a provider error with the registry's message (a 403 too), and a closed popup as cancelled", async () => {
    const { popups } = stubPopups();
    const { element, fixture, notifier } = await setup({
      'GET /api/auth/providers': () => jsonResponse(200, { providers: PROVIDERS }),
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Sign in with Google'));
    await settle(fixture);
    buttonNamed(element, 'Sign in with Google').click();
    popups[0]?.backTo('#error=oidc_signup_disabled&return_to=%2F');
    await vi.waitFor(() => expect(notifier.error).toHaveBeenCalledTimes(1));
    const [error] = notifier.error.mock.calls[0] as [TesseraHttpError];
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error.code).toBe('oidc_signup_disabled');
    expect(errorMessage(error)).toBe(
      'There is no account for this sign-in, and sign-up by provider is off',
    );
    await settle(fixture);
    buttonNamed(element, 'Sign in with Company SSO').click();
    popups[1]?.close();
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('Sign-in was cancelled'));
  });
});
