import { Location } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { submitForm, typeInto } from '../testing/dom';
import { jsonResponse, sessionToken } from '../testing/fake-api';
import { openLinkPage } from '../testing/link-page';
import { AcceptInvitation } from './accept-invitation';

const PASSWORD = 'my first passphrase';

async function open(url: string, accept: () => Response) {
  const page = await openLinkPage(AcceptInvitation, 'accept-invitation', url, {
    'POST /api/auth/invitation/accept': accept,
  });
  const root = () => page.harness.routeNativeElement as HTMLElement;
  const fill = (password: string, confirm = password) => {
    typeInto(root(), 'Password', password);
    typeInto(root(), 'Confirm password', confirm);
  };
  return { ...page, root, fill };
}

describe('AcceptInvitation', () => {
  it('sets the password with the token of the fragment (then removed) and signs in', async () => {
    const token = sessionToken();
    const { api, client, fill, fixture, notifier, router } = await open(
      '/accept-invitation#token=inv-1',
      () => jsonResponse(200, { access_token: token }),
    );
    expect(TestBed.inject(Location).path(true)).toBe('/accept-invitation');
    fill(PASSWORD);
    await submitForm(fixture);
    await vi.waitFor(() => expect(router.url).toBe('/'));
    expect(api.calls[0]?.body).toEqual({ token: 'inv-1', password: PASSWORD });
    expect(client.getToken()).toBe(token);
    expect(notifier.infos).toEqual(['Welcome! Your account is ready']);
  });

  it('checks the password twice before using the link', async () => {
    const { api, fill, fixture, root } = await open('/accept-invitation#token=inv-1', () =>
      jsonResponse(500),
    );
    fill(PASSWORD, 'not the same one');
    await submitForm(fixture);
    expect(root().textContent).toContain('The passwords do not match');
    expect(api.calls).toEqual([]);
  });

  it('a link without a token says the invitation cannot be used', async () => {
    const { root } = await open('/accept-invitation', () => jsonResponse(500));
    expect(root().textContent).toContain('This invitation cannot be used');
  });

  it('a revoked or used invitation (invitation_token_invalid) says so', async () => {
    const message = 'This invitation is invalid or has expired';
    const { fill, fixture, root } = await open('/accept-invitation#token=old', () =>
      jsonResponse(400, { message, code: 'invitation_token_invalid' }),
    );
    fill(PASSWORD);
    await submitForm(fixture);
    await vi.waitFor(() => expect(root().textContent).toContain('This invitation cannot be used'));
  });
});
