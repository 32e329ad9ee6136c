import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { buttonNamed, settle, typeInto } from '../testing/dom';
import { fakeApi, jsonResponse, sessionToken, type ApiCall } from '../testing/fake-api';
import { SecurityPage } from './security-page';

const USER = {
  id: 1,
  email: 'ada@example.com',
  name: 'Ada',
  is_enabled: true,
  is_email_verified: false,
  pending_invitation: false,
  role: 'user',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const OFF = { totp: false, recovery_codes_remaining: 0, passkeys: 0, required: false };
const ON = { totp: true, recovery_codes_remaining: 10, passkeys: 0, required: false };
const CODES = Array.from({ length: 10 }, (_, index) => `abcd-${1000 + index}`);
const PASSKEY = {
  id: 'pk1',
  name: 'Laptop',
  created_at: '2026-01-02T00:00:00.000Z',
  last_used_at: null,
  backed_up: true,
};

function setup(routes: Record<string, (call: ApiCall) => Response>) {
  const api = fakeApi({
    'GET /api/auth/me': () => jsonResponse(200, USER),
    'GET /api/auth/passkeys': () => jsonResponse(200, []),
    'GET /api/auth/providers': () => jsonResponse(200, { providers: [] }),
    'GET /api/auth/identities': () => jsonResponse(200, { identities: [] }),
    ...routes,
  });
  const client = new TesseraClient({ fetch: api.fetch });
  client.setToken(sessionToken());
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const fixture = TestBed.createComponent(SecurityPage);
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  /** Material dialogs live in the overlay container, under the body. */
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  /** The dialog, once its content is rendered. */
  const opened = async (): Promise<HTMLElement> => {
    await vi.waitFor(() => {
      TestBed.tick();
      expect(dialog()?.querySelector('mat-dialog-actions') ?? null).not.toBeNull();
    });
    return dialog() as HTMLElement;
  };
  const submitDialog = async () => {
    dialog()?.querySelector('form')?.dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(dialog()).toBeNull());
    await settle(fixture);
  };
  return { api, notifier, fixture, element, dialog, opened, submitDialog };
}

describe('SecurityPage: the authenticator app', () => {
  it('enrols: password, then the QR code and the key, a code, then the recovery codes once', async () => {
    let status = OFF;
    const { api, element, fixture, opened, submitDialog } = setup({
      'GET /api/auth/mfa': () => jsonResponse(200, status),
      'POST /api/auth/mfa/totp': () =>
        jsonResponse(200, {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauth_uri: 'otpauth://totp/Tessera:ada%40example.com?secret=JBSWY3DPEHPK3PXP',
          qr_svg: '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
        }),
      'POST /api/auth/mfa/totp/confirm': () => {
        status = ON;
        return jsonResponse(200, { recovery_codes: CODES });
      },
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Off.'));
    await settle(fixture);
    buttonNamed(element, 'Set up authenticator app').click();
    typeInto(await opened(), 'Current password', 'the passphrase');
    await submitDialog();
    await vi.waitFor(() => expect(element.querySelector('app-totp-qr img')).not.toBeNull());
    await vi.waitFor(() =>
      expect(document.activeElement?.textContent).toBe('Set up your authenticator app'),
    );
    const image = element.querySelector<HTMLImageElement>('app-totp-qr img');
    expect(image?.src).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(image?.alt).toContain('QR code');
    expect(element.querySelector('[data-testid=totp-secret]')?.textContent).toBe(
      'JBSW Y3DP EHPK 3PXP',
    );
    typeInto(element, 'Code from the app', '12345');
    buttonNamed(element, 'Turn on').click();
    await settle(fixture);
    expect(element.textContent).toContain('The code is 6 digits');
    typeInto(element, 'Code from the app', '123456');
    buttonNamed(element, 'Turn on').click();
    await settle(fixture);
    await vi.waitFor(() => expect(element.textContent).toContain('Save your recovery codes'));
    await settle(fixture);
    expect(
      [...element.querySelectorAll('app-recovery-codes li')].map((li) => li.textContent?.trim()),
    ).toEqual(CODES);
    expect(document.activeElement?.textContent).toBe('Save your recovery codes');
    buttonNamed(element, 'I saved them').click();
    await settle(fixture);
    await vi.waitFor(() => expect(element.textContent).toContain('10 recovery codes left'));
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('Authenticator app'));
    expect(element.textContent).not.toContain(CODES[0]);
    const posts = api.calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => [call.path, call.body])).toEqual([
      ['/api/auth/mfa/totp', { current_password: 'the passphrase' }],
      ['/api/auth/mfa/totp/confirm', { code: '123456' }],
    ]);
  });

  it('turns TOTP off with a code instead of the password', async () => {
    const { api, element, fixture, opened, submitDialog } = setup({
      'GET /api/auth/mfa': () => jsonResponse(200, ON),
      'POST /api/auth/mfa/totp/disable': () => jsonResponse(204),
    });
    await vi.waitFor(() => expect(element.textContent).toContain('On.'));
    await settle(fixture);
    buttonNamed(element, 'Turn off').click();
    buttonNamed(await opened(), 'Use a code instead').click();
    TestBed.tick();
    typeInto(await opened(), 'Authentication code', '654 321');
    await submitDialog();
    await vi.waitFor(() =>
      expect(api.calls.find((call) => call.path === '/api/auth/mfa/totp/disable')?.body).toEqual({
        code: '654321',
      }),
    );
  });
});

describe('SecurityPage: email and passkeys', () => {
  it('shows the address as not verified, resends the link, and asks for an address change', async () => {
    const { api, element, fixture, notifier } = setup({
      'GET /api/auth/mfa': () => jsonResponse(200, OFF),
      'POST /api/auth/email/verification': () => jsonResponse(202, { message: 'sent' }),
      'POST /api/auth/email': () => jsonResponse(202, { message: 'sent' }),
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Not verified'));
    await settle(fixture);
    buttonNamed(element, 'Send verification link').click();
    await vi.waitFor(() =>
      expect(notifier.info).toHaveBeenCalledWith('Verification link sent to ada@example.com'),
    );
    typeInto(element, 'New email', 'ada@new.example');
    typeInto(element, 'Current password', 'the passphrase');
    buttonNamed(element, 'Send confirmation link').click();
    await settle(fixture);
    await vi.waitFor(() =>
      expect(element.querySelector('[role=status]')?.textContent).toContain('ada@new.example'),
    );
    expect(api.calls.find((call) => call.path === '/api/auth/email')?.body).toEqual({
      new_email: 'ada@new.example',
      current_password: 'the passphrase',
    });
  });

  it('lists passkeys, renames one and removes one after confirming', async () => {
    let list = [PASSKEY];
    const { api, element, fixture, opened, submitDialog } = setup({
      'GET /api/auth/mfa': () => jsonResponse(200, OFF),
      'GET /api/auth/passkeys': () => jsonResponse(200, list),
      'PATCH /api/auth/passkeys/pk1': (call) => {
        list = [{ ...PASSKEY, ...(call.body as { name: string }) }];
        return jsonResponse(200, list[0]);
      },
      'DELETE /api/auth/passkeys/pk1': () => {
        list = [];
        return jsonResponse(204);
      },
    });
    await vi.waitFor(() => expect(element.textContent).toContain('Laptop'));
    await settle(fixture);
    expect(element.textContent).toContain('Last used never');
    expect(element.textContent).toContain('Synced');
    element.querySelector<HTMLElement>('[aria-label="Rename Laptop"]')?.click();
    typeInto(await opened(), 'Passkey name', 'Work laptop');
    await submitDialog();
    await vi.waitFor(() => expect(element.textContent).toContain('Work laptop'));
    await settle(fixture);
    element.querySelector<HTMLElement>('[aria-label="Remove Work laptop"]')?.click();
    buttonNamed(await opened(), 'Remove').click();
    await vi.waitFor(() => expect(element.textContent).toContain('You have no passkeys yet'));
    expect(api.calls.filter((call) => call.method !== 'GET').map((call) => call.method)).toEqual([
      'PATCH',
      'DELETE',
    ]);
  });

  it('adding a passkey after an old login asks for the password, then asks again with it', async () => {
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    try {
      const { api, element, fixture, opened, submitDialog } = setup({
        'GET /api/auth/mfa': () => jsonResponse(200, OFF),
        'POST /api/auth/passkeys/options': (call) =>
          (call.body as { current_password?: string }).current_password === undefined
            ? jsonResponse(403, {
                message: 'Confirm your password first',
                code: 'recent_login_required',
              })
            : jsonResponse(200, { challenge: 'c' }),
      });
      await vi.waitFor(() => expect(element.textContent).toContain('You have no passkeys yet'));
      await settle(fixture);
      typeInto(element, 'Passkey name', 'Laptop');
      buttonNamed(element, 'Add a passkey').click();
      typeInto(await opened(), 'Current password', 'the passphrase');
      await submitDialog();
      await vi.waitFor(() =>
        expect(
          api.calls
            .filter((call) => call.path === '/api/auth/passkeys/options')
            .map((call) => call.body),
        ).toEqual([{}, { current_password: 'the passphrase' }]),
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
