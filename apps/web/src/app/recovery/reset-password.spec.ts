import { Location } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { settle, submitForm, typeInto } from '../testing/dom';
import { jsonResponse, sessionToken } from '../testing/fake-api';
import { openLinkPage } from '../testing/link-page';
import { ResetPassword } from './reset-password';

const PASSWORD = 'a new long passphrase';

function problem(status: number, code: string, message: string, extra = {}): Response {
  return jsonResponse(status, {
    type: `urn:tessera:problem:${code}`,
    title: message,
    status,
    detail: message,
    message,
    code,
    ...extra,
  });
}

async function open(url: string, reset: () => Response, verify?: () => Response) {
  const page = await openLinkPage(ResetPassword, 'reset-password', url, {
    'POST /api/auth/password/reset': reset,
    ...(verify ? { 'POST /api/auth/mfa/verify': verify } : {}),
  });
  const root = () => page.harness.routeNativeElement as HTMLElement;
  const fill = (password: string, confirm = password) => {
    typeInto(root(), 'New password', password);
    typeInto(root(), 'Confirm new password', confirm);
  };
  return { ...page, root, fill };
}

describe('ResetPassword', () => {
  it('takes the token from the fragment and removes it from the address bar', async () => {
    const { api } = await open('/reset-password#token=tok-123', () => jsonResponse(500));
    const location = TestBed.inject(Location);
    expect(location.path(true)).toBe('/reset-password');
    expect(api.calls).toEqual([]);
  });

  it('sets the password with the token, signs in and goes home', async () => {
    const token = sessionToken();
    const { api, client, fill, fixture, router } = await open('/reset-password#token=tok-123', () =>
      jsonResponse(200, { access_token: token, token_type: 'Bearer' }),
    );
    fill(PASSWORD);
    await submitForm(fixture);
    await vi.waitFor(() => expect(router.url).toBe('/'));
    expect(api.calls[0]?.body).toEqual({ token: 'tok-123', new_password: PASSWORD });
    expect(api.calls[0]?.headers.has('authorization')).toBe(false);
    expect(client.getToken()).toBe(token);
  });

  it('checks the passwords before spending the link', async () => {
    const { api, fill, fixture, root } = await open('/reset-password#token=tok-123', () =>
      jsonResponse(500),
    );
    fill('short');
    await submitForm(fixture);
    expect(root().textContent).toContain('Use at least 8 characters');
    fill(PASSWORD, 'something else entirely');
    await submitForm(fixture);
    expect(root().textContent).toContain('The passwords do not match');
    expect(api.calls).toEqual([]);
  });

  it('a link without a token says it cannot be used and offers a new one', async () => {
    const { root } = await open('/reset-password', () => jsonResponse(500));
    expect(root().textContent).toContain('This link cannot be used');
    expect(root().querySelector('a[href="/forgot-password"]')?.textContent?.trim()).toBe(
      'Get a new link',
    );
    expect(root().querySelector('form')).toBeNull();
  });

  it('a used or expired link (reset_token_invalid) says so, with the focus on it', async () => {
    const { fill, fixture, root } = await open('/reset-password#token=used', () =>
      problem(400, 'reset_token_invalid', 'This link is invalid or has expired'),
    );
    fill(PASSWORD);
    await submitForm(fixture);
    await vi.waitFor(() => expect(root().textContent).toContain('This link cannot be used'));
    await vi.waitFor(() =>
      expect(document.activeElement?.textContent?.trim()).toBe('This link cannot be used'),
    );
  });

  it('an account with a second factor finishes with a code', async () => {
    const token = sessionToken();
    const { api, client, fill, fixture, root, router } = await open(
      '/reset-password#token=tok-123',
      () =>
        problem(401, 'mfa_required', 'A second factor is required', {
          mfa_token: 'mfa-1',
          methods: ['totp'],
        }),
      () => jsonResponse(200, { access_token: token }),
    );
    fill(PASSWORD);
    await submitForm(fixture);
    await vi.waitFor(() => expect(root().textContent).toContain('Two-step verification'));
    await settle(fixture);
    typeInto(root(), 'Authentication code', '123 456');
    await submitForm(fixture);
    await vi.waitFor(() => expect(router.url).toBe('/'));
    expect(api.calls[1]?.body).toEqual({ mfa_token: 'mfa-1', method: 'totp', code: '123456' });
    expect(client.getToken()).toBe(token);
  });
});
