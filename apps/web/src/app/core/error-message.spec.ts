import { HttpErrorResponse } from '@angular/common/http';
import { TesseraHttpError, TesseraNetworkError } from '@tessera/client';
import { errorMessage, FORBIDDEN_MESSAGE, NETWORK_MESSAGE } from './error-message';

function httpError(status: number, body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, url: '/api/users' });
}

describe('errorMessage', () => {
  it('reads the problem message, never raw JSON', () => {
    const body = {
      message: 'Invalid email or password',
      detail: 'Invalid email or password',
      code: 'invalid_credentials',
    };
    expect(errorMessage(new TesseraHttpError(401, body))).toBe('Invalid email or password');
    expect(
      errorMessage(
        httpError(409, {
          ...body,
          message: 'A user with this email already exists',
          detail: 'A user with this email already exists',
          code: 'email_taken',
        }),
      ),
    ).toBe('A user with this email already exists');
  });

  it('prefers a specific detail', () => {
    const body = {
      message: 'The request is not valid',
      detail: 'password must be at least 8 characters',
      code: 'validation_failed',
    };
    expect(errorMessage(httpError(400, body))).toBe('Password must be at least 8 characters');
  });

  it('says "You are not allowed to do this" for any 403', () => {
    expect(
      errorMessage(httpError(403, { message: 'Insufficient scope', code: 'insufficient_scope' })),
    ).toBe(FORBIDDEN_MESSAGE);
  });

  it('a 403 of provider sign-in (issue #15) says why: sign-up off, address unverified, disabled', () => {
    const body = { message: 'This account is disabled', code: 'oidc_account_disabled' };
    expect(errorMessage(new TesseraHttpError(403, body))).toBe('This account is disabled');
    expect(errorMessage(new TesseraHttpError(403, { ...body, code: 'insufficient_scope' }))).toBe(
      FORBIDDEN_MESSAGE,
    );
  });

  it('stays silent on a 401 that ended the session', () => {
    expect(
      errorMessage(httpError(401, { message: 'Token has expired', code: 'token_expired' })),
    ).toBeNull();
  });

  it('names a network failure', () => {
    expect(errorMessage(httpError(0, null))).toBe(NETWORK_MESSAGE);
    expect(errorMessage(new TesseraNetworkError())).toBe(NETWORK_MESSAGE);
  });

  it('a 403 because the role requires a second factor says so, not just "forbidden"', () => {
    const body = {
      message: 'Your role requires two-factor authentication',
      code: 'mfa_enrolment_required',
    };
    expect(errorMessage(httpError(403, body))).toBe('Your role requires two-factor authentication');
    expect(errorMessage(httpError(403, { message: 'Forbidden', code: 'insufficient_scope' }))).toBe(
      FORBIDDEN_MESSAGE,
    );
  });
});
