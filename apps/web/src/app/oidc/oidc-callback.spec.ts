import { Location } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { settle } from '../testing/dom';
import { jsonResponse, sessionToken, type ApiCall } from '../testing/fake-api';
import { openLinkPage } from '../testing/link-page';
import { OidcCallback } from './oidc-callback';

async function open(url: string, routes: Record<string, (call: ApiCall) => Response> = {}) {
  const page = await openLinkPage(OidcCallback, 'oidc/callback', url, routes);
  const root = () => page.harness.routeNativeElement;
  return { ...page, root };
}

afterEach(() => vi.unstubAllGlobals());

describe('OidcCallback (issue #15)', () => {
  it('a ticket signs in, leaves the address bar, and goes to return_to', async () => {
    const token = sessionToken();
    const { api, client, router } = await open('/oidc/callback#ticket=t-1&return_to=%2Fusers', {
      'POST /api/auth/oidc/complete': () => jsonResponse(200, { access_token: token }),
    });
    await vi.waitFor(() => expect(router.url).toBe('/users'));
    expect(api.calls.map((call) => [call.method, call.path, call.body])).toEqual([
      ['POST', '/api/auth/oidc/complete', { ticket: 't-1' }],
    ]);
    expect(client.getToken()).toBe(token);
  });

  it('removes the ticket from the address bar before anything else', async () => {
    const { harness } = await open('/oidc/callback#ticket=t-1', {
      'POST /api/auth/oidc/complete': () => new Promise<Response>(() => undefined) as never,
    });
    expect(TestBed.inject(Location).path(true)).toBe('/oidc/callback');
    expect(harness.routeNativeElement?.textContent).toContain('Finishing sign-in…');
  });

  it('a ticket of an account with a second factor shows the second step', async () => {
    const { fixture, root } = await open('/oidc/callback#ticket=t-1', {
      'POST /api/auth/oidc/complete': () =>
        jsonResponse(401, {
          message: 'A second factor is required',
          code: 'mfa_required',
          mfa_token: 'mfa-1',
          methods: ['totp'],
        }),
    });
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(root()?.textContent).toContain('Two-step verification');
    });
  });

  it("an error shows the registry's message and a link back to the login page", async () => {
    const { api, fixture, root } = await open(
      '/oidc/callback#error=oidc_account_not_linked&return_to=%2F',
    );
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(root()?.querySelector('[role=alert]')?.textContent).toContain(
        'An account with this email exists: sign in with your password, then link the provider from the security page',
      );
    });
    await settle(fixture);
    const back = root()?.querySelector<HTMLAnchorElement>('a[href="/login"]');
    expect(back?.textContent?.trim()).toBe('Back to login');
    expect(api.calls).toEqual([]);
  });

  it('a used ticket and an empty fragment say so too', async () => {
    const used = await open('/oidc/callback#ticket=old', {
      'POST /api/auth/oidc/complete': () =>
        jsonResponse(400, {
          message: 'The sign-in link expired or was already used, start again',
          code: 'oidc_ticket_invalid',
        }),
    });
    await vi.waitFor(() => {
      used.fixture.detectChanges();
      expect(used.root()?.textContent).toContain('expired or was already used');
    });
    TestBed.resetTestingModule();
    const empty = await open('/oidc/callback');
    await vi.waitFor(() => {
      empty.fixture.detectChanges();
      expect(empty.root()?.textContent).toContain('This sign-in link cannot be used');
    });
  });

  it('linked: says "Linked <label>", then goes to return_to', async () => {
    const { client, notifier, router } = await open(
      '/oidc/callback#linked=github&return_to=%2Fsecurity',
      {
        'GET /api/auth/providers': () =>
          jsonResponse(200, { providers: [{ name: 'github', label: 'GitHub' }] }),
      },
    );
    client.setToken(sessionToken());
    await vi.waitFor(() => expect(router.url).toBe('/security'));
    expect(notifier.infos).toEqual(['Linked GitHub']);
  });

  it('in a popup of this app, only says "Finishing sign-in…" and leaves the fragment to the opener', async () => {
    vi.stubGlobal('opener', { location: { origin: location.origin } });
    const { api, fixture, root } = await open('/oidc/callback#ticket=t-1&return_to=%2F');
    await settle(fixture);
    expect(root()?.textContent?.trim()).toContain('Finishing sign-in…');
    expect(root()?.querySelector('[role=alert]')).toBeNull();
    expect(TestBed.inject(Location).path(true)).toMatch(/^\/oidc\/callback#ticket=t-1&return_to=/);
    expect(api.calls).toEqual([]);
  });
});
