import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTessera } from '@tessera/angular';
import { TesseraClient } from '@tessera/client';
import { Notifier } from '../core/notifier';
import { buttonNamed, settle, typeInto } from '../testing/dom';
import { fakeApi, jsonResponse, sessionToken, type ApiCall } from '../testing/fake-api';
import { popupOpener } from '../testing/fake-popup';
import { LinkedAccounts } from './linked-accounts';

const PROVIDERS = [
  { name: 'github', label: 'GitHub' },
  { name: 'google', label: 'Google' },
];
const GITHUB = {
  id: 'i1',
  provider: 'github',
  label: 'GitHub',
  email: 'ada@example.com',
  created_at: '2026-01-02T00:00:00.000Z',
  last_used_at: null,
};
const LAST_METHOD = 'This is your only way to sign in: set a password or add a passkey first';

function setup(routes: Record<string, (call: ApiCall) => Response>) {
  const api = fakeApi({
    'GET /api/auth/providers': () => jsonResponse(200, { providers: PROVIDERS }),
    ...routes,
  });
  const client = new TesseraClient({ fetch: api.fetch });
  client.setToken(sessionToken());
  const notifier = { info: vi.fn(), error: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideTessera({ client, meUrl: null }),
      { provide: Notifier, useValue: notifier },
    ],
  });
  const fixture = TestBed.createComponent(LinkedAccounts);
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
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
  const shown = async (text: string) => {
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(element.textContent).toContain(text);
    });
    await settle(fixture);
  };
  return { api, notifier, fixture, element, opened, submitDialog, shown };
}

/** Stubs `window.open` with a spy giving fake popups. */
function stubPopups() {
  const opener = popupOpener();
  const open = vi.fn(opener.open);
  vi.stubGlobal('open', open);
  return { popups: opener.popups, open };
}

afterEach(() => vi.unstubAllGlobals());

describe('LinkedAccounts (issue #15)', () => {
  it('lists the linked identities under a heading, and a Link button per provider not linked yet', async () => {
    const { element, shown } = setup({
      'GET /api/auth/identities': () => jsonResponse(200, { identities: [GITHUB] }),
    });
    await shown('ada@example.com');
    expect(element.querySelector('h2')?.textContent).toBe('Linked accounts');
    const item = element.querySelector('ul[aria-label="Your linked accounts"] li');
    expect(item?.textContent).toContain('GitHub');
    expect(item?.textContent).toContain('Last used never');
    expect(item?.textContent).toMatch(/Linked .*2026/);
    expect(element.querySelector('[aria-label="Unlink GitHub ada@example.com"]')).not.toBeNull();
    expect(buttonNamed(element, 'Link Google')).toBeTruthy();
    expect(() => buttonNamed(element, 'Link GitHub')).toThrow();
  });

  it('shows nothing when no provider is configured and nothing is linked', async () => {
    const { element, fixture, notifier } = setup({
      'GET /api/auth/providers': () => jsonResponse(200, { providers: [] }),
      'GET /api/auth/identities': () => jsonResponse(200, { identities: [] }),
    });
    await settle(fixture);
    await settle(fixture);
    expect(element.querySelector('h2')).toBeNull();
    expect(notifier.error).not.toHaveBeenCalled();
  });

  it('unlinks after confirming; the last way in is refused with its message', async () => {
    let identities = [GITHUB, { ...GITHUB, id: 'i2', provider: 'google', label: 'Google' }];
    let refuse = false;
    const { api, element, notifier, opened, shown } = setup({
      'GET /api/auth/identities': () => jsonResponse(200, { identities }),
      'DELETE /api/auth/identities/i1': () => {
        identities = identities.filter((identity) => identity.id !== 'i1');
        return jsonResponse(204);
      },
      'DELETE /api/auth/identities/i2': () =>
        refuse
          ? jsonResponse(409, { message: LAST_METHOD, code: 'oidc_last_sign_in_method' })
          : jsonResponse(204),
    });
    await shown('Google');
    element.querySelector<HTMLElement>('[aria-label="Unlink GitHub ada@example.com"]')?.click();
    const confirm = await opened();
    expect(confirm.textContent).toContain('Unlink GitHub (ada@example.com)?');
    buttonNamed(confirm, 'Unlink').click();
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('Unlinked GitHub'));
    await shown('Link GitHub');
    refuse = true;
    element.querySelector<HTMLElement>('[aria-label="Unlink Google ada@example.com"]')?.click();
    buttonNamed(await opened(), 'Unlink').click();
    await vi.waitFor(() => expect(notifier.error).toHaveBeenCalledTimes(1));
    const [error] = notifier.error.mock.calls[0] as [{ code: string; message: string }];
    expect(error).toMatchObject({ code: 'oidc_last_sign_in_method', message: LAST_METHOD });
    expect(api.calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual([
      '/api/auth/identities/i1',
      '/api/auth/identities/i2',
    ]);
  });

  it('links in a popup, asking for the password when the login is not recent', async () => {
    const { popups } = stubPopups();
    let identities: (typeof GITHUB)[] = [];
    const { api, element, notifier, opened, submitDialog, shown } = setup({
      'GET /api/auth/identities': () => jsonResponse(200, { identities }),
      'POST /api/auth/oidc/google/link': (call) =>
        (call.body as { current_password?: string }).current_password === undefined
          ? jsonResponse(403, {
              message: 'Confirm your password first',
              code: 'recent_login_required',
            })
          : jsonResponse(200, { authorization_url: 'https://accounts.example.com/auth?x=1' }),
    });
    await shown('Link Google');
    buttonNamed(element, 'Link Google').click();
    typeInto(await opened(), 'Current password', 'the passphrase');
    await submitDialog();
    await vi.waitFor(() =>
      expect(popups[1]?.visited).toEqual(['about:blank', 'https://accounts.example.com/auth?x=1']),
    );
    expect(popups[0]?.closed).toBe(true); // the first, refused attempt's popup
    expect(api.calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { mode: 'popup', return_to: '/security' },
      { mode: 'popup', return_to: '/security', current_password: 'the passphrase' },
    ]);
    identities = [{ ...GITHUB, id: 'i3', provider: 'google', label: 'Google' }];
    popups[1]?.backTo('#linked=google&return_to=%2Fsecurity');
    await vi.waitFor(() => expect(notifier.info).toHaveBeenCalledWith('Linked Google'));
    await shown('Unlink');
    expect(() => buttonNamed(element, 'Link Google')).toThrow();
  });
});
