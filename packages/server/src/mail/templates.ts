import { renderHtml, renderText, type MailContent } from './html.js';
import type { MailMessage } from './mailer.js';

/** Who a message goes to. */
export interface Recipient {
  readonly email: string;
  readonly name: string;
}

/** `3600` → `1 hour`, `1800` → `30 minutes`, `604800` → `7 days`. */
export function describeDuration(seconds: number): string {
  const units: readonly [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(seconds / 60)} minutes`;
}

function message(to: Recipient, kind: string, content: MailContent): MailMessage {
  return {
    to: to.email,
    kind,
    subject: content.subject,
    text: renderText(content),
    html: renderHtml(content),
    ...(content.action === undefined ? {} : { link: content.action.url }),
  };
}

const NOT_YOU = 'If you did not ask for this, ignore this message: nothing changes.';
const SECURITY_HINT = 'If this was not you, reset your password now and tell your administrator.';

/** The password-reset link (after `POST /api/auth/password/forgot`, or the CLI). */
export function resetMessage(to: Recipient, link: string, ttlSeconds: number): MailMessage {
  return message(to, 'reset', {
    subject: 'Reset your password',
    greeting: `Hello ${to.name},`,
    paragraphs: ['Someone asked to reset the password of your account.'],
    action: { label: 'Choose a new password', url: link },
    footer: [`The link works once, for ${describeDuration(ttlSeconds)}.`, NOT_YOU],
  });
}

/** Told after a reset or an invitation set the password. */
export function passwordChangedMessage(to: Recipient): MailMessage {
  return message(to, 'password_changed', {
    subject: 'Your password was changed',
    greeting: `Hello ${to.name},`,
    paragraphs: [
      'The password of your account was just changed, and every session signed in with the old one was ended.',
    ],
    footer: [SECURITY_HINT],
  });
}

/** Told when a recovery code signed a login in (OWASP MFA: the owner hears of every use). */
export function recoveryCodeUsedMessage(to: Recipient, remaining: number): MailMessage {
  return message(to, 'recovery_code_used', {
    subject: 'A recovery code was used to sign in',
    greeting: `Hello ${to.name},`,
    paragraphs: [
      'One of your recovery codes was just used to sign in to your account, in place of your authenticator app.',
      `${String(remaining)} unused recovery codes are left; you can make a new set on your security page.`,
    ],
    footer: [SECURITY_HINT],
  });
}

/** The link that proves the user's own (current) address. */
export function verifyEmailMessage(to: Recipient, link: string, ttlSeconds: number): MailMessage {
  return message(to, 'verify_email', {
    subject: 'Verify your email address',
    greeting: `Hello ${to.name},`,
    paragraphs: ['Please confirm that this address is yours.'],
    action: { label: 'Verify this address', url: link },
    footer: [`The link works once, for ${describeDuration(ttlSeconds)}.`, NOT_YOU],
  });
}

/** The link to the new address of an email change: the change happens when it is used. */
export function emailChangeMessage(to: Recipient, link: string, ttlSeconds: number): MailMessage {
  return message(to, 'email_change', {
    subject: 'Confirm your new email address',
    greeting: `Hello ${to.name},`,
    paragraphs: [
      'Someone asked to use this address for their account. The account keeps its old address until this link is used.',
    ],
    action: { label: 'Use this address', url: link },
    footer: [`The link works once, for ${describeDuration(ttlSeconds)}.`, NOT_YOU],
  });
}

/** Told to the old address when an email change is asked for. */
export function emailChangeNoticeMessage(to: Recipient, newEmail: string): MailMessage {
  return message(to, 'email_change_notice', {
    subject: 'Your email address is being changed',
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `Someone signed in to your account asked to change its email address to ${newEmail}. The change happens once the link sent to that address is used.`,
    ],
    footer: [SECURITY_HINT],
  });
}

/** Told to the old address when an admin changed the account's address. */
export function emailChangedByAdminMessage(to: Recipient, newEmail: string): MailMessage {
  return message(to, 'email_changed_notice', {
    subject: 'Your email address was changed',
    greeting: `Hello ${to.name},`,
    paragraphs: [`An administrator changed the email address of your account to ${newEmail}.`],
    footer: ['If you did not expect this, contact your administrator.'],
  });
}

/** An invitation to set a password (a user created by an admin without one). */
export function invitationMessage(to: Recipient, link: string, ttlSeconds: number): MailMessage {
  return message(to, 'invitation', {
    subject: 'You are invited',
    greeting: `Hello ${to.name},`,
    paragraphs: ['An administrator created an account for you. Choose a password to start.'],
    action: { label: 'Accept the invitation', url: link },
    footer: [
      `The link works once, for ${describeDuration(ttlSeconds)}.`,
      'If you do not expect this, ignore this message.',
    ],
  });
}

/** Told when a sign-in provider's account was linked to the user's (issue #15). */
export function identityLinkedMessage(to: Recipient, providerLabel: string): MailMessage {
  return message(to, 'identity_linked', {
    subject: `${providerLabel} can now sign you in`,
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `A ${providerLabel} account was just linked to your account: signing in with ${providerLabel} now signs you in.`,
      'You can unlink it on your security page.',
    ],
    footer: [SECURITY_HINT],
  });
}

/** Told when a sign-in provider's account was unlinked from the user's (issue #15). */
export function identityUnlinkedMessage(to: Recipient, providerLabel: string): MailMessage {
  return message(to, 'identity_unlinked', {
    subject: `${providerLabel} no longer signs you in`,
    greeting: `Hello ${to.name},`,
    paragraphs: [`A ${providerLabel} account was just unlinked from your account.`],
    footer: [SECURITY_HINT],
  });
}
