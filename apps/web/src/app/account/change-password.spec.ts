import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient, TesseraHttpError } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { fakeApi, jsonResponse, sessionToken, type ApiCall } from '../testing/fake-api';
import { ChangePassword } from './change-password';

function setup(answer: (call: ApiCall) => Response) {
  const api = fakeApi({ 'POST /api/auth/password': answer });
  const client = new TesseraClient({
    fetch: api.fetch,
    refresh: { transport: 'cookie', crossTab: false },
  });
  const token = sessionToken('s1');
  client.setToken(token);
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client, meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const fixture = TestBed.createComponent(ChangePassword);
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
  const fill = (current: string, next: string, confirm = next) => {
    type('Current password', current);
    type('New password', next);
    type('Confirm new password', confirm);
  };
  return { api, client, token, notifier, element, input, submit, fill };
}

describe('ChangePassword', () => {
  it('has the three password fields, with the autocomplete hints of a password manager', () => {
    const { input, element } = setup(() => jsonResponse(500));
    expect(input('Current password').autocomplete).toBe('current-password');
    expect(input('New password').autocomplete).toBe('new-password');
    expect(input('Confirm new password').autocomplete).toBe('new-password');
    expect(element.querySelector('button[type=submit]')?.textContent?.trim()).toBe(
      'Change password',
    );
  });

  it('checks the form before sending anything', async () => {
    const { api, element, fill, submit } = setup(() => jsonResponse(500));
    await submit();
    expect(element.textContent).toContain('Current password is required');
    fill('old password', 'short');
    await submit();
    expect(element.textContent).toContain('Use at least 8 characters');
    fill('old password', 'a new long passphrase', 'another passphrase');
    await submit();
    expect(element.textContent).toContain('The passwords do not match');
    expect(api.calls).toEqual([]);
  });

  it('changes the password, keeps this session with the new token, and says so', async () => {
    const next = sessionToken('s1');
    const { api, client, token, notifier, input, fill, submit } = setup(() =>
      jsonResponse(200, { access_token: next, token_type: 'Bearer' }),
    );
    fill('the old passphrase', 'a new long passphrase');
    await submit();
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('Password changed'));
    expect(api.calls[0]?.body).toEqual({
      current_password: 'the old passphrase',
      new_password: 'a new long passphrase',
    });
    expect(api.calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(client.getToken()).toBe(next);
    expect(client.isAuthenticated()).toBe(true);
    expect(input('Current password').value).toBe('');
  });

  it('shows the server message for a wrong current password, and stays signed in', async () => {
    const { client, token, notifier, fill, submit } = setup(() =>
      jsonResponse(401, { message: 'Current password is incorrect', code: 'invalid_credentials' }),
    );
    fill('not the password', 'a new long passphrase');
    await submit();
    await vi.waitFor(() => expect(notifier.error).toHaveBeenCalledTimes(1));
    const [error] = notifier.error.mock.calls[0] as [TesseraHttpError];
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error.message).toBe('Current password is incorrect');
    expect(notifier.info).not.toHaveBeenCalled();
    expect(client.getToken()).toBe(token);
  });
});
