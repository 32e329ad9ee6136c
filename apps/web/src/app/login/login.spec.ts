import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { TesseraClient, TesseraHttpError } from '@tessera/client';
import { provideTessera } from '@tessera/angular';
import { Notifier } from '../core/notifier';
import { Login } from './login';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

const TOKEN = [{ alg: 'HS256' }, { sub: '1', exp: 4102444800, scope: 'profile:read' }]
  .map((part) => btoa(JSON.stringify(part)).replace(/=+$/, ''))
  .concat('c2ln')
  .join('.');

const urlOf = (input: RequestInfo | URL): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** The API: no sign-in provider configured, and `answer` to the login. */
function setup(answer: Response) {
  const fetch = vi.fn((input: RequestInfo | URL) =>
    Promise.resolve(
      urlOf(input).endsWith('/api/auth/providers')
        ? new Response(JSON.stringify({ providers: [] }), {
            headers: { 'content-type': 'application/json' },
          })
        : answer,
    ),
  );
  const logins = () =>
    fetch.mock.calls.filter(([input]) => urlOf(input).endsWith('/api/auth/login'));
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client: new TesseraClient({ fetch }), meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const router = TestBed.inject(Router);
  const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  const fixture = TestBed.createComponent(Login);
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const input = (label: string) =>
    [...element.querySelectorAll('mat-form-field')]
      .find((field) => field.querySelector('mat-label')?.textContent?.trim() === label)
      ?.querySelector('input') as HTMLInputElement;
  const type = (label: string, value: string) => {
    const field = input(label);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    element.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  return { fixture, element, fetch, logins, notifier, navigate, input, type, submit };
}

describe('Login', () => {
  it('has an Email and a Password field and a Login button', () => {
    const { element, input } = setup(jsonResponse(200, {}));
    expect(input('Email').type).toBe('email');
    expect(input('Password').type).toBe('password');
    expect(element.querySelector('button[type=submit]')?.textContent?.trim()).toBe('Login');
  });

  it('shows what is missing and sends nothing', async () => {
    const { element, logins, submit, type } = setup(jsonResponse(200, {}));
    await submit();
    expect(element.textContent).toContain('Email is required');
    expect(element.textContent).toContain('Password is required');
    type('Email', 'not-an-email');
    await submit();
    expect(element.textContent).toContain('Enter a valid email address');
    expect(logins()).toEqual([]);
  });

  it('logs in and goes to the users list', async () => {
    const { navigate, submit, type } = setup(jsonResponse(200, { access_token: TOKEN }));
    type('Email', 'ada@example.com');
    type('Password', 'correct horse battery');
    await submit();
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));
  });

  it('reports a failed login with the server message', async () => {
    const problem = { message: 'Invalid email or password', code: 'invalid_credentials' };
    const { navigate, notifier, submit, type } = setup(jsonResponse(401, problem));
    type('Email', 'ada@example.com');
    type('Password', 'wrong password');
    await submit();
    await vi.waitFor(() => expect(notifier.error).toHaveBeenCalledTimes(1));
    expect(navigate).not.toHaveBeenCalled();
    const [error] = notifier.error.mock.calls[0] as [TesseraHttpError];
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error.message).toBe('Invalid email or password');
  });
});
