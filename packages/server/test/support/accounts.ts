/**
 * Helpers for the mail, reset, verification and invitation tests (issue #14, rows M01–M17):
 * the HTTP calls as the web app makes them, and reading the mailed link's token.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { SinkMail, SmtpSink } from './smtp-sink.js';
import type { TestApp } from './test-app.js';

/** `POST /api/auth/password/forgot`. */
export function forgot(
  t: TestApp,
  email: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/password/forgot',
    headers,
    payload: { email },
  });
}

/** `POST /api/auth/password/reset`. */
export function reset(
  t: TestApp,
  token: string,
  newPassword: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/password/reset',
    payload: { token, new_password: newPassword },
  });
}

/** `POST /api/auth/email/verify`. */
export function verify(t: TestApp, token: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/auth/email/verify', payload: { token } });
}

/** `POST /api/auth/invitation/accept`. */
export function accept(
  t: TestApp,
  token: string,
  password: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/invitation/accept',
    payload: { token, password },
  });
}

/** `POST /api/auth/login` with an email and password. */
export function loginWith(
  t: TestApp,
  email: string,
  password: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
}

/** The bearer header of `access`. */
export function bearer(access: string): Record<string, string> {
  return { authorization: `Bearer ${access}` };
}

/**
 * The next mail to `to` whose subject matches `subject`, received after the `seen` mails to
 * that address: waits until every queued job is done, then for the mail itself.
 */
export async function nextMail(
  t: TestApp,
  sink: SmtpSink,
  to: string,
  { subject, seen = 0 }: { readonly subject: RegExp; readonly seen?: number },
): Promise<SinkMail> {
  await t.app.tessera.mail.idle();
  return await sink.waitFor(
    (mail) =>
      mail.to === to.toLowerCase() &&
      subject.test(mail.subject) &&
      sink.to(to).indexOf(mail) >= seen,
  );
}

/** The token of a mail's link (fails the test when there is none). */
export function tokenOf(mail: SinkMail): string {
  expect(mail.token, `no #token= link in "${mail.subject}"`).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return mail.token ?? '';
}

/** Lets every queued mail job finish, then waits `ms` more for late SMTP deliveries. */
export async function settle(t: TestApp, ms = 150): Promise<void> {
  await t.app.tessera.mail.idle();
  await new Promise((resolve) => setTimeout(resolve, ms));
}
