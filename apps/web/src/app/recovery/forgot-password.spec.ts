import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { buttonNamed, submitForm, typeInto } from '../testing/dom';
import { fakeApi, jsonResponse } from '../testing/fake-api';
import { ForgotPassword } from './forgot-password';

function setup(answer: () => Response) {
  const api = fakeApi({ 'POST /api/auth/password/forgot': answer });
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client: new TesseraClient({ fetch: api.fetch }), meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const fixture = TestBed.createComponent(ForgotPassword);
  fixture.detectChanges();
  return { api, notifier, fixture, element: fixture.nativeElement as HTMLElement };
}

describe('ForgotPassword', () => {
  it('checks the address before sending anything', async () => {
    const { api, element, fixture } = setup(() => jsonResponse(202, { message: 'ok' }));
    await submitForm(fixture);
    expect(element.textContent).toContain('Email is required');
    typeInto(element, 'Email', 'not-an-address');
    await submitForm(fixture);
    expect(element.textContent).toContain('Enter a valid email address');
    expect(api.calls).toEqual([]);
  });

  it('asks for the link, then says what happens without revealing whether the account exists', async () => {
    const { api, element, fixture } = setup(() => jsonResponse(202, { message: 'ok' }));
    typeInto(element, 'Email', ' ada@example.com ');
    await submitForm(fixture);
    await vi.waitFor(() => expect(element.textContent).toContain('Check your email'));
    expect(api.calls[0]?.body).toEqual({ email: 'ada@example.com' });
    expect(element.textContent).toContain('If ada@example.com belongs to an account');
    expect(element.querySelector('form')).toBeNull();
    await vi.waitFor(() =>
      expect(document.activeElement?.textContent?.trim()).toBe('Check your email'),
    );
    buttonNamed(element, 'Use another address').click();
    fixture.detectChanges();
    expect(element.querySelector('form')).not.toBeNull();
  });

  it('reports a refusal (429) and keeps the form', async () => {
    const { notifier, element, fixture } = setup(() =>
      jsonResponse(429, { message: 'Too many requests', code: 'rate_limited' }),
    );
    typeInto(element, 'Email', 'ada@example.com');
    await submitForm(fixture);
    await vi.waitFor(() => expect(notifier.error).toHaveBeenCalledTimes(1));
    expect(element.querySelector('form')).not.toBeNull();
  });

  it('links back to the login page', () => {
    const { element } = setup(() => jsonResponse(202, {}));
    expect(buttonNamed(element, 'Back to login').getAttribute('href')).toBe('/login');
  });
});
