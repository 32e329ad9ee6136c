import type { FastifyBaseLogger } from 'fastify';
import { accountLink } from '../mail/links.js';
import type { MailService } from '../mail/mail-service.js';
import {
  emailChangedByAdminMessage,
  emailChangeMessage,
  emailChangeNoticeMessage,
  identityLinkedMessage,
  identityUnlinkedMessage,
  invitationMessage,
  passwordChangedMessage,
  recoveryCodeUsedMessage,
  resetMessage,
  verifyEmailMessage,
} from '../mail/templates.js';
import type { UserRecord } from '../users/user-record.js';
import type { AccountTokens } from './account-tokens.js';
import type { MailThrottle, MailThrottleRefusal } from './mail-throttle.js';

/** Lifetimes of the mailed links, in seconds (the config's TTLs). */
export interface LinkLifetimes {
  readonly resetTtlSeconds: number;
  readonly invitationTtlSeconds: number;
  readonly verificationTtlSeconds: number;
}

/** What {@link AccountMailer} works with. */
export interface AccountMailerDeps {
  readonly tokens: AccountTokens;
  readonly mail: MailService;
  readonly throttle: MailThrottle;
  readonly lifetimes: LinkLifetimes;
  /** The base of links: `TESSERA_PUBLIC_URL` or the listening address, never a request's Host. */
  readonly base: () => string;
  readonly log: FastifyBaseLogger;
}

type User = Pick<UserRecord, 'id' | 'email' | 'name'>;

/**
 * Issues the tokens of issue #14 and mails their links (off the request path, through
 * {@link MailService}); also the notices (password changed, email being changed).
 */
export class AccountMailer {
  constructor(private readonly deps: AccountMailerDeps) {}

  /** A new reset link for the user (older ones void); for the mail and for `tessera user reset-link`. */
  async resetLink(user: User): Promise<string> {
    const token = await this.deps.tokens.issue(
      user.id,
      'reset',
      this.deps.lifetimes.resetTtlSeconds,
    );
    return accountLink(this.deps.base(), 'reset-password', token);
  }

  /** Mails a reset link, unless the user got too many mails lately (then dropped and logged). */
  async sendReset(user: User): Promise<void> {
    if ((await this.accountMailRefusal(user)) !== undefined) return;
    const link = await this.resetLink(user);
    this.deps.mail.send(resetMessage(user, link, this.deps.lifetimes.resetTtlSeconds), {
      userId: user.id,
    });
  }

  /**
   * Mails a verification link to `email` (default: the user's own address); for another
   * address it is an email change, pending until the link is used. Older links void.
   */
  async sendVerification(user: User, email: string = user.email): Promise<void> {
    const ttl = this.deps.lifetimes.verificationTtlSeconds;
    const token = await this.deps.tokens.issue(user.id, 'verify_email', ttl, email);
    const link = accountLink(this.deps.base(), 'verify-email', token);
    const message =
      email === user.email
        ? verifyEmailMessage(user, link, ttl)
        : emailChangeMessage({ email, name: user.name }, link, ttl);
    this.deps.mail.send(message, { userId: user.id });
  }

  /** Mails an invitation link (older ones void). */
  async sendInvitation(user: User): Promise<void> {
    const ttl = this.deps.lifetimes.invitationTtlSeconds;
    const token = await this.deps.tokens.issue(user.id, 'invitation', ttl);
    const link = accountLink(this.deps.base(), 'accept-invitation', token);
    this.deps.mail.send(invitationMessage(user, link, ttl), { userId: user.id });
  }

  /** Tells the user their password changed (after a reset). */
  notifyPasswordChanged(user: User): void {
    this.deps.mail.send(passwordChangedMessage(user), { userId: user.id });
  }

  /** Tells the user a recovery code signed them in, and how many are left. */
  notifyRecoveryCodeUsed(user: User, remaining: number): void {
    this.deps.mail.send(recoveryCodeUsedMessage(user, remaining), { userId: user.id });
  }

  /** Tells the user a sign-in provider's account was linked to theirs (issue #15). */
  notifyIdentityLinked(user: User, providerLabel: string): void {
    this.deps.mail.send(identityLinkedMessage(user, providerLabel), { userId: user.id });
  }

  /** Tells the user a sign-in provider's account was unlinked from theirs (issue #15). */
  notifyIdentityUnlinked(user: User, providerLabel: string): void {
    this.deps.mail.send(identityUnlinkedMessage(user, providerLabel), { userId: user.id });
  }

  /** Tells the current address that a change to `newEmail` was asked for. */
  notifyEmailChange(user: User, newEmail: string): void {
    this.deps.mail.send(emailChangeNoticeMessage(user, newEmail), { userId: user.id });
  }

  /** Tells the former address that an admin changed it to `newEmail`. */
  notifyEmailChangedByAdmin(former: User, newEmail: string): void {
    this.deps.mail.send(emailChangedByAdminMessage(former, newEmail), { userId: former.id });
  }

  /**
   * Counts one mail to the user: a refusal (logged at `warn`) when the user got too many in
   * the window.
   */
  async accountMailRefusal(user: User): Promise<MailThrottleRefusal | undefined> {
    const refusal = await this.deps.throttle.accountMail(user.id);
    if (refusal !== undefined) {
      this.deps.log.warn(
        { event: 'account_mail_throttled', user_id: user.id, retry_after: refusal.retryAfter },
        'account mail throttled',
      );
    }
    return refusal;
  }
}
