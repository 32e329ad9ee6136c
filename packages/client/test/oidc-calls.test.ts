// Provider sign-in (issue #15) from the client's side: the popup and redirect flows against a
// fake page window, the calls on the wire against a fake fetch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  oidcCallbackError,
  TesseraHttpError,
  TesseraMfaRequiredError,
  TesseraPopupClosedError,
  type TesseraClient,
} from '../src/index.js';
import { fakeBrowser, type FakePopup } from './oidc-support.js';
import {
  API,
  jsonResponse,
  makeClient,
  problem,
  validToken,
  type RecordedCall,
} from './support.js';

const TOKEN = validToken();
const bodyOf = (call: RecordedCall | undefined): unknown => JSON.parse(call?.body ?? 'null');
const pathOf = (call: RecordedCall | undefined): string => call?.url.slice(API.length) ?? '';

/** Lets the popup poll run (every 100 ms) and the calls after it settle. */
async function poll(): Promise<void> {
  await vi.advanceTimersByTimeAsync(150);
}

function popupAt(popups: readonly FakePopup[], index = 0): FakePopup {
  const popup = popups[index];
  if (popup === undefined) throw new Error('no popup was opened');
  return popup;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('authenticate, popup mode', () => {
  it('opens the start URL at once, reads the ticket, closes the popup, completes and stores the token', async () => {
    const browser = fakeBrowser();
    const { client, calls } = makeClient({}, () => jsonResponse(200, { access_token: TOKEN }));
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    const signingIn = client.authenticate('google', { returnTo: '/users' });
    // Synchronously, inside the caller's click.
    expect(browser.open).toHaveBeenCalledTimes(1);
    const popup = popupAt(browser.popups);
    expect(popup.visited).toEqual([
      `${API}/api/auth/oidc/google/start?mode=popup&return_to=%2Fusers`,
    ]);
    await poll();
    expect(calls).toEqual([]); // still at the provider
    popup.backTo('#ticket=t-1&return_to=%2Fusers');
    await poll();
    await expect(signingIn).resolves.toEqual({ access_token: TOKEN });
    expect(popup.closed).toBe(true);
    expect(calls.map((call) => [call.method, pathOf(call)])).toEqual([
      ['POST', '/api/auth/oidc/complete'],
    ]);
    expect(bodyOf(calls[0])).toEqual({ ticket: 't-1' });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(client.getToken()).toBe(TOKEN);
    expect(events).toEqual(['login']);
  });

  it('ignores the popup on another path of this origin, and its pages before the callback', async () => {
    const browser = fakeBrowser();
    const { client } = makeClient({}, () => jsonResponse(200, { access_token: TOKEN }));
    const signingIn = client.authenticate('local');
    const popup = popupAt(browser.popups);
    popup.backTo('#ticket=t-1', '/login');
    await poll();
    expect(popup.closed).toBe(false);
    popup.backTo('#ticket=t-2');
    await poll();
    await expect(signingIn).resolves.toBeDefined();
  });

  it('rejects with TesseraPopupClosedError (code popup_closed) when the user closes the popup', async () => {
    const browser = fakeBrowser();
    const { client, calls } = makeClient();
    const signingIn = client.authenticate('google');
    const settled = signingIn.catch((caught: unknown) => caught);
    popupAt(browser.popups).close();
    await poll();
    const error = await settled;
    expect(error).toBeInstanceOf(TesseraPopupClosedError);
    expect(error).not.toBeInstanceOf(TesseraHttpError);
    expect(error).toMatchObject({ name: 'TesseraPopupClosedError', code: 'popup_closed' });
    expect(calls).toEqual([]);
  });

  it("rejects with the fragment error's code, status and registry message", async () => {
    const browser = fakeBrowser();
    const { client, calls } = makeClient();
    const settled = client.authenticate('google').catch((caught: unknown) => caught);
    popupAt(browser.popups).backTo('#error=oidc_account_not_linked&return_to=%2F');
    await poll();
    const error = await settled;
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error).toMatchObject({
      status: 409,
      code: 'oidc_account_not_linked',
      message:
        'An account with this email exists: sign in with your password, then link the provider from the security page',
    });
    expect(popupAt(browser.popups).closed).toBe(true);
    expect(calls).toEqual([]);
  });

  it('an error code the registry does not know gives a generic message, never the code as text', async () => {
    const browser = fakeBrowser();
    const { client } = makeClient();
    const settled = client.authenticate('google').catch((caught: unknown) => caught);
    popupAt(browser.popups).backTo('#error=%3Cscript%3E');
    await poll();
    const error = (await settled) as TesseraHttpError;
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('Sign-in with the provider failed, start again');
  });

  it('rejects with TesseraMfaRequiredError when the account has a second factor', async () => {
    const browser = fakeBrowser();
    const { client } = makeClient({}, () =>
      jsonResponse(401, {
        ...{ message: 'A second factor is required', code: 'mfa_required' },
        ...{ mfa_token: 'mfa-1', methods: ['totp'] },
      }),
    );
    const settled = client.authenticate('google').catch((caught: unknown) => caught);
    popupAt(browser.popups).backTo('#ticket=t-1');
    await poll();
    const error = await settled;
    expect(error).toBeInstanceOf(TesseraMfaRequiredError);
    expect(error).toMatchObject({ mfaToken: 'mfa-1', methods: ['totp'] });
    expect(client.getToken()).toBeNull();
  });

  it('falls back to a redirect when the popup is blocked; the promise never settles', async () => {
    const browser = fakeBrowser({ blocked: true });
    const { client } = makeClient();
    let settled = false;
    void client.authenticate('google', { returnTo: '/x' }).finally(() => (settled = true));
    await poll();
    expect(browser.assigned).toEqual([
      `${API}/api/auth/oidc/google/start?mode=redirect&return_to=%2Fx`,
    ]);
    expect(settled).toBe(false);
  });
});

describe('authenticate, redirect mode', () => {
  it('sends the whole page to the start URL and opens no popup', async () => {
    const browser = fakeBrowser();
    const { client, calls } = makeClient();
    void client.authenticate('git hub', { mode: 'redirect' });
    await poll();
    expect(browser.open).not.toHaveBeenCalled();
    expect(browser.assigned).toEqual([`${API}/api/auth/oidc/git%20hub/start?mode=redirect`]);
    expect(calls).toEqual([]);
  });

  it('refuses an empty name, an unknown mode, and a page without a window', async () => {
    fakeBrowser();
    const { client } = makeClient();
    await expect(client.authenticate('')).rejects.toThrow(TypeError);
    await expect(client.authenticate('google', { mode: 'tab' as 'popup' })).rejects.toThrow(
      TypeError,
    );
    vi.unstubAllGlobals();
    await expect(client.authenticate('google')).rejects.toThrow(/browser window/);
  });
});

describe('completeOidc', () => {
  it('POSTs the ticket and stores the token like login', async () => {
    const { client, calls } = makeClient({}, () =>
      jsonResponse(200, { access_token: TOKEN, token_type: 'Bearer' }),
    );
    await expect(client.completeOidc('t-9')).resolves.toMatchObject({ access_token: TOKEN });
    expect(pathOf(calls[0])).toBe('/api/auth/oidc/complete');
    expect(bodyOf(calls[0])).toEqual({ ticket: 't-9' });
    expect(client.isAuthenticated()).toBe(true);
  });

  it('a used ticket is a TesseraHttpError oidc_ticket_invalid; an empty one a TypeError', async () => {
    const { client } = makeClient({}, () =>
      problem(
        'oidc_ticket_invalid',
        400,
        'The sign-in link expired or was already used, start again',
      ),
    );
    await expect(client.completeOidc('t-9')).rejects.toMatchObject({
      status: 400,
      code: 'oidc_ticket_invalid',
    });
    await expect(client.completeOidc('')).rejects.toThrow(TypeError);
    expect(client.getToken()).toBeNull();
  });
});

describe('oidcCallbackResult', () => {
  const parse = (hash: string) => makeClient().client.oidcCallbackResult(hash);

  it('reads a ticket, a linked provider or an error, each with return_to', () => {
    expect(parse('#ticket=abc&return_to=%2Fusers%3Fpage%3D2')).toEqual({
      ticket: 'abc',
      returnTo: '/users?page=2',
    });
    expect(parse('#linked=github&return_to=%2Fsecurity')).toEqual({
      linked: 'github',
      returnTo: '/security',
    });
    expect(parse('#error=oidc_access_denied')).toEqual({
      error: 'oidc_access_denied',
      returnTo: '/',
    });
  });

  it('keeps return_to only when it is a same-origin path', () => {
    for (const unsafe of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'users',
      'javascript:alert(1)',
      '/a\nb',
      '',
    ]) {
      expect(parse(`#ticket=t&return_to=${encodeURIComponent(unsafe)}`)).toEqual({
        ticket: 't',
        returnTo: '/',
      });
    }
  });

  it('oidcCallbackError gives the registry status and message of a fragment code', () => {
    expect(oidcCallbackError('oidc_signup_disabled')).toMatchObject({
      status: 403,
      code: 'oidc_signup_disabled',
      message: 'There is no account for this sign-in, and sign-up by provider is off',
    });
    expect(oidcCallbackError('nope')).toMatchObject({ status: 400, code: undefined });
  });

  it('is null for any other fragment, and reads location.hash by default', () => {
    expect(parse('')).toBeNull();
    expect(parse('#token=abc')).toBeNull();
    expect(parse('#ticket=')).toBeNull();
    fakeBrowser({ hash: '#linked=local&return_to=%2Fsecurity' });
    expect(makeClient().client.oidcCallbackResult()).toEqual({
      linked: 'local',
      returnTo: '/security',
    });
  });
});

describe('providers, identities, unlink', () => {
  const IDENTITY = {
    id: 'id/1',
    provider: 'github',
    label: 'GitHub',
    email: 'ada@example.com',
    created_at: '2026-01-01T00:00:00.000Z',
    last_used_at: null,
  };

  it('providers() is a public GET', async () => {
    const providers = [{ name: 'google', label: 'Google' }];
    const { client, calls } = makeClient({}, () => jsonResponse(200, { providers }));
    client.setToken(TOKEN);
    await expect(client.providers()).resolves.toEqual(providers);
    expect(calls.map((call) => [call.method, pathOf(call)])).toEqual([
      ['GET', '/api/auth/providers'],
    ]);
    expect(calls[0]?.headers.has('authorization')).toBe(false);
  });

  it('a providers or identities body without its list is a TesseraHttpError', async () => {
    const { client } = makeClient({}, () => jsonResponse(200, {}));
    client.setToken(TOKEN);
    await expect(client.providers()).rejects.toBeInstanceOf(TesseraHttpError);
    await expect(client.identities()).rejects.toBeInstanceOf(TesseraHttpError);
  });

  it('identities() and unlink() carry the bearer token', async () => {
    const { client, calls } = makeClient({}, (call) =>
      call.method === 'GET'
        ? jsonResponse(200, { identities: [IDENTITY] })
        : new Response(null, { status: 204 }),
    );
    client.setToken(TOKEN);
    await expect(client.identities()).resolves.toEqual([IDENTITY]);
    await expect(client.unlink(IDENTITY.id)).resolves.toBeUndefined();
    expect(calls.map((call) => [call.method, pathOf(call)])).toEqual([
      ['GET', '/api/auth/identities'],
      ['DELETE', '/api/auth/identities/id%2F1'],
    ]);
    expect(calls.every((call) => call.headers.get('authorization') === `Bearer ${TOKEN}`)).toBe(
      true,
    );
    await expect(client.unlink('')).rejects.toThrow(TypeError);
  });

  it('unlink() of the last way in is a 409 oidc_last_sign_in_method', async () => {
    const message = 'This is your only way to sign in: set a password or add a passkey first';
    const { client } = makeClient({}, () => problem('oidc_last_sign_in_method', 409, message));
    client.setToken(TOKEN);
    await expect(client.unlink('id1')).rejects.toMatchObject({
      status: 409,
      code: 'oidc_last_sign_in_method',
      message,
    });
  });
});

describe('link', () => {
  const AUTHORIZE = 'https://accounts.example.com/authorize?client_id=tessera&state=s';

  function signedIn(client: TesseraClient): void {
    client.setToken(TOKEN);
  }

  it('opens a blank popup at once, POSTs the link with the bearer, then points the popup at the provider', async () => {
    const browser = fakeBrowser();
    const { client, calls } = makeClient({}, () =>
      jsonResponse(200, { authorization_url: AUTHORIZE }),
    );
    signedIn(client);
    const linking = client.link('github', { currentPassword: 'pw', returnTo: '/security' });
    expect(browser.open).toHaveBeenCalledTimes(1);
    const popup = popupAt(browser.popups);
    expect(popup.visited).toEqual(['about:blank']);
    await poll();
    expect(popup.visited).toEqual(['about:blank', AUTHORIZE]);
    expect(calls.map((call) => [call.method, pathOf(call)])).toEqual([
      ['POST', '/api/auth/oidc/github/link'],
    ]);
    expect(bodyOf(calls[0])).toEqual({
      mode: 'popup',
      current_password: 'pw',
      return_to: '/security',
    });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    popup.backTo('#linked=github&return_to=%2Fsecurity');
    await poll();
    await expect(linking).resolves.toBe('github');
    expect(popup.closed).toBe(true);
  });

  it('closes the popup and rejects when the server wants the password', async () => {
    const browser = fakeBrowser();
    const { client } = makeClient({}, () =>
      problem('recent_login_required', 403, 'Confirm your password first'),
    );
    signedIn(client);
    await expect(client.link('github')).rejects.toMatchObject({
      status: 403,
      code: 'recent_login_required',
    });
    expect(popupAt(browser.popups).closed).toBe(true);
  });

  it('rejects with the fragment error (an identity of another user)', async () => {
    const browser = fakeBrowser();
    const { client } = makeClient({}, () => jsonResponse(200, { authorization_url: AUTHORIZE }));
    signedIn(client);
    const settled = client.link('github').catch((caught: unknown) => caught);
    await poll();
    popupAt(browser.popups).backTo('#error=oidc_identity_taken&return_to=%2Fsecurity');
    await poll();
    expect(await settled).toMatchObject({ status: 409, code: 'oidc_identity_taken' });
  });

  it('redirect mode (or a blocked popup) asks for a redirect flow and sends the page to the provider', async () => {
    for (const setup of [
      { blocked: true, mode: undefined },
      { blocked: false, mode: 'redirect' as const },
    ]) {
      const browser = fakeBrowser({ blocked: setup.blocked });
      const { client, calls } = makeClient({}, () =>
        jsonResponse(200, { authorization_url: AUTHORIZE }),
      );
      signedIn(client);
      void client.link('github', setup.mode === undefined ? {} : { mode: setup.mode });
      await poll();
      expect(bodyOf(calls[0])).toEqual({ mode: 'redirect' });
      expect(browser.assigned).toEqual([AUTHORIZE]);
      expect(browser.popups).toEqual([]);
      vi.unstubAllGlobals();
    }
  });

  it('refuses an authorization_url that is not http(s), and goes nowhere', async () => {
    const browser = fakeBrowser();
    const { client } = makeClient({}, () =>
      jsonResponse(200, { authorization_url: 'javascript:alert(1)' }),
    );
    signedIn(client);
    await expect(client.link('github')).rejects.toBeInstanceOf(TesseraHttpError);
    expect(popupAt(browser.popups).visited).toEqual(['about:blank']);
    expect(popupAt(browser.popups).closed).toBe(true);
  });
});
