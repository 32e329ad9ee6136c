import { Location } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { buttonNamed, settle } from '../testing/dom';
import { jsonResponse } from '../testing/fake-api';
import { openLinkPage } from '../testing/link-page';
import { VerifyEmail } from './verify-email';

const USER = { id: 7, email: 'ada@example.com', name: 'Ada', is_email_verified: true };

async function open(url: string, verify: () => Response) {
  const page = await openLinkPage(VerifyEmail, 'verify-email', url, {
    'POST /api/auth/email/verify': verify,
  });
  return { ...page, root: () => page.harness.routeNativeElement as HTMLElement };
}

describe('VerifyEmail', () => {
  it('waits for a click (a mail scanner opening the link does not spend it), then verifies', async () => {
    const { api, fixture, root } = await open('/verify-email#token=ver-1', () =>
      jsonResponse(200, USER),
    );
    expect(TestBed.inject(Location).path(true)).toBe('/verify-email');
    expect(api.calls).toEqual([]);
    buttonNamed(root(), 'Verify my email address').click();
    await settle(fixture);
    await vi.waitFor(() => expect(root().textContent).toContain('Email verified'));
    expect(root().textContent).toContain('ada@example.com is now the verified address');
    expect(api.calls[0]?.body).toEqual({ token: 'ver-1' });
  });

  it('a link without a token says it cannot be used', async () => {
    const { root } = await open('/verify-email', () => jsonResponse(500));
    expect(root().textContent).toContain('This link cannot be used');
  });

  it('a used link (verification_token_invalid) says so', async () => {
    const { fixture, root } = await open('/verify-email#token=used', () =>
      jsonResponse(400, { message: 'Invalid link', code: 'verification_token_invalid' }),
    );
    buttonNamed(root(), 'Verify my email address').click();
    await settle(fixture);
    await vi.waitFor(() => expect(root().textContent).toContain('This link cannot be used'));
  });
});
