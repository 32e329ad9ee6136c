import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { buttonNamed, inputLabelled, settle, submitForm, typeInto } from '../testing/dom';
import { fakeApi, jsonResponse, sessionToken, type ApiCall } from '../testing/fake-api';
import { Login } from './login';

function mfaRequired(methods: readonly string[]): Response {
  const message = 'A second factor is required';
  return jsonResponse(401, {
    type: 'urn:tessera:problem:mfa_required',
    title: message,
    status: 401,
    detail: message,
    message,
    code: 'mfa_required',
    mfa_token: 'mfa-1',
    methods,
  });
}

/** The POSTs (the page also GETs the sign-in providers). */
const posts = (calls: readonly ApiCall[]) => calls.filter((call) => call.method === 'POST');

function setup(routes: Record<string, (call: ApiCall) => Response>) {
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
  const element = fixture.nativeElement as HTMLElement;
  const signIn = async () => {
    typeInto(element, 'Email', 'ada@example.com');
    typeInto(element, 'Password', 'correct horse battery');
    await submitForm(fixture);
    await vi.waitFor(() => expect(element.textContent).toContain('Two-step verification'));
    await settle(fixture);
  };
  return { api, client, notifier, navigate, fixture, element, signIn };
}

describe('Login: links and the second step', () => {
  it('links to the forgot-password page', () => {
    const { element } = setup({});
    expect(buttonNamed(element, 'Forgot password?').getAttribute('href')).toBe('/forgot-password');
  });

  it('offers "Sign in with a passkey" only where the browser has WebAuthn', () => {
    const { element } = setup({});
    expect(element.textContent).not.toContain('Sign in with a passkey');
    TestBed.resetTestingModule();
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    try {
      const again = setup({});
      expect(again.element.textContent).toContain('Sign in with a passkey');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('after mfa_required, asks for the app code with the focus on it, then signs in', async () => {
    const token = sessionToken();
    const { api, client, element, fixture, navigate, signIn } = setup({
      'POST /api/auth/login': () => mfaRequired(['totp', 'recovery_code']),
      'POST /api/auth/mfa/verify': () => jsonResponse(200, { access_token: token }),
    });
    await signIn();
    const code = inputLabelled(element, 'Authentication code');
    expect(document.activeElement).toBe(code);
    expect(code.autocomplete).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    typeInto(element, 'Authentication code', '123456');
    await submitForm(fixture);
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));
    expect(posts(api.calls)[1]?.body).toEqual({
      mfa_token: 'mfa-1',
      method: 'totp',
      code: '123456',
    });
    expect(client.getToken()).toBe(token);
  });

  it('a recovery code instead, and a wrong one is announced', async () => {
    const { api, element, fixture, signIn } = setup({
      'POST /api/auth/login': () => mfaRequired(['totp', 'recovery_code']),
      'POST /api/auth/mfa/verify': () =>
        jsonResponse(401, { message: 'Invalid email or password', code: 'invalid_credentials' }),
    });
    await signIn();
    buttonNamed(element, 'Use a recovery code').click();
    await settle(fixture);
    typeInto(element, 'Recovery code', 'abcd-efgh');
    await submitForm(fixture);
    await vi.waitFor(() =>
      expect(element.querySelector('[role=alert]')?.textContent).toContain(
        'That recovery code is not valid',
      ),
    );
    expect(posts(api.calls)[1]?.body).toMatchObject({ method: 'recovery_code', code: 'abcd-efgh' });
  });

  it('an expired step goes back to the password', async () => {
    const { element, fixture, notifier, signIn } = setup({
      'POST /api/auth/login': () => mfaRequired(['totp']),
      'POST /api/auth/mfa/verify': () =>
        jsonResponse(401, { message: 'Expired', code: 'mfa_token_invalid' }),
    });
    await signIn();
    typeInto(element, 'Authentication code', '123456');
    await submitForm(fixture);
    await vi.waitFor(() => expect(inputLabelled(element, 'Password').value).toBe(''));
    expect(element.textContent).not.toContain('Two-step verification');
    expect(notifier.info).toHaveBeenCalledWith(
      'The sign-in step expired, enter your password again',
    );
  });

  it('a role that requires a second factor not set up yet goes to the security page', async () => {
    const token = sessionToken();
    const { element, fixture, navigate, notifier } = setup({
      'POST /api/auth/login': () =>
        jsonResponse(200, { access_token: token, mfa_enrolment_required: true }),
    });
    typeInto(element, 'Email', 'ada@example.com');
    typeInto(element, 'Password', 'correct horse battery');
    await submitForm(fixture);
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/security'));
    expect(notifier.info).toHaveBeenCalledWith(
      'Your role requires two-step verification: set it up to continue',
    );
  });
});
